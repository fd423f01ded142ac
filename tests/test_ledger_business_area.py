"""The result per business area (``result_by_business_area``) derived from a ledger year
that lacks that export, and a printed one checked against the ledger."""

from __future__ import annotations

import pytest
from tests.ledger_files import write_csv, write_mappings

from analysis.facts.pipeline import clean

#: A chart of accounts with all five cost types, income and an investment type.
KONTOPLAN = """Konto från;Konto till;Kostnadslag
1200;1299;Investering MT
3000;3999;Intäkter
5000;5999;Personalkostnader
6000;6099;MT service och underhåll
6540;6549;PC-utrullning
6550;7799;Övriga kostnader
7800;7899;Avskrivningskostnader
"""
HEAD = "Period;Konto;Ansvar;Belopp\n"
#: 15 Medicinsk Teknik: costs 100 + 10 + 5, income 40; 17: costs 1 + 2,50; a bank row and
#: an investment (balance accounts) are no part of the result.
LEDGER = HEAD + (
    "201901;5010;150;100,00\n201902;6010;150;10,00\n201903;7810;150;5,00\n201903;3010;150;-40,00\n"
    "201904;6545;170;1,00\n201904;6600;170;2,50\n201904;1930;;-78,50\n201905;1210;150;1 000,00\n"
)
VO = "Vo;Utfall 2019;Årsbudget 2019;Avvikelse utfall mot budget;Årsprognos 2019;Avvikelse utfall mot prognos\n"


def areas(result):
    facts = result.facts[result.facts["table"] == "result_by_business_area"]
    return facts, {(f.item, f.measure): f.value for f in facts.itertuples()}


@pytest.fixture
def raw(tmp_path):
    folder = tmp_path / "raw"
    write_mappings(folder, KONTOPLAN)
    write_csv(folder / "2019" / "huvudbok.csv", LEDGER)
    return folder


def test_the_result_per_business_area_is_income_minus_costs_of_the_ledger(raw, tmp_path):
    facts, value = areas(clean(raw_dir=raw, processed_dir=tmp_path / "out"))
    assert value == pytest.approx(
        {
            ("15 Medicinsk Teknik", "outcome"): -75e-6,
            ("17 Infrastruktur och drift", "outcome"): -3.5e-6,
            ("Totalt", "outcome"): -78.5e-6,
        },
        abs=1e-12,
    )
    assert facts["derived"].all() and set(facts["sign_convention"]) == {"net_result"}
    total = facts[facts["item"] == "Totalt"].iloc[0]
    assert total["source"] == "2019/huvudbok.csv (8 rows)" and total["unit"] == "MSEK"
    assert (
        total["note"]
        == "derived: −(sum of Belopp on accounts 3000–8999 over every result account), periods 201901–201905"
    )


def test_budget_and_deviation_where_the_year_has_a_budget(raw, tmp_path):
    write_csv(raw / "2019" / "budget.csv", HEAD + "201901;5010;150;90,00\n201901;3010;150;-10,00\n")
    _, value = areas(clean(raw_dir=raw, processed_dir=tmp_path / "out"))
    assert value[("15 Medicinsk Teknik", "outcome")] == pytest.approx(-75e-6)
    assert value[("15 Medicinsk Teknik", "budget")] == pytest.approx(-80e-6)
    assert value[("15 Medicinsk Teknik", "deviation")] == pytest.approx(5e-6)  # outcome − budget: better than budget


def test_no_total_while_a_responsibility_has_no_business_area(raw, tmp_path):
    write_csv(raw / "2019" / "huvudbok.csv", LEDGER.replace("201904;6600;170", "201904;6600;999"))
    result = clean(raw_dir=raw, processed_dir=tmp_path / "out")
    _, value = areas(result)
    assert set(value) == {("15 Medicinsk Teknik", "outcome"), ("17 Infrastruktur och drift", "outcome")}
    assert value[("17 Infrastruktur och drift", "outcome")] == pytest.approx(-1e-6)
    assert "999" in set(result.findings.loc[result.findings["check"] == "unmapped_responsibility", "item"])


@pytest.mark.parametrize(
    "ledger",
    [
        HEAD + "201901;6010;150;10,00\n201901;3010;150;-40,00\n",  # the MT accounts only
        HEAD + "201901;3010;150;-40,00\n",  # income only
    ],
)
def test_a_ledger_with_part_of_the_costs_derives_no_result(raw, tmp_path, ledger):
    write_csv(raw / "2019" / "huvudbok.csv", ledger)
    facts, _ = areas(clean(raw_dir=raw, processed_dir=tmp_path / "out"))
    assert facts.empty


def test_a_printed_table_is_checked_against_the_ledger_not_replaced(raw, tmp_path):
    printed = VO + (
        "15 Medicinsk Teknik;-75;-80;5;-75;0\n17 Infrastruktur och drift;-30;-30;0;-30;0\nTotalt;-105;-110;5;-105;0\n"
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
    assert list(found["recomputed"]) == pytest.approx([-3.5e-6, -78.5e-6])
