"""A year as next year's analyst will have it (issue 18): the ledger in an ERP's layout
(Raindance's header, debit and credit columns, periods ``YYYY-MM``, columns the chapters do
not use), no budget (it lives in another system), beside the year's printed exports. It
cleans to the same cost outcome as the generator's standard layout, to the öre; a prose
figure that restates a budget deviation cannot be checked and says so, instead of stopping
the cleaning."""

from __future__ import annotations

import csv
import io

import pytest

from analysis.examples import write_example_ledger
from analysis.facts.pipeline import clean

RAINDANCE = (
    "Konto;Ansvar;Verksamhet;Aktivitet;Projekt;Objekt;Motpart;Fri;Period;"
    "Verifikationsnummer;Bokföringsdatum;Debet;Kredit;Text"
)


def as_raindance(standard: str) -> str:
    """The generator's ``Period;Konto;Ansvar;Aktivitet;Objekt;Belopp;Text`` rows in Raindance's
    layout: debit and credit, ``YYYY-MM``, four columns read past."""
    rows = list(csv.reader(io.StringIO(standard), delimiter=";"))
    out = [RAINDANCE]
    for number, (period, account, ansvar, activity, obj, amount, text) in enumerate(rows[1:], start=1):
        debit, credit = (amount, "") if not amount.startswith("-") else ("", amount[1:])
        month = f"{period[:4]}-{period[4:]}"
        out.append(
            ";".join(
                [
                    account,
                    ansvar,
                    "",
                    activity,
                    "",
                    obj,
                    "",
                    "",
                    month,
                    f"A{number}",
                    f"{month}-28",
                    debit,
                    credit,
                    text,
                ]
            )
        )
    return "\r\n".join(out) + "\r\n"


@pytest.fixture(scope="module")
def years(tmp_path_factory):
    out = tmp_path_factory.mktemp("erp-year")
    write_example_ledger(out, [2019], rows=3000, seed=11)
    standard = out / "csv"
    erp = out / "erp"
    import shutil

    shutil.copytree(standard, erp)
    (erp / "2019" / "budget.csv").unlink()
    text = (standard / "2019" / "huvudbok.csv").read_bytes().decode("cp1252")
    (erp / "2019" / "huvudbok.csv").write_bytes(as_raindance(text).encode("utf-8-sig"))
    return standard, erp


def outcome(result) -> dict[str, float]:
    facts = result.facts
    rows = facts[(facts["table"] == "costs_by_cost_type") & (facts["measure"] == "outcome") & facts["derived"]]
    return dict(zip(rows["item"], rows["value"]))


def test_the_erp_layout_without_budget_gives_the_standard_layouts_outcome(years, tmp_path):
    standard, erp = years
    expected = outcome(clean(raw_dir=standard, processed_dir=tmp_path / "standard"))
    result = clean(raw_dir=erp, processed_dir=tmp_path / "erp")
    got = outcome(result)
    assert set(got) == set(expected) and len(got) == 6
    for item, value in expected.items():
        assert got[item] == pytest.approx(value, abs=0.005e-6), item  # to the öre (values in MSEK)
    ledger = result.facts[(result.facts["table"] == "costs_by_cost_type") & (result.facts["section"] == "Huvudbok")]
    assert set(ledger["measure"]) == {"outcome"}  # no budget: no budget or deviation is made up
    record = result.raw_files[result.raw_files["file"] == "2019/huvudbok.csv"].iloc[0]
    assert record["encoding"] == "utf-8-sig"
    assert all(c in record["not_used"] for c in ("Verifikationsnummer", "Bokföringsdatum", "Motpart"))


def test_a_prose_figure_restating_a_budget_deviation_cannot_be_checked(years, tmp_path):
    _, erp = years
    findings = clean(raw_dir=erp, processed_dir=tmp_path / "erp").findings
    unchecked = findings[findings["message"].str.startswith("cannot be checked")]
    assert not unchecked.empty
    assert unchecked["message"].str.contains(r"costs_by_cost_type / [^/]+ / deviation is not in the ledger").all()
    assert unchecked["message"].str.contains("costs_by_cost_type / Totalt / deviation").any()
    assert (unchecked["check"] == "key_figure_vs_tables").all() and (unchecked["severity"] == "warning").all()
