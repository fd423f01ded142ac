"""An account is a code, not a number: ``0351`` stays ``0351`` in the ledger, in
``kontoplan.csv`` and in every finding, and is never padded into another account (351 → 3510).

The case: Magenta Bokföring's public SIE 4E test file (idstam/jsisie
``sie_test_files/magenta_bokföring_SIE4E.se``) books its sales a second time on the statistics
accounts ``0351`` and ``0399`` (−104 320 and +104 320 kr in January 2011), which were read as
account 3510, a revenue account. ``hand_leading_zero_accounts.se`` in the SIE corpus is a fixture
written here with those accounts and amounts (tests/fixtures/sie_corpus/README.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.ledger_files import write_csv, write_mappings

from analysis.exceptions import RawDataError
from analysis.facts.schema import empty_facts
from analysis.facts.sources.ledger.formats.engine import connect
from analysis.facts.sources.ledger.formats.sie4 import read_sie
from analysis.facts.sources.ledger.mapping import read_accounts
from analysis.facts.sources.ledger.year import read_ledger

FIXTURE = Path(__file__).parent / "fixtures" / "sie_corpus" / "hand_leading_zero_accounts.se"
PLAN = "Konto från;Konto till;Kostnadslag\n3000;3999;Intäkter\n4000;8999;Övriga kostnader\n"


def sie_year(tmp_path, plan: str = PLAN):
    raw = tmp_path / "raw"
    write_mappings(raw, plan)
    (raw / "2011").mkdir()
    shutil.copyfile(FIXTURE, raw / "2011" / "huvudbok.se")
    return read_ledger(2011, raw, empty_facts())


def unmapped(result) -> dict[str, float]:
    found = result.findings[result.findings["check"] == "unmapped_account"]
    return {item: round(kr * 1e6, 2) for item, kr in zip(found["item"], found["reported"])}


def test_the_sie_reader_keeps_the_account_as_written(tmp_path):
    con = connect()
    sie = read_sie(con, FIXTURE, "outcome", "budget")
    sums = dict(con.execute("SELECT account, sum(amount) FROM outcome GROUP BY account").fetchall())
    assert sums["0351"] == -104320.0 and sums["0399"] == 104320.0 and sums["3510"] == -1000.0
    assert not {"351", "399"} & set(sums)
    assert sie.header.accounts["0351"] == "Statistik: försäljning inom Sverige"
    assert sie.header.results["0351"] == (-104320.0, 15)


def test_an_unmapped_leading_zero_account_is_a_finding_not_revenue(tmp_path):
    result = sie_year(tmp_path)
    assert unmapped(result) == {"0351": -104320.0, "0399": 104320.0}
    message = result.findings.set_index("item").loc["0351", "message"]
    assert message.startswith("account 0351 (Statistik: försäljning inom Sverige) is in no range")
    income = result.monthly[result.monthly["cost_type"] == "Intäkter"]
    assert income["outcome"].sum() * 1e6 == pytest.approx(-105320.0)  # 3010 and 3510, not 0351/0399
    assert income["rows"].sum() == 4


def test_a_plan_range_with_a_leading_zero_maps_it(tmp_path):
    result = sie_year(tmp_path, PLAN + "0300;0399;Övriga kostnader\n")
    assert unmapped(result) == {}
    other = result.monthly[result.monthly["cost_type"] == "Övriga kostnader"]
    assert other["rows"].sum() == 6 and other["outcome"].sum() == pytest.approx(0.0)  # 0351 and 0399 cancel


def csv_year(tmp_path, plan: str):
    raw = tmp_path / "raw"
    write_mappings(raw, plan)
    rows = "201901;0351;150;-104 320,00\n201901;0399;150;104 320,00\n201901;3510;150;-1 000,00\n201901;1930;;1 000,00\n"
    write_csv(raw / "2019" / "huvudbok.csv", "Period;Konto;Ansvar;Belopp\n" + rows)
    return read_ledger(2019, raw, empty_facts())


def test_a_csv_account_with_a_leading_zero_is_read_and_reported_as_written(tmp_path):
    result = csv_year(tmp_path, PLAN)
    assert unmapped(result) == {"0351": -104320.0, "0399": 104320.0}
    income = result.monthly[result.monthly["cost_type"] == "Intäkter"]
    assert income["outcome"].sum() * 1e6 == pytest.approx(-1000.0)  # 3510 alone


def test_a_leading_zero_account_meets_a_longer_plan_without_becoming_another_account(tmp_path):
    """At 5 digits ``0351`` is ``03510`` (in ``03000–03999``), where 351 padded was ``35100``."""
    plan = "Konto från;Konto till;Kostnadslag\n03000;03999;Övriga kostnader\n30000;39999;Intäkter\n"
    result = csv_year(tmp_path, plan)
    assert unmapped(result) == {}
    by_type = result.monthly.groupby("cost_type")["outcome"].sum() * 1e6
    assert by_type["Intäkter"] == pytest.approx(-1000.0) and by_type["Övriga kostnader"] == pytest.approx(0.0)


def test_kontoplan_keeps_leading_zero_codes_as_written(tmp_path):
    text = "Konto från;Konto till;Kostnadslag\n3000;3999;Intäkter\n0300;0399;Övriga kostnader\n"
    accounts, _ = read_accounts(write_csv(tmp_path / "kontoplan.csv", text))
    assert accounts.values.tolist() == [["0300", "0399", "Övriga kostnader"], ["3000", "3999", "Intäkter"]]
    overlap = text + "0390;0450;Övriga kostnader\n"
    with pytest.raises(RawDataError, match="overlap") as info:
        read_accounts(write_csv(tmp_path / "overlap.csv", overlap))
    assert (info.value.line, info.value.value) == (4, "0390–0450") and "0300–0399" in str(info.value)
