"""Chapter 1 (data quality): its module on a real cleaning run and its notebook."""

from __future__ import annotations

import shutil
from pathlib import Path

import papermill as pm
import pytest

from analysis import paths
from analysis.chapters import quality
from analysis.facts import pipeline
from analysis.presentation import keyfigures


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory):
    root = tmp_path_factory.mktemp("quality")
    shutil.copytree(paths.raw_dir(), root / "raw")
    result = pipeline.clean(2019, raw_dir=root / "raw", processed_dir=root / "processed")
    return root, result


def test_files_table_lists_every_file_with_checksum_and_status(cleaned):
    _root, result = cleaned
    table = quality.files_table(result.raw_files, "sv")
    assert list(table["Fil"]) == sorted(f"2019/{p.name}" for p in (paths.raw_dir() / "2019").glob("*.csv"))
    assert set(table["Sedan förra körningen"]) == {"ny"}
    assert dict(zip(table["Fil"], table["Teckenkodning"]))["2019/kostnader_per_kostnadslag.csv"] == "cp1252"


def test_units_table_shows_printed_and_normalised_units(cleaned):
    _root, result = cleaned
    table = quality.units_table(result.facts, "en").set_index("Table")
    assert table.loc["Costs by cost type", "Unit as exported"] == "mnkr"
    assert "budget − outcome" in table.loc["Costs by cost type", "Sign convention"]


def test_summary_and_finding_sentences_carry_the_figures(cleaned):
    _root, result = cleaned
    text = quality.summary(result, 2019, "sv")
    assert "6 fel" in text and "8 nya" in text  # 2019: 8 exports
    sentences = quality.finding_sentences(result.findings, "en")
    assert any("MT service och underhåll" in s and "reported -5," in s and "recomputed -7 " in s for s in sentences)


def test_second_run_reports_no_changes(cleaned):
    root, _ = cleaned
    again = pipeline.clean(2019, raw_dir=root / "raw", processed_dir=root / "processed")
    assert quality.change_counts(again.changes)["unchanged"] == len(again.raw_files)
    figures = keyfigures.as_dict({"figures": [f.as_json() for f in quality.key_figures(again, "sv")]})
    assert figures["files_changed"] == 0 and figures["findings_error"] == 6


@pytest.mark.notebooks
@pytest.mark.parametrize("year", [2017, 2019])
def test_notebook_cleans_the_year_and_records_key_figures(year, tmp_path: Path):
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(
        str(paths.notebooks_dir() / "01_data_quality.ipynb"),
        str(out),
        parameters={"year": year, "processed_dir": str(tmp_path / "processed")},
        kernel_name="python3",
        progress_bar=False,
    )
    recorded = keyfigures.read(out)
    figures = keyfigures.as_dict(recorded)
    facts = pipeline.load_facts(year, processed_dir=tmp_path / "processed")
    findings = pipeline.load_quality(year, processed_dir=tmp_path / "processed")
    assert recorded["chapter"] == "data_quality" and recorded["year"] == year
    assert figures["facts_reported"] == int((~facts["derived"]).sum())
    assert figures["findings_error"] == int((findings["severity"] == "error").sum())
    assert figures["files_read"] == len(list((paths.raw_dir() / str(year)).glob("*.csv")))
