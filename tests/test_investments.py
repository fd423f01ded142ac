"""Chapter "investment_pace": unit tests on tiny facts and on the shipped facts."""

from __future__ import annotations

import math

import matplotlib.figure
import pandas as pd
import pytest

from analysis.chapters import investments as inv
from analysis.facts.derive import derive
from analysis.facts.pipeline import clean
from analysis.facts.schema import FACT_COLUMNS, empty_facts
from analysis.presentation import charts
from analysis.presentation.keyfigures import KeyFigure
from analysis.texts import t


@pytest.fixture(autouse=True)
def chart_setup():
    charts.setup()  # as chapter.setup does in a notebook


def plain(text: str) -> str:
    """Generated text with non-breaking spaces as plain spaces, for assertions."""
    return text.replace("\u00a0", " ")


# --------------------------------------------------------------------------- tiny facts


def fact(
    item,
    measure,
    value,
    *,
    table="investments",
    parent="",
    year=2030,
    report_year=None,
    line=1,
    decimals=1,
    unit="MSEK",
    domain="investments",
    section="Investeringar",
    file=None,
) -> dict:
    report_year = report_year or year
    return {
        "year": year,
        "report_year": report_year,
        "domain": domain,
        "table": table,
        "item": item,
        "parent": parent,
        "measure": measure,
        "value": float(value),
        "unit": unit,
        "source": f"{file or report_year}/x.csv:{line}",
        "derived": False,
        "note": "",
        "original_value": str(value),
        "original_unit": "mnkr" if unit == "MSEK" else "st",
        "decimals": decimals,
        "sign_convention": "amount_positive",
        "section": section,
        "reconcile": "",
    }


def frame_of(rows: list[dict]) -> pd.DataFrame:
    facts = pd.DataFrame(rows, columns=FACT_COLUMNS).astype(empty_facts().dtypes.to_dict())
    return pd.concat([facts, derive(facts)], ignore_index=True)


def inv_row(item, frame, prior, current, outcome, *, parent="", line=1, year=2030, decimals=1):
    out = []
    for measure, value in (
        ("frame", frame),
        ("outcome_prior_decisions", prior),
        ("outcome_current_decisions", current),
        ("outcome", outcome),
    ):
        if value is not None:
            out.append(fact(item, measure, value, parent=parent, line=line, year=year, decimals=decimals))
    return out


@pytest.fixture
def tiny() -> pd.DataFrame:
    """A report year 2030: IT over its frame (outcome on earlier decisions), MT under,
    one IT sub-row left out of the IT row (as in the 2019 report)."""
    rows = (
        inv_row("IT", 10, 8, 4, 12, line=2)
        + inv_row("Nät", None, 6, 4, 10, parent="IT", line=3)
        + inv_row("Projekt", None, 2, 0, 2, parent="IT", line=4)
        + inv_row("MT", 40, 5, 15, 20, line=5)
        + inv_row("Totalt", 50, 13, 19, 32, line=6)
    )
    return frame_of(rows)


def test_investment_rows_keep_printed_order_levels_and_derive_with_formula(tiny):
    rows = inv.investment_rows(tiny, 2030)
    assert list(rows["item"]) == ["IT", "Nät", "Projekt", "MT", "Totalt"]
    assert list(rows["level"]) == [0, 1, 1, 0, 0]
    it = inv.row(rows, "IT")
    assert it["percent"] == pytest.approx(120.0)  # the derived fact outcome / frame × 100
    assert it["unused_current"] == pytest.approx(6.0)  # frame − outcome on this year's decisions
    assert it["prior_share"] == pytest.approx(8 / 12 * 100)
    sub = rows[rows["item"] == "Nät"].iloc[0]
    assert math.isnan(sub["frame"]) and math.isnan(sub["percent"]) and math.isnan(sub["unused_current"])
    assert inv.row(rows, "Nät") is None  # row() finds categories only
    assert inv.table_decimals(rows) == 1


def test_investment_rows_of_a_year_without_the_table_is_empty(tiny):
    assert inv.investment_rows(tiny, 2031).empty


def test_utilisation_text_explains_use_above_100_percent(tiny):
    rows = inv.investment_rows(tiny, 2030)
    sv = inv.utilisation_text(rows, 2030, "sv")
    assert "50,0\u00a0mnkr" in sv and "32,0\u00a0mnkr" in sv and "64\u00a0%" in sv
    assert "IT 120\u00a0%" in sv and "tidigare år" in sv
    en = inv.utilisation_text(rows, 2030, "en")
    assert "above 100%" in en and "derived: outcome / frame × 100" in en
    under = rows.assign(percent=rows["percent"].where(rows["percent"] <= 100, 90.0))
    assert "above 100%" not in inv.utilisation_text(under, 2030, "en")


def test_split_and_unused_texts_state_shares_and_formula(tiny):
    rows = inv.investment_rows(tiny, 2030)
    text = plain(inv.split_text(rows, 2030, "en"))
    assert "13.0 MSEK (41%)" in text and "19.0 MSEK (59%)" in text
    assert "IT has the largest share on earlier decisions, 67%" in text
    unused = inv.unused_text(rows, 2030, "sv")
    assert "31,0\u00a0mnkr" in unused and "härlett: ram − utfall beslut inför" in unused


def test_tables_escape_labels_and_mark_derived_columns(tiny):
    evil = tiny.copy()
    evil.loc[evil["item"] == "Projekt", "item"] = "<script>x</script>"
    rows = inv.investment_rows(evil, 2030)
    html = inv.frame_table(rows, 2030, "sv").to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "härlett: utfall / ram × 100" in html
    split = inv.split_table(rows, 2030, "en").to_html()
    assert (
        "derived: frame − outcome on this year&#39;s decisions" in split
        or "derived: frame − outcome on this year's decisions" in split
    )


def test_charts_are_figures_with_a_source_line(tiny):
    rows = inv.investment_rows(tiny, 2030)
    for fig in (inv.frame_chart(rows, 2030, "sv"), inv.split_chart(rows, 2030, "en")):
        assert isinstance(fig, matplotlib.figure.Figure)
        assert any("2030" in txt.get_text() for txt in fig.texts)
    data = inv.split_chart_data(rows, 2030, "sv")
    assert set(data["label"]) == {"IT", "MT", "Totalt"}  # categories only, no sub-rows
    assert data["value"].sum() == pytest.approx(13 + 19 + 13 + 19)


def test_backlog_is_read_from_key_figures_or_none(tiny):
    rows = inv.investment_rows(tiny, 2030)
    assert inv.backlog(tiny, 2030) is None
    assert inv.backlog_text(None, rows, 2030, "sv") == ""
    with_backlog = frame_of(
        [
            *tiny[~tiny["derived"]].to_dict("records"),
            fact(
                "Investeringar beslutade före 2030",
                "behind_plan",
                12,
                parent="MT",
                table="key_figures",
                decimals=0,
                line=9,
            ),
        ]
    )
    found = inv.backlog(with_backlog, 2030)
    assert found.value == 12 and found.parent == "MT"
    text = plain(inv.backlog_text(found, rows, 2030, "en"))
    assert "MT investments decided before 2030 are 12 MSEK behind plan" in text
    assert "5.0 MSEK of the MT outcome" in text


def case(item, value, line):
    return fact(
        item, "count", value, table="key_figures", decimals=0, unit="count", line=line, section="Investeringar – MT"
    )


def test_cases_are_parsed_grouped_and_rates_derived():
    facts = frame_of(
        [
            case("Ärenden beslutade 2030, planerade", 50, 10),
            case("Ärenden beslutade 2030, genomförda", 20, 11),
            case("Ärenden beslutade 2030, beställda ej levererade", 7, 12),
            case("Ärenden beslutade före 2030, genomförda", 30, 5),
            case("Ärenden beslutade före 2030, återstående", 10, 6),
            case("Hälsocentraler med nytt nätverk", 5, 7),  # a count, but not a case
        ]
    )
    found = inv.cases(facts, 2030)
    assert list(found["group"]) == ["current"] * 3 + ["prior"] * 2
    assert list(found["code"]) == ["planned", "completed", "other", "completed", "remaining"]
    assert set(found["category"]) == {"MT"}
    summary = inv.case_summary(found)
    assert (summary.planned, summary.completed) == (50, 20)
    assert summary.completion_percent == pytest.approx(40.0)
    assert summary.prior_completion_percent == pytest.approx(75.0)
    text = inv.cases_text(summary, "sv")
    assert "Av 50 planerade MT-ärenden beslutade 2030 var 20 genomförda" in text
    assert "40\u00a0%" in text and "75\u00a0%" in text and "genomförda / planerade × 100" in text
    html = inv.cases_table(found, "en").to_html()
    assert "ordered, not delivered" in html and "MT, decided before 2030" in html


def test_no_cases_gives_none_and_unknown_status_is_shown_as_printed():
    assert inv.case_summary(inv.cases(frame_of([]), 2030)) is None
    assert inv.cases_text(None, "en") == ""
    found = inv.cases(frame_of([case("Ärenden beslutade 2030, under utredning", 3, 1)]), 2030)
    assert inv.cases_table(found, "en").to_html().count("under utredning") == 1


def history_facts(values: dict[int, float], report_year: int, it_rows: dict[int, float]) -> list[dict]:
    rows = [
        fact("Totalt", "outcome", v, table="it_investment_history", year=y, report_year=report_year, decimals=0, line=6)
        for y, v in values.items()
    ]
    rows += [fact("IT", "outcome", v, year=y, report_year=y, line=2) for y, v in it_rows.items()]
    return rows


def test_it_history_joins_reports_up_to_the_year_and_prefers_the_own_years_table():
    facts = frame_of(history_facts({2026: 5, 2027: 6, 2028: 7}, 2028, {2028: 7.5, 2030: 9, 2031: 10}))
    hist = inv.it_history(facts, 2030)
    assert list(hist["year"]) == [2026, 2027, 2028, 2030]
    assert hist.set_index("year").loc[2028, "value"] == 7.5  # the 2028 investments table wins
    assert inv.missing_years(hist) == [2029]
    assert inv.it_trend(hist) is None  # 4 points: no model
    text = inv.history_text(hist, "en")
    assert "4 years" in text and "No figure for 2029" in text and "fewer than 5 years" in text
    assert "2026, 2027 come from the specification" in text
    assert inv.it_history(facts, 2028)["year"].max() == 2028  # later reports are not used


def test_it_history_from_five_points_fits_a_trend_and_the_chart_says_so():
    facts = frame_of(history_facts({2026: 5, 2027: 6, 2028: 7, 2029: 8}, 2029, {2030: 9}))
    hist = inv.it_history(facts, 2030)
    fit = inv.it_trend(hist)
    assert fit.n == 5 and fit.growth_low < fit.growth_percent < fit.growth_high
    assert "log-linear trend over 5 years" in inv.history_text(hist, "en")
    fig = inv.history_chart(hist, "en")
    notes = [txt.get_text() for ax in fig.axes for txt in ax.texts]
    assert any(note.startswith("n = 5; trend") for note in notes)
    source = inv.history_source(hist, "sv")
    assert source.startswith("Årsrapporter division Länsteknik: 2029") and "2030 (investeringstabell)" in source


def test_the_history_charts_values_table_shows_the_trends_95_percent_interval():
    """Issue 27, point 7: the chart draws the interval, so its values table gives it."""
    from analysis.presentation.chart_values import chart_values

    facts = frame_of(history_facts({2026: 5, 2027: 6, 2028: 7, 2029: 8}, 2029, {2030: 9}))
    hist = inv.it_history(facts, 2030)
    fitted = inv.it_trend(hist).fitted.set_index("year")
    table = chart_values(inv.history_chart(hist, "en"), "en")
    trend = next(i for i, c in enumerate(table["columns"]) if c.startswith(t("common.trend_label", "en")))
    cells = {row[0]: row[trend] for row in table["rows"]}
    assert set(cells) == {str(y) for y in range(2026, 2031)}
    for year, point in fitted.iterrows():
        numbers = [f"{v:.2f}" for v in (point["mean"], point["lower"], point["upper"])]
        assert cells[str(year)] == f"{numbers[0]} ({numbers[1]}–{numbers[2]})", year


def finding(
    check, item, measure, reported, recomputed, tolerance, year=2030, table="investments", source="2030/x.csv:2"
):
    return {
        "year": year,
        "report_year": year,
        "severity": "error",
        "check": check,
        "table": table,
        "item": item,
        "measure": measure,
        "reported": reported,
        "recomputed": recomputed,
        "difference": reported - recomputed,
        "tolerance": tolerance,
        "source": source,
        "message": "",
    }


def test_subrow_gap_names_only_the_closest_subrow_and_the_total(tiny):
    facts = frame_of(
        [*tiny[~tiny["derived"]].to_dict("records"), *inv_row("Video", None, 1.9, 0, 1.9, parent="IT", line=7)]
    )
    findings = pd.DataFrame(
        [
            finding("parent_vs_subrows", "IT", "outcome", 12.0, 13.9 + 0.0, 0.3),
            finding("total_vs_rows", "Totalt", "outcome", 32.0 + 1.9, 32.0, 0.15, source="2030/x.csv:6"),
        ]
    )
    # sub-rows: Nät 10, Projekt 2, Video 1,9 → 13,9 against the IT row's 12: gap 1,9
    gaps = inv.subrow_gaps(facts, findings, 2030)
    assert len(gaps) == 1 and gaps[0].subrows == ("Video",)  # not Projekt (2,0)
    assert gaps[0].total_reported == pytest.approx(33.9)
    sv = inv.quality_text(gaps, "sv")
    assert "IT-raden anger utfall 12,0\u00a0mnkr" in sv and "underposten Video" in sv and "Totalt-raden" in sv
    assert "oförändrade" in sv
    assert inv.quality_text([], "sv") == ""


def test_chapter_findings_keep_investment_tables_and_investment_key_figures_only(tiny):
    facts = frame_of(
        [
            *tiny[~tiny["derived"]].to_dict("records"),
            fact("Resultat", "outcome", 1, table="key_figures", domain="costs", line=20),
            fact("IT", "outcome", 12, table="key_figures", line=21),
        ]
    )
    findings = pd.DataFrame(
        [
            finding(
                "key_figure_vs_tables", "Resultat", "outcome", 1, 2, 0.1, table="key_figures", source="2030/x.csv:20"
            ),
            finding("key_figure_vs_tables", "IT", "outcome", 12, 13, 0.1, table="key_figures", source="2030/x.csv:21"),
            finding("total_vs_rows", "Totalt", "outcome", 1, 2, 0.1),
            finding("total_vs_rows", "Totalt", "outcome", 1, 2, 0.1, year=2029),
            finding("total_vs_rows", "Totalt", "outcome", 1, 2, 0.1, table="costs_by_cost_type"),
        ]
    )
    kept = inv.chapter_findings(findings, facts, 2030)
    assert sorted(kept["source"]) == ["2030/x.csv:2", "2030/x.csv:21"]


def test_key_figures_of_tiny_facts(tiny):
    figures = {f.key: f for f in inv.key_figures(tiny, 2030, "en")}
    assert all(isinstance(f, KeyFigure) for f in figures.values())
    assert figures["frame_total_msek"].value == 50 and figures["outcome_total_msek"].value == 32
    assert (
        figures["utilisation_total_percent"].derived
        and "outcome / frame" in figures["utilisation_total_percent"].formula
    )
    assert figures["backlog_msek"].value is None and figures["cases_planned"].value is None
    assert figures["it_trend_growth_percent"].value is None and figures["it_history_n"].value == 1


# --------------------------------------------------------------------------- texts


# --------------------------------------------------------------------------- shipped facts


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    processed = tmp_path_factory.mktemp("processed")
    clean(raw_dir=None, processed_dir=processed)
    return processed


def reported(facts, year, item, measure, table="investments"):
    sel = facts[
        (facts["table"] == table)
        & (facts["report_year"] == year)
        & (facts["item"] == item)
        & (facts["measure"] == measure)
        & (facts["parent"] == "")
    ]
    assert len(sel) == 1
    return float(sel["value"].iloc[0])


@pytest.mark.parametrize("year", [2017, 2019])
def test_key_figures_on_shipped_facts_match_the_facts_table(shipped, year):
    facts, _findings = inv.load(year, shipped)
    assert facts["report_year"].max() == year
    kf = {f.key: f.value for f in inv.key_figures(facts, year, "sv")}
    assert kf["frame_total_msek"] == reported(facts, year, "Totalt", "frame")
    assert kf["outcome_total_msek"] == reported(facts, year, "Totalt", "outcome")
    assert kf["utilisation_total_percent"] == pytest.approx(reported(facts, year, "Totalt", "percent"))
    assert kf["outcome_prior_msek"] == reported(facts, year, "Totalt", "outcome_prior_decisions")
    assert kf["outcome_current_msek"] == reported(facts, year, "Totalt", "outcome_current_decisions")
    assert kf["it_outcome_msek"] == reported(facts, year, "IT", "outcome")
    assert kf["mt_outcome_msek"] == reported(facts, year, "MT", "outcome")


def test_shipped_2017(shipped):
    facts, findings = inv.load(2017, shipped)
    rows = inv.investment_rows(facts, 2017)
    assert inv.row(rows, "IT")["percent"] == pytest.approx(16 / 9 * 100)  # 178 %
    assert "IT 178\u00a0%" in inv.utilisation_text(rows, 2017, "sv")
    kf = {f.key: f.value for f in inv.key_figures(facts, 2017, "en")}
    assert kf["backlog_msek"] is None
    assert (kf["cases_planned"], kf["cases_completed"]) == (140, 44)
    assert kf["cases_completion_percent"] == pytest.approx(44 / 140 * 100)
    assert kf["it_history_n"] == 4 and kf["it_trend_growth_percent"] is None
    summary = inv.case_summary(inv.cases(facts, 2017))
    assert (summary.prior_completed, summary.prior_remaining) == (116, 13)
    burden = inv.it_frame_burden(facts, rows, 2017)
    assert burden.projects == (("Tyst vårdmiljö", 8.3),) and burden.burden == 24
    text = plain(inv.burden_text(burden, "en"))
    assert "IT outcome of 16 MSEK, Tyst vårdmiljö was financed with 8.3 MSEK" in text
    assert "carried 24 MSEK, 267% of the approved IT frame of 9 MSEK" in text
    assert inv.chapter_findings(findings, facts, 2017).empty


def test_shipped_2019(shipped):
    facts, findings = inv.load(2019, shipped)
    rows = inv.investment_rows(facts, 2019)
    subs = rows[rows["parent"] != ""]
    assert set(subs["item"]) == {
        "Datacenter (nät och server)",
        "Skrivare",
        "Telefoni",
        "Video",
        "Tyst vårdmiljö",
        "Närsjukvården",
        "Länssjukvården",
    }
    assert subs["frame"].isna().all()
    kf = {f.key: f.value for f in inv.key_figures(facts, 2019, "sv")}
    backlog = facts[
        (facts["table"] == "key_figures") & (facts["measure"] == "behind_plan") & (facts["report_year"] == 2019)
    ]
    assert kf["backlog_msek"] == float(backlog["value"].iloc[0]) == 30
    assert kf["cases_planned"] is None and kf["cases_completed"] is None
    hist = inv.it_history(facts, 2019)
    assert list(hist["year"]) == [2014, 2015, 2016, 2017, 2019]
    assert hist.set_index("year").loc[2019, "value"] == reported(facts, 2019, "IT", "outcome") == 14.7
    assert inv.missing_years(hist) == [2018]
    assert kf["it_history_n"] == 5
    assert kf["it_trend_growth_percent"] == pytest.approx(inv.it_trend(hist).growth_percent)
    assert inv.it_frame_burden(facts, rows, 2019) is None
    gaps = inv.subrow_gaps(facts, inv.chapter_findings(findings, facts, 2019), 2019)
    assert [(g.parent, g.subrows, g.reported, g.total_reported) for g in gaps] == [
        ("IT", ("Tyst vårdmiljö",), 14.7, 70.5)
    ]
    assert gaps[0].recomputed == pytest.approx(16.2)
    en = plain(inv.quality_text(gaps, "en"))
    assert "equals the sub-row Tyst vårdmiljö" in en and "uses 14.7 MSEK" in en
    # the printed figures stay as printed
    assert reported(facts, 2019, "Totalt", "outcome") == 70.5


def test_load_refuses_a_year_that_was_not_cleaned(shipped):
    from analysis.exceptions import UnknownYearError

    with pytest.raises(UnknownYearError, match="available years: 2017, 2019"):
        inv.load(2018, shipped)


def test_text_helper_t_is_used_for_titles():
    assert t("investment_pace.title", "en", year=2019) == "Investment pace against plan 2019"


# --------------------------------------------------------------------------- the investment register (issue 19)


def register_projects() -> pd.DataFrame:
    """Four projects of 2030: P1 and P3 decided earlier, P2 and P4 in 2030 (kr)."""
    rows = [
        ("P1", "Nät", "IT", "Datacenter (nät och server)", 2029, 2_000_000, 1_500_000),
        ("P2", "Skrivare", "IT", "Skrivare", 2030, 800_000, 900_000),
        ("P3", "Röntgen", "MT", "Länssjukvården", 2028, 4_000_000, 2_500_000),
        ("P4", "EKG", "MT", "Närsjukvården", 2030, 3_000_000, 3_000_000),
    ]
    frame = pd.DataFrame(
        rows, columns=["project", "name", "category", "subrow", "decision_year", "plan_kr", "outcome_kr"]
    )
    frame["earlier_decision"] = frame["decision_year"] < 2030
    frame["behind_plan_kr"] = frame["plan_kr"] - frame["outcome_kr"]
    frame["outcome_from"], frame["synthetic"], frame["status"] = "register", False, "Pågående"
    return frame


def test_register_pace_per_category_and_decision_group():
    found = inv.category_pace(register_projects()).set_index(["category", "group"])
    # IT earlier: P1 plan 2,0, outcome 1,5 → 75 %, 0,5 behind; IT 2030: P2 0,8 / 0,9 → 112,5 %, −0,1
    assert found.loc[("IT", "prior"), ["plan", "outcome", "pace_percent", "behind"]].tolist() == pytest.approx(
        [2.0, 1.5, 75.0, 0.5]
    )
    assert found.loc[("IT", "current"), "pace_percent"] == pytest.approx(112.5)
    # Totalt: plan 9,8, outcome 7,9 → 80,6 %; earlier decisions 0,5 + 1,5 = 2,0 behind
    assert found.loc[("Totalt", "all"), ["plan", "outcome"]].tolist() == pytest.approx([9.8, 7.9])
    assert found.loc[("Totalt", "all"), "pace_percent"] == pytest.approx(7.9 / 9.8 * 100)
    assert found.loc[("Totalt", "prior"), "behind"] == pytest.approx(2.0)
    assert found.loc[("MT", "prior"), "projects"] == 1


def test_register_furthest_behind_and_texts():
    projects = register_projects()
    top = inv.furthest_behind(projects)
    assert list(top["project"]) == ["P3", "P1"]  # 1,5 and 0,5; P2 is ahead, P4 on plan
    assert plain(inv.behind_text(projects, "sv")) == (
        "Längst efter plan ligger: Röntgen (P3, Länssjukvården) 1,5 mnkr; "
        "Nät (P1, Datacenter (nät och server)) 0,5 mnkr."
    )
    prose = pd.DataFrame(
        [fact("Investeringar beslutade före 2030", "behind_plan", 30.0, table="key_figures", parent="MT", decimals=0)]
    )
    prose["domain"], prose["unit"], prose["comment"] = "investments", "MSEK", "cirka"
    text = plain(inv.lag_text(projects, prose, 2030, "sv"))
    assert "De 2 projekten beslutade före 2030 ligger sammanlagt 2,0 mnkr efter plan (IT 0,5 mnkr, MT 1,5 mnkr" in text
    assert "anger cirka 30 mnkr efter plan för MT; registret ger 1,5 mnkr." in text
    assert "7,9 mnkr, 81 % av planen" in plain(inv.pace_text(projects, 2030, "sv"))


def test_register_key_figures_and_a_year_without_register():
    kf = {f.key: f for f in inv.register_key_figures(register_projects(), "sv")}
    assert kf["register_plan_msek"].value == pytest.approx(9.8)
    assert kf["register_behind_prior_msek"].value == pytest.approx(2.0) and kf["register_behind_prior_msek"].derived
    assert kf["register_projects_behind"].value == 2
    empty = register_projects().iloc[0:0]
    assert all(f.value is None for f in inv.register_key_figures(empty, "sv"))
    assert inv.register_pace_table(empty, 2030, "sv") is None and inv.projects_table(empty, 2030, "sv") is None
