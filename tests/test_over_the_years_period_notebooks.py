"""The chapter notebooks 02 and 03 executed with papermill for 2021 with four report years on
file, 2018–2021 (tests/fixture_four_years.py: GENERATED FIXTURE DATA, never written under
data/raw): the growth since the first year with a table value and the average yearly change,
recorded and shown (issue 27, point 2)."""

from __future__ import annotations

import nbformat
import papermill as pm
import pytest

from analysis import paths
from analysis.facts.pipeline import clean
from analysis.presentation import keyfigures
from fixture_four_years import raw_2018_to_2021

pytestmark = pytest.mark.notebooks

CHAPTERS = {"costs": "02_cost_development.ipynb", "mt": "03_mt_maintenance_growth.ipynb"}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Execute a chapter for 2021 once per language; cached."""
    root = tmp_path_factory.mktemp("four-years")
    raw = raw_2018_to_2021(root / "raw")
    clean(raw_dir=raw, processed_dir=root / "processed")
    done = {}

    def execute(chapter: str, lang: str = "sv"):
        if (chapter, lang) not in done:
            out = tmp_path_factory.mktemp("out") / f"{chapter}.ipynb"
            pm.execute_notebook(
                str(paths.notebooks_dir() / CHAPTERS[chapter]),
                str(out),
                kernel_name="python3",
                progress_bar=False,
                parameters=dict(year=2021, lang=lang, raw_dir=str(raw), processed_dir=str(root / "processed")),
            )
            done[(chapter, lang)] = nbformat.read(str(out), as_version=4)
        return done[(chapter, lang)]

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


def test_mt_2021_records_and_shows_19_to_25_since_2019(run):
    nb = run("mt")
    kf = recorded(nb)
    assert kf["mt_since_first_percent"]["value"] == pytest.approx((25 / 19 - 1) * 100)
    assert kf["mt_average_rate_percent"]["value"] == pytest.approx(((25 / 19) ** 0.5 - 1) * 100)
    assert kf["mt_since_first_msek"]["value"] == 6.0 and kf["mt_first_year"]["value"] == 2019
    assert kf["mt_average_rate_percent"]["derived"] and "^(1/2)" in kf["mt_average_rate_percent"]["formula"]
    assert kf["total_costs_since_first_percent"]["value"] == pytest.approx((227 / 218 - 1) * 100)
    assert kf["mt_growth_percent"]["value"] == pytest.approx((25 / 21 - 1) * 100)
    shown = text(nb)
    assert "Sedan 2019" in shown and "+31,6 %" in shown and "+14,7 %" in shown
    assert "Förändring sedan första året" in shown and "Genomsnitt per år sedan första året" in shown


def test_costs_2021_records_and_shows_the_total_since_2019(run):
    nb = run("costs")
    kf = recorded(nb)
    assert kf["cost_type_total_since_first_msek"]["value"] == 9.0
    assert kf["cost_type_total_average_rate_percent"]["value"] == pytest.approx(((227 / 218) ** 0.5 - 1) * 100)
    shown = text(nb)
    assert "sedan första året, 2019→2021" in shown and "+4,1 %" in shown


def test_mt_2021_in_english(run):
    shown = text(run("mt", "en"))
    assert "Since 2019" in shown and "+31.6%" in shown and "Change since the first year" in shown
