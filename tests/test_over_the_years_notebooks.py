"""The chapter notebooks 02, 03 and 04 executed with papermill on the generated 2020 fixture
year (tests/fixture_years.py: GENERATED FIXTURE DATA, never written under data/raw): the key
figures they record over the years, the contradicted claim they show, and a year of system
exports only (no nyckeltal.csv) that builds every chapter."""

from __future__ import annotations

import nbformat
import papermill as pm
import pytest

from analysis import paths
from analysis.facts.pipeline import clean
from analysis.presentation import keyfigures
from fixture_years import KEY_FIGURES_2020, raw_with_2020

pytestmark = pytest.mark.notebooks

CHAPTERS = {
    "costs": "02_cost_development.ipynb",
    "mt": "03_mt_maintenance_growth.ipynb",
    "investments": "04_investment_pace.ipynb",
}


def _project(root, key_figures):
    raw = raw_with_2020(root / "raw", key_figures=key_figures)
    clean(raw_dir=raw, processed_dir=root / "processed")
    return raw, root / "processed"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Execute a chapter for 2020 (with or without its nyckeltal.csv) once; cached."""
    projects = {
        True: _project(tmp_path_factory.mktemp("with-kf"), KEY_FIGURES_2020),
        False: _project(tmp_path_factory.mktemp("without-kf"), None),
    }
    done = {}

    def execute(chapter: str, with_key_figures: bool = True, lang: str = "sv"):
        key = (chapter, with_key_figures, lang)
        if key not in done:
            raw, processed = projects[with_key_figures]
            out = tmp_path_factory.mktemp("out") / f"{chapter}.ipynb"
            pm.execute_notebook(
                str(paths.notebooks_dir() / CHAPTERS[chapter]),
                str(out),
                kernel_name="python3",
                progress_bar=False,
                parameters=dict(year=2020, lang=lang, raw_dir=str(raw), processed_dir=str(processed)),
            )
            done[key] = nbformat.read(str(out), as_version=4)
        return done[key]

    return execute


def text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", output
            data = output.get("data", {})
            parts += [str(data.get(m, "")) for m in ("text/markdown", "text/html")]
    return "\n".join(parts).replace("\u00a0", " ").replace("\\_", "_")


def recorded(nb) -> dict:
    return {f["key"]: f for f in keyfigures.read(nb)["figures"]}


def test_mt_2020_computes_19_to_21_and_shows_the_contradicted_claim(run):
    nb = run("mt")
    kf = recorded(nb)
    assert kf["mt_item"]["value"] == "MT-service och underhåll"
    assert kf["mt_growth_percent"]["value"] == pytest.approx(10.526, abs=1e-3)
    assert kf["mt_growth_percent"]["derived"] and "× 100" in kf["mt_growth_percent"]["formula"]
    assert kf["mt_change_msek"]["value"] == 2.0 and kf["mt_change_msek"]["derived"]
    assert kf["mt_growth_origin"]["value"] == "computed" and kf["mt_growth_base_year"]["value"] == 2019
    assert kf["mt_growth_stated_percent"]["value"] == 42
    assert kf["mt_growth_claim_status"]["value"] == "contradicted"
    shown = text(nb)
    assert "+42 %" in shown and "+10,5 %" in shown and "motsägs av tabellerna" in shown
    assert "2020/nyckeltal.csv:3" in shown
    assert "2019/kostnader_per_kostnadslag.csv:5 → 2020/kostnader_per_kostnadslag.csv:5" in shown
    assert "Angiven förändring mot beräknad" in shown  # the stated_change finding in the quality note
    assert "Siffra ändrad i senare rapport" in shown  # the restated 2019 figure (20,0 against 19)


def test_costs_2020_records_the_changes(run):
    nb = run("costs")
    kf = recorded(nb)
    assert kf["cost_type_total_change_msek"]["value"] == 1.0
    assert kf["cost_type_total_change_percent"]["value"] == pytest.approx(100 / 218)
    assert kf["result_change_msek"]["value"] == pytest.approx(11.8)
    assert kf["result_change_period"]["value"] == "årsförändring 2019→2020"
    shown = text(nb)
    assert "tvåårsförändring 2017→2019" in shown and "årsförändring 2019→2020" in shown
    assert "Kostnader per kostnadsslag över åren" in shown


def test_investments_2020_records_the_changes(run):
    nb = run("investments", lang="en")
    kf = recorded(nb)
    assert kf["frame_total_change_msek"]["value"] == 8.0
    assert kf["outcome_total_change_msek"]["value"] == pytest.approx(-4.5)
    assert kf["frame_total_change_period"]["value"] == "annual change 2019→2020"
    shown = text(nb)
    assert "two-year change 2017→2019" in shown and "Over the years" in shown


@pytest.mark.parametrize("chapter", list(CHAPTERS))
def test_a_year_without_nyckeltal_builds_every_chapter(run, chapter):
    nb = run(chapter, with_key_figures=False)
    shown = text(nb)
    assert "Traceback" not in shown
    assert "Uppgift saknas för 2020" in shown
    kf = recorded(nb)
    if chapter == "mt":
        assert kf["mt_growth_percent"]["value"] == pytest.approx(10.526, abs=1e-3)
        assert kf["mt_growth_claim_status"]["value"] is None
        assert "Uppgift saknas för 2020: förändringar som årsrapportens text anger" in shown
    if chapter == "costs":
        assert "Uppgift saknas för 2020: årets resultat" in shown
        assert kf["cost_type_total_change_msek"]["value"] == 1.0 and kf["result_change_msek"]["value"] is None
    if chapter == "investments":
        assert kf["frame_total_change_msek"]["value"] == 8.0
