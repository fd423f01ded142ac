"""The result per business area (``result_by_business_area``) derived from a ledger year
that lacks that export, and a printed one checked against the ledger."""

from __future__ import annotations

import pytest
from tests.ledger_files import SIE_BODY, write_csv, write_mappings, write_sie

from analysis.facts.pipeline import clean

VO = "Vo;Utfall 2019;Årsbudget 2019;Avvikelse utfall mot budget;Årsprognos 2019;Avvikelse utfall mot prognos\n"


def areas(result):
    facts = result.facts[result.facts["table"] == "result_by_business_area"]
    return facts, {(f.item, f.measure): f.value for f in facts.itertuples()}


@pytest.fixture
def raw(tmp_path):
    folder = tmp_path / "raw"
    write_mappings(folder)
    write_sie(folder / "2019" / "huvudbok.se")
    return folder


def test_the_result_per_business_area_is_income_minus_costs_of_the_ledger(raw, tmp_path):
    facts, value = areas(clean(raw_dir=raw, processed_dir=tmp_path / "out"))
    # 15 MT: salaries 1 500 000,00; 17: service 250 000,50 less income 50 000,00 (the bank is no result account)
    assert value == pytest.approx(
        {
            ("15 Medicinsk Teknik", "outcome"): -1.5,
            ("17 Infrastruktur och drift", "outcome"): -0.2000005,
            ("Totalt", "outcome"): -1.7000005,
        },
        abs=1e-12,
    )
    assert facts["derived"].all() and set(facts["sign_convention"]) == {"net_result"}
    total = facts[facts["item"] == "Totalt"].iloc[0]
    assert total["source"] == "2019/huvudbok.se (5 #TRANS rows)"
    assert total["note"].startswith("derived: −(sum of Belopp on accounts 3000–8999 over every result account")


def test_budget_and_deviation_where_the_year_has_a_budget(tmp_path):
    raw = tmp_path / "raw"
    write_mappings(raw)
    ledger = "Period;Konto;Ansvar;Belopp\n201901;5010;150;100,00\n201902;3010;150;-40,00\n"
    write_csv(raw / "2019" / "huvudbok.csv", ledger)
    write_csv(raw / "2019" / "budget.csv", "Period;Konto;Ansvar;Belopp\n201901;5010;150;90,00\n")
    _, value = areas(clean(raw_dir=raw, processed_dir=tmp_path / "out"))
    assert value[("15 Medicinsk Teknik", "outcome")] == pytest.approx(-60e-6)
    assert value[("15 Medicinsk Teknik", "budget")] == pytest.approx(-90e-6)
    assert value[("15 Medicinsk Teknik", "deviation")] == pytest.approx(30e-6)  # outcome − budget: better than budget


def test_no_total_while_a_responsibility_has_no_business_area(raw, tmp_path):
    write_sie(raw / "2019" / "huvudbok.se", SIE_BODY.replace('{1 "170" 21 "EKG1"}', '{1 "999" 21 "EKG1"}'))
    result = clean(raw_dir=raw, processed_dir=tmp_path / "out")
    _, value = areas(result)
    assert set(value) == {("15 Medicinsk Teknik", "outcome"), ("17 Infrastruktur och drift", "outcome")}
    assert value[("17 Infrastruktur och drift", "outcome")] == pytest.approx(0.05)  # its income only
    assert "999" in set(result.findings.loc[result.findings["check"] == "unmapped_responsibility", "item"])


def test_a_printed_table_is_checked_against_the_ledger_not_replaced(raw, tmp_path):
    printed = VO + (
        "15 Medicinsk Teknik;-1 500 000;-1 400 000;-100 000;-1 500 000;0\n"
        "17 Infrastruktur och drift;-300 000;-300 000;0;-300 000;0\n"
        "Totalt;-1 800 000;-1 700 000;-100 000;-1 800 000;0\n"
    )
    write_csv(raw / "2019" / "resultat_per_verksamhetsomrade.csv", printed)
    result = clean(raw_dir=raw, processed_dir=tmp_path / "out")
    facts, _ = areas(result)
    assert not facts["derived"].any()
    found = result.findings[(result.findings["check"] == "ledger_vs_table")]
    assert list(zip(found["table"], found["item"], found["measure"])) == [
        ("result_by_business_area", "17 Infrastruktur och drift", "outcome"),
        ("result_by_business_area", "Totalt", "outcome"),
    ]  # 15 Medicinsk Teknik agrees to the krona; the ledger has no budget, so none is compared
    assert list(found["recomputed"]) == pytest.approx([-0.2000005, -1.7000005])
