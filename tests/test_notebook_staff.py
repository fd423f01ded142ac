"""The chapter notebooks "Medarbetare" (05), "Styrkort och måluppfyllelse" (06) and "Uppdrag
och internkontroll" (07), executed with papermill for each shipped year and once in English;
their recorded key figures are checked against the facts table."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill as pm
import pytest

from analysis import paths
from analysis.facts.pipeline import clean
from analysis.presentation import keyfigures
from notebook_outputs import outputs_text
from test_notebook_mt import _fact

pytestmark = pytest.mark.notebooks

NOTEBOOKS = {
    "staff": paths.notebooks_dir() / "05_staff.ipynb",
    "scorecard": paths.notebooks_dir() / "06_scorecard.ipynb",
    "assignments": paths.notebooks_dir() / "07_assignments.ipynb",
}


@pytest.fixture(scope="module")
def processed(tmp_path_factory) -> tuple[Path, object]:
    """The shipped raw exports cleaned into a tmp processed folder, once for this module."""
    folder = tmp_path_factory.mktemp("staff-notebooks") / "processed"
    return folder, clean(raw_dir=None, processed_dir=folder)


@pytest.fixture(scope="module")
def run(processed, tmp_path_factory):
    """Execute a notebook once per (chapter, year, lang); results cached for the module."""
    folder, _result = processed
    done: dict[tuple[str, int, str], dict] = {}

    def execute(chapter: str, year: int, lang: str = "sv") -> dict:
        if (chapter, year, lang) not in done:
            out = tmp_path_factory.mktemp("out") / f"{chapter}_{year}_{lang}.ipynb"
            pm.execute_notebook(
                str(NOTEBOOKS[chapter]),
                str(out),
                kernel_name="python3",
                progress_bar=False,
                parameters=dict(year=year, lang=lang, processed_dir=str(folder)),
            )
            done[(chapter, year, lang)] = nbformat.read(str(out), as_version=4)
        return done[(chapter, year, lang)]

    return execute


def _kf(nb: dict, chapter: str, year: int) -> dict:
    recorded = keyfigures.read(nb)
    assert recorded["chapter"] == chapter and recorded["year"] == year
    return keyfigures.as_dict(recorded)


@pytest.mark.parametrize("year", [2017, 2019])
def test_staff_key_figures_match_the_facts(run, processed, year):
    facts = processed[1].facts
    nb = run("staff", year)
    kf = _kf(nb, "staff", year)
    own = facts[facts["report_year"] == year]
    goal = _fact(own, table="key_figures", item="Sjukfrånvaro totalt", measure="target", year=year)
    assert kf["sick_leave_goal_percent"] == goal == 3
    if year == 2019:
        assert kf["sick_leave_total_percent"] == _fact(own, table="sick_leave", item="Totalt", year=2019) == 4.0
        assert kf["staff_turnover_percent"] == 13 and kf["overtime_change_percent"] == 14
    else:
        total = _fact(own, table="key_figures", item="Sjukfrånvaro totalt", measure="percent", year=2017)
        assert kf["sick_leave_total_percent"] == total == 3.41
        assert kf["overtime_hours"] == 1880 and kf["rehab_cases_count"] == 2 and kf["rehab_cases_goal_count"] == 0
    text = outputs_text(nb)
    assert "Sjukfrånvaro över åren" in text and "Traceback" not in text
    if year == 2019:
        assert "Exporterna anger inga gruppstorlekar" in text
    else:
        assert "Uppgift saknas för 2017: sjukfrånvaro per kön" in text


@pytest.mark.parametrize("year", [2017, 2019])
def test_scorecard_key_figures_match_the_facts(run, processed, year):
    facts = processed[1].facts
    rows = facts[(facts["report_year"] == year) & (facts["table"] == "scorecard") & (facts["measure"] == "fulfilment")]
    kf = _kf(run("scorecard", year), "scorecard", year)
    assert kf["scorecard_achieved_count"] == (rows["value"] == 1).sum()
    assert kf["scorecard_partly_count"] == (rows["value"] == 0.5).sum()
    assert kf["scorecard_not_achieved_count"] == (rows["value"] == 0).sum()
    assert kf["scorecard_not_stated_count"] == rows["value"].isna().sum()
    expected = {2019: (8, 2, 6, 7), 2017: (0, 0, 0, 31)}[year]
    keys = ("achieved", "partly", "not_achieved", "not_stated")
    assert tuple(kf[f"scorecard_{k}_count"] for k in keys) == expected
    text = outputs_text(run("scorecard", year))
    assert "Måluppfyllelse per perspektiv" in text
    if year == 2019:
        assert "● Uppnått" in text and "Årsrapporten 2017 anger ingen måluppfyllelse" in text


@pytest.mark.parametrize("year", [2017, 2019])
def test_assignments_key_figures_match_the_facts(run, processed, year):
    facts = processed[1].facts
    status = facts[(facts["report_year"] == year) & (facts["table"] == "assignments") & (facts["measure"] == "status")]
    kf = _kf(run("assignments", year), "assignments", year)
    assert kf["assignments_count"] == len(status)
    assert kf["assignments_completed_count"] == (status["value"] == 1).sum()
    assert kf["assignments_postponed_count"] == (status["value"] == 3).sum()
    assert kf["internal_control_count"] == {2017: None, 2019: 5}[year]
    text = outputs_text(run("assignments", year))
    assert "Senarelagt och fortsätter" in text
    if year == 2017:
        assert "Uppgift saknas för 2017: internkontroll" in text


def test_english_headings(run):
    for chapter, headings, swedish in (
        ("staff", ("Staff, 2019", "Sick leave over the years", "Sick leave of women and men"), "Sjukfrånvaro över"),
        ("scorecard", ("Goal fulfilment per perspective", "● Achieved", "▲ Partly achieved"), "Måluppfyllelse per"),
        (
            "assignments",
            ("Assignments by status", "Internal control", "Postponed and continuing"),
            "Uppdrag per status",
        ),
    ):
        nb = run(chapter, 2019, "en")
        text = outputs_text(nb)
        assert all(h in text for h in headings), chapter
        assert swedish not in text
        assert keyfigures.read(nb)["lang"] == "en"
