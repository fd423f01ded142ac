"""The shipped raw exports (copied to tmp) cleaned: figures as printed in the annual
reports (the seeds arsrapport-{2017,2019}-lansteknik.txt), the facts contract and
the known findings."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.facts.pipeline import load_facts, load_quality, load_raw_files
from analysis.facts.schema import FACT_COLUMNS
from analysis.facts.sources.reading import decode


@pytest.fixture(scope="module")
def shipped(shipped_clean):
    project, result = shipped_clean
    return project, load_facts(processed_dir=project.processed), result


# (report year, table, item, parent, measure, year, value, unit), as printed in the reports.
REPORTED = [
    # 2017, "Periodens utfall – Resultatutveckling": VO table in kronor.
    (2017, "result_by_business_area", "15 Medicinsk Teknik", "", "outcome", 2017, -10.487147, "MSEK"),
    (2017, "result_by_business_area", "15 Medicinsk Teknik", "", "deviation", 2017, -0.483947, "MSEK"),
    (2017, "result_by_business_area", "08 Divisionsgem Länsteknik", "", "budget", 2017, 163.874137, "MSEK"),
    (
        2017,
        "result_by_business_area",
        "17 Infrastruktur och drift",
        "",
        "deviation_vs_forecast",
        2017,
        1.389121,
        "MSEK",
    ),
    (2017, "result_by_business_area", "Totalt", "", "outcome", 2017, 8.689770, "MSEK"),
    (2017, "result_by_business_area", "Totalt", "", "budget", 2017, 0.000034, "MSEK"),
    # 2017 investments (Mkr).
    (2017, "investments", "MT", "", "frame", 2017, 45.0, "MSEK"),
    (2017, "investments", "IT", "", "outcome_prior_decisions", 2017, 12.0, "MSEK"),
    (2017, "investments", "Totalt", "", "outcome", 2017, 45.0, "MSEK"),
    # 2017 "Specifikation av IT-investeringar": one column per year.
    (2017, "it_investment_history", "Totalt", "", "outcome", 2014, 9.0, "MSEK"),
    (2017, "it_investment_history", "Kommunikationsutrustning/-nät och video", "", "outcome", 2016, 7.0, "MSEK"),
    # 2017 prose.
    (2017, "key_figures", "Resultat", "", "outcome", 2017, 8.7, "MSEK"),  # +8,7 mkr
    (2017, "key_figures", "Övertid", "", "hours", 2016, 3128.0, "hours"),  # 3128h
    (2017, "key_figures", "Övertid", "", "hours", 2017, 1880.0, "hours"),
    (2017, "key_figures", "Sjukfrånvaro totalt", "", "percent", 2016, 3.49, "percent"),
    (2017, "key_figures", "Resor", "Resor och logi", "change", 2017, -0.059, "MSEK"),  # -59 tkr
    # 2019 "Årets resultat": costs per cost type (mnkr).
    (2019, "costs_by_cost_type", "MT service och underhåll", "", "outcome", 2019, 19.0, "MSEK"),
    (2019, "costs_by_cost_type", "MT service och underhåll", "", "budget", 2019, 12.0, "MSEK"),
    (2019, "costs_by_cost_type", "MT service och underhåll", "", "deviation", 2019, -5.0, "MSEK"),
    (2019, "costs_by_cost_type", "Totalt", "", "outcome", 2019, 218.0, "MSEK"),
    (2019, "costs_by_cost_type", "Övriga kostnader", "", "budget", 2019, 65.0, "MSEK"),
    # 2019 investments, with sub-rows.
    (2019, "investments", "MT", "", "frame", 2019, 55.0, "MSEK"),
    (2019, "investments", "Totalt", "", "outcome", 2019, 70.5, "MSEK"),
    (2019, "investments", "Datacenter (nät och server)", "IT", "outcome_current_decisions", 2019, 8.1, "MSEK"),
    (2019, "investments", "Länssjukvården", "MT", "outcome", 2019, 39.1, "MSEK"),
    # 2019 sick leave.
    (2019, "sick_leave", "Totalt", "", "percent", 2019, 4.0, "percent"),
    (2019, "sick_leave", "Kort", "", "percent", 2018, 2.4, "percent"),
    (2019, "sick_leave_by_sex", "Män", "", "percent", 2019, 4.67, "percent"),
    (2019, "sick_leave_by_sex", "Kvinnor", "", "percent", 2018, 2.07, "percent"),
    # 2019 prose.
    (2019, "key_figures", "Resultat", "", "outcome", 2019, -4.8, "MSEK"),
    (2019, "key_figures", "Personalomsättning", "", "percent", 2019, 13.0, "percent"),
    (2019, "key_figures", "Investeringar beslutade före 2019", "MT", "behind_plan", 2019, 30.0, "MSEK"),
]


@pytest.mark.parametrize(
    "report_year, table, item, parent, measure, year, value, unit",
    REPORTED,
    ids=[f"{r[0]}-{r[1]}-{r[2]}-{r[4]}-{r[5]}" for r in REPORTED],
)
def test_figures_as_in_the_reports(shipped, report_year, table, item, parent, measure, year, value, unit):
    _project, facts, _result = shipped
    rows = facts[
        (facts["report_year"] == report_year)
        & (facts["table"] == table)
        & (facts["item"] == item)
        & (facts["parent"] == parent)
        & (facts["measure"] == measure)
        & (facts["year"] == year)
        & ~facts["derived"]
    ]
    assert len(rows) == 1, rows
    assert rows.iloc[0]["value"] == pytest.approx(value, abs=1e-9)
    assert rows.iloc[0]["unit"] == unit


def test_at_least_fifteen_figures_checked():
    assert len(REPORTED) >= 15
    assert {r[0] for r in REPORTED} == {2017, 2019}


def test_printed_value_and_unit_are_kept(shipped):
    _project, facts, _result = shipped
    mt = facts[
        (facts["table"] == "result_by_business_area")
        & (facts["item"] == "15 Medicinsk Teknik")
        & (facts["measure"] == "outcome")
    ].iloc[0]
    assert mt["original_value"] == "-10\u00a0487\u00a0147"
    assert mt["original_unit"] == "kr"
    assert mt["source"] == "2017/resultat_per_verksamhetsomrade.csv:5"
    sick = facts[(facts["table"] == "sick_leave") & (facts["item"] == "Totalt") & (facts["year"] == 2019)].iloc[0]
    assert (sick["original_value"], sick["original_unit"], sick["decimals"]) == ("4,0 %", "%", 1)


def test_facts_columns_and_vocabularies(shipped):
    _project, facts, result = shipped
    assert list(facts.columns) == FACT_COLUMNS
    assert list(result.facts.columns) == FACT_COLUMNS
    assert set(facts["unit"]) <= {"MSEK", "percent", "hours", "count", "code", "year"}
    assert set(facts["report_year"]) == {2017, 2019}
    assert set(facts["domain"]) <= {"costs", "investments", "staff", "key_figures", "other", "scorecard", "assignments"}
    # NaN only in the coded tables: a target as printed, or a code the report does not state.
    missing = facts[facts["value"].isna()]
    assert set(missing["unit"]) == {"code"}
    assert ((missing["measure"] == "target_label") | (missing["original_value"] == "ej angivet")).all()
    assert facts.loc[facts["unit"] != "code", "value"].notna().all()


def test_every_reported_fact_points_at_its_raw_line(shipped):
    """source 'YEAR/file:LINE' names the raw line that prints original_value."""
    project, facts, _result = shipped
    lines: dict[str, list[str]] = {}
    reported = facts[~facts["derived"]]
    assert len(reported) > 150
    for _, fact in reported.iterrows():
        match = re.fullmatch(r"(\d{4}/[\w.]+):(\d+)", fact["source"])
        assert match, fact["source"]
        name, line = match[1], int(match[2])
        assert name.startswith(f"{fact['report_year']}/")
        if name not in lines:
            path = project.raw / name
            lines[name] = decode(path.read_bytes(), path)[0].splitlines()
        assert fact["original_value"] in lines[name][line - 1].split(";"), (fact["source"], fact["original_value"])
        assert fact["note"] == ""


def test_derived_facts_are_marked_with_their_formula(shipped):
    _project, facts, _result = shipped
    derived = facts[facts["derived"]]
    assert len(derived) > 0
    assert derived["note"].str.startswith("derived:").all()
    assert (facts.loc[facts["note"].str.startswith("derived:"), "derived"]).all()
    assert (derived["original_value"] == "").all()
    assert set(derived["table"]) == {"investments", "it_investment_history", "costs_by_cost_type"}
    # IT investment history 2017 vs 2016: 16 / 13 − 1 = 23,1 %.
    change = derived[(derived["table"] == "it_investment_history") & (derived["year"] == 2017)]
    assert change["value"].tolist() == [pytest.approx((16 / 13 - 1) * 100)]


def test_facts_csv_is_utf8_comma_separated_with_decimal_point(shipped):
    project, facts, _result = shipped
    data = (project.processed / "facts.csv").read_bytes()
    text = data.decode("utf-8")  # strict: fails on anything else
    assert not text.startswith("\ufeff")
    assert "Länssjukvården" in text and "Övriga kostnader" in text
    header = text.splitlines()[0]
    assert header.split(",") == FACT_COLUMNS
    # An empty value cell is a coded fact without a value (not stated, or a target as printed).
    from_csv = pd.read_csv(project.processed / "facts.csv", keep_default_na=False, na_values={"value": [""]})
    assert list(from_csv.columns) == FACT_COLUMNS
    assert len(from_csv) == len(facts)
    assert from_csv["value"].dtype == "float64"
    assert from_csv["value"].isna().tolist() == facts["value"].isna().tolist()
    assert from_csv["value"].tolist() == pytest.approx(facts["value"].tolist(), abs=1e-12, nan_ok=True)
    assert "-10.487147" in text and "-10,487147" not in text


def test_raw_files_encodings(shipped):
    project, _facts, _result = shipped
    files = load_raw_files(processed_dir=project.processed).set_index("file")
    assert files.loc["2017/investeringar.csv", "encoding"] == "cp1252"
    assert files.loc["2017/resultat_per_verksamhetsomrade.csv", "encoding"] == "utf-8-sig"
    assert files.loc["2019/kostnader_per_kostnadslag.csv", "encoding"] == "cp1252"
    assert files.loc["2019/investeringar.csv", "encoding"] == "utf-8"
    assert len(files) == 14
    assert files.loc["2019/styrkort.csv", "encoding"] == "utf-8"


# --- findings ------------------------------------------------------------------------------------


def _finding(findings, check, table, item, measure):
    rows = findings[
        (findings["check"] == check)
        & (findings["table"] == table)
        & (findings["item"] == item)
        & (findings["measure"] == measure)
    ]
    assert len(rows) == 1, findings[["check", "table", "item", "measure"]]
    return rows.iloc[0]


def test_known_findings_2019(shipped):
    project, _facts, _result = shipped
    findings = load_quality(2019, processed_dir=project.processed)
    mt = _finding(
        findings, "deviation_vs_outcome_budget", "costs_by_cost_type", "MT service och underhåll", "deviation"
    )
    assert (mt["reported"], mt["recomputed"], mt["difference"]) == (-5.0, -7.0, 2.0)
    assert mt["source"] == "2019/kostnader_per_kostnadslag.csv:5"
    it = _finding(findings, "parent_vs_subrows", "investments", "IT", "outcome")
    assert it["reported"] == pytest.approx(14.7)
    assert it["recomputed"] == pytest.approx(11.7 + 1.4 + 0.2 + 1.4 + 1.5)
    assert it["source"] == "2019/investeringar.csv:2"
    total = _finding(findings, "total_vs_rows", "investments", "Totalt", "outcome")
    assert total["reported"] == pytest.approx(70.5)
    assert total["recomputed"] == pytest.approx(14.7 + 54.3)
    assert total["source"] == "2019/investeringar.csv:11"


def test_findings_are_exactly_the_reports_inconsistencies(shipped):
    """Each one checked by hand against the 2019 report; 2017 adds up everywhere."""
    _project, _facts, result = shipped
    found = sorted(
        zip(
            result.findings["report_year"],
            result.findings["check"],
            result.findings["item"],
            result.findings["measure"],
        )
    )
    assert found == sorted(
        [
            (2019, "deviation_vs_outcome_budget", "MT service och underhåll", "deviation"),
            (2019, "deviation_vs_outcome_budget", "Totalt", "deviation"),  # 211 − 218 = −7
            (2019, "parent_vs_subrows", "IT", "outcome"),
            (2019, "parent_vs_subrows", "IT", "outcome_prior_decisions"),  # 6,7 vs 5,2
            (2019, "total_vs_rows", "Totalt", "outcome"),
            (2019, "total_vs_rows", "Totalt", "outcome_prior_decisions"),  # 50,1 vs 51,6
        ]
    )
    assert set(result.findings["severity"]) == {"error"}


def test_2017_has_no_findings(shipped):
    project, _facts, result = shipped
    assert (result.findings["report_year"] != 2017).all()
    quality = load_quality(processed_dir=project.processed)
    assert (quality["report_year"] == 2019).all() and len(quality) == 6
