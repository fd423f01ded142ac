"""Sections whose data the year lacks. A chapter shows such a section as its heading and the
one-line note of :func:`analysis.chapters.common.missing` or ``no_budget()``
(``<p class="note missing">``) and nothing else; on a page it is no heading of its own but a
line of one list at the page's end (:func:`missing_sections`), and in the year's document a
line of the appendix's list (:mod:`.document` takes the list out of each chapter).

A section is a heading (h2–h4) with everything up to the next heading of its level or
higher; it lacks its data when, without its notes and the headings of its subsections,
nothing is left in it: no text, no table, no image. A section with data keeps its notes where they are.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_HEADING = re.compile(r"<h([2-4])\b[^>]*>.*?</h\1\s*>", re.IGNORECASE | re.DOTALL)
_NOTE = re.compile(r'<p class="note missing">(.*?)</p\s*>', re.DOTALL)
_STYLE = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.IGNORECASE | re.DOTALL)
_CONTENT = re.compile(r"<(img|svg|table|iframe|video|canvas)\b", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_ID = re.compile(r'\bid="([^"]*)"')
#: The list at a page's end (its heading's id; :mod:`.document` finds the list by its class).
LIST_ID = "missing-data"
_LIST = re.compile(r'<section class="missing-sections"[^>]*>.*?</section>', re.DOTALL)
_ITEM = re.compile(r"<li\b[^>]*>(.*?)</li>", re.DOTALL)


@dataclass(frozen=True)
class _Heading:
    start: int
    end: int
    level: int
    id: str


def _empty(fragment: str) -> bool:
    """Whether a stretch of a page holds nothing a reader would see but headings and notes."""
    rest = _HEADING.sub("", _NOTE.sub("", _STYLE.sub("", fragment)))
    return not _CONTENT.search(rest) and not html.unescape(_TAG.sub("", rest)).strip()


def missing_sections(body: str) -> tuple[str, list[str], set[str]]:
    """``body`` without the sections that lack their data; their notes (escaped HTML, in page
    order) and the ids of the headings taken out."""
    out, anchored, removed = anchored_sections(body)
    return out, [note for note, _id in anchored], removed


def anchored_sections(body: str) -> tuple[str, list[tuple[str, str]], set[str]]:
    """As :func:`missing_sections`, each note with the id of the heading it stood under: the
    list's line keeps that id, so a link to the section (the summary's) lands on its note."""
    headings = [
        _Heading(m.start(), m.end(), int(m.group(1)), (_ID.search(m.group(0)) or [None, ""])[1])
        for m in _HEADING.finditer(body)
    ]
    cuts: list[tuple[int, int]] = []
    notes: list[tuple[str, str]] = []
    removed: set[str] = set()
    for i, heading in enumerate(headings):
        if any(start <= heading.start < end for start, end in cuts):
            continue  # inside a section already taken out
        end = next((h.start for h in headings[i + 1 :] if h.level <= heading.level), len(body))
        section = body[heading.end : end]
        found = _NOTE.findall(section)
        if not found or not _empty(section):
            continue
        cuts.append((heading.start, end))
        notes += [(note.strip(), heading.id if n == 0 else "") for n, note in enumerate(found)]
        removed |= {h.id for h in headings[i:] if heading.start <= h.start < end and h.id}
    return _cut(body, cuts), notes, removed


def _cut(body: str, cuts: list[tuple[int, int]]) -> str:
    """``body`` without its headings and notes in ``cuts`` (the markup around them kept, so
    that every element still closes)."""
    out, last = [], 0
    for start, end in cuts:
        out.append(body[last:start])
        out.append(_NOTE.sub("", _HEADING.sub("", body[start:end])))
        last = end
    out.append(body[last:])
    return "".join(out)


def missing_list(notes: list[str] | list[tuple[str, str]], heading: str) -> str:
    """The list at a page's end: ``heading`` (text) and one line per note (escaped HTML), a
    line with the id of the section it replaces where it has one."""
    if not notes:
        return ""
    pairs = [n if isinstance(n, tuple) else (n, "") for n in notes]
    items = "".join(
        f'<li id="{html.escape(ident, quote=True)}">{note}</li>' if ident else f"<li>{note}</li>"
        for note, ident in pairs
    )
    return (
        f'<section class="missing-sections" aria-labelledby="{LIST_ID}">'
        f'<h2 id="{LIST_ID}">{html.escape(heading)}</h2><ul class="missing-list">{items}</ul></section>'
    )


def take_list(body: str) -> tuple[str, list[str]]:
    """A page body without its list of missing sections, and the list's lines (HTML)."""
    found = _LIST.search(body)
    if not found:
        return body, []
    return body[: found.start()] + body[found.end() :], [item.strip() for item in _ITEM.findall(found.group(0))]
