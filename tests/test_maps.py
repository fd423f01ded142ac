"""The maps are true: every path and module the README and ``docs/*.md`` name exists.

What is checked, in README.md and every ``docs/*.md``:

- **Paths** in inline code (`` `facts/schema.py` ``), in fenced code blocks (split at white
  space) and in link targets (``[batch](docs/batch.md#…)``). A word is a path when it
  contains ``/`` and its first part is a folder git tracks at the top of the repository
  (``src/``, ``tests/``, ``docs/``, ``data/``, ``notebooks/``, ``benchmarks/``, ``.ci/``,
  …), a generated folder (``reports/``, ``data/processed/``, ``.cache/``), or a subpackage
  of ``src/analysis`` (``facts/``, ``publishing/``, ``chapters/``, ``presentation/``,
  ``texts/``, ``examples/``), which names a path under ``src/analysis``. Such a path must
  exist, with braces expanded (``facts/{derive,validate}.py`` is two paths). A link target
  is taken relative to the file that holds the link (as GitHub reads it), its ``#anchor``
  dropped.
- Not checked: URLs, absolute paths, paths leaving the repository (``../``), words with a
  glob ``*``, a ``<placeholder>`` or an ellipsis ``…`` (a pattern, not a name), words whose
  first part is none of the above (``D/K``, ``2019/huvudbok.se``, ``DIR/sie``: names inside
  an export or an example's folder), and anything under the generated folders
  ``reports/``, ``data/processed/`` and ``.cache/``: those name what a build writes, which
  a fresh checkout does not have.
- **Modules**: a dotted name ``analysis.x.y`` in code (inline or fenced) must be a module
  of ``src/analysis`` (a ``.py`` file or a package), or a module followed by a name the
  module defines or imports at its top level (``analysis.facts.catalog.as_exported``; a
  module with a ``__getattr__`` also serves the names it spells as strings, as
  ``analysis.load_facts``). Read from the source, without importing anything.

And the README's ``## Layout`` table names every subpackage of ``src/analysis`` (every
folder with an ``__init__.py``), every top-level folder git tracks, and the folders within
``data/`` and ``tests/``; a bare module or folder name in a row (``growth.py``, ``costs/``)
is found under that row's folder. The ``__init__.py`` of the packages that are only a map
(``MAP_ONLY``) holds a docstring saying what the package holds and may import, and no
import: importing one of their modules must not import the others.
"""

from __future__ import annotations

import ast
import functools
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "analysis"
MAPS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: Folders a build writes: paths under them are outputs, not checked.
GENERATED = ("reports/", "data/processed/", ".cache/")

FENCE = re.compile(r"^ {0,3}(```|~~~)[^\n]*\n(.*?)^ {0,3}\1[ \t]*$", re.M | re.S)
INLINE = re.compile(r"(`+)(.+?)\1", re.S)
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
DOTTED = re.compile(r"(?<![\w./-])analysis(?:\.[A-Za-z_]\w*)+(?P<call>\()?")
BRACES = re.compile(r"\{([^{}]*,[^{}]*)\}")
#: Punctuation around a word of code that is not part of the path.
STRIP = "\"'`()[],;:!?"


@functools.cache
def tracked_files() -> tuple[str, ...]:
    try:
        out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the tracked folders are unknown")
    return tuple(out.splitlines())


@functools.cache
def top_folders() -> frozenset[str]:
    """The top-level folders git tracks, plus the generated ones."""
    tracked = {path.split("/", 1)[0] for path in tracked_files() if "/" in path}
    return frozenset(tracked | {g.split("/", 1)[0] for g in GENERATED})


def subpackages() -> list[str]:
    """Every package folder under src/analysis, relative to it (``facts/sources/hr``)."""
    return sorted(str(p.parent.relative_to(PACKAGE)) for p in PACKAGE.rglob("*/__init__.py"))


def expand(word: str) -> list[str]:
    """``a/{b,c}.py`` -> ``a/b.py``, ``a/c.py`` (nested and repeated braces too)."""
    match = BRACES.search(word)
    if not match:
        return [word]
    return [
        out
        for part in match.group(1).split(",")
        for out in expand(word[: match.start()] + part.strip() + word[match.end() :])
    ]


def repo_path(word: str) -> Path | None:
    """Where ``word`` points in the repository, or None when the rule does not check it."""
    word = word.strip(STRIP).rstrip(".")
    if "/" not in word or "://" in word or word.startswith(("/", "../", "~")):
        return None
    if any(mark in word for mark in ("*", "<", ">", "…", "$")):
        return None
    word = word.removeprefix("./")
    if word.startswith(GENERATED) or word.rstrip("/") + "/" in GENERATED:
        return None
    first = word.split("/", 1)[0]
    if first in top_folders():
        return ROOT / word
    if first in {name.split("/", 1)[0] for name in subpackages()}:
        return PACKAGE / word
    return None


def code_of(text: str) -> tuple[list[str], list[str]]:
    """The fenced blocks and the inline code spans of a Markdown text."""
    blocks = [m.group(2) for m in FENCE.finditer(text)]
    prose = FENCE.sub("", text)
    return blocks, [m.group(2) for m in INLINE.finditer(prose)]


@functools.cache
def top_level_names(module: Path) -> frozenset[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    if "__getattr__" in names:  # a lazy export (PEP 562) is spelled as a string
        names |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return frozenset(names)


def module_file(parts: list[str]) -> Path | None:
    base = ROOT / "src" / Path(*parts)
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def dotted_problem(name: str, called: bool = False) -> str | None:
    """None when ``name`` is a module of the package or a module's top-level name (and not
    a module when it is ``called``)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        module = module_file(parts[:end])
        if module is None:
            continue
        if end == len(parts):
            return "a module, not something to call" if called else None
        if parts[end] in top_level_names(module):
            return None
        return f"{'.'.join(parts[:end])} has no {parts[end]!r}"
    return "no such module"


def problems(text: str, where: Path = ROOT / "README.md") -> list[str]:
    """Every path or module named in the Markdown ``text`` (of the file ``where``) that does
    not exist, as ``"<name>: <why>"``."""
    blocks, spans = code_of(text)
    found: list[str] = []
    words = [w for chunk in [*blocks, *spans] for w in chunk.split()]
    for word in words:
        for one in expand(word):
            path = repo_path(one)
            if path is not None and not path.exists():
                found.append(f"{one.strip(STRIP)}: no such file or folder")
    for target in LINK.findall(text):
        target = target.split("#", 1)[0]
        if not target or re.match(r"[a-z][a-z0-9+.-]*:", target):
            continue
        if not (where.parent / target).exists():
            found.append(f"{target}: link to no file or folder")
    dotted = {(m.group(0).rstrip("("), bool(m["call"])) for chunk in [*blocks, *spans] for m in DOTTED.finditer(chunk)}
    for name, called in dotted:
        why = dotted_problem(name, called)
        if why:
            found.append(f"{name}: {why}")
    return sorted(set(found))


@pytest.mark.parametrize("doc", MAPS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_path_and_module_named_exists(doc):
    assert problems(doc.read_text(encoding="utf-8"), doc) == []


def test_the_rule_catches_a_planted_bad_path():
    text = (
        "The ledger is read in `facts/ledger/year.py` (see [the docs](docs/no_such.md)) and\n"
        "`src/analysis/facts/{schema,clean}.py`, by `analysis.facts.readers` and\n"
        "`analysis.facts.catalog.no_such_name`; `analysis.facts.pipeline(years)` rebuilds them.\n\n"
        "```sh\n.venv/bin/python benchmarks/bench_nothing.py\n```\n"
        # none of these are checked, and all of these exist
        "`reports/<year>/x.html`, `data/processed/facts.csv`, `D/K`, `2019/huvudbok.se`,\n"
        "`src/analysis/chapters/*.py`, `data/raw/2019/…`, `facts/schema.py`, `analysis.load_facts`,\n"
        "`analysis.facts.catalog.as_exported(facts)`, [batch](docs/batch.md#stopping-a-build).\n"
    )
    assert problems(text) == [
        "analysis.facts.catalog.no_such_name: analysis.facts.catalog has no 'no_such_name'",
        "analysis.facts.pipeline: a module, not something to call",
        "analysis.facts.readers: analysis.facts has no 'readers'",
        "benchmarks/bench_nothing.py: no such file or folder",
        "docs/no_such.md: link to no file or folder",
        "facts/ledger/year.py: no such file or folder",
        "src/analysis/facts/clean.py: no such file or folder",
    ]


#: What a layout row's bare names (``schema.py``, ``costs/``) must be found under its folder.
NAMED = (".py", ".j2", ".css", ".md", ".js", "/")


def layout_rows(readme: str) -> list[tuple[str, str]]:
    """The rows of the ``## Layout`` table of ``readme``: (path without backticks, what)."""
    section = ("\n" + readme).split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    cells = [line.split("|")[1:3] for line in section.splitlines() if line.startswith("|")]
    return [(path.strip().strip("`"), what.strip()) for path, what in cells[2:]]


@functools.cache
def names_under(folder: Path) -> frozenset[str]:
    return frozenset(p.name + ("/" if p.is_dir() else "") for p in folder.rglob("*") if "__pycache__" not in p.parts)


def layout_problems(readme: str) -> list[str]:
    """A bare file or folder name a layout row gives (``growth.py`` in the row of
    ``src/analysis/chapters/mt/``) that is nowhere under that row's folder (a top-level
    folder such as ``docs/`` may be named in any row)."""
    found = []
    for path, what in layout_rows(readme):
        folder = ROOT / path
        if path.startswith(GENERATED) or not folder.is_dir():
            continue
        for span in code_of(what)[1]:
            for word in span.split():
                name = word.strip(STRIP)
                bare = "/" not in name.rstrip("/") and not any(mark in name for mark in "*<>…")
                known = names_under(folder) | {f"{top}/" for top in top_folders()}
                if bare and name.endswith(NAMED) and name not in known:
                    found.append(f"{path}: no {name} under it")
    return found


def test_the_layout_rows_name_only_what_is_in_their_folder():
    assert layout_problems((ROOT / "README.md").read_text(encoding="utf-8")) == []


def test_the_layout_rule_catches_a_module_not_in_its_folder():
    readme = (
        "## Layout\n\n| path | what |\n| --- | --- |\n"
        "| `src/analysis/chapters/mt/` | `growth.py`, `years.py`, `test_*.py`, `display.py` |\n"
        "| `tests/` | `test_layout.py`, `test_<chapter>.py`, `sie_corpus/`, `no_such/` |\n"
        "\n## Next\n"
    )
    assert layout_problems(readme) == [
        "src/analysis/chapters/mt/: no years.py under it",
        "tests/: no no_such/ under it",
    ]


def test_the_layout_table_names_every_subpackage_and_top_folder():
    named = {path.rstrip("/") for path, _ in layout_rows((ROOT / "README.md").read_text(encoding="utf-8"))}
    packages = {f"src/analysis/{name}" for name in subpackages()} | {"src/analysis"}
    tracked = [path for path in tracked_files() if "/" in path]
    second = {"/".join(p.split("/")[:2]) for p in tracked if p.startswith(("data/", "tests/")) and p.count("/") > 1}
    top = {path.split("/", 1)[0] for path in tracked}
    # a top-level folder is named by a row of its own or by the rows of its folders
    top_missing = [t for t in top if not any(n == t or n.startswith(t + "/") for n in named)]
    assert sorted(packages - named) == []
    assert sorted(second - named) == []
    assert sorted(top_missing) == []


#: Packages whose ``__init__.py`` is only a map: a docstring, no import (importing one of
#: their modules must not import the others).
MAP_ONLY = [
    "facts",
    "facts/sources",
    "facts/sources/printed",
    "facts/sources/hr",
    "facts/sources/investment_register",
    "publishing/batch",
    "publishing/pages",
    "publishing/downloads",
    "publishing/cli",
]


@pytest.mark.parametrize("package", MAP_ONLY)
def test_a_package_map_says_what_it_holds_and_imports_nothing(package):
    tree = ast.parse((PACKAGE / package / "__init__.py").read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree) or ""
    assert len(doc) > 150 and "import" in doc, f"analysis.{package}: what it holds, what it may import"
    assert [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))] == []
