"""Chapter "Uppdrag och internkontroll": counts by status, the list, what was postponed or
continues, and the internal control, from the shipped facts."""

from __future__ import annotations

import pytest

from analysis.chapters import assignments
from analysis.chapters.over_the_years import History
from analysis.facts.pipeline import clean


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    return clean(raw_dir=None, processed_dir=tmp_path_factory.mktemp("assignments") / "processed").facts


def kf(facts, year: int) -> dict:
    return {f.key: f.value for f in assignments.key_figures(History.of(facts, year), "sv")}


def test_2019_counts_by_status(shipped):
    rows = assignments.item_rows(shipped, "assignments", 2019)
    assert len(rows) == 8  # eight headings under "Återrapportering av uppdrag"
    assert assignments.status_counts(rows) == {
        "completed": 0,
        "in_progress": 1,
        "postponed": 4,
        "not_done": 0,
        "not_stated": 3,
    }
    found = kf(shipped, 2019)
    assert found["assignments_count"] == 8 and found["assignments_postponed_count"] == 4
    assert found["assignments_completed_count"] == 0 and found["assignments_not_stated_count"] == 3
    assert found["internal_control_count"] == 5 and found["internal_control_completed_count"] == 4


def test_2017_counts_and_no_internal_control(shipped):
    rows = assignments.item_rows(shipped, "assignments", 2017)
    assert len(rows) == 17 and rows["title"].iloc[0] == "Vård på distans"
    assert assignments.status_counts(rows) == {
        "completed": 3,
        "in_progress": 9,
        "postponed": 1,
        "not_done": 1,
        "not_stated": 3,
    }
    found = kf(shipped, 2017)
    assert found["internal_control_count"] is None and found["internal_control_completed_count"] is None


def test_postponed_and_continuing_work(shipped):
    later = assignments.carried_over(assignments.item_rows(shipped, "assignments", 2019), 2019)
    assert later["title"].tolist() == [
        "Regionens behov av lagring och återsökning av ultraljudsbilder",
        "Integration",
        "Övertagande av investeringsplanering och tillhörande driftbudget",
        "Förvaltningsetableringar inom MT",
        "Styrning av utveckling i Datacenter",
    ]
    assert set(later["continues_in"]) == {2020}
    early = assignments.carried_over(assignments.item_rows(shipped, "assignments", 2017), 2017)
    av = early[early["title"] == "Övertagande av ansvar för all AV-teknik"].iloc[0]
    assert av["status"] == "postponed" and av["continues_in"] == 2018  # "nästa år" in the 2017 report
    assert kf(shipped, 2017)["assignments_carried_over_count"] == len(early) == 6


def test_status_is_shown_as_a_word_and_not_stated_rows_stay(shipped):
    html = assignments.list_table(shipped, "assignments", 2019, "sv").to_html()
    assert ">Nedprioriterat/senarelagt</td>" in html and ">Ej angivet</td>" in html and ">Pågår</td>" in html
    control = assignments.list_table(shipped, "internal_control", 2019, "en").to_html()
    assert "Control activity" in control and ">Completed</td>" in control and "Löpande under året" in control
