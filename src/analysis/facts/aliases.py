"""The alias list: renamed rows matched across report years.

The analyst keeps ``data/raw/aliases.csv`` beside the year folders (``Tabell;Tidigare
namn;Namn``: table, or empty for every table; the old label; the current label; see
``data/raw/README.md``). :func:`canonical` is the label a row is matched by in
:mod:`analysis.facts.series`: whitespace collapsed, case folded, through the list.
"""

from __future__ import annotations

from pathlib import Path

from analysis import paths
from analysis.exceptions import RawDataError
from analysis.facts.catalog import SPECS
from analysis.facts.sources.reading import read_raw

ALIAS_FILE = "aliases.csv"
ALIAS_COLUMNS = ("Tabell", "Tidigare namn", "Namn")

# table ("" = every table) -> normalised old label -> current label
Aliases = dict[str, dict[str, str]]


def normalise(label: object) -> str:
    """A label as matched across reports: whitespace collapsed, case folded."""
    return " ".join(str(label).split()).casefold()


def canonical(label: object, table: str, aliases: Aliases | None = None) -> str:
    """The normalised current label of ``label`` in ``table``, through the alias list."""
    key = normalise(label)
    for scope in (table, ""):
        current = (aliases or {}).get(scope, {}).get(key)
        if current is not None:
            return normalise(current)
    return key


def load_aliases(raw_dir: Path | str | None = None) -> Aliases:
    """The alias list ``<raw_dir>/aliases.csv`` (default ``data/raw``): no file (or a header
    only) means no aliases; a malformed row raises RawDataError naming file, line, column, value."""
    path = Path(raw_dir or paths.raw_dir()) / ALIAS_FILE
    if not path.exists():
        return {}
    try:
        raw = read_raw(path)
    except RawDataError as err:
        if err.problem == "file has a header but no data rows":
            return {}
        raise
    for header in raw.header:
        if header not in ALIAS_COLUMNS:
            raise RawDataError(
                path, f"unknown column; the columns are {';'.join(ALIAS_COLUMNS)}", line=1, column=header
            )
    for header in ALIAS_COLUMNS:
        if header not in raw.header:
            raise RawDataError(path, "missing required column", line=1, column=header, value=";".join(raw.header))
    aliases: Aliases = {}
    lines: dict[tuple[str, str], int] = {}
    for row in raw.rows:
        table, old, new = _alias_row(path, row)
        key = (table, normalise(old))
        if key in lines:
            problem = f"the same old label twice (also line {lines[key]})"
            raise RawDataError(path, problem, line=row.line, column="Tidigare namn", value=old)
        lines[key] = row.line
        aliases.setdefault(table, {})[key[1]] = new
    for (table, old), line in lines.items():
        new = aliases[table][old]
        if normalise(new) in aliases.get(table, {}) or normalise(new) in aliases.get("", {}):
            problem = "the current label is itself an old label (a chain): write the final name"
            raise RawDataError(path, problem, line=line, column="Namn", value=new)
    return aliases


def _alias_row(path: Path, row) -> tuple[str, str, str]:
    """(table, old label, current label) of one alias row, checked."""
    table, old, new = (" ".join(str(row.cells[h]).split()) for h in ALIAS_COLUMNS)
    tables = sorted(s.table for s in SPECS)
    if table and table not in tables:
        problem = f"unknown table; known tables are: {', '.join(tables)} (empty: every table)"
        raise RawDataError(path, problem, line=row.line, column="Tabell", value=table)
    for header, text in (("Tidigare namn", old), ("Namn", new)):
        if not text:
            raise RawDataError(path, "empty label", line=row.line, column=header, value=text)
    if normalise(old) == normalise(new):
        raise RawDataError(path, "old and current label are the same", line=row.line, column="Namn", value=new)
    return table, old, new
