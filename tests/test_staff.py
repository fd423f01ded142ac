"""Chapter "Medarbetare": sick leave over the years against its goal, its parts and groups,
overtime, turnover and rehabilitation cases from the shipped facts, and the small-group
disclosure rule on a generated export with a group of four."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.chapters import staff
from analysis.chapters.over_the_years import History
from analysis.facts.pipeline import clean
from analysis.presentation import disclosure, keyfigures
from analysis.texts import t

from conftest import write_export


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The shipped exports cleaned once into tmp: the facts of every report year."""
    return clean(raw_dir=None, processed_dir=tmp_path_factory.mktemp("staff") / "processed").facts


def figures(history: History, lang: str = "sv") -> dict:
    points = staff.sick_leave_series(history)
    return {f.key: f.value for f in staff.key_figures(history, points, lang)}


def test_sick_leave_over_the_years_from_both_reports_with_the_goal(shipped):
    points = staff.sick_leave_series(History.of(shipped, 2019))
    assert points["year"].tolist() == [2016, 2017, 2018, 2019]
    # 2016, 2017: "3,49 %" and "3,41 %" in the 2017 report's text; 2018, 2019: its table "Totalt 3,8 % / 4,0 %"
    assert points["value"].tolist() == [3.49, 3.41, 3.8, 4.0]
    assert points["source"].tolist() == [
        "2017/nyckeltal.csv:22",
        "2017/nyckeltal.csv:23",
        "2019/sjukfranvaro.csv:4",
        "2019/sjukfranvaro.csv:4",
    ]
    assert math.isnan(points["goal"].iloc[0]) and points["goal"].iloc[1] == 3 and points["goal"].iloc[3] == 3
    early = staff.sick_leave_series(History.of(shipped, 2017))
    assert early["year"].tolist() == [2016, 2017]


def test_key_figures_for_the_summary_and_the_change(shipped):
    kf = figures(History.of(shipped, 2019))
    assert kf["sick_leave_total_percent"] == 4.0 and kf["sick_leave_goal_percent"] == 3.0
    assert kf["sick_leave_total_change_points"] == pytest.approx(0.2)
    assert kf["sick_leave_short_percent"] == 2.2 and kf["sick_leave_long_percent"] == 1.8
    assert kf["sick_leave_women_percent"] == 2.44 and kf["sick_leave_men_percent"] == 4.67
    assert kf["overtime_change_percent"] == 14 and kf["overtime_hours"] is None
    assert kf["staff_turnover_percent"] == 13
    assert kf["rehab_cases_count"] is None
    kf = figures(History.of(shipped, 2017))
    assert kf["sick_leave_total_percent"] == 3.41 and kf["sick_leave_goal_percent"] == 3.0
    assert kf["sick_leave_total_change_points"] == pytest.approx(-0.08)
    assert kf["overtime_hours"] == 1880 and kf["overtime_change_percent"] == -40
    assert kf["rehab_cases_count"] == 2 and kf["rehab_cases_goal_count"] == 0
    assert kf["sick_leave_short_percent"] is None and kf["sick_leave_women_percent"] is None
    assert kf["staff_turnover_percent"] is None


def test_overtime_as_printed_hours_and_changes_with_their_base_year(shipped):
    rows = staff.overtime_rows(History.of(shipped, 2019).facts)
    printed = list(zip(rows["year"], rows["item"], rows["measure"], rows["value"], rows["base_year"]))
    assert printed == [
        (2016, "Övertid", "hours", 3128, 2015),
        (2017, "Övertid", "hours", 1880, 2016),
        (2017, "Övertid", "change_percent", -40, 2016),
        (2019, "Extratid", "change_percent", 14, 2018),
    ]


def test_a_group_of_ten_is_withheld_and_one_of_eleven_shown():
    """The law's rule for the sick-leave reporting: 10 employees or fewer are not shown."""
    assert disclosure.MAX_WITHHELD == 10
    assert disclosure.status(4) == disclosure.status(10) == disclosure.status(10.0) == disclosure.WITHHELD
    assert disclosure.status(11) == disclosure.status(10.5) == disclosure.SHOWN
    assert disclosure.status(None) == disclosure.status(float("nan")) == disclosure.SIZE_UNKNOWN


def test_shipped_groups_have_no_size_so_they_are_shown_as_published(shipped):
    frame = staff.by_sex_frame(shipped, 2019)
    assert set(frame["disclosure"]) == {disclosure.SIZE_UNKNOWN}
    assert frame["value"].notna().all()
    assert disclosure.note(frame, "sv") == t("disclosure.no_sizes", "sv", n=10)
    assert "no group sizes" in disclosure.note(frame, "en")


def printed_by_sex(tmp_path, men: str, total: str | None = "4,0 %"):
    """GENERATED FIXTURE DATA (not from a report): the 2019 breakdown by sex with head
    counts, women 4 people in 2019, men 31 at ``men``, and the 2019 total ``total`` (None:
    no total printed), written in tmp_path only."""
    raw = tmp_path / "GENERATED_FIXTURE_DATA" / "raw"
    lines = ["Ack per;201912;201812;Antal 201912", "Kvinnor;2,44%;2,07%;4", f"Män;{men};4,47%;31"]
    write_export(raw / "2019" / "sjukfranvaro_per_kon.csv", lines)
    if total is not None:
        head = "Sjukfrånvaro (% av ordinarie arbetstid);Totalt 2019 jan-dec;Totalt 2018 jan-dec"
        write_export(
            raw / "2019" / "sjukfranvaro.csv", [head, "Kort;2,2 %;2,4%", "Lång;1,8 %;1,4 %", f"Totalt;{total};3,8 %"]
        )
    return clean(raw_dir=raw, processed_dir=tmp_path / "processed").facts


@pytest.fixture
def group_of_four(tmp_path):
    return printed_by_sex(tmp_path, "4,67%")


def test_a_group_of_four_is_withheld_with_the_reason_and_the_other_shown(group_of_four):
    sizes = group_of_four[group_of_four["measure"] == "count"]
    assert sorted(zip(sizes["item"], sizes["value"], sizes["unit"])) == [("Kvinnor", 4, "count"), ("Män", 31, "count")]
    frame = staff.by_sex_frame(group_of_four, 2019)
    state = {(r.item, r.year): (r.disclosure, r.value) for r in frame.itertuples()}
    assert state[("Kvinnor", 2019)][0] == disclosure.WITHHELD and math.isnan(state[("Kvinnor", 2019)][1])
    # men 4,67 % above the total 4,0 %: women's figure lies below 4,0 %, anywhere from 0: men shown
    assert state[("Män", 2019)] == (disclosure.SHOWN, 4.67)
    assert state[("Kvinnor", 2018)] == (disclosure.SIZE_UNKNOWN, 2.07)  # no head count for 2018
    note = disclosure.note(frame, "sv")
    assert t("disclosure.withheld", "sv", n=10) in note and t("disclosure.no_sizes", "sv", n=10) in note
    assert t("disclosure.complement_recomputable", "sv") not in note
    html = staff.by_sex_view(group_of_four, 2019, "sv").to_html()
    assert "visas inte (10 anställda eller färre)" in html and "skulle avslöja" not in html
    assert "2,44" not in html and "4,67" in html and "4,47" in html  # 2018: no sizes, as published
    kf = figures(History.of(group_of_four, 2019))
    assert kf["sick_leave_women_percent"] is None and kf["sick_leave_men_percent"] == 4.67


def test_a_printed_group_beside_a_withheld_one_is_withheld_only_where_it_gives_it_away(tmp_path):
    """Issue 27, point 1, the printed breakdown: men at the total's 4,0 % say that women are
    at 4,0 % too, so men are withheld as well; without a printed total nothing follows."""
    same = printed_by_sex(tmp_path / "same", "4,0 %")
    frame = staff.by_sex_frame(same, 2019).set_index(["item", "year"])
    assert frame.loc[("Kvinnor", 2019), "disclosure"] == disclosure.WITHHELD
    assert frame.loc[("Män", 2019), "disclosure"] == disclosure.WITHHELD_COMPLEMENT
    assert math.isnan(frame.loc[("Män", 2019), "value"])
    assert t("disclosure.complement_recomputable", "sv") in disclosure.note(frame.reset_index(), "sv")
    assert "visas inte (skulle avslöja en mindre grupp)" in staff.by_sex_view(same, 2019, "sv").to_html()
    untotalled = staff.by_sex_frame(printed_by_sex(tmp_path / "no_total", "4,0 %", total=None), 2019)
    assert untotalled.set_index(["item", "year"]).loc[("Män", 2019), "disclosure"] == disclosure.SHOWN


def test_secondary_suppression_only_where_the_figures_shown_give_a_withheld_one_away():
    frame = pd.DataFrame(
        {
            "item": ["A", "B", "C", "A", "B", "C"],
            "year": [2020, 2020, 2020, 2021, 2021, 2021],
            "value": [1.0, 2.0, 3.0, 4.0, 5.0, 5.0],
            "size": [4, 40, 19, 3, 2, 50],
        }
    )
    state = lambda out: out.set_index(["item", "year"])["disclosure"].to_dict()
    # 2020: the total 2,5 % lies between B (2 %) and C (3 %): A's figure can be anything
    out = state(disclosure.disclose(frame, totals={2020: 2.5, 2021: 5.0}))
    assert (out[("A", 2020)], out[("B", 2020)], out[("C", 2020)]) == ("withheld", "shown", "shown")
    assert (out[("A", 2021)], out[("B", 2021)], out[("C", 2021)]) == ("withheld", "withheld", "shown")  # two withheld
    # B and C both at the total: A is at it too, so the smallest shown beside it (C, 19) is withheld
    same = frame.assign(value=[1.0, 2.5, 2.5, 4.0, 5.0, 5.0])
    out = state(disclosure.disclose(same, totals={2020: 2.5}))
    assert (out[("A", 2020)], out[("B", 2020)], out[("C", 2020)]) == ("withheld", "shown", "withheld_complement")
    assert state(disclosure.disclose(same))[("C", 2020)] == "shown"  # no total published: nothing follows


def test_a_year_without_the_breakdown_says_so(shipped):
    assert staff.by_sex_view(shipped, 2017, "sv") is None
    assert staff.parts_table(shipped, 2017, "sv") is None


def test_key_figures_are_json_for_the_record(shipped):
    history = History.of(shipped, 2019)
    payload = keyfigures.payload(
        "staff", 2019, "sv", staff.key_figures(history, staff.sick_leave_series(history), "sv")
    )
    derived = [f for f in payload["figures"] if f["derived"] and f["value"] is not None]
    assert [f["key"] for f in derived] == ["sick_leave_total_change_points"]
    assert "2019/sjukfranvaro.csv:4" in derived[0]["formula"]
    assert pd.Series([f["key"] for f in payload["figures"]]).is_unique
