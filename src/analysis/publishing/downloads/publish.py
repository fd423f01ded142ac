"""What the build makes from the published chapters after they ran (the batch calls
:func:`publish`): each chapter's tables in Excel, the year's document (HTML, and PDF with
``--pdf``), and the key figures of all years (``reports/nyckeltal.xlsx`` and ``.csv``).

All of it is incremental: a file is made again only when a page it is made from is newer
(or its text would change); a build in which nothing changed writes nothing here.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from analysis.periods import Period, from_folder
from analysis.publishing.downloads import pdf as printing
from analysis.publishing.downloads import workbook
from analysis.publishing.downloads.key_figures import CODE, newer, write_key_figures
from analysis.publishing.downloads.sources import Sources
from analysis.publishing.pages import document
from analysis.publishing.pages import page_tables as page_tables_module
from analysis.publishing.pages.page_tables import page_tables
from analysis.publishing.pages.report_names import report_label
from analysis.texts import t

#: The code a chapter's workbook is made by: a newer one makes the workbooks again.
WORKBOOK_CODE = [*CODE, Path(page_tables_module.__file__)]


def write_workbooks(year_dir: Path, chapters, sources: Sources, lang: str) -> list[Path]:
    """``<chapter>.xlsx`` for each chapter page newer than its workbook."""
    written = []
    for chapter in chapters:
        page = year_dir / f"{chapter.name}.html"
        target = page.with_suffix(".xlsx")
        if not page.exists() or not newer(target, [page, *WORKBOOK_CODE]):
            continue
        tables = page_tables(page.read_text(encoding="utf-8"))
        year = (from_folder(year_dir.name) or Period(int(year_dir.name))).year
        done = workbook.write_workbook(
            tables,
            target,
            t("page.source_column", lang),
            lambda label, numbers, y=year: sources.of_row(y, label, numbers),
            lang,
        )
        if done:
            written.append(done)
    return written


def publish(
    reports_dir: Path, chapters, years: Iterable[int | Period], *, lang: str = "sv", processed_dir=None, pdf=False
):
    """The batch's hook: workbooks, documents (and PDFs) of ``years`` (report years, or
    periods: :mod:`analysis.periods`), and the annual reports' key figures. A SIGINT or
    SIGTERM meanwhile ends the print under way (the previous PDF kept) and any after it, then
    goes on to the handler set before (:class:`~analysis.publishing.downloads.pdf.PrintStop`)."""
    reports_dir = Path(reports_dir)
    sources = Sources(processed_dir)
    browser = None
    reports = [y if isinstance(y, Period) else Period(int(y)) for y in years]
    with printing.PrintStop() as stop:  # a stop signal kills the print under way; none starts after it
        for period in reports:
            year_dir = reports_dir / period.folder
            if not year_dir.is_dir():
                continue
            write_workbooks(year_dir, chapters, sources, lang)
            html = year_dir / f"{document.file_name(period.folder)}.html"
            if newer(html, [year_dir / f"{c.name}.html" for c in chapters]):
                html = document.write_document(year_dir, chapters, lang)
            if not pdf or stop.signum or html is None or not newer(html.with_suffix(".pdf"), [html]):
                continue
            browser = printing.chromium() if browser is None else browser
            if browser is None:
                print(t("page.no_chromium", lang), file=sys.stderr)
                pdf = False
                continue
            title = report_label(period, "year_title", lang)
            printing.print_pdf(html, html.with_suffix(".pdf"), title, browser, stop)
    if any(p.annual for p in reports) or not reports:
        write_key_figures(reports_dir, chapters, sources, lang)
