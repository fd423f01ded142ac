"""The index pages: ``reports/<year>/index.html`` (each chapter's status, headline key
figures and failure) and ``reports/index.html`` (every year), rewritten only when their
text changes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from analysis.facts.store import read_json
from analysis.publishing.html_export import fill_template, now_text
from analysis.publishing.notebooks import Chapter
from analysis.publishing.page_checks import checked
from analysis.publishing.plan import FAILED, OK, SKIPPED, ChapterFiles


def shown_figures(figures: Iterable[Mapping]) -> list[Mapping]:
    """The key figures an index shows readers: headline figures that have a value (the
    chapter records the others for programs, and a missing one is a note in the chapter),
    except the changes that :func:`change_of` shows beside their figure."""
    figures = list(figures)
    beside = {c["key"] for f in figures for c in _change_figures(f, figures).values()}
    return [f for f in figures if f.get("headline", True) and f.get("value") is not None and f["key"] not in beside]


#: Unit suffixes of key-figure keys; ``<stem>_<suffix>`` has its change against the previous
#: year with a value in ``<stem>_change_<suffix>`` (see the chapters' series sections).
_SUFFIXES = ("msek", "percent", "points", "count")


def _change_figures(figure: Mapping, figures: list[Mapping]) -> dict[str, Mapping]:
    """The recorded change figures of ``figure`` (amount, percent, points, period), by kind."""
    key = str(figure.get("key", ""))
    stem, _, suffix = key.rpartition("_")
    if suffix not in _SUFFIXES or not stem or stem.endswith("_change"):
        return {}
    by_key = {f.get("key"): f for f in figures}
    found = {}
    for kind in (*_SUFFIXES, "period"):
        change = by_key.get(f"{stem}_change_{kind}")
        if change is not None and (kind == "period" or change.get("value") is not None):
            found[kind] = change
    return found if set(found) - {"period"} else {}


def change_of(figure: Mapping, figures: list[Mapping], lang: str = "sv") -> dict | None:
    """The change against the previous year with a value that the chapter computed for
    ``figure`` from the series (``<stem>_change_*``): its text, period and formulas."""
    found = _change_figures(figure, figures)
    if not found:
        return None
    parts = []
    for kind in ("msek", "count", "points", "percent"):
        change = found.get(kind)
        if change is None:
            continue
        text = format_figure(change, lang)
        value = change.get("value")
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            text = "+" + text
        parts.append(text)
    period = found.get("period", {}).get("value") or ""
    formulas = [c.get("formula") for c in found.values() if c.get("formula")]
    return {"text": " / ".join(parts), "period": str(period), "formula": "; ".join(formulas)}


def year_entries(year: int, chapters: list[Chapter], reports_dir: Path, lang: str = "sv") -> list[dict]:
    """The index rows of a year, from the stamps and failure records on disk."""
    entries = []
    for chapter in chapters:
        files = ChapterFiles(Path(reports_dir) / str(year), chapter)
        stamp, failure = read_json(files.stamp), read_json(files.failure)
        has_html = files.html.exists()
        if failure:
            status = failure.get("status", FAILED)
        elif stamp and has_html:
            status = OK
        else:
            status = "missing"
        figures = (stamp.get("key_figures") or {}).get("figures", []) if stamp and has_html else []
        entries.append(
            {
                "number": chapter.number,
                "name": chapter.name,
                "title": chapter.title(lang),
                "status": status,
                "href": files.html.name if has_html else None,
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
                "error": failure.get("error") if failure else None,
                "previous": stamp.get("generated") if failure and has_html and stamp else None,
                "failed_at": failure.get("time") if failure else None,
            }
        )
    return entries


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


def _write_if_changed(target: Path, text: str) -> bool:
    """Write a page only if its text differs from the file's: a run that changed nothing
    leaves every file as it was."""
    from analysis.publishing.html_export import write_page

    with contextlib.suppress(OSError, UnicodeDecodeError):
        if target.read_text(encoding="utf-8") == text:
            return False
    write_page(target, text)
    return True


def write_indexes(reports_dir: Path, chapters: list[Chapter], years: Iterable[int], lang: str = "sv") -> None:
    """Rewrite ``reports/<year>/index.html`` for ``years`` and ``reports/index.html``.

    A page's time is that of the latest chapter page or failure it lists, so a page is
    rewritten only when something on it changed.
    """
    reports_dir = Path(reports_dir)
    for year in years:
        entries = year_entries(year, chapters, reports_dir, lang)
        when = _latest([e["generated"] for e in entries] + [e["failed_at"] for e in entries])
        _write_if_changed(
            reports_dir / str(year) / "index.html", render_year_index(year, entries, lang=lang, generated=when)
        )
    rows = []
    for folder in sorted(p for p in reports_dir.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name)):
        if not (folder / "index.html").exists():
            continue
        entries = year_entries(int(folder.name), chapters, reports_dir, lang)
        rows.append(
            {
                "year": int(folder.name),
                "href": f"{folder.name}/index.html",
                "ok": sum(e["status"] == OK for e in entries),
                "total": len(entries),
                "failed": sum(e["status"] in (FAILED, SKIPPED) for e in entries),
                "generated": _latest(e["generated"] for e in entries),
                "changed": _latest([e["generated"] for e in entries] + [e["failed_at"] for e in entries]),
            }
        )
    _write_if_changed(
        reports_dir / "index.html", render_root_index(rows, lang=lang, generated=_latest(r["changed"] for r in rows))
    )


def format_figure(figure: Mapping, lang: str = "sv") -> str:
    """A recorded key figure's value as readers see it (Swedish number format)."""
    from analysis.presentation import formatting

    value, unit = figure.get("value"), figure.get("unit") or ""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return formatting.MISSING.get(lang, "–")
    if unit == "percentage points" and isinstance(value, (int, float)) and not isinstance(value, bool):
        from analysis.publishing.html_export import labels

        return f"{formatting.value(value, '', 1, lang)}\u00a0{labels(lang)['percentage_points']}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"{value}\u00a0{unit}".strip() if unit else str(value)
    known = {"MSEK", "percent", "hours", "count", ""}
    decimals = None if unit in known and unit else (0 if float(value).is_integer() else 1)
    try:
        text = formatting.value(value, unit if unit in known else "", decimals, lang)
    except ValueError:
        text = str(value)
    return text if unit in known else f"{text}\u00a0{unit}"


def render_year_index(
    year: int | str, entries: list[Mapping], *, lang: str = "sv", generated: str | None = None
) -> str:
    """``reports/<year>/index.html``: the year's chapters with status and key figures.

    Each entry: number, name, title, status ('ok', 'failed', 'skipped', 'missing'),
    href (or None), generated, seconds, figures (list of {label, text}), error (dict or
    None: message, cell_index, cell_count, first_line), previous (time of the page still
    shown, or None).
    """
    page = fill_template(
        "year_index.html.j2",
        lang,
        year=year,
        entries=entries,
        ok=sum(1 for e in entries if e["status"] == "ok"),
        generated=generated or now_text(),
    )
    return checked(page)


def render_root_index(years: list[Mapping], *, lang: str = "sv", generated: str | None = None) -> str:
    """``reports/index.html``: every year, linked, with how many chapters are done.

    Each entry: year, href, ok, total, failed (count), generated.
    """
    page = fill_template("root_index.html.j2", lang, years=years, generated=generated or now_text())
    return checked(page)
