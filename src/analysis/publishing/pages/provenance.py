"""A chapter's provenance in the reader's words: how it was made (notebook, run time, the
choices of the run), from which files (their contents by name, encoding, size, checksum).
A chapter page shows it in its footer, the year's document in its appendix; never a path of
the machine that built it (the folders a run was given are its own business), never a
program's name for a table (``internal_control`` is "Internkontroll: kontrollaktiviteter").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from analysis.texts import messages, t

#: The parameters that are folders of the machine: never shown.
FOLDERS = frozenset({"raw_dir", "processed_dir", "reports_dir", "notebooks_dir", "root", "output_dir"})
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def is_path(value: Any) -> bool:
    """Whether a parameter's value names a place on a machine (``/srv/…``, ``~/…``, ``C:\\…``)."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return text.startswith(("/", "~", "\\\\", "file:")) or bool(_WINDOWS_DRIVE.match(text))


def choices(parameters: Mapping[str, Any], lang: str) -> list[str]:
    """The run's parameters as a reader reads them: ``År 2019``, ``Språk svenska``, any other
    as ``name = value``; folders and paths left out."""
    out = []
    for name, value in sorted(parameters.items()):
        if name in FOLDERS or is_path(value):
            continue
        if name == "year":
            out.append(t("page.choice_year", lang, year=value))
        elif name == "lang":
            key = f"page.language_{value}"
            out.append(t("page.choice_lang", lang, language=t(key, lang) if key in messages(lang) else value))
        else:
            out.append(f"{name} = {value}")
    return out


def table_title(table: str, lang: str) -> str:
    """A table id as the reader names it (messages ``table.<id>``, else the catalog's title)."""
    if not table:
        return ""
    if f"table.{table}" in messages(lang):
        return t(f"table.{table}", lang)
    from analysis.facts.catalog import table_title as catalog_title

    return catalog_title(table)


def raw_files(records: list[Mapping[str, Any]], lang: str) -> list[dict[str, Any]]:
    """The raw-file records with their table's title (``contents``) and the checksum in two
    halves (``sha_halves``: the page may break the line between them, never inside one)."""
    out = []
    for record in records:
        sha = str(record.get("sha256", "") or "")
        half = (len(sha) + 1) // 2
        out.append(
            {
                **record,
                "contents": table_title(str(record.get("table", "") or ""), lang),
                "sha_halves": [part for part in (sha[:half], sha[half:]) if part],
            }
        )
    return out
