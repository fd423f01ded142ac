"""The index pages: ``reports/<year>/index.html`` (each chapter's status, headline key
figures and failure) and ``reports/index.html`` (every year), rewritten only when their
text changes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from analysis.commentary.files import FLAGGED, NOT_APPROVED
from analysis.periods import ANNUAL, Period, from_folder
from analysis.presentation.keyfigures import change_figures, change_of, format_figure
from analysis.publishing.model import FAILED, OK, SKIPPED, Chapter, ChapterFiles, on_disk
from analysis.publishing.pages.document import file_name
from analysis.publishing.pages.html_export import fill_template, now_text, write_if_changed
from analysis.publishing.pages.page_checks import checked
from analysis.texts import t
from analysis.texts.periods import report_title

__all__ = ["change_of", "format_figure", "render_root_index", "render_year_index", "shown_figures", "write_indexes"]


def shown_figures(figures: Iterable[Mapping]) -> list[Mapping]:
    """The key figures an index shows readers: headline figures that have a value (the
    chapter records the others for programs, and a missing one is a note in the chapter),
    except the changes that :func:`change_of` shows beside their figure."""
    figures = list(figures)
    beside = {c["key"] for f in figures for c in change_figures(f, figures).values()}
    return [f for f in figures if f.get("headline", True) and f.get("value") is not None and f["key"] not in beside]


def year_entries(year: int | Period, chapters: list[Chapter], reports_dir: Path, lang: str = "sv") -> list[dict]:
    """The index rows of a year (or of a period report), from the stamps and failure records on disk."""
    entries = []
    folder = year.folder if isinstance(year, Period) else str(year)
    for chapter in chapters:
        files = ChapterFiles(Path(reports_dir) / folder, chapter)
        found = on_disk(files)
        stamp, failure, has_html, status = found.stamp, found.failure, found.has_page, found.status
        figures = (stamp.get("key_figures") or {}).get("figures", []) if stamp and has_html else []
        entries.append(
            {
                "number": chapter.number,
                "name": chapter.name,
                "title": chapter.title(lang),
                "status": status,
                "href": files.html.name if has_html else None,
                "workbook": files.html.with_suffix(".xlsx").name
                if has_html and files.html.with_suffix(".xlsx").exists()
                else None,
                "generated": stamp.get("generated") if has_html else None,
                "seconds": stamp.get("seconds"),
                "figures": [
                    {
                        "label": f.get("label", f.get("key", "")),
                        "text": format_figure(f, lang),
                        "derived": bool(f.get("derived")),
                        "formula": f.get("formula") or "",
                        "change": change_of(f, figures, lang),
                    }
                    for f in shown_figures(figures)
                ],
                "commentary": _commentary(stamp if has_html else {}),
                "error": failure.get("error") if failure else None,
                "previous": stamp.get("generated") if failure and has_html and stamp else None,
                "failed_at": failure.get("time") if failure else None,
            }
        )
    return entries


def _commentary(stamp: Mapping) -> dict | None:
    """A chapter's commentary as the year index shows it: its status mark, whether to act on
    it (not approved, or flagged) and its flags."""
    entry = stamp.get("commentary") or None
    if not entry:
        return None
    state = entry.get("state", "")
    return {
        "file": entry.get("file", ""),
        "state": state,
        "text": entry.get("state_text") or state,
        "act": state in NOT_APPROVED or state == FLAGGED,
        "flags": list(entry.get("flags") or []),
    }


def commentary_counts(entries: Iterable[Mapping]) -> dict[str, int]:
    """How many of a year's chapters have commentary, how many are not approved, how many flagged."""
    found = [e["commentary"] for e in entries if e.get("commentary")]
    return {
        "total": len(found),
        "not_approved": sum(c["state"] in NOT_APPROVED for c in found),
        "flagged": sum(c["state"] == FLAGGED for c in found),
    }


def _latest(times: Iterable[str | None]) -> str | None:
    """The latest of ISO times (with offsets); None if there is none."""

    def key(text: str) -> dt.datetime:
        moment = dt.datetime.fromisoformat(text)
        return moment if moment.tzinfo else moment.astimezone()

    known = []
    for text in times:
        with contextlib.suppress(TypeError, ValueError):
            known.append((key(text), text))
    return max(known)[1] if known else None


def write_indexes(
    reports_dir: Path,
    chapters: list[Chapter],
    years: Iterable[int],
    lang: str = "sv",
    periods: tuple[list[Chapter] | None, list[Period]] = (None, []),
) -> None:
    """Rewrite ``reports/<year>/index.html`` for ``years``, the index of each period report
    built (``periods``: the period chapters and the periods) and ``reports/index.html``, which
    lists every year with its period reports under it.

    A page's time is that of the latest chapter page or failure it lists, so a page is
    rewritten only when something on it changed.
    """
    reports_dir = Path(reports_dir)
    period_chapters, built = periods
    for report in [Period(int(y)) for y in years] + list(built):
        shown = chapters if report.annual else period_chapters or []
        entries = year_entries(report, shown, reports_dir, lang)
        when = _latest([e["generated"] for e in entries] + [e["failed_at"] for e in entries])
        folder = reports_dir / report.folder
        page = render_year_index(
            report.year, entries, lang=lang, generated=when, documents=documents(folder, lang), month=report.month
        )
        write_if_changed(folder / "index.html", page)
    rows = [_root_row(year, chapters, reports_dir, lang) for year in _years_on_disk(reports_dir)]
    figures = [{"href": f.name, "label": f.suffix[1:].upper()} for f in _key_figure_files(reports_dir)]
    root = render_root_index(rows, lang=lang, generated=_latest(r["changed"] for r in rows), key_figures=figures)
    write_if_changed(reports_dir / "index.html", root)


def _years_on_disk(reports_dir: Path) -> list[int]:
    """The years with an annual report's or a period report's index in ``reports_dir``."""
    found = {from_folder(p.name) for p in reports_dir.iterdir() if p.is_dir() and (p / "index.html").exists()}
    return sorted({p.year for p in found if p is not None})


def _root_row(year: int, chapters: list[Chapter], reports_dir: Path, lang: str) -> dict:
    """The root index's row of a year: its annual report (where built) and its period reports."""
    folder = reports_dir / str(year)
    entries = year_entries(year, chapters, reports_dir, lang) if (folder / "index.html").exists() else []
    row = {
        "year": year,
        "href": f"{folder.name}/index.html" if entries else None,
        "ok": sum(e["status"] == OK for e in entries),
        "total": len(entries),
        "failed": sum(e["status"] in (FAILED, SKIPPED) for e in entries),
        "generated": _latest(e["generated"] for e in entries),
        "changed": _latest([e["generated"] for e in entries] + [e["failed_at"] for e in entries]),
        "documents": [{**d, "href": f"{folder.name}/{d['href']}"} for d in documents(folder, lang)],
    }
    reports = sorted(p for p in map(from_folder, (f.name for f in reports_dir.glob(f"{year}-[0-9][0-9]"))) if p)
    listed = [p for p in reports if (reports_dir / p.folder / "index.html").exists()]
    if listed:  # only then: a root index without period reports stays as it was
        row["periods"] = [
            {"href": f"{p.folder}/index.html", "label": report_title(p, lang), "folder": p.folder} for p in listed
        ]
        row["changed"] = _latest([row["changed"], *(_index_time(reports_dir / p.folder) for p in listed)])
    return row


def _index_time(folder: Path) -> str | None:
    """The time an index page says it was generated (for the root index's own time)."""
    with contextlib.suppress(OSError):
        page = (folder / "index.html").read_text("utf-8")
        found = re.search(r'<footer class="provenance"><p>[^<]*<time datetime="([^"]+)"', page)
        return found.group(1) if found else None
    return None


def documents(year_dir: Path, lang: str) -> list[dict]:
    """Links to the year's document (HTML, PDF) where they exist."""
    found = []
    name = file_name(Path(year_dir).name)
    for suffix, key in ((".html", "page.document_html"), (".pdf", "page.document_pdf")):
        if (Path(year_dir) / f"{name}{suffix}").exists():
            found.append({"href": f"{name}{suffix}", "label": t(key, lang)})
    return found


def _key_figure_files(reports_dir: Path) -> list[Path]:
    return [p for p in (reports_dir / "nyckeltal.xlsx", reports_dir / "nyckeltal.csv") if p.exists()]


def render_year_index(
    year: int | str,
    entries: list[Mapping],
    *,
    lang: str = "sv",
    generated: str | None = None,
    documents: list[Mapping] | None = None,
    month: int = ANNUAL,
) -> str:
    """``reports/<year>/index.html``: the year's chapters with status and key figures (a
    period report's ``reports/<year>-<MM>/index.html`` with ``month`` < 12).

    Each entry: number, name, title, status ('ok', 'failed', 'skipped', 'missing'),
    href (or None), generated, seconds, figures (list of {label, text}), error (dict or
    None: message, cell_index, cell_count, first_line), previous (time of the page still
    shown, or None).
    """
    page = fill_template(
        "year_index.html.j2",
        lang,
        month,
        year=year,
        entries=entries,
        ok=sum(1 for e in entries if e["status"] == "ok"),
        comments=commentary_counts(entries),
        generated=generated or now_text(),
        documents=documents or [],
    )
    return checked(page)


def render_root_index(
    years: list[Mapping], *, lang: str = "sv", generated: str | None = None, key_figures: list[Mapping] | None = None
) -> str:
    """``reports/index.html``: every year, linked, with how many chapters are done.

    Each entry: year, href, ok, total, failed (count), generated.
    """
    page = fill_template(
        "root_index.html.j2", lang, years=years, generated=generated or now_text(), key_figures=key_figures or []
    )
    return checked(page)
