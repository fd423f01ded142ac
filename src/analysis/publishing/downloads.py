"""What the build makes from the published chapters after they ran (the batch calls
:func:`publish`): each chapter's tables in Excel, the year's document (HTML, and PDF with
``--pdf``), and the key figures of all years (``reports/nyckeltal.xlsx`` and ``.csv``).

All of it is incremental: a file is made again only when a page it is made from is newer
(or its text would change); a build in which nothing changed writes nothing here.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from analysis.publishing import document, workbook
from analysis.texts import t

KEY_FIGURES = "nyckeltal"

#: Units whose figures are found again in the facts by their value; a count or a text is
#: the chapter's own (its source is the chapter page, where it is counted from the tables).
VALUE_UNITS = frozenset({"MSEK", "percent", "hours"})


def _newer(target: Path, sources: Iterable[Path]) -> bool:
    """Whether ``target`` is missing or older than any of ``sources``."""
    if not target.exists():
        return True
    mtime = target.stat().st_mtime_ns
    return any(s.exists() and s.stat().st_mtime_ns > mtime for s in sources)


class Sources:
    """The source of a row or figure from the facts: file:line of a reported figure, the
    formula of a derived one (loaded once, only when a workbook is written)."""

    def __init__(self, processed_dir: Path | None) -> None:
        self._dir, self._facts = processed_dir, None

    def facts(self):
        if self._facts is None:
            import pandas as pd

            from analysis import paths

            path = Path(self._dir or paths.processed_dir()) / "facts.parquet"
            self._facts = pd.read_parquet(path) if path.exists() else pd.DataFrame()
        return self._facts

    def of_item(self, year: int, label: str) -> str:
        facts = self.facts()
        if facts.empty or not label:
            return ""
        rows = facts[(facts["report_year"] == int(year)) & (facts["item"] == label)]
        return _sources(rows)

    def of_value(self, year: int, value, unit: str) -> str:
        facts = self.facts()
        if facts.empty or unit not in VALUE_UNITS or not isinstance(value, (int, float)) or isinstance(value, bool):
            return ""
        rows = facts[(facts["report_year"] == int(year)) & (facts["unit"] == unit)]
        rows = rows[(rows["value"] - float(value)).abs() < 1e-9]
        return _sources(rows.sort_values("table", key=lambda s: s != "key_figures").head(1))


def _sources(rows) -> str:
    reported = rows[~rows["derived"].astype(bool)]
    if not reported.empty:
        return "; ".join(dict.fromkeys(str(s) for s in reported["source"]))
    return "; ".join(dict.fromkeys(str(n) for n in rows["note"] if str(n) not in ("", "nan", "None")))


def write_workbooks(year_dir: Path, chapters, sources: Sources, lang: str) -> list[Path]:
    """``<chapter>.xlsx`` for each chapter page newer than its workbook."""
    written = []
    for chapter in chapters:
        page = year_dir / f"{chapter.name}.html"
        target = page.with_suffix(".xlsx")
        if not page.exists() or not _newer(target, [page]):
            continue
        tables = workbook.page_tables(page.read_text(encoding="utf-8"))
        year = int(year_dir.name)
        done = workbook.write_workbook(
            tables, target, t("page.source_column", lang), lambda label, y=year: sources.of_item(y, label)
        )
        if done:
            written.append(done)
    return written


def key_figure_rows(reports_dir: Path, chapters, sources: Sources) -> list[dict]:
    """One row per key figure the summaries show (:data:`analysis.chapters.summary.LINES`)
    and year, from the chapters' stamps."""
    from analysis.chapters.summary import LINES
    from analysis.publishing.plan import ChapterFiles

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
    from analysis.publishing.index_pages import _write_if_changed
    from analysis.publishing.plan import ChapterFiles

    target = reports_dir / f"{KEY_FIGURES}.csv"
    stamps = [ChapterFiles(y, c).stamp for y in reports_dir.iterdir() if y.is_dir() for c in chapters]
    if not _newer(target.with_suffix(".xlsx"), [*stamps, target]):  # the workbook is written last
        return []
    rows = key_figure_rows(reports_dir, chapters, sources)
    if not rows:
        return []
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    _write_if_changed(target, buffer.getvalue())
    xlsx = target.with_suffix(".xlsx")
    workbook.write_figures(workbook.Table(title="Nyckeltal", header=list(rows[0])), rows, xlsx)
    return [target, xlsx]


def publish(reports_dir: Path, chapters, years: Iterable[int], *, lang: str = "sv", processed_dir=None, pdf=False):
    """The batch's hook: workbooks, documents (and PDFs) of ``years``, key figures."""
    from analysis.publishing import pdf as printing

    reports_dir = Path(reports_dir)
    sources = Sources(processed_dir)
    browser = None
    for year in years:
        year_dir = reports_dir / str(year)
        if not year_dir.is_dir():
            continue
        write_workbooks(year_dir, chapters, sources, lang)
        html = year_dir / f"{document.NAME}.html"
        if _newer(html, [year_dir / f"{c.name}.html" for c in chapters]):
            html = document.write_document(year_dir, chapters, lang)
        if not pdf or html is None or not _newer(html.with_suffix(".pdf"), [html]):
            continue
        browser = printing.chromium() if browser is None else browser
        if browser is None:
            print(t("page.no_chromium", lang), file=sys.stderr)
            pdf = False
            continue
        printing.print_pdf(html, html.with_suffix(".pdf"), t("page.year_title", lang, year=year), browser)
    write_key_figures(reports_dir, chapters, sources)
