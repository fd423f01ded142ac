"""The year's report as one document: ``reports/<year>/arsrapport.html``, made from the
published chapter pages in report order (the summary first): a cover, one table of
contents, numbered sections (chapter ``N``, its sections ``N.M``), one provenance section
at the end. Every id of a chapter gets the chapter's prefix, and links between chapters
become links inside the document. The page passes the same checks as a chapter (no
script, nothing from a network) and is written only when its text changes.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.publishing.pages.html_export import fill_template, now_text, write_if_changed
from analysis.publishing.pages.page_checks import checked

_MAIN = re.compile(r"<main\b[^>]*>(.*)</main\s*>", re.DOTALL)
_TITLE = re.compile(r'<header class="page-header">.*?<h1\b[^>]*>(.*?)</h1\s*>', re.DOTALL)
_FOOTER = re.compile(r'<footer class="provenance">(.*?)</footer\s*>', re.DOTALL)
_RAW_TABLE = re.compile(r'<div class="table-scroll"[^>]*>\s*<table class="raw-files">.*?</table>\s*</div>', re.DOTALL)
_GENERATED = re.compile(r'<time datetime="([^"]*)"')
_ID = re.compile(r'\bid="([^"]*)"')
_HREF = re.compile(r'\bhref="([^"#]*\.html)?#([^"]*)"')
_H2 = re.compile(r"<h2\b([^>]*)>(.*?)</h2\s*>", re.DOTALL)
_H1 = re.compile(r"<h1\b([^>]*)>.*?</h1\s*>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_ANCHOR = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.DOTALL)

NAME = "arsrapport"


@dataclass
class Part:
    number: int
    name: str
    title: str
    body: str
    sections: list[tuple[str, str]] = field(default_factory=list)
    generated: str = ""


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", _ANCHOR.sub("", fragment))).split())


def chapter_part(number: int, name: str, page: str, names: set[str]) -> Part:
    """One chapter page's content with prefixed ids, numbered h2 and links kept inside."""
    prefix = f"c{number:02d}-"
    title = _text(_TITLE.search(page).group(1)) if _TITLE.search(page) else name
    body = _MAIN.search(page).group(1) if _MAIN.search(page) else ""
    body = _H1.sub("", body)  # a chapter's own h1 is the section title of the part

    def link(match: re.Match) -> str:
        target, anchor = match.group(1), match.group(2)
        if not target:
            return f'href="#{prefix}{anchor}"'
        other = target.removesuffix(".html")
        if other in names:
            return f'href="#@{other}@{anchor}"'  # numbered once every part is known
        return match.group(0)

    body = _HREF.sub(link, _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', body))
    part = Part(number, name, title, body)
    count = 0

    def heading(match: re.Match) -> str:
        nonlocal count
        count += 1
        attrs, inner = match.group(1), match.group(2)
        ident = _ID.search(attrs)
        part.sections.append((ident.group(1) if ident else "", f"{number}.{count} {_text(inner)}"))
        return f'<h2{attrs}><span class="section-number">{number}.{count}</span> {inner}</h2>'

    part.body = _H2.sub(heading, part.body)
    footer = _FOOTER.search(page)
    times = _GENERATED.findall(footer.group(1)) if footer else []
    part.generated = times[0] if times else ""
    return part


def render_document(
    year: int | str, pages: list[tuple[int, str, str]], *, lang: str, generated: str | None = None
) -> str:
    """The document's HTML from ``pages`` (chapter number, name, page HTML), in order."""
    names = {name for _n, name, _p in pages}
    parts = [chapter_part(i + 1, name, page, names) for i, (_n, name, page) in enumerate(pages)]
    numbers = {p.name: p.number for p in parts}
    for part in parts:  # links between chapters, now that every part has its number
        part.body = re.sub(
            r'href="#@([^@"]*)@([^"]*)"', lambda m: f'href="#c{numbers[m.group(1)]:02d}-{m.group(2)}"', part.body
        )
    raw = max((_RAW_TABLE.findall(p) for _n, _name, p in pages), key=lambda found: len("".join(found)), default=[])
    page = fill_template(
        "document.html.j2",
        lang,
        year=year,
        parts=parts,
        raw_files=_markup(raw[0]) if raw else None,
        generated=generated or now_text(),
        markup=_markup,
    )
    return checked(page)


def _markup(text: str):
    from markupsafe import Markup

    return Markup(text)


def latest(times: list[str]) -> str | None:
    return max((t for t in times if t), default=None)


def write_document(year_dir: Path, chapters: list, lang: str) -> Path | None:
    """Write ``<year>/arsrapport.html`` from the chapter pages there, if its text changed;
    the document's time is that of its newest chapter, so an unchanged year gives an
    unchanged file. None when the year has no chapter page."""
    pages = []
    for chapter in sorted(chapters, key=lambda c: c.number):
        path = Path(year_dir) / f"{chapter.name}.html"
        if path.exists():
            pages.append((chapter.number, chapter.name, path.read_text(encoding="utf-8")))
    if not pages:
        return None
    times = [_GENERATED.findall(_FOOTER.search(p).group(1))[0] for _n, _m, p in pages if _FOOTER.search(p)]
    target = Path(year_dir) / f"{NAME}.html"
    text = render_document(Path(year_dir).name, pages, lang=lang, generated=latest(times))
    write_if_changed(target, text)
    return target
