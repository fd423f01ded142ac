"""The SIE 4 reader on files no one here wrote (tests/fixtures/sie_corpus/README.md: 13 files
of 11 other programs, copied from open SIE libraries' test data, and 15 hand-written from the
specification's examples). Each well-formed file: its sums per month and account equal an
independent reading (``reference.py``, which shares no code with ``src/``) to the öre, its
``#RES`` differences are findings; each malformed file is refused with file and line."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from tests.ledger_files import write_mappings

from analysis.exceptions import RawDataError
from analysis.facts.schema import empty_facts
from analysis.facts.sources.ledger.formats.engine import connect
from analysis.facts.sources.ledger.formats.sie4 import read_sie
from analysis.facts.sources.ledger.year import read_ledger

CORPUS = Path(__file__).parent / "fixtures" / "sie_corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
WELLFORMED = sorted(name for name, e in EXPECTED.items() if e["wellformed"])
MALFORMED = sorted(name for name, e in EXPECTED.items() if not e["wellformed"])
ENCODINGS = {"cp437": "cp437", "utf-8": "utf-8", "latin-1": "iso-8859-1"}
# a chart that maps every result account, so that the whole file reaches the monthly table
KONTOPLAN = "Konto från;Konto till;Kostnadslag\n3000;3999;Intäkter\n4000;8999;Övriga kostnader\n"


def folder_year(expected: dict) -> int:
    """The year of the folder the file would lie in: #RAR 0's, else the latest month's."""
    return expected["fiscal_year"] or int(max(expected["sums"])[:4])


def in_year(expected: dict, period: str) -> bool:
    if expected["rar0"]:
        return expected["rar0"][0][:6] <= period <= expected["rar0"][1][:6]
    return period[:4] == str(folder_year(expected))


def test_the_corpus_is_what_its_readme_says():
    assert len(EXPECTED) >= 20 and len(MALFORMED) >= 5
    others = [n for n in EXPECTED if not n.startswith("hand_")]
    assert len(others) >= 10  # written by other programs
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in EXPECTED)
    assert all((CORPUS / name).is_file() for name in EXPECTED)


@pytest.mark.parametrize("name", WELLFORMED)
def test_monthly_sums_equal_an_independent_reading_to_the_ore(name):
    expected = EXPECTED[name]
    con = connect()
    sie = read_sie(con, CORPUS / name, "outcome", "budget", folder_year=folder_year(expected))
    assert sie.encoding == ENCODINGS[expected["encoding"]]
    left_out = sie.outside_year["rows"] if sie.outside_year else 0
    assert sie.trans_rows + left_out == expected["trans_rows"]
    if not expected["trans_rows"]:
        return  # no #VER: the outcome is the file's #PSALDO (tested in test_ledger_sie)
    got = {
        (str(period), str(account)): Decimal(f"{amount:.2f}")
        for period, account, amount in con.execute(
            "SELECT period, account, sum(amount) FROM outcome GROUP BY ALL"
        ).fetchall()
    }
    want = {
        (period, account): Decimal(amount)
        for period, accounts in expected["sums"].items()
        if in_year(expected, period)
        for account, amount in accounts.items()
    }
    keys = set(got) | set(want)
    assert {k: got.get(k, 0) for k in keys if got.get(k, 0)} == {k: want.get(k, 0) for k in keys if want.get(k, 0)}
    res = sorted(str(d["account"]) for d in sie.balance_differences if d["label"] == "#RES")
    assert res == sorted(expected["res_differs"] or [])


@pytest.mark.parametrize("name", MALFORMED)
def test_a_malformed_file_is_refused_with_file_and_line(name):
    expected = EXPECTED[name]
    with pytest.raises(RawDataError) as err:
        read_sie(connect(), CORPUS / name, "outcome", "budget", folder_year=expected["fiscal_year"] or 2019)
    assert err.value.line == expected["bad_line"], str(err.value)
    assert name in str(err.value) and f"line {expected['bad_line']}" in str(err.value)


@pytest.mark.parametrize("name", WELLFORMED)
def test_every_wellformed_file_cleans_as_a_years_ledger(tmp_path, name):
    """Through the cleaning's reader, as a year's ``huvudbok.se``: no error, a #RES that the
    #TRANS do not reach is a finding naming the account, and the encoding is recorded."""
    expected = EXPECTED[name]
    raw = tmp_path / "raw"
    write_mappings(raw, KONTOPLAN)
    year = folder_year(expected)
    (raw / str(year)).mkdir()
    shutil.copyfile(CORPUS / name, raw / str(year) / "huvudbok.se")
    result = read_ledger(year, raw, empty_facts())
    record = next(f for f in result.files if f["table"] == "ledger")
    assert record["encoding"] == ENCODINGS[expected["encoding"]]
    checks = result.findings
    differs = checks[(checks["check"] == "trans_vs_balance") & checks["message"].str.contains("#RES")]
    result_accounts = [a for a in expected["res_differs"] or [] if a[0] in "345678"]
    assert sorted(differs["item"]) == sorted(result_accounts)
    assert (checks["check"] == "format_vs_encoding").any() == (expected["encoding"] != "cp437")
