"""SIE amounts as the SIE 4B specification writes them (5.9): a point as decimal mark, at most
two öre digits (none where there are no öre), a minus sign before the amount, no plus sign.
Nothing asks for a digit before the point, and a public test file writes ``#RES 0 8999 .20``:
``.20`` and ``-.5`` are read in every field that holds an amount (``#TRANS``, ``#PSALDO``,
``#RES``), and what the rule does not allow is refused with file, line, field and value."""

from __future__ import annotations

import pytest

from analysis.exceptions import RawDataError
from analysis.facts.sources.ledger.formats.engine import connect
from analysis.facts.sources.ledger.formats.sie4 import read_sie

HEAD = "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20190101 20191231\n"
#: the line that holds the amount, and the field an error names; {v} is the amount
LINES = {
    "trans": ('#VER A 1 20190105 "x"\n{\n#TRANS 5010 {} {v}\n}\n', 7, "belopp"),  # the fast path
    "trans_spaced": ('#VER A 1 20190105 "x"\n{\n   #TRANS  5010 {} {v} 20190105 "t"\n}\n', 7, "belopp"),
    "psaldo": ("#PSALDO 0 201901 5010 {} {v}\n", 5, "saldo"),
    "res": ("#RES 0 8999 {v}\n", 5, "saldo"),
}
ACCEPTED = [(".20", 0.2), ("-.5", -0.5), ("-.05", -0.05), ("12.", 12.0), ("0.20", 0.2), ("-0", 0.0), ("007.5", 7.5)]
# a sign other than a leading minus, an exponent, three decimals, no digit at all, two points, a comma
REFUSED = ["+5", "1e3", "1.234", "-", ".", "-.", "1.2.3", "8000,00", "--5"]


def write(tmp_path, kind: str, value: str):
    text, _, _ = LINES[kind]
    path = tmp_path / "huvudbok.se"
    path.write_bytes((HEAD + text.replace("{v}", value)).encode("cp437"))
    return path


@pytest.mark.parametrize("kind", LINES)
@pytest.mark.parametrize(("value", "kronor"), ACCEPTED)
def test_an_amount_the_specification_allows_is_read(tmp_path, kind, value, kronor):
    con = connect()
    sie = read_sie(con, write(tmp_path, kind, value), "outcome", "budget")
    if kind == "res":
        assert sie.header.results["8999"][0] == pytest.approx(kronor)
    else:
        (total,) = con.execute("SELECT sum(amount) FROM outcome WHERE account = '5010'").fetchone()
        assert total == pytest.approx(kronor)


@pytest.mark.parametrize("kind", LINES)
@pytest.mark.parametrize("value", REFUSED)
def test_an_amount_the_specification_does_not_allow_names_file_line_field_and_value(tmp_path, kind, value):
    path = write(tmp_path, kind, value)
    _, line, field = LINES[kind]
    with pytest.raises(RawDataError, match="not an amount") as info:
        read_sie(connect(), path, "outcome", "budget")
    assert (info.value.path, info.value.line, info.value.column, info.value.value) == (str(path), line, field, value)


def test_res_8999_of_twenty_ore_and_the_rows_agree(tmp_path):
    """The public file's line, with the voucher that books it: read, and no ``trans_vs_balance``."""
    body = '#RES 0 8999 .20\n#VER A 1 20191231 "Årets resultat"\n{\n#TRANS 8999 {} .20\n#TRANS 2099 {} -.20\n}\n'
    path = tmp_path / "huvudbok.se"
    path.write_bytes((HEAD + body).encode("cp437"))
    con = connect()
    sie = read_sie(con, path, "outcome", "budget")
    assert sie.header.results == {"8999": (0.2, 5)} and sie.balance_differences == [] and sie.unbalanced == []
    rows = con.execute("SELECT account, amount FROM outcome ORDER BY account").fetchall()
    assert rows == [("2099", pytest.approx(-0.2)), ("8999", pytest.approx(0.2))]
