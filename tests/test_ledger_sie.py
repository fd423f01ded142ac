"""The SIE 4 reader: what it reads, and every structural error with line, field and value."""

from __future__ import annotations

import pytest
from tests.ledger_files import SIE_BODY, SIE_HEAD, write_sie

from analysis.exceptions import RawDataError
from analysis.facts.sources.ledger.formats.engine import connect
from analysis.facts.sources.ledger.formats.sie4 import read_sie

COLUMNS = "period, account, ansvar, aktivitet, objekt, amount, rows, synthetic"


def read(path):
    con = connect()
    sie = read_sie(con, path, "outcome", "budget")
    rows = con.execute(f"SELECT {COLUMNS} FROM outcome ORDER BY period, account, ansvar").fetchall()
    budget = con.execute(f"SELECT {COLUMNS} FROM budget ORDER BY period, account").fetchall()
    return sie, rows, budget


def test_reads_transactions_dimensions_and_cp437_names(tmp_path):
    sie, rows, budget = read(write_sie(tmp_path / "huvudbok.se"))
    assert sie.header.accounts["5010"] == "Löner åäö"
    assert sie.header.fiscal_year == (20190101, 20191231)
    assert sie.trans_rows == 5 and sie.unbalanced == [] and budget == []
    by_key = {(r[0], r[1], r[2]): r for r in rows}
    assert by_key[(201901, "5010", "150")][2:6] == ("150", "4100", "ST01", 1500000.0)
    # empty transaction date: the voucher's date counts; {} gives empty codes; negative amounts kept
    assert by_key[(201902, "6010", "170")][4:6] == ("EKG1", 250000.5)
    assert by_key[(201902, "1930", "")][2:6] == ("", "", "", -200000.5)
    assert by_key[(201902, "3010", "170")][5] == -50000.0
    assert not sie.header.synthetic


def test_unbalanced_voucher_is_reported_not_an_error(tmp_path):
    body = SIE_BODY.replace("-200000.50", "-200000.00")
    sie, _rows, _budget = read(write_sie(tmp_path / "huvudbok.se", body))
    assert [(v["series"], v["number"], v["line"], round(v["amount"], 2)) for v in sie.unbalanced] == [
        ("A", "2", 18, 0.5)
    ]


def test_psaldo_without_vouchers_and_pbudget(tmp_path):
    body = (
        '#PSALDO 0 201901 5010 {} 900.00\n#PSALDO 0 201901 5010 {1 "150"} 600.00\n'
        '#PSALDO 0 201901 5010 {1 "170"} 300.00\n#PSALDO -1 201801 5010 {} 5.00\n'
        '#PBUDGET 0 201902 5010 {1 "150" 21 "ST01"} 1000.00\n'
    )
    sie, rows, budget = read(write_sie(tmp_path / "x.sie", body))
    assert sie.rows == 3 and sie.row_label == "#PSALDO rows" and sie.budget_rows == 1
    assert [(r[0], r[2], r[5]) for r in rows] == [(201901, "150", 600.0), (201901, "170", 300.0)]
    assert [(r[0], r[2], r[4], r[5]) for r in budget] == [(201902, "150", "ST01", 1000.0)]


def test_synthetic_marking(tmp_path):
    head = SIE_HEAD.replace('"Testprogram"', '"Lansteknik exempeldata"')
    sie, rows, _ = read(write_sie(tmp_path / "huvudbok.se", head=head))
    assert sie.header.synthetic and all(r[7] for r in rows)


ERRORS = [
    (SIE_HEAD, SIE_BODY.replace("1500000.00 20190131", "1500000,00 20190131"), 15, "belopp", "1500000,00"),
    (SIE_HEAD, SIE_BODY.replace("1500000.00 20190131", "1500000.00 20191340"), 15, "transdat", "20191340"),
    (SIE_HEAD, SIE_BODY.replace("1500000.00 20190131", "1500000.00 2019013"), 15, "transdat", "2019013"),
    (SIE_HEAD, SIE_BODY.replace("1500000.00 20190131", "1500000.00 20200131"), 15, "transdat", "20200131"),
    (SIE_HEAD, SIE_BODY.replace("#TRANS 5010 {", "#TRANS 50X0 {"), 15, "kontonr", "50X0"),
    (SIE_HEAD, SIE_BODY.replace('{1 "150" 20', '{1 "150" x'), 15, "objektlista", None),
    (SIE_HEAD, SIE_BODY + "#TRANS 5010 {} 1.00\n", 24, None, "#TRANS 5010 {} 1.00"),
    (SIE_HEAD.replace("#RAR 0 20190101 20191231\n", ""), SIE_BODY, 14, None, None),
    (SIE_HEAD.replace("#FORMAT PC8", "#FORMAT UTF8"), SIE_BODY, 2, "#FORMAT", "UTF8"),
]


@pytest.mark.parametrize(("head", "body", "line", "field", "value"), ERRORS)
def test_structural_errors_name_line_field_and_value(tmp_path, head, body, line, field, value):
    path = write_sie(tmp_path / "huvudbok.se", body, head)
    with pytest.raises(RawDataError) as info:
        read(path)
    err = info.value
    assert err.path == str(path) and err.line == line
    if field:
        assert err.column == field
    if value:
        assert value in str(err.value)


def test_missing_closing_brace(tmp_path):
    path = write_sie(tmp_path / "huvudbok.se", SIE_BODY.rstrip("}\n") + "\n")
    with pytest.raises(RawDataError, match="not closed") as info:
        read(path)
    assert info.value.line == 19


def test_irregular_spacing_goes_through_the_full_pattern(tmp_path):
    body = SIE_BODY.replace("   #TRANS 1930 {} -1500000.00", '#TRANS\t"1930"  {}   -1500000.00\t"20190131"')
    sie, rows, _ = read(write_sie(tmp_path / "huvudbok.se", body))
    assert (201901, "1930", "", "", "", -1500000.0, 1, False) in rows and sie.unbalanced == []


def test_blocks_end_at_line_breaks_and_cover_the_file(tmp_path):
    import hashlib

    from analysis.facts.sources.ledger.formats.sie4.blocks import raw_blocks as _raw_blocks

    path = write_sie(tmp_path / "huvudbok.se", SIE_BODY + '#VER B 1 20190301 "' + "x" * 200 + '"\n{\n}\n')
    for size in (16, 100, 1 << 20):
        parts = [bytes(b) for b in _raw_blocks(path, size)]
        assert b"".join(parts) == path.read_bytes()
        assert all(p.endswith(b"\n") for p in parts[:-1])
    assert hashlib.sha256(b"".join(parts)).hexdigest() == hashlib.sha256(path.read_bytes()).hexdigest()
