"""The package's layout and the habits the ecosystem expects, checked on every test run.

- the subpackages follow the data (facts → texts → presentation → chapters → publishing)
  and import-linter's layers contract in ``pyproject.toml`` holds: no lower layer imports
  a higher one (and a copy of the package with an upward import is caught);
- no module over about 400 lines, no function over about 50;
- ruff finds nothing to lint and nothing to format;
- committed notebooks carry no outputs (nbstripout, also set up as a git filter).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "analysis"
BIN = Path(sys.executable).parent
SUBPACKAGES = ["facts", "texts", "presentation", "commentary", "chapters", "examples", "publishing"]
MAX_MODULE_LINES = 420  # "about 400"
MAX_FUNCTION_LINES = 55  # "about 50"


def tool(name: str) -> str:
    path = BIN / name
    assert path.exists(), f"{name} is not installed in {BIN}: it is pinned in requirements.lock"
    return str(path)


def run(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


def test_the_package_folders_read_as_the_flow():
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert folders == sorted(SUBPACKAGES)
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == [
        "__init__.py",
        "__main__.py",
        "chapter_names.py",
        "exceptions.py",
        "paths.py",
        "periods.py",
        "version.py",
    ]


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_every_subpackage_says_what_it_holds_and_may_import(name):
    doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc) > 200, f"analysis.{name} needs a docstring: what it holds, what it may import"
    assert "import" in doc


def test_lower_layers_never_import_higher_ones():
    result = run(tool("lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 kept, 0 broken" in result.stdout


def _lint_with(tmp_path, module: str, line: str):
    """lint-imports on a copy of the package with ``line`` appended to ``module`` (a path
    under ``src/analysis``)."""
    shutil.copytree(PACKAGE, tmp_path / "src" / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "src" / "analysis" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n")
    env = {"PATH": str(BIN), "PYTHONPATH": str(tmp_path / "src"), "HOME": str(tmp_path)}
    return run(tool("lint-imports"), "--no-cache", cwd=tmp_path, env=env)


def test_the_layers_contract_catches_an_upward_import(tmp_path):
    """A copy of the package in which the facts import the batch breaks the contract."""
    result = _lint_with(tmp_path, "facts/sources/printed/tables.py", "import analysis.publishing.batch.build")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
    assert "analysis.facts.sources.printed.tables -> analysis.publishing.batch.build" in result.stdout


@pytest.mark.parametrize(
    "module, line, contract",
    [
        # a circle anywhere: the batch's plan and its record (the circle there was), and two
        # modules of the facts layer, even through a function-local import
        ("publishing/batch/record.py", "import analysis.publishing.batch.plan", "No module of the package is in"),
        ("facts/freshness.py", "def _f():\n    import analysis.facts.pipeline", "No module of the package is in"),
        ("facts/schema.py", "def _f():\n    import analysis.facts.validate", "No module of the package is in"),
        # a room of publishing reaching up: the pages into the batch, the model into the pages
        ("publishing/pages/index_pages.py", "import analysis.publishing.batch.record", "Publishing's rooms"),
        ("publishing/model.py", "import analysis.publishing.pages.html_export", "Publishing's rooms"),
        # a reader of a source system that reaches for a later step
        ("facts/sources/hr/statistics.py", "import analysis.facts.validate", "import no later step"),
        ("facts/sources/ledger/formats/sie4/reader.py", "import analysis.facts.pipeline", "import no later step"),
        # a ledger format reader that reaches for the aggregation that calls it (issue 18)
        (
            "facts/sources/ledger/formats/ledger_csv.py",
            "import analysis.facts.sources.ledger.aggregate",
            "know nothing",
        ),
    ],
)
def test_each_contract_catches_a_planted_violation(tmp_path, module, line, contract):
    result = _lint_with(tmp_path, module, line)
    assert result.returncode == 1, result.stdout + result.stderr
    broken = [text for text in result.stdout.split("\n\n") if "BROKEN" in text]
    assert any(contract in " ".join(text.split()) for text in broken), result.stdout


def _sizes() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    modules, functions = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(PACKAGE))
        modules.append((len(text.splitlines()), name))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions.append((node.end_lineno - node.lineno + 1, f"{name}:{node.name}"))
    return modules, functions


def test_no_module_over_about_400_lines_and_no_function_over_about_50():
    modules, functions = _sizes()
    assert [m for m in modules if m[0] > MAX_MODULE_LINES] == []
    assert [f for f in functions if f[0] > MAX_FUNCTION_LINES] == []


def test_ruff_finds_nothing_to_lint_or_format():
    lint = run(tool("ruff"), "check", "--no-cache", ".")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    form = run(tool("ruff"), "format", "--check", "--no-cache", ".")
    assert form.returncode == 0, form.stdout + form.stderr


def test_committed_notebooks_carry_no_outputs():
    notebooks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    result = run(tool("nbstripout"), "--verify", *notebooks)
    assert result.returncode == 0, f"outputs or execution counts in {result.stdout or notebooks}"


def test_nbstripout_verify_catches_a_notebook_with_outputs(tmp_path):
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / "02_cost_development.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="95\n")]
    cell.execution_count = 1
    target = tmp_path / "with_outputs.ipynb"
    nbformat.write(nb, target)
    assert run(tool("nbstripout"), "--verify", str(target)).returncode == 1


def test_notebooks_are_stripped_by_a_git_filter():
    attributes = (ROOT / ".gitattributes").read_text(encoding="utf-8")
    assert "*.ipynb filter=nbstripout" in attributes
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "nbstripout --install" in makefile
