"""Chapter 2 (cost development): the module on tiny facts tables and on the shipped facts."""

from __future__ import annotations

import math
import shutil

import matplotlib
import pandas as pd
import pytest

from analysis import paths
from analysis.chapters import costs
from analysis.facts import pipeline
from analysis.facts.schema import FACT_COLUMNS, FINDING_COLUMNS, empty_facts
from analysis.presentation import keyfigures
from analysis.texts import t

matplotlib.use("Agg")


# --------------------------------------------------------------------------------------
# Tiny facts tables
# --------------------------------------------------------------------------------------


def fact(
    item: str,
    measure: str,
    value: float,
    *,
    table: str = costs.COST_TYPE,
    year: int = 2019,
    convention: str = "cost_positive",
    line: int = 2,
    parent: str = "",
    unit: str = "MSEK",
    original_unit: str = "mnkr",
    decimals: int = 0,
    derived: bool = False,
    domain: str = "costs",
    section: str = "",
    reconcile: str = "",
    note: str = "",
) -> dict:
    row = dict.fromkeys(FACT_COLUMNS, "")
    row.update(
        year=year,
        report_year=year,
        domain=domain,
        table=table,
        item=item,
        parent=parent,
        measure=measure,
        value=value,
        unit=unit,
        source=f"{year}/{table}.csv:{line}",
        derived=derived,
        note=note,
        original_value=str(value),
        original_unit=original_unit,
        decimals=decimals,
        sign_convention=convention,
        section=section,
        reconcile=reconcile,
    )
    return row


def facts_of(rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return empty_facts()
    return pd.DataFrame(rows).astype(empty_facts().dtypes.to_dict())


def cost_rows(
    year: int = 2019, rows: tuple = (("Personal", 95, 108, 13), ("Övrigt", 75, 65, -10), ("Totalt", 170, 173, 3))
) -> list[dict]:
    """A cost_positive table: (item, outcome, budget, deviation) per line."""
    out = []
    for line, (item, outcome, budget, deviation) in enumerate(rows, start=2):
        out += [
            fact(item, m, v, year=year, line=line)
            for m, v in (("outcome", outcome), ("budget", budget), ("deviation", deviation))
        ]
    return out


def net_rows(year: int = 2017) -> list[dict]:
    """A net_result table in kr: a business area with net income, two with net costs, Totalt."""
    data = (
        ("08 Gem", 10.0, 9.0, 1.0),
        ("09 Kompetens", -6.0, -8.0, 2.0),
        ("15 MT", -3.5, -3.0, -0.5),
        ("Totalt", 0.5, -2.0, 2.5),
    )
    out = []
    for line, (item, outcome, budget, deviation) in enumerate(data, start=2):
        out += [
            fact(
                item, m, v, table=costs.BUSINESS_AREA, year=year, line=line, convention="net_result", original_unit="kr"
            )
            for m, v in (
                ("outcome", outcome),
                ("budget", budget),
                ("deviation", deviation),
                ("forecast", outcome - 0.3),
                ("deviation_vs_forecast", 0.3),
            )
        ]
    return out


def finding(
    item: str,
    reported: float,
    recomputed: float,
    table: str = costs.COST_TYPE,
    year: int = 2019,
    measure: str = "deviation",
) -> dict:
    row = dict.fromkeys(FINDING_COLUMNS, "")
    row.update(
        year=year,
        report_year=year,
        severity="error",
        check="deviation_vs_outcome_budget",
        table=table,
        item=item,
        measure=measure,
        reported=reported,
        recomputed=recomputed,
        difference=reported - recomputed,
        tolerance=1.5,
        source=f"{year}/{table}.csv:9",
    )
    return row


# --------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------


def test_cost_positive_table_is_shown_as_printed():
    view = costs.normalised(facts_of(cost_rows()), 2019, costs.COST_TYPE)
    assert list(view["item"]) == ["Personal", "Övrigt", "Totalt"]
    assert list(view["outcome_cost"]) == [95, 75, 170]
    assert list(view["budget_cost"]) == [108, 65, 173]
    assert list(view["deviation_favourable"]) == [13, -10, 3]
    assert list(view["deviation_recomputed"]) == [13, -10, 3]
    assert list(view["is_total"]) == [False, False, True]
    assert set(view["unit"]) == {"MSEK"} and set(view["convention"]) == {"cost_positive"}
    assert not view["derived"].any() and set(view["formula"]) == {""}
    assert view["source"].iloc[1] == "2019/costs_by_cost_type.csv:3"
    assert set(view["decimals"]) == {0}


def test_net_result_table_flips_costs_and_keeps_the_deviation():
    view = costs.normalised(facts_of(net_rows()), 2017, costs.BUSINESS_AREA).set_index("item")
    # net income (08) becomes a negative net cost; net costs become positive
    assert view.loc["08 Gem", "outcome_cost"] == -10.0 and view.loc["09 Kompetens", "outcome_cost"] == 6.0
    assert view.loc["09 Kompetens", "budget_cost"] == 8.0
    assert view.loc["15 MT", "forecast_cost"] == pytest.approx(3.8)
    # deviation (outcome − budget, favourable-positive) unchanged and equal to budget_cost − outcome_cost
    assert list(view["deviation_favourable"]) == [1.0, 2.0, -0.5, 2.5]
    assert list(view["deviation_recomputed"]) == pytest.approx([1.0, 2.0, -0.5, 2.5])
    assert view["derived"].all() and "−outcome" in view["formula"].iloc[0]
    assert set(view["convention"]) == {"net_result"}
    assert view.loc["08 Gem", "outcome_printed"] == 10.0
    assert set(view["decimals"]) == {1}  # printed in kr: shown with one decimal in MSEK


def test_both_conventions_read_the_same_way():
    as_costs = cost_rows(rows=(("A", 10, 12, 2), ("B", 7, 5, -2)))
    as_net = [
        fact(item, m, v, table=costs.BUSINESS_AREA, convention="net_result", line=line)
        for line, (item, out, bud, dev) in enumerate((("A", -10, -12, 2), ("B", -7, -5, -2)), start=2)
        for m, v in (("outcome", out), ("budget", bud), ("deviation", dev))
    ]
    cols = ["item", "outcome_cost", "budget_cost", "deviation_favourable", "deviation_recomputed"]
    left = costs.normalised(facts_of(as_costs), 2019, costs.COST_TYPE)[cols]
    right = costs.normalised(facts_of(as_net), 2019, costs.BUSINESS_AREA)[cols]
    pd.testing.assert_frame_equal(left, right, check_dtype=False)
    assert costs.drivers(costs.normalised(facts_of(as_net), 2019, costs.BUSINESS_AREA)).favourable_item == "A"


def test_missing_table_gives_an_empty_view_and_nothing_to_show():
    facts = facts_of(cost_rows())
    view = costs.normalised(facts, 2019, costs.BUSINESS_AREA)
    assert view.empty and list(view.columns) == costs.VIEW_COLUMNS
    assert costs.normalised(facts, 2017, costs.COST_TYPE).empty  # other year
    assert costs.deviation_table(view, "sv") is None
    assert costs.deviation_chart(view, 2019, "sv") is None
    assert costs.chart_data(view).empty and costs.table_notes(view, "sv") == []
    found = costs.drivers(view)
    assert found.favourable_item is None and found.unfavourable_item is None
    assert costs.total_deviation(view).reported is None
    assert costs.tables_present(facts, 2019) == [costs.COST_TYPE]
    assert costs.tables_present(facts_of([]), 2019) == []


def test_unknown_sign_convention_is_refused():
    rows = [fact("A", "outcome", 1.0, convention="amount_positive")]
    with pytest.raises(ValueError, match="amount_positive"):
        costs.normalised(facts_of(rows), 2019, costs.COST_TYPE)


def test_derived_share_is_taken_from_the_facts():
    rows = cost_rows() + [
        fact(
            "Personal",
            "percent",
            55.88,
            unit="percent",
            derived=True,
            note="derived: outcome / outcome Totalt × 100",
            original_unit="",
        )
    ]
    view = costs.normalised(facts_of(rows), 2019, costs.COST_TYPE)
    assert view["share_percent"].iloc[0] == pytest.approx(55.88) and math.isnan(view["share_percent"].iloc[2])
    frame = costs.deviation_frame(view, "sv")
    assert "Andel av totalt utfall, %**" in frame.columns
    assert any("andel = utfall / utfall Totalt × 100" in n for n in costs.table_notes(view, "sv"))


def test_display_decimals_follow_the_printed_precision():
    assert costs.display_decimals(facts_of(cost_rows())) == 0
    assert costs.display_decimals(facts_of(net_rows())) == 1
    tkr = facts_of([fact("Resor", "change", -0.059, original_unit="tkr", table="key_figures")])
    assert costs.display_decimals(tkr, 3) == 3 and costs.display_decimals(tkr) == 1


def test_a_ledgers_sums_are_shown_with_a_decimal():
    """A ledger's sums (derived, section Huvudbok, kronor to the öre) read 239,8, not 240, as
    the summary gives them."""
    ledger = pd.DataFrame([{"derived": True, "section": "Huvudbok", "decimals": 2, "original_unit": ""}])
    assert costs.display_decimals(ledger) == 1 and costs.display_decimals(ledger, 2) == 2
    other = ledger.assign(section="")  # another derived figure says nothing of the precision
    assert costs.display_decimals(other) == 0


# --------------------------------------------------------------------------------------
# Drivers, totals, sentences
# --------------------------------------------------------------------------------------


def test_drivers_leave_totals_out_and_take_the_first_of_a_tie():
    rows = cost_rows(rows=(("A", 1, 3, 2), ("B", 1, 4, 3), ("C", 1, 4, 3), ("D", 5, 1, -4), ("Totalt", 8, 12, 4)))
    found = costs.drivers(costs.normalised(facts_of(rows), 2019, costs.COST_TYPE))
    assert (found.favourable_item, found.favourable_value) == ("B", 3)
    assert (found.unfavourable_item, found.unfavourable_value) == ("D", -4)
    assert found.table == costs.COST_TYPE


@pytest.mark.parametrize(
    "lang, expected",
    [
        (
            "sv",
            "Bland kostnadsslagen gav Personal det största överskottet mot budget, +13\u00a0mnkr; "
            "Övrigt det största underskottet, -10\u00a0mnkr.",
        ),
        (
            "en",
            "Among the cost types, Personal gave the largest surplus against budget, +13\u00a0MSEK; "
            "Övrigt the largest deficit, -10\u00a0MSEK.",
        ),
    ],
)
def test_driver_sentence_is_built_from_the_figures(lang, expected):
    view = costs.normalised(facts_of(cost_rows()), 2019, costs.COST_TYPE)
    assert costs.drivers_sentence(costs.drivers(view), lang) == expected


@pytest.mark.parametrize(
    "rows, sv, en",
    [
        ((("A", 1, 3, 2), ("B", 1, 1, 0)), "ingen post visar underskott", "no item shows a deficit"),
        ((("A", 3, 1, -2), ("B", 1, 1, 0)), "ingen post överskott", "no item shows a surplus"),
        ((("A", 1, 1, 0),), "avviker ingen post", "no item deviates"),
    ],
)
def test_driver_sentence_without_a_surplus_or_a_deficit(rows, sv, en):
    view = costs.normalised(facts_of(cost_rows(rows=rows)), 2019, costs.COST_TYPE)
    assert sv in costs.drivers_sentence(costs.drivers(view), "sv")
    assert en in costs.drivers_sentence(costs.drivers(view), "en")


def test_driver_sentence_for_business_areas_uses_one_decimal():
    view = costs.normalised(facts_of(net_rows()), 2017, costs.BUSINESS_AREA)
    text = costs.drivers_sentence(costs.drivers(view), "sv")
    assert text.startswith("Bland verksamhetsområdena gav 09 Kompetens")
    assert "+2,0\u00a0mnkr" in text and "15 MT det största underskottet, -0,5\u00a0mnkr" in text


def test_total_deviation_printed_and_recomputed_are_both_kept():
    rows = cost_rows(rows=(("A", 10, 12, 2), ("B", 19, 12, -5), ("Totalt", 29, 24, -3)))
    view = costs.normalised(facts_of(rows), 2019, costs.COST_TYPE)
    total = costs.total_deviation(view)
    assert (total.reported, total.recomputed) == (-3, -5)
    no_total = costs.normalised(facts_of(cost_rows(rows=(("A", 10, 12, 2), ("B", 19, 12, -5)))), 2019, costs.COST_TYPE)
    assert costs.total_deviation(no_total).reported is None
    assert costs.total_deviation(no_total).recomputed == -5


def test_disputed_deviations_are_marked_never_corrected():
    rows = cost_rows(rows=(("A", 10, 12, 2), ("B", 19, 12, -5), ("Totalt", 29, 24, -3)))
    view = costs.normalised(facts_of(rows), 2019, costs.COST_TYPE)
    findings = pd.DataFrame([finding("B", -5, -7), finding("Totalt", -3, -5)])
    assert costs.flagged_items(view, findings) == ["B", "Totalt"]
    frame = costs.deviation_frame(view, "en", findings)
    assert list(frame["Deviation from budget"]) == ["+2", "-5 †", "-3 †"]
    notes = costs.table_notes(view, "en", findings)
    assert any("B printed -5\u00a0MSEK, recomputed -7\u00a0MSEK" in n for n in notes)
    assert list(costs.chart_data(view, findings)["label"]) == ["A", "B †"]
    assert list(costs.chart_data(view, findings)["value"]) == [2, -5]
    rows_ = costs.result_rows(facts_of(rows), findings, 2019)
    assert list(rows_["value"]) == [-3, -5] and list(rows_["derived"]) == [False, True]
    text = costs.summary(facts_of(rows), findings, 2019, "sv")
    assert "-3\u00a0mnkr" in text and "budget − utfall, som ger -5\u00a0mnkr" in text
    # the view itself still carries the printed figure
    assert view.loc[view["item"] == "B", "deviation_favourable"].iloc[0] == -5


def test_zero_deviation_has_no_sign():
    view = costs.normalised(facts_of(cost_rows(rows=(("A", 1, 1, 0), ("B", 1, 3, 2)))), 2019, costs.COST_TYPE)
    assert list(costs.deviation_frame(view, "sv")["Avvikelse mot budget"]) == ["0", "+2"]


def test_convention_note_names_the_printed_convention_and_net_income_rows():
    """Readers get the convention in words, never the internal code."""
    net = costs.normalised(facts_of(net_rows()), 2017, costs.BUSINESS_AREA)
    sv = costs.convention_note([costs.empty_view(), net], 2017, "sv")
    assert "intäkter positiva" in sv and "utfall − budget" in sv and "08 Gem har nettointäkter" in sv
    assert "Totalt" in sv
    cost = costs.normalised(facts_of(cost_rows()), 2019, costs.COST_TYPE)
    en = costs.convention_note([cost], 2019, "en")
    assert "costs positive" in en and "budget − outcome" in en and "net income" not in en
    assert costs.convention_note([costs.empty_view()], 2018, "sv") == t("costs.convention.none", "sv", year=2018)
    assert not any(code in text for text in (sv, en) for code in ("net_result", "cost_positive"))


def test_net_result_table_marks_derived_columns():
    view = costs.normalised(facts_of(net_rows()), 2017, costs.BUSINESS_AREA)
    frame = costs.deviation_frame(view, "sv")
    assert list(frame.columns) == [
        "Post",
        "Utfall 2017, nettokostnad*",
        "Budget 2017, nettokostnad*",
        "Avvikelse mot budget",
        "Prognos, nettokostnad*",
        "Avvikelse mot prognos",
    ]
    assert frame.iloc[0, 1] == "-10,0"
    assert costs.table_notes(view, "en")[0].startswith("* Derived: net cost = −(printed value)")
    html = costs.deviation_table(view, "sv").to_html()
    assert "08 Gem" in html and "Totalt" in html


# --------------------------------------------------------------------------------------
# Result, changes, explained deviations, key figures (tiny)
# --------------------------------------------------------------------------------------


def kf(
    item: str,
    measure: str,
    value: float,
    *,
    year: int = 2019,
    line: int = 20,
    unit: str = "MSEK",
    parent: str = "",
    domain: str = "costs",
    reconcile: str = "",
    original_unit: str = "mnkr",
    decimals: int = 1,
) -> dict:
    return fact(
        item,
        measure,
        value,
        table="key_figures",
        year=year,
        line=line,
        unit=unit,
        parent=parent,
        convention="favourable_positive",
        domain=domain,
        reconcile=reconcile,
        original_unit=original_unit,
        decimals=decimals,
        section="Ekonomi",
    )


def test_result_from_text_and_from_a_net_result_table():
    rows = net_rows() + [kf("Resultat", "outcome", 0.5, year=2017)]
    found = costs.result(facts_of(rows), 2017)
    assert found.text_msek == 0.5 and found.table_msek == 0.5 and found.value == 0.5
    assert found.forecast_msek == pytest.approx(0.2) and found.deviation_vs_forecast_msek == 0.3
    text = costs.result_paragraph(facts_of(rows), None, 2017, "en")
    assert "+0.5\u00a0MSEK" in text and "forecast (+0.2\u00a0MSEK)" in text and "by +0.3\u00a0MSEK" in text
    assert costs.result(facts_of(cost_rows()), 2019).value is None
    assert costs.result_paragraph(facts_of(cost_rows()), None, 2019, "sv") is None
    assert "anger inget resultat" in costs.summary(facts_of(cost_rows()), None, 2019, "sv")


def test_result_reconciled_with_a_disputed_total():
    rows = cost_rows(rows=(("A", 10, 12, 2), ("B", 19, 12, -5), ("Totalt", 29, 24, -3))) + [
        kf("Resultat", "outcome", -2.8, reconcile="{costs_by_cost_type|Totalt|deviation}")
    ]
    findings = pd.DataFrame([finding("Totalt", -3, -5)])
    text = costs.result_paragraph(facts_of(rows), findings, 2019, "sv")
    assert "stämmer inom avrundningen med den tryckta avvikelsen -3\u00a0mnkr" in text
    assert "omräknade -5\u00a0mnkr" in text
    assert "avrundningen" not in costs.result_paragraph(facts_of(rows), None, 2019, "sv")


def test_changes_from_the_text_with_their_source():
    rows = cost_rows() + [
        kf("Nettokostnad", "change_percent", 9, unit="percent", original_unit="%", decimals=0, line=11),
        kf("Resor", "change_percent", -9, unit="percent", original_unit="%", line=12),
        kf("Resor", "change", -0.059, original_unit="tkr", decimals=0, line=13),
        kf("Övertid", "change_percent", -40, unit="percent", domain="staff", line=14),
    ]
    found = costs.changes(facts_of(rows), 2019)
    assert list(found["item"]) == ["Nettokostnad", "Resor"]  # staff figures are not this chapter's
    assert found.loc[1, "change"] == -0.059 and found.loc[1, "decimals"] == 3
    assert found.loc[1, "source"] == "2019/key_figures.csv:12, 2019/key_figures.csv:13"
    assert costs.net_cost_change(facts_of(rows), 2019) == 9
    assert costs.net_cost_change(facts_of(cost_rows()), 2019) is None
    text = costs.changes_sentence(found, "en")
    assert "2 changes" in text and "Largest increase: Nettokostnad, +9%" in text
    assert "Largest decrease: Resor, -9%" in text
    html = costs.changes_table(found, "sv").to_html()
    assert "-0,059" in html and "2019/key_figures.csv:12" in html
    assert costs.changes_table(costs.changes(facts_of(cost_rows()), 2019), "sv") is None


def test_explained_deviations_leave_out_restated_rows():
    rows = cost_rows() + [
        kf("Personal", "deviation", 13),
        kf("Sterilteknik", "deviation", -2.6, parent="Övrigt"),
        kf("Övriga intäkter", "deviation", 2.7),
    ]
    found = costs.explained_deviations(facts_of(rows), 2019)
    assert list(found["item"]) == ["Sterilteknik", "Övriga intäkter"]
    assert costs.explained_table(found, "en") is not None
    assert costs.explained_table(costs.explained_deviations(facts_of(cost_rows()), 2019), "en") is None


def test_key_figures_on_a_tiny_year():
    rows = cost_rows() + [kf("Resultat", "outcome", 2.9)]
    figures = {f.key: f for f in costs.key_figures(facts_of(rows), pd.DataFrame(columns=FINDING_COLUMNS), 2019, "en")}
    assert figures["result_msek"].value == 2.9 and figures["total_deviation_msek"].value == 3
    assert figures["total_deviation_recomputed_msek"].derived and figures["total_deviation_recomputed_msek"].formula
    assert figures["largest_favourable_item"].value == "Personal"
    assert figures["largest_unfavourable_value"].value == -10
    assert figures["net_cost_change_percent"].value is None and figures["n_findings"].value == 0
    empty = {f.key: f.value for f in costs.key_figures(facts_of([]), None, 2019, "sv")}
    assert empty["deviation_table"] is None and empty["result_msek"] is None and empty["n_findings"] == 0


# --------------------------------------------------------------------------------------
# The shipped facts
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    root = tmp_path_factory.mktemp("costs")
    shutil.copytree(paths.raw_dir(), root / "raw")
    pipeline.clean(raw_dir=root / "raw", processed_dir=root / "processed")
    return root / "processed"


def value_of(facts, table, item, measure):
    rows = facts[
        (facts["table"] == table) & (facts["item"] == item) & (facts["measure"] == measure) & ~facts["derived"]
    ]
    assert len(rows) == 1, (table, item, measure)
    return float(rows["value"].iloc[0])


def test_load_returns_the_year_even_without_findings(shipped):
    facts, findings = costs.load(2017, shipped)
    assert set(facts["report_year"]) == {2017} and findings.empty
    facts, findings = costs.load(2019, shipped)
    assert set(findings["report_year"]) == {2019} and len(findings) > 0


def test_shipped_2017_business_areas(shipped):
    facts, findings = costs.load(2017, shipped)
    assert costs.tables_present(facts, 2017) == [costs.BUSINESS_AREA]
    assert costs.normalised(facts, 2017, costs.COST_TYPE).empty
    view = costs.normalised(facts, 2017, costs.BUSINESS_AREA).set_index("item")
    printed = value_of(facts, costs.BUSINESS_AREA, "08 Divisionsgem Länsteknik", "outcome")
    assert view.loc["08 Divisionsgem Länsteknik", "outcome_cost"] == pytest.approx(-printed)
    assert view.loc["08 Divisionsgem Länsteknik", "outcome_cost"] < 0  # net income: negative net cost
    assert view.loc["09 Kompetenscentrum", "outcome_cost"] == pytest.approx(80.44878)
    assert view.loc["Totalt", "deviation_favourable"] == pytest.approx(8.689736)
    found = costs.drivers(costs.primary_view(facts, 2017))
    assert found.favourable_item == "09 Kompetenscentrum" and found.unfavourable_item == "08 Divisionsgem Länsteknik"
    assert costs.chapter_findings(facts, findings, 2017).empty
    text = costs.summary(facts, findings, 2017, "sv")
    assert "+8,7\u00a0mnkr (överskott)" in text and "09 Kompetenscentrum" in text and "-2,6\u00a0mnkr" in text
    assert len(costs.changes(facts, 2017)) == 4 and costs.net_cost_change(facts, 2017) is None
    assert "Konsultkostnader, -38\u00a0%" in costs.changes_sentence(costs.changes(facts, 2017), "sv")


def test_shipped_2019_cost_types_show_the_printed_and_the_recomputed_deviation(shipped):
    facts, findings = costs.load(2019, shipped)
    assert costs.tables_present(facts, 2019) == [costs.COST_TYPE]
    assert costs.normalised(facts, 2019, costs.BUSINESS_AREA).empty
    view = costs.normalised(facts, 2019, costs.COST_TYPE).set_index("item")
    assert view.loc["MT service och underhåll", "deviation_favourable"] == -5
    assert view.loc["MT service och underhåll", "deviation_recomputed"] == -7
    assert (view.loc["Totalt", "deviation_favourable"], view.loc["Totalt", "deviation_recomputed"]) == (-5, -7)
    own = costs.chapter_findings(facts, findings, 2019)
    assert sorted(own["item"]) == ["MT service och underhåll", "Totalt"]
    assert set(own["table"]) == {costs.COST_TYPE}
    sv = costs.summary(facts, findings, 2019, "sv")
    assert "Personalkostnader det största överskottet mot budget, +13\u00a0mnkr" in sv
    assert "Övriga kostnader det största underskottet, -10\u00a0mnkr" in sv
    assert "-4,8\u00a0mnkr (underskott)" in sv and "+9\u00a0%" in sv
    en = costs.summary(facts, findings, 2019, "en")
    assert "Among the cost types, Personalkostnader gave the largest surplus" in en
    assert "-7\u00a0MSEK" in en
    assert "den tryckta avvikelsen -5\u00a0mnkr" in costs.result_paragraph(facts, findings, 2019, "sv")
    assert list(costs.explained_deviations(facts, 2019)["item"]) == ["Sterilteknik"]


@pytest.mark.parametrize("year", [2017, 2019])
def test_shipped_key_figures_match_the_facts_table(shipped, year):
    facts, findings = costs.load(year, shipped)
    got = keyfigures.as_dict(
        keyfigures.payload(costs.CHAPTER, year, "sv", costs.key_figures(facts, findings, year, "sv"))
    )
    table = costs.BUSINESS_AREA if year == 2017 else costs.COST_TYPE
    assert got["deviation_table"] == table
    assert got["result_msek"] == value_of(facts, "key_figures", "Resultat", "outcome")
    assert got["total_deviation_msek"] == value_of(facts, table, "Totalt", "deviation")
    assert got["n_findings"] == (0 if year == 2017 else 2)
    if year == 2017:
        assert got["result_table_msek"] == pytest.approx(8.68977)
        assert got["result_vs_forecast_msek"] == value_of(facts, table, "Totalt", "deviation_vs_forecast")
        assert got["net_cost_change_percent"] is None
    else:
        assert got["result_table_msek"] is None and got["total_deviation_recomputed_msek"] == -7
        assert got["net_cost_change_percent"] == value_of(facts, "key_figures", "Nettokostnad", "change_percent")


@pytest.mark.parametrize("year, lang", [(2017, "sv"), (2019, "en")])
def test_shipped_tables_and_chart_render(shipped, year, lang):
    from analysis.presentation import charts

    charts.setup()
    facts, findings = costs.load(year, shipped)
    view = costs.primary_view(facts, year)
    fig = costs.deviation_chart(view, year, lang, findings)
    ax = fig.axes[0]
    assert len(ax.patches) == len(view) - 1  # one bar per row, Totalt left out
    assert any("Källa" in tx.get_text() or "Source" in tx.get_text() for tx in fig.texts)
    for styler in (
        costs.deviation_table(view, lang, findings),
        costs.result_table(facts, findings, year, lang),
        costs.changes_table(costs.changes(facts, year), lang),
        costs.explained_table(costs.explained_deviations(facts, year), lang),
    ):
        assert "<table" in styler.to_html()
