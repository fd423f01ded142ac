"""The year's report as one document: ``reports/<year>/arsrapport.html``, made from the
published chapter pages in the printed report's order (:data:`ORDER`): a cover (region,
division, the report's title), one table of contents (chapters and their sections, with
their page numbers once printed: :mod:`analysis.publishing.downloads.pdf`), numbered
chapters (``N``, their sections ``N.M``), then the appendices (:data:`APPENDIX`): data
quality, the sections whose data the year lacks (one line each instead of a heading in
the chapter), and how every chapter was made, from which files.

Every id of a chapter gets the chapter's prefix (in its Styler ``<style>`` rules too, so
that its cells keep their alignment), and links between chapters become links inside the
document; a link to a section the year lacks leads to its line in the appendix. The page
passes the same checks as a chapter (no script, nothing from a network) and is written
only when its text changes.
"""

from __future__ import annotations

import html
import re
import string
from dataclasses import dataclass, field
from pathlib import Path

from analysis.chapter_names import short_of
from analysis.periods import Period, from_folder
from analysis.publishing.pages.html_export import fill_template, now_text, write_if_changed
from analysis.publishing.pages.page_checks import checked
from analysis.publishing.pages.report_names import report_label
from analysis.publishing.pages.sections import take_list

_MAIN = re.compile(r"<main\b[^>]*>(.*)</main\s*>", re.DOTALL)
_TITLE = re.compile(r'<header class="page-header">.*?<h1\b[^>]*>(.*?)</h1\s*>', re.DOTALL)
_FOOTER = re.compile(r'<footer class="provenance">(.*?)</footer\s*>', re.DOTALL)
_FACT = re.compile(r'<dd data-fact="([\w-]+)">(.*?)</dd>', re.DOTALL)
_RAW_HEAD = re.compile(r'<table class="raw-files">\s*(<thead>.*?</thead>)', re.DOTALL)
_RAW_ROW = re.compile(r'<tr><th scope="row" class="file">(.*?)</th>.*?</tr>', re.DOTALL)
_RAW_BODY = re.compile(r'<table class="raw-files">.*?<tbody>(.*?)</tbody>', re.DOTALL)
_GENERATED = re.compile(r'<time datetime="([^"]*)"')
_ID = re.compile(r'\bid="([^"]*)"')
_HREF = re.compile(r'\bhref="([^"#]*\.html)?#([^"]*)"')
_STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style\s*>)", re.DOTALL)
_SELECTOR_ID = re.compile(r"#([A-Za-z_][\w-]*)")
_H2 = re.compile(r"<h2\b([^>]*)>(.*?)</h2\s*>", re.DOTALL)
_H1 = re.compile(r"<h1\b([^>]*)>.*?</h1\s*>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_ANCHOR = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.DOTALL)

NAME = "arsrapport"
#: A period report's document, by its kind (:mod:`analysis.periods`).
PERIOD_NAMES = {"tertial": "tertialrapport", "interim": "delarsrapport", "month": "manadsrapport"}


def file_name(folder: str) -> str:
    """The document's file name without suffix in a report folder: ``arsrapport`` in
    ``2019``, ``delarsrapport`` in ``2021-08``, ``tertialrapport`` in ``2021-04``."""
    period = from_folder(str(folder))
    return NAME if period is None or period.annual else PERIOD_NAMES[period.kind]


#: The chapters in the printed report's order (by short name): the summary, the balanced
#: scorecard (the print's "Balanserad styrning", right after its summary), the business (MT),
#: staff, economy, investments, assignments and internal control. A chapter not named here
#: comes after them, by number.
ORDER = ("summary", "scorecard", "mt", "staff", "costs", "investments", "assignments")
#: The chapters printed as appendices, after the chapters: data quality.
APPENDIX = ("quality",)
#: The id of the appendix listing the sections whose data the year lacks.
MISSING_ID = "missing"


@dataclass
class Part:
    number: int  # place in the document: its ids are c<NN>-…
    name: str
    title: str
    body: str
    label: str = ""  # "3", or an appendix's letter
    sections: list[tuple[str, str, str]] = field(default_factory=list)  # id, number, text
    generated: str = ""
    missing: list[str] = field(default_factory=list)  # the notes of sections it lacks (HTML)
    facts: dict[str, str] = field(default_factory=dict)  # the footer's facts (HTML)
    ids: set[str] = field(default_factory=set)

    @property
    def id(self) -> str:
        return f"c{self.number:02d}"


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", _ANCHOR.sub("", fragment))).split())


def _prefixed_styles(body: str, ids: set[str], prefix: str) -> str:
    """The Styler ``<style>`` rules of a chapter with its prefixed ids (``#T_1_row0_col1``)."""

    def rules(match: re.Match) -> str:
        css = _SELECTOR_ID.sub(lambda m: f"#{prefix}{m.group(1)}" if m.group(1) in ids else m.group(0), match.group(2))
        return match.group(1) + css + match.group(3)

    return _STYLE.sub(rules, body)


def chapter_part(number: int, name: str, page: str, names: set[str], label: str = "") -> Part:
    """One chapter page's content with prefixed ids, numbered h2 and links kept inside; its
    list of missing sections and its footer's facts taken out."""
    prefix = f"c{number:02d}-"
    label = label or str(number)
    title = _text(_TITLE.search(page).group(1)) if _TITLE.search(page) else name
    body = _MAIN.search(page).group(1) if _MAIN.search(page) else ""
    body, missing = take_list(_H1.sub("", body))  # a chapter's own h1 is the title of the part
    ids = set(_ID.findall(body))

    def link(match: re.Match) -> str:
        target, anchor = match.group(1), match.group(2)
        if not target:
            return f'href="#{prefix}{anchor}"'
        other = target.removesuffix(".html")
        if other in names:
            return f'href="#@{other}@{anchor}"'  # numbered once every part is known
        return match.group(0)

    body = _HREF.sub(link, _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', body))
    part = Part(number, name, title, _prefixed_styles(body, ids, prefix), label=label, missing=missing)
    part.ids = {prefix + ident for ident in ids}
    count = 0

    def heading(match: re.Match) -> str:
        nonlocal count
        count += 1
        attrs, inner = match.group(1), match.group(2)
        ident = _ID.search(attrs)
        part.sections.append((ident.group(1) if ident else "", f"{label}.{count}", _text(inner)))
        return f'<h2{attrs}><span class="section-number">{label}.{count}</span> {inner}</h2>'

    part.body = _H2.sub(heading, part.body)
    footer = _FOOTER.search(page)
    times = _GENERATED.findall(footer.group(1)) if footer else []
    part.generated = times[0] if times else ""
    part.facts = {key: value.strip() for key, value in _FACT.findall(footer.group(1) if footer else "")}
    return part


def report_order(names: list[str]) -> tuple[list[str], list[str]]:
    """``names`` (chapter names, in chapter order) as the document's chapters and appendices."""
    rank = {short: i for i, short in enumerate(ORDER)}
    appendix = [n for n in names if short_of(n) in APPENDIX]
    chapters = [n for n in names if n not in appendix]
    chapters.sort(key=lambda n: rank.get(short_of(n) or "", len(ORDER)))  # stable: the rest by number
    return chapters, appendix


def _link_parts(parts: list[Part]) -> None:
    """Links between chapters, now that every part has its number; a link to a section that
    is not in the document (the year lacks its data) leads to the appendix's list."""
    numbers = {p.name: p.number for p in parts}
    known = {ident for p in parts for ident in p.ids} | {p.id for p in parts}

    def target(match: re.Match) -> str:
        ident = f"c{numbers[match.group(1)]:02d}-{match.group(2)}"
        return f'href="#{ident if ident in known else MISSING_ID}"'

    for part in parts:
        part.body = re.sub(r'href="#@([^@"]*)@([^"]*)"', target, part.body)
        part.body = re.sub(
            r'href="#(c\d\d-[^"]*)"',
            lambda m: m.group(0) if m.group(1) in known else f'href="#{MISSING_ID}"',
            part.body,
        )


def _raw_files(pages: list[str]) -> tuple[str, list[str]]:
    """The raw-files tables of every chapter as one: its header and its rows, one per file."""
    head, rows = "", {}
    for page in pages:
        found = _RAW_HEAD.search(page)
        head = head or (found.group(1) if found else "")
        body = _RAW_BODY.search(page)
        for row in _RAW_ROW.finditer(body.group(1) if body else ""):
            rows.setdefault(_text(row.group(1)), row.group(0))
    return head, [rows[key] for key in sorted(rows)]


def render_document(
    year: int | str, pages: list[tuple[int, str, str]], *, lang: str, generated: str | None = None
) -> str:
    """The document's HTML from ``pages`` (chapter number, name, page HTML), in chapter order."""
    by_name = {name: page for _n, name, page in pages}
    chapters, appendix = report_order([name for _n, name, _p in pages])
    names = set(by_name)
    parts = [chapter_part(i + 1, name, by_name[name], names) for i, name in enumerate(chapters)]
    parts += [
        chapter_part(len(chapters) + i + 1, name, by_name[name], names, label=string.ascii_uppercase[i])
        for i, name in enumerate(appendix)
    ]
    _link_parts(parts)
    letters = iter(string.ascii_uppercase[len(appendix) :])
    head, rows = _raw_files([page for _n, _name, page in pages])
    period = from_folder(str(year)) or Period(int(year))  # ``2021`` or a period's ``2021-08``
    year = period.year
    page = fill_template(
        "document.html.j2",
        lang,
        period.month,
        year=year,
        parts=parts[: len(chapters)],
        appendix=parts[len(chapters) :],
        missing_letter=next(letters),
        provenance_letter=next(letters),
        title_css=_markup(css_string(document_title(period, lang))),
        missing_id=MISSING_ID,
        missing_count=sum(len(part.missing) for part in parts),
        raw_head=_markup(head),
        raw_rows=[_markup(row) for row in rows],
        generated=generated or now_text(),
        markup=_markup,
    )
    return checked(page)


def document_title(period: Period, lang: str) -> str:
    """The document's title: ``Årsrapport division Länsteknik 2019``, or a period report's."""
    return report_label(period, "document_title", lang)


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string that cannot end its ``<style>`` (every character but
    letters, digits, spaces and plain punctuation as a CSS escape)."""
    safe = (ch if ch.isalnum() or ch in " .,:;-_()" else f"\\{ord(ch):x} " for ch in text)
    return '"' + "".join(safe) + '"'


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
    target = Path(year_dir) / f"{file_name(Path(year_dir).name)}.html"
    text = render_document(Path(year_dir).name, pages, lang=lang, generated=latest(times))
    write_if_changed(target, text)
    return target
