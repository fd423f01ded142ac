"""The key figures of every year in one download: ``reports/nyckeltal.csv`` and ``.xlsx``, one
row per figure the summaries show (:data:`analysis.chapters.summary.LINES`) and year, with
chapter, unit, whether it is derived or reported, and its source."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path

from analysis.chapters.summary import LINES
from analysis.publishing.downloads import workbook
from analysis.publishing.downloads.sources import Sources
from analysis.publishing.model import ChapterFiles
from analysis.publishing.pages.html_export import write_if_changed

KEY_FIGURES = "nyckeltal"


def newer(target: Path, sources: Iterable[Path]) -> bool:
    """Whether ``target`` is missing or older than any of ``sources``."""
    if not target.exists():
        return True
    mtime = target.stat().st_mtime_ns
    return any(s.exists() and s.stat().st_mtime_ns > mtime for s in sources)


def key_figure_rows(reports_dir: Path, chapters, sources: Sources) -> list[dict]:
    """One row per key figure the summaries show (:data:`analysis.chapters.summary.LINES`)
    and year, from the chapters' stamps."""
    shown = {(line.chapter, key) for line in LINES for key in line.figures}

    rows = []
    for year_dir in sorted(p for p in reports_dir.iterdir() if p.is_dir() and p.name.isdigit()):
        for chapter in sorted(chapters, key=lambda c: c.number):
            stamp = ChapterFiles(year_dir, chapter).stamp
            if not stamp.exists():
                continue
            figures = (json.loads(stamp.read_text(encoding="utf-8")).get("key_figures") or {}).get("figures", [])
            for f in figures:
                if (chapter.name, f.get("key")) not in shown or f.get("value") is None:
                    continue
                derived = bool(f.get("derived"))
                source = (
                    f.get("formula", "")
                    if derived
                    else sources.of_value(int(year_dir.name), f["value"], f.get("unit", ""))
                ) or f"{year_dir.name}/{chapter.name}.html"
                rows.append(
                    {
                        "year": int(year_dir.name),
                        "chapter": chapter.name,
                        "key": f.get("key", ""),
                        "label": f.get("label", ""),
                        "value": f["value"],
                        "unit": f.get("unit", ""),
                        "derived": "derived" if derived else "reported",
                        "source": source,
                    }
                )
    return rows


def write_key_figures(reports_dir: Path, chapters, sources: Sources) -> list[Path]:
    """``reports/nyckeltal.csv`` and ``.xlsx``, when their text changed."""
    target = reports_dir / f"{KEY_FIGURES}.csv"
    stamps = [ChapterFiles(y, c).stamp for y in reports_dir.iterdir() if y.is_dir() for c in chapters]
    if not newer(target.with_suffix(".xlsx"), [*stamps, target]):  # the workbook is written last
        return []
    rows = key_figure_rows(reports_dir, chapters, sources)
    if not rows:
        return []
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_if_changed(target, buffer.getvalue())
    xlsx = target.with_suffix(".xlsx")
    workbook.write_figures(workbook.Table(title="Nyckeltal", header=list(rows[0])), rows, xlsx)
    return [target, xlsx]
