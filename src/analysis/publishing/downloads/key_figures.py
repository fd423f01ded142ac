"""The key figures of every year in one download: ``reports/nyckeltal.csv`` and ``.xlsx``, one
row per figure the summaries show (:data:`analysis.chapters.summary.LINES`) and year, in the
reader's words: year, chapter (its title), key (the name a commentary cites), label, the value
rounded as the pages show it and the full value beside it, unit (``mnkr``, ``%``, ``st``),
reported or derived, the item of the line it comes from, and its source (file:line, or the
formula of a derived figure).

The CSV is written for a spreadsheet in the reader's language: ``;`` between fields, a decimal
comma in Swedish, and a byte-order mark so that Excel reads it as UTF-8.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path

from analysis.chapters.summary import LINES
from analysis.presentation import formatting
from analysis.presentation.keyfigures import format_figure
from analysis.publishing.downloads import sources as sources_module
from analysis.publishing.downloads import workbook
from analysis.publishing.downloads.sources import Sources
from analysis.publishing.model import ChapterFiles
from analysis.publishing.pages.html_export import write_if_changed
from analysis.texts import t

KEY_FIGURES = "nyckeltal"
#: The columns, in order (each header is the message ``download.col.<column>``).
COLUMNS = ("year", "chapter", "key", "label", "value", "full_value", "unit", "kind", "item", "source")
#: The code the key figures' downloads are made by: a newer one makes them again.
CODE = [Path(__file__), Path(workbook.__file__), Path(sources_module.__file__)]


def newer(target: Path, sources: Iterable[Path]) -> bool:
    """Whether ``target`` is missing or older than any of ``sources``."""
    if not target.exists():
        return True
    mtime = target.stat().st_mtime_ns
    return any(s.exists() and s.stat().st_mtime_ns > mtime for s in sources)


def headers(lang: str) -> list[str]:
    """The column headers in ``lang``."""
    names = {
        "year": t("download.col.year", lang),
        "chapter": t("download.col.chapter", lang),
        "key": t("download.col.key", lang),
        "label": t("download.col.label", lang),
        "value": t("download.col.value", lang),
        "full_value": t("download.col.full_value", lang),
        "unit": t("download.col.unit", lang),
        "kind": t("download.col.kind", lang),
        "item": t("download.col.item", lang),
        "source": t("download.col.source", lang),
    }
    return [names[c] for c in COLUMNS]


def unit_name(unit: str, lang: str) -> str:
    """A facts unit in the reader's words: ``MSEK`` → ``mnkr``, ``percent`` → ``%``."""
    if unit == "MSEK":
        return formatting.MONEY_UNIT[lang]
    if unit == "percentage points":
        return t("page.percentage_points", lang)
    if unit == "count":
        return t("download.unit.count", lang)
    return {"percent": "%", "hours": "h"}.get(unit, unit)


def shown_decimals(figure: dict) -> int | None:
    """The decimals the pages show ``figure`` with (None for a text)."""
    value = figure.get("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    parsed = workbook.parse_number(format_figure(figure, "sv").replace("\u00a0procentenheter", ""))
    return parsed[1] if parsed else None


def item_hint(key: str, figures: dict[str, dict]) -> str:
    """The item the chapter names for ``key`` (``mt_outcome_msek`` → the value of
    ``mt_outcome_item`` or ``mt_item``), or ''."""
    parts = key.split("_")
    for n in range(len(parts) - 1, 0, -1):
        named = figures.get("_".join(parts[:n]) + "_item")
        if named is not None and isinstance(named.get("value"), str):
            return named["value"]
    return ""


def _row(year: int, title: str, chapter: str, f: dict, figures: dict, sources: Sources, lang: str) -> dict:
    derived = bool(f.get("derived"))
    value, unit = f["value"], f.get("unit", "")
    fact = None if derived else sources.fact_of_value(year, value, unit, item_hint(f["key"], figures), f["label"])
    source = (f.get("formula", "") if derived else fact and str(fact["source"])) or f"{year}/{chapter}.html"
    decimals = shown_decimals(f)
    return {
        "year": year,
        "chapter": title,
        "key": f.get("key", ""),
        "label": f.get("label", ""),
        "value": value if decimals is None else round(float(value), decimals) + 0.0,
        "full_value": None if decimals is None else value,
        "unit": unit_name(unit, lang),
        "kind": t("download.kind.derived" if derived else "download.kind.reported", lang),
        "item": str(fact["item"]) if fact else "",
        "source": source,
        "decimals": decimals,
    }


def key_figure_rows(reports_dir: Path, chapters, sources: Sources, lang: str = "sv") -> list[dict]:
    """One row per key figure the summaries show (:data:`analysis.chapters.summary.LINES`)
    and year, from the chapters' stamps."""
    shown = {(line.chapter, key) for line in LINES for key in line.figures}
    rows = []
    for year_dir in sorted(p for p in reports_dir.iterdir() if p.is_dir() and p.name.isdigit()):
        for chapter in sorted(chapters, key=lambda c: c.number):
            stamp = ChapterFiles(year_dir, chapter).stamp
            if not stamp.exists():
                continue
            recorded = json.loads(stamp.read_text(encoding="utf-8"))
            figures = {f.get("key"): f for f in (recorded.get("key_figures") or {}).get("figures", [])}
            title = recorded.get("title") or chapter.name
            for key, f in figures.items():
                if (chapter.name, key) in shown and f.get("value") is not None:
                    rows.append(_row(int(year_dir.name), title, chapter.name, f, figures, sources, lang))
    return rows


def csv_text(value, decimals: int | None, lang: str) -> str:
    """A value as the CSV holds it: a number without thousands separators, with a decimal
    comma in Swedish; '' for none."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    text = f"{value:.{decimals}f}" if decimals is not None else repr(value)
    return text.replace(".", ",") if lang == "sv" else text


def write_key_figures(reports_dir: Path, chapters, sources: Sources, lang: str = "sv") -> list[Path]:
    """``reports/nyckeltal.csv`` and ``.xlsx``, when their text changed."""
    target = reports_dir / f"{KEY_FIGURES}.csv"
    stamps = [ChapterFiles(y, c).stamp for y in reports_dir.iterdir() if y.is_dir() for c in chapters]
    if not newer(target.with_suffix(".xlsx"), [*stamps, target, *CODE]):  # the workbook is written last
        return []
    rows = key_figure_rows(reports_dir, chapters, sources, lang)
    if not rows:
        return []
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(headers(lang))
    for row in rows:
        writer.writerow(
            csv_text(row[c], row["decimals"] if c == "value" else None, lang) if c != "year" else row[c]
            for c in COLUMNS
        )
    write_if_changed(target, "\ufeff" + buffer.getvalue())
    xlsx = target.with_suffix(".xlsx")
    formats = {"year": "0", "full_value": "General"}
    sheet_rows, sheet_formats = [], []
    for row in rows:
        sheet_rows.append([row[c] for c in COLUMNS])
        value_format = "" if row["decimals"] is None else workbook.number_format(row["decimals"])
        sheet_formats.append([value_format if c == "value" else formats.get(c, "") for c in COLUMNS])
    workbook.write_figures(t("page.key_figures", lang), headers(lang), sheet_rows, sheet_formats, xlsx)
    return [target, xlsx]
