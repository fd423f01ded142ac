"""Conventions every chapter notebook keeps, and how it fails on a bad year."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from analysis import paths

NOTEBOOKS = sorted(paths.notebooks_dir().glob("[0-9][0-9]_*.ipynb"))
PARAMETERS = ("year", "lang", "raw_dir", "processed_dir")


def test_the_chapters_exist():
    names = [p.stem for p in NOTEBOOKS]
    assert names == [
        "00_summary",
        "01_data_quality",
        "02_cost_development",
        "03_mt_maintenance_growth",
        "04_investment_pace",
        "05_staff",
        "06_scorecard",
        "07_assignments",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_and_one_parameters_cell(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1 and tagged[0] is nb["cells"][0]
    assert nb["metadata"]["kernelspec"]["name"] == "lansteknik-analysis"
    meta = nb["metadata"]["lansteknik"]
    assert set(meta["title"]) == {"sv", "en"} and meta["chapter"]
    assert meta["cleans"] is (path.stem == "01_data_quality")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_hold_no_logic_no_function_class_branch_or_loop(path: Path):
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        defined = [
            n
            for n in ast.walk(tree)
            if isinstance(
                n,
                (
                    ast.FunctionDef,
                    ast.AsyncFunctionDef,
                    ast.ClassDef,
                    ast.Lambda,
                    ast.If,
                    ast.IfExp,
                    ast.For,
                    ast.While,
                    ast.ListComp,
                    ast.DictComp,
                    ast.SetComp,
                    ast.GeneratorExp,
                ),
            )
        ]
        assert not defined, f"{path.name}: logic belongs in src/analysis/: {cell.source[:80]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_are_typed_and_documented(path: Path):
    params = pm.inspect_notebook(str(path))
    assert tuple(params)[: len(PARAMETERS)] == PARAMETERS  # then the chapter's own, documented
    assert params["year"]["inferred_type_name"] == "int"
    assert params["lang"]["default"] == '"sv"'
    assert all(p["help"] for p in params.values())


def test_help_notebook_lists_the_parameters():
    papermill = Path(sys.executable).with_name("papermill")
    out = subprocess.run(
        [str(papermill), "--help-notebook", str(NOTEBOOKS[1])], capture_output=True, text=True, check=True
    ).stdout
    for name in PARAMETERS:
        assert name in out
    assert '"sv" (Swedish) or "en" (English)' in out


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_unknown_year_stops_with_the_available_years(path: Path, tmp_path: Path):
    with pytest.raises(pm.PapermillExecutionError) as err:
        pm.execute_notebook(
            str(path),
            str(tmp_path / "out.ipynb"),
            kernel_name="python3",
            parameters={"year": 1999, "processed_dir": str(tmp_path / "p")},
            progress_bar=False,
        )
    assert "UnknownYearError" in err.value.ename
    assert "available years: 2017, 2019" in err.value.evalue
