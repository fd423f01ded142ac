"""Series over the report years, their changes, restated figures and stated changes
(analysis.facts.series), on the shipped 2017 and 2019 reports and on a generated 2020
fixture year (tests/fixture_years.py: generated fixture data, never report figures)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.exceptions import RawDataError
from analysis.facts.pipeline import clean, load_facts, load_quality
from analysis.facts.series import (
    CROSS_YEAR_CHECKS,
    assess_claim,
    changes,
    check_claims,
    check_restated,
    claim_status,
    claims,
    cross_year_findings,
    load_aliases,
    series,
    table_series,
)
from fixture_years import COSTS_2020, raw_with_2020

from conftest import SHIPPED_RAW, write_export


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The facts of the shipped reports, cleaned through the pipeline into tmp."""
    processed = tmp_path_factory.mktemp("shipped") / "processed"
    return load_facts(processed_dir=processed, raw_dir=SHIPPED_RAW), load_quality(processed_dir=processed)


@pytest.fixture(scope="module")
def with_2020(tmp_path_factory):
    """(facts, quality, aliases) of the shipped years plus the generated 2020 year."""
    root = tmp_path_factory.mktemp("with_2020")
    raw = raw_with_2020(root / "raw")
    clean(raw_dir=raw, processed_dir=root / "processed")
    facts = load_facts(processed_dir=root / "processed", raw_dir=raw)
    return facts, load_quality(processed_dir=root / "processed"), load_aliases(raw)


def _claim(facts, report_year, item):
    rows = facts[
        (facts["table"] == "key_figures")
        & (facts["measure"] == "change_percent")
        & (facts["report_year"] == report_year)
        & (facts["item"] == item)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


# --- shipped data: two-year changes between the 2017 and 2019 reports ------------------------------


def test_investment_frame_54_to_82_is_a_two_year_change(shipped):
    facts, _ = shipped
    frame = series(facts, "investments", "Totalt", "frame")
    assert list(frame["year"]) == [2017, 2019]
    assert list(frame["value"]) == [54.0, 82.0]
    assert list(frame["kind"]) == ["report", "report"]
    assert list(frame["source"]) == ["2017/investeringar.csv:4", "2019/investeringar.csv:11"]
    change = changes(frame).iloc[0]
    assert (change["from_year"], change["to_year"], change["span"], change["period"]) == (2017, 2019, 2, "two-year")
    assert change["change"] == 28.0
    assert change["change_percent"] == pytest.approx(28 / 54 * 100)
    assert change["annual_rate_percent"] == pytest.approx(((82 / 54) ** 0.5 - 1) * 100)  # 23,2 % a year
    assert change["formula_change"] == "derived: frame 2019 − frame 2017"
    assert change["formula_percent"] == "derived: (frame 2019 / frame 2017 − 1) × 100"
    assert change["formula_rate"] == "derived: ((frame 2019 / frame 2017)^(1/2) − 1) × 100"
    assert (change["from_source"], change["to_source"]) == ("2017/investeringar.csv:4", "2019/investeringar.csv:11")


def test_investment_outcome_45_to_70_5(shipped):
    facts, _ = shipped
    frame = series(facts, "investments", "Totalt", "outcome")
    assert list(frame["value"]) == [45.0, 70.5]
    change = changes(frame).iloc[0]
    assert change["span"] == 2 and change["period"] == "two-year"
    assert change["change"] == pytest.approx(25.5)
    assert change["change_percent"] == pytest.approx(25.5 / 45 * 100)
    assert change["annual_rate_percent"] == pytest.approx(((70.5 / 45) ** 0.5 - 1) * 100)  # 25,2 % a year


def test_no_change_between_the_shipped_reports_is_called_annual(shipped):
    facts, _ = shipped
    for measure in ("frame", "outcome"):
        long = table_series(facts, "investments", measure)
        for _item, one in long.groupby("item"):
            found = changes(one)
            assert (found["span"] == 2).all() and (found["period"] == "two-year").all()


def test_the_result_from_plus_8_7_to_minus_4_8_has_no_percent(shipped):
    facts, _ = shipped
    frame = series(facts, "key_figures", "Resultat", "outcome")
    assert list(frame["year"]) == [2017, 2019]
    assert list(frame["value"]) == [8.7, -4.8]
    assert list(frame["source"]) == ["2017/nyckeltal.csv:3", "2019/nyckeltal.csv:2"]
    change = changes(frame).iloc[0]
    assert change["change"] == pytest.approx(-13.5)
    assert change["period"] == "two-year"
    assert math.isnan(change["change_percent"]) and math.isnan(change["annual_rate_percent"])
    assert change["formula_percent"] == "" and change["formula_rate"] == ""
    by_area = series(facts, "result_by_business_area", "Totalt", "outcome")
    assert list(by_area["year"]) == [2017]
    assert by_area["value"].iloc[0] == pytest.approx(8.689770)  # 8 689 770 kr, the 8,7 mkr of the prose


def test_prior_year_columns_of_a_report(shipped):
    """The 2017 IT specification prints 2014–2016 beside 2017: one-year changes, all annual."""
    facts, _ = shipped
    frame = series(facts, "it_investment_history", "Totalt", "outcome")
    assert list(frame["year"]) == [2014, 2015, 2016, 2017]
    assert list(frame["kind"]) == ["prior_year_column"] * 3 + ["report"]
    assert list(changes(frame)["period"]) == ["annual"] * 3


def test_a_stated_change_fills_a_year_without_a_report(shipped):
    """2019 states +42 % against 2018 for MT service och underhåll (19 mnkr in 2019)."""
    facts, _ = shipped
    frame = series(facts, "costs_by_cost_type", "MT service och underhåll", "outcome")
    assert list(frame["year"]) == [2018, 2019]
    derived = frame.iloc[0]
    assert derived["kind"] == "stated_change" and derived["derived"]
    assert derived["value"] == pytest.approx(19 / 1.42)
    assert derived["formula"] == "derived: outcome 2019 / (1 + 42 / 100)"
    assert derived["source"] == "2019/nyckeltal.csv:8, 2019/kostnader_per_kostnadslag.csv:5"
    assert not frame.iloc[1]["derived"] and frame.iloc[1]["formula"] == ""
    plain = series(facts, "costs_by_cost_type", "MT service och underhåll", "outcome", stated_changes=False)
    assert list(plain["year"]) == [2019]


def test_labels_match_whatever_the_spacing_and_case(shipped):
    facts, _ = shipped
    frame = series(facts, "costs_by_cost_type", "  mt SERVICE  och underhåll ", "outcome", stated_changes=False)
    assert list(frame["value"]) == [19.0]
    assert list(frame["label"]) == ["MT service och underhåll"]


def test_shipped_claims_are_stated_only_and_no_new_finding(shipped):
    facts, quality = shipped
    assert load_aliases(SHIPPED_RAW) == {}
    assert cross_year_findings(facts).empty
    assert check_restated(facts) == [] and check_claims(facts) == []
    assert not quality["check"].isin(CROSS_YEAR_CHECKS).any()
    listed = claims(facts)
    assert len(listed) == 9 and set(listed["status"]) == {"stated only"}
    assert claim_status(facts, _claim(facts, 2019, "MT service och underhåll")) == "stated only"


# --- a generated 2020 year ------------------------------------------------------------------------


def test_fixture_changes_over_three_reports(with_2020):
    facts, _, _ = with_2020
    frame = changes(series(facts, "investments", "Totalt", "frame"))
    assert list(zip(frame["from_year"], frame["to_year"], frame["period"])) == [
        (2017, 2019, "two-year"),
        (2019, 2020, "annual"),
    ]
    assert list(frame["change"]) == [28.0, 8.0]
    assert frame["change_percent"].iloc[1] == pytest.approx(8 / 82 * 100)
    assert frame["annual_rate_percent"].iloc[1] == pytest.approx(8 / 82 * 100)
    outcome = changes(series(facts, "investments", "Totalt", "outcome"))
    assert list(outcome["change"]) == pytest.approx([25.5, -4.5])
    assert outcome["change_percent"].iloc[1] == pytest.approx(-4.5 / 70.5 * 100)
    costs = changes(series(facts, "costs_by_cost_type", "Totalt", "outcome"))
    assert list(zip(costs["from_year"], costs["to_year"], costs["change"])) == [(2019, 2020, 1.0)]


def test_fixture_renamed_row_is_matched_through_the_aliases(with_2020):
    facts, _, aliases = with_2020
    assert aliases == {"costs_by_cost_type": {"mt service och underhåll": "MT-service och underhåll"}}
    for name in ("MT service och underhåll", "MT-service och underhåll"):
        frame = series(facts, "costs_by_cost_type", name, "outcome", aliases=aliases, stated_changes=False)
        assert list(frame["year"]) == [2019, 2020]
        assert list(frame["value"]) == [19.0, 21.0]  # the 2019 report's own 19 wins over 2020's 20,0
        assert list(frame["label"]) == ["MT service och underhåll", "MT-service och underhåll"]
        change = changes(frame).iloc[0]
        assert change["change"] == 2.0 and change["change_percent"] == pytest.approx(2 / 19 * 100)
    unmatched = series(facts, "costs_by_cost_type", "MT service och underhåll", "outcome", stated_changes=False)
    assert list(unmatched["year"]) == [2019]
    long = table_series(facts, "costs_by_cost_type", "outcome", aliases=aliases, stated_changes=False)
    assert list(long.drop_duplicates("item")["item"])[:4] == [
        "Personalkostnader",
        "Avskrivningskostnader",
        "PC-utrullning",
        "MT-service och underhåll",
    ]
    wide = long.pivot(index=["parent", "item"], columns="year", values="value")
    assert wide.loc[("", "MT-service och underhåll")].tolist() == [19.0, 21.0]


def test_fixture_contradicting_claim_is_exactly_one_finding(with_2020):
    facts, quality, aliases = with_2020
    found = quality[quality["check"] == "stated_change"]
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["year"], row["report_year"], row["table"]) == (2020, 2020, "key_figures")
    assert row["item"] == "MT-service och underhåll" and row["measure"] == "change_percent"
    assert row["reported"] == 42.0
    assert row["recomputed"] == pytest.approx((21 / 19 - 1) * 100)  # +10,5 %
    assert row["source"] == (
        "2020/nyckeltal.csv:3, 2019/kostnader_per_kostnadslag.csv:5, 2020/kostnader_per_kostnadslag.csv:5"
    )
    assert "stated 42 % against 2019" in row["message"] and "10,5 %" in row["message"]
    assert claim_status(facts, _claim(facts, 2020, "MT-service och underhåll"), aliases=aliases) == "contradicted"


def test_fixture_agreeing_claims_are_checked(with_2020):
    facts, _, aliases = with_2020
    other = assess_claim(facts, _claim(facts, 2020, "Övriga kostnader"), aliases=aliases)
    assert other.status == "checked" and other.computed == pytest.approx((70 / 75 - 1) * 100)  # stated −7 %
    assert other.interval.lo < -7 < other.interval.hi
    staff = assess_claim(facts, _claim(facts, 2020, "Personalkostnader"), aliases=aliases)
    assert staff.status == "checked" and staff.table == "costs_by_cost_type"
    listed = claims(facts, aliases=aliases).set_index(["report_year", "item"])["status"]
    assert listed[(2019, "MT service och underhåll")] == "stated only"  # still no 2018 table
    assert listed[(2020, "MT-service och underhåll")] == "contradicted"


def test_fixture_restated_prior_year_column_is_exactly_one_finding(with_2020):
    _, quality, _ = with_2020
    found = quality[quality["check"] == "restated_figure"]
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["year"], row["report_year"], row["measure"]) == (2019, 2020, "outcome")
    assert (row["table"], row["item"]) == ("costs_by_cost_type", "MT-service och underhåll")
    assert (row["reported"], row["recomputed"]) == (20.0, 19.0)
    assert row["source"] == "2020/kostnader_per_kostnadslag.csv:5, 2019/kostnader_per_kostnadslag.csv:5"
    assert "20,0 mnkr" in row["message"] and "19 mnkr" in row["message"]


def test_fixture_adds_no_other_finding(with_2020):
    facts, quality, aliases = with_2020
    assert (quality[quality["report_year"] == 2017]).empty
    assert sorted(quality.loc[quality["report_year"] == 2020, "check"]) == ["restated_figure", "stated_change"]
    assert len(quality[quality["report_year"] == 2019]) == 6  # the 2019 report's own inconsistencies
    assert len(cross_year_findings(facts, aliases)) == 2


def test_without_the_aliases_the_renamed_row_is_not_matched(tmp_path):
    """No restatement is seen; the claim is then checked against 2020's own prior-year
    column (20,0 → 21: +5 %), still a contradiction of +42 %."""
    raw = raw_with_2020(tmp_path / "raw", aliases=None)
    clean(raw_dir=raw, processed_dir=tmp_path / "processed")
    quality = load_quality(processed_dir=tmp_path / "processed")
    cross = quality[quality["check"].isin(CROSS_YEAR_CHECKS)]
    assert list(cross["check"]) == ["stated_change"]
    assert cross["recomputed"].iloc[0] == pytest.approx(5.0)
    both = "2020/kostnader_per_kostnadslag.csv:5"  # Utfall 2019 and Utfall 2020 of the same row
    assert cross["source"].iloc[0] == f"2020/nyckeltal.csv:3, {both}, {both}"


def test_a_difference_within_rounding_is_no_restatement(tmp_path):
    """19 printed (18,5–19,5) and 20 printed (19,5–20,5) can be the same figure."""
    costs = [line.replace(";20,0", ";20") for line in COSTS_2020]
    raw = raw_with_2020(tmp_path / "raw", key_figures=None, costs=costs)
    result = clean(raw_dir=raw, processed_dir=tmp_path / "processed")
    assert "restated_figure" not in set(result.findings["check"])


def test_a_year_without_key_figures_cleans(tmp_path):
    raw = raw_with_2020(tmp_path / "raw", key_figures=None)
    result = clean(raw_dir=raw, processed_dir=tmp_path / "processed")
    assert sorted(result.raw_files.loc[result.raw_files["report_year"] == 2020, "table"]) == [
        "costs_by_cost_type",
        "investments",
    ]
    own = result.findings[result.findings["report_year"] == 2020]
    assert list(own["check"]) == ["restated_figure"]


def test_cleaning_one_year_again_recomputes_the_cross_year_findings(tmp_path):
    raw = raw_with_2020(tmp_path / "raw")
    processed = tmp_path / "processed"
    clean(raw_dir=raw, processed_dir=processed)
    clean([2019], raw_dir=raw, processed_dir=processed)
    clean([2020], raw_dir=raw, processed_dir=processed)
    quality = load_quality(processed_dir=processed)
    assert sorted(quality.loc[quality["check"].isin(CROSS_YEAR_CHECKS), "check"]) == [
        "restated_figure",
        "stated_change",
    ]
    write_export(raw / "aliases.csv", ["Tabell;Tidigare namn;Namn"])  # a header only: no aliases
    clean([2019], raw_dir=raw, processed_dir=processed)
    quality = load_quality(processed_dir=processed)
    assert list(quality.loc[quality["check"].isin(CROSS_YEAR_CHECKS), "check"]) == ["stated_change"]


# --- changes on their own ------------------------------------------------------------------------


def _frame(points, measure="outcome"):
    rows = [dict(year=y, value=v, unit="MSEK", source=f"x.csv:{y}", kind="report", measure=measure) for y, v in points]
    return pd.DataFrame(rows)


def test_changes_percent_is_nan_on_a_zero_base_and_the_rate_needs_positive_values():
    found = changes(_frame([(2014, 0.0), (2015, 2.0), (2018, 4.0), (2019, -1.0), (2020, -2.0)]))
    assert list(found["period"]) == ["annual", "three-year", "annual", "annual"]
    assert math.isnan(found["change_percent"].iloc[0])
    assert found["annual_rate_percent"].iloc[1] == pytest.approx((2 ** (1 / 3) - 1) * 100)
    assert math.isnan(found["change_percent"].iloc[2])  # signs differ
    assert found["change_percent"].iloc[3] == pytest.approx(100.0)  # −1 → −2: twice the deficit
    assert math.isnan(found["annual_rate_percent"].iloc[3])
    assert changes(_frame([(2019, 1.0)])).empty


# --- the alias list ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "line", "column", "value"),
    [
        (["Tabell;Tidigare namn;Namn", "kostnader;A;B"], 2, "Tabell", "kostnader"),
        (["Tabell;Tidigare namn;Namn", "investments;A;B", "investments;C; "], 3, "Namn", ""),
        (["Tabell;Tidigare namn;Namn", "investments;A;a"], 2, "Namn", "a"),
        (["Tabell;Tidigare namn;Namn", "investments;A;B", "investments;a;C"], 3, "Tidigare namn", "a"),
        (["Tabell;Tidigare namn;Namn", "investments;A;B", "investments;B;C"], 2, "Namn", "B"),
        (["Tabell;Namn", "investments;A"], 1, "Tidigare namn", "Tabell;Namn"),
    ],
)
def test_a_malformed_alias_row_names_file_line_column_and_value(tmp_path, lines, line, column, value):
    write_export(tmp_path / "aliases.csv", lines)
    with pytest.raises(RawDataError) as err:
        load_aliases(tmp_path)
    assert err.value.path.endswith("aliases.csv")
    assert (err.value.line, err.value.column, err.value.value) == (line, column, value)


def test_aliases_without_a_table_apply_to_every_table(tmp_path, shipped):
    facts, _ = shipped
    write_export(tmp_path / "aliases.csv", ["Tabell;Tidigare namn;Namn", ";Totalt;Summa"])
    aliases = load_aliases(tmp_path)
    assert aliases == {"": {"totalt": "Summa"}}
    assert list(series(facts, "investments", "summa", "frame", aliases=aliases)["value"]) == [54.0, 82.0]
    assert load_aliases(tmp_path / "missing") == {}


# --- series computed once per frame (analysis.facts.frame_memo) ------------------------------------


def test_a_frame_changed_in_place_gives_its_new_series(shipped):
    """A series is computed once per facts frame, but a frame an analyst changes in place in
    JupyterLab gives the changed value at the next call, and a caller changing the series it
    got changes nothing the next caller gets."""
    facts = shipped[0].copy()
    first = series(facts, "investments", "Totalt", "outcome")
    assert list(first["value"]) == [45.0, 70.5]
    first.loc[:, "value"] = 0.0  # the caller's own copy
    assert list(series(facts, "investments", "Totalt", "outcome")["value"]) == [45.0, 70.5]
    own = (facts["table"] == "investments") & (facts["item"] == "Totalt") & (facts["measure"] == "outcome")
    facts.loc[own & (facts["report_year"] == 2019) & (facts["year"] == 2019), "value"] = 71.0
    assert list(series(facts, "investments", "Totalt", "outcome")["value"]) == [45.0, 71.0]
    wide = table_series(facts, "investments", "outcome")
    assert wide[(wide["item"] == "Totalt") & (wide["year"] == 2019)]["value"].tolist() == [71.0]


def test_the_same_series_again_is_not_computed_again(shipped, monkeypatch):
    from analysis.facts import series as series_module

    facts = shipped[0].copy()
    calls = []
    keyed = series_module._keyed
    monkeypatch.setattr(series_module, "_keyed", lambda *a, **k: calls.append(1) or keyed(*a, **k))
    for _ in range(3):
        series(facts, "investments", "Totalt", "outcome", stated_changes=False)
        series(facts, "investments", "IT", "outcome", stated_changes=False)
    assert len(calls) == 1  # the table's rows keyed once for both items and all three rounds
