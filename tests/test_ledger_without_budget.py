"""A ledger year without a budget after a ledger year with one (issue 18), and a ledger
that holds no costs: the chapters build from the outcome and say in one line what is missing.

The fixture writes SYNTHETIC example ledgers (``python -m analysis example-ledger``, few
rows) for 2020 (with ``budget.csv``) and 2021 (no budget, every amount × 1,1, so MT grows
+10 % on 2020), cleans them into ``tmp_path`` and reads the chapters' views from there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis.chapters import costs, mt
from analysis.chapters import ledger_months as monthly
from analysis.chapters import over_the_years as over_years
from analysis.facts import pipeline

ROOT = Path(__file__).resolve().parents[1]
MAPPINGS = ("kontoplan.csv", "ansvar.csv", "objekt.csv")


def _copy_year(source: Path, target: Path, year: int, scale: float, files: tuple[str, ...]) -> None:
    """The example's 2019 CSVs as ``year`` (periods moved, amounts × ``scale``)."""
    target.mkdir(parents=True)
    for name in files:
        lines = (source / name).read_text("cp1252").splitlines()
        amount = lines[0].split(";").index("Belopp")
        out = [lines[0]]
        for line in lines[1:]:
            cells = line.split(";")
            cells[0] = f"{year}{cells[0][4:]}"
            value = round(float(cells[amount].replace(",", ".")) * scale, 2)
            cells[amount] = f"{value:.2f}".replace(".", ",")
            out.append(";".join(cells))
        (target / name).write_text("\r\n".join(out) + "\r\n", "cp1252")


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> tuple[Path, Path]:
    """Raw and processed folders: 2020 ledger with budget, 2021 ledger without."""
    base = tmp_path_factory.mktemp("budgetless")
    example = base / "example"
    command = [sys.executable, "-m", "analysis", "example-ledger", "--year", "2019", "--rows", "432"]
    subprocess.run([*command, "--no-tables", "--out", str(example)], check=True, cwd=ROOT, capture_output=True)
    raw, processed = base / "raw", base / "processed"
    raw.mkdir()
    for name in MAPPINGS:
        shutil.copy(example / "csv" / name, raw / name)
    _copy_year(example / "csv" / "2019", raw / "2020", 2020, 1.0, ("huvudbok.csv", "budget.csv"))
    _copy_year(example / "csv" / "2019", raw / "2021", 2021, 1.1, ("huvudbok.csv",))
    pipeline.clean(None, raw_dir=raw, processed_dir=processed)
    return raw, processed


def _history(two_years, year: int = 2021) -> over_years.History:
    raw, processed = two_years
    return over_years.load(year, processed, raw)


def test_mt_of_a_budgetless_year_has_its_outcome_and_growth_on_the_previous_ledger(two_years):
    history = _history(two_years)
    figs = mt.year_figures(history)
    assert figs is not None and figs.view == "cost_type"
    assert not figs.has_budget and figs.budget is None and figs.deviation_recomputed is None
    assert figs.outcome == pytest.approx(19 * 1.1, abs=0.01)
    assert figs.growth_origin == "computed" and figs.base_year == 2020
    assert figs.growth_percent == pytest.approx(10.0, abs=0.05)
    text = mt.summary(figs, mt.comparison_over_years(history, figs), "sv", 2021)
    assert "inga MT-uppgifter" not in text
    assert "ingen budget" in text and "+10,0\u00a0%" in text and "2020" in text


def test_the_year_with_a_budget_keeps_its_deviation(two_years):
    figs = mt.year_figures(_history(two_years, 2020))
    assert figs.has_budget and figs.deviation_recomputed == pytest.approx(12 - 19, abs=0.01)


def test_costs_of_a_budgetless_year_show_the_outcome_and_say_there_is_no_budget(two_years):
    raw, processed = two_years
    facts, findings = costs.load(2021, processed, raw)
    view = costs.normalised(facts, 2021, costs.COST_TYPE)
    assert not view.empty and not costs.views.has_budget(view)
    frame = costs.deviation_frame(view, "sv", findings)
    assert not any("Budget" in c or "Avvikelse" in c for c in frame.columns)
    text = costs.summary(facts, findings, 2021, "sv")
    assert "239,8\u00a0mnkr" in text and "ingen budget" in text
    figures = {f.key: f.value for f in costs.key_figures(facts, findings, 2021, "sv")}
    assert figures["has_budget"] is False and figures["total_deviation_recomputed_msek"] is None


def test_development_against_the_previous_ledger_year_in_the_costs_chapter(two_years):
    history = _history(two_years)
    change = over_years.last_change(costs.total_changes(history, costs.COST_TYPE), 2021)
    assert change is not None and int(change["from_year"]) == 2020
    assert change["change_percent"] == pytest.approx(10.0, abs=0.05)
    assert costs.years.budgetless_years(history, costs.COST_TYPE) == [2021]


def test_monthly_rows_without_budget_show_the_outcome(two_years):
    raw, processed = two_years
    rows = mt.monthly_rows(pipeline.load_monthly(2021, processed, raw), 2021)
    assert not monthly.has_budget(rows)
    frame = mt.category_frame(rows, "sv")
    assert len(frame.columns) == 2 and frame.columns[1] == "Utfall"


def _income_only(raw: Path, mappings: Path, with_exports: bool) -> None:
    """A 2021 ledger with income accounts only (and the 2019 scorecard as another export)."""
    (raw / "2021").mkdir(parents=True)
    for name in MAPPINGS:
        shutil.copy(mappings / name, raw / name)
    rows = ["Period;Konto;Ansvar;Aktivitet;Objekt;Belopp;Text"]
    rows += [f"2021{m:02d};3010;1500;;;-1000,00;Exempeldata intäkt" for m in range(1, 13)]
    (raw / "2021" / "huvudbok.csv").write_text("\r\n".join(rows) + "\r\n", "cp1252")
    if with_exports:
        shutil.copy(ROOT / "data" / "raw" / "2019" / "styrkort.csv", raw / "2021" / "styrkort.csv")


@pytest.fixture
def income_only(two_years, tmp_path):
    def make(with_exports: bool) -> tuple[Path, Path]:
        raw, processed = tmp_path / "raw", tmp_path / "processed"
        _income_only(raw, two_years[0], with_exports)
        pipeline.clean(None, raw_dir=raw, processed_dir=processed)
        return raw, processed

    return make


def test_a_ledger_without_costs_gives_one_line(income_only):
    raw, processed = income_only(True)
    ctx = {"year": 2021, "raw_dir": raw, "processed_dir": processed}
    ledger = monthly.load(ctx)
    note = monthly.no_costs_note(ctx, ledger, "sv")
    assert "innehåller inga kostnader" in note and "2021/huvudbok.csv" in note
    history = over_years.load(2021, processed, raw)
    figs = mt.year_figures(history)
    assert figs is None
    assert mt.summary(figs, mt.comparison_over_years(history, figs), "sv", 2021, note) == note
    facts, findings = costs.load(2021, processed, raw)
    assert costs.summary(facts, findings, 2021, "sv", note) == note


def test_a_ledger_without_costs_and_no_other_export_loads(income_only):
    """A year whose only export is a ledger without costs has raw files but no facts: it is
    still a cleaned year (the years come from raw_files, not from facts)."""
    raw, processed = income_only(False)
    ctx = {"year": 2021, "raw_dir": raw, "processed_dir": processed}
    assert monthly.no_costs_note(ctx, monthly.load(ctx), "sv")


@pytest.mark.notebooks
@pytest.mark.parametrize("notebook", ["02_cost_development", "03_mt_maintenance_growth", "04_investment_pace"])
def test_the_chapters_of_the_budgetless_year_build(two_years, notebook, tmp_path):
    import papermill

    from analysis.presentation import keyfigures
    from notebook_outputs import outputs_text

    raw, processed = two_years
    out = tmp_path / f"{notebook}.ipynb"
    papermill.execute_notebook(
        str(ROOT / "notebooks" / f"{notebook}.ipynb"),
        str(out),
        parameters=dict(year=2021, lang="sv", raw_dir=str(raw), processed_dir=str(processed)),
        kernel_name="python3",
        progress_bar=False,
    )
    text = outputs_text(nbformat.read(out, as_version=4))
    assert "inga MT-uppgifter" not in text
    if notebook == "03_mt_maintenance_growth":
        recorded = keyfigures.as_dict(keyfigures.read(out))
        assert recorded["mt_growth_percent"] == pytest.approx(10.0, abs=0.05)
        assert recorded["mt_growth_base_year"] == 2020
        assert recorded["mt_outcome_msek"] == pytest.approx(20.9, abs=0.01)
        assert "Ingen budget för 2021" in text
    if notebook == "02_cost_development":
        assert "Ingen budget för 2021" in text and "239,8\u00a0mnkr" in text
