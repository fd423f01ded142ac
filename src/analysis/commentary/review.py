"""A commentary block made into HTML with its figures: each ``{{ key }}`` replaced by the figure
as the pages format it (linked to its section), each typed number checked against the year's
figures, and every problem a finding that names the file and the line.

Nothing here is dropped or left empty: an unknown key shows a visible marker, a typed number
that no figure equals stays as written with a warning, and the text is escaped (raw HTML is
off in :mod:`analysis.commentary.markdown`).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from analysis.commentary import figures as figs
from analysis.commentary.markdown import render
from analysis.commentary.source import Block, Commentary
from analysis.texts import t

_OPEN, _CLOSE = "\ue000", "\ue001"


@dataclass(frozen=True)
class Finding:
    """A problem of a commentary, at a line of its file."""

    file: str
    line: int
    kind: str  # unknown_key, foreign_key, no_year, typed, heading
    message: str

    def as_json(self) -> dict:
        return {"file": self.file, "line": self.line, "kind": self.kind, "message": self.message}


@dataclass
class Catalog:
    """The figures a chapter's commentary may cite: ``{{ key }}`` looks in ``keys`` (this
    year's and, by year, the other years' recorded key figures it may use), ``foreign`` names
    the chapter of a key that this chapter cannot cite, and typed numbers are compared with
    ``numbers`` (key figures and facts of the year)."""

    year: int
    keys: dict[tuple[str, int], figs.Figure] = field(default_factory=dict)
    foreign: dict[str, str] = field(default_factory=dict)
    numbers: list[figs.Figure] = field(default_factory=list)

    @classmethod
    def of(cls, year: int, cited: Iterable[figs.Figure], facts: Iterable[figs.Figure], foreign=None) -> Catalog:
        keys: dict[tuple[str, int], figs.Figure] = {}
        for figure in cited:
            keys.setdefault((figure.key, figure.year), figure)
            if figure.chapter:  # ``{{ investments.mt_outcome_msek }}`` names the chapter
                keys.setdefault((f"{figure.chapter}.{figure.key}", figure.year), figure)
        own_year = [f for (_k, y), f in keys.items() if y == int(year)]
        return cls(int(year), keys, dict(foreign or {}), [*dict.fromkeys(own_year), *facts])

    def by_ident(self) -> dict[str, figs.Figure]:
        return {f.ident: f for f in [*self.keys.values(), *self.numbers]}


@dataclass
class Rendered:
    block: Block
    html: str
    cited: list[figs.Figure]
    findings: list[Finding]


def render_block(block: Block, commentary: Commentary, catalog: Catalog, lang: str) -> Rendered:
    """The block's HTML, the figures it cites and its findings."""
    text, parts, cited, findings = block.text, [], [], []

    def line_of(pos: int) -> int:
        return block.text_line + text.count("\n", 0, pos)

    def mark(match) -> str:
        parts.append(_part(match, line_of(match.start()), commentary, catalog, lang, cited, findings))
        return f"{_OPEN}{len(parts) - 1}{_CLOSE}"

    marked = figs.ANY_MARK.sub(mark, text)
    blank = figs.ANY_MARK.sub(lambda m: " " * len(m.group(0)) if "\n" not in m.group(0) else m.group(0), text)
    for typed in figs.typed_numbers(blank):
        found = figs.match(typed, catalog.numbers)
        if found is not None:
            cited.append(found)
            continue
        near = ", ".join(f"{f.label} {f.text}" for f in figs.nearest(typed, catalog.numbers))
        message = t("commentary.finding.typed", lang, text=typed.text, year=catalog.year, nearest=near or "–")
        findings.append(Finding(commentary.name, line_of(typed.start), "typed", message))
    body = render(marked)
    for n, part in enumerate(parts):
        body = body.replace(f"{_OPEN}{n}{_CLOSE}", part)
    return Rendered(block, body, cited, findings)


def _part(match, line: int, commentary: Commentary, catalog: Catalog, lang: str, cited: list, findings: list) -> str:
    """The HTML of one ``{{ key }}`` (the figure, or a visible marker) or ``{= as written =}``."""
    if match.group(3) is not None:  # {= ... =}: shown as written, not checked
        return f'<span class="figure-as-written">{html.escape(" ".join(match.group(3).split()))}</span>'
    key, year = match.group(1), int(match.group(2) or catalog.year)
    figure = catalog.keys.get((key, year))
    if figure is not None and figure.number is None and not isinstance(figure.value, str):
        figure = None if figure.value is None else figure
    if figure is not None:
        cited.append(figure)
        text = html.escape(figure.text)
        if figure.href:
            return f'<a class="figure" href="{html.escape(figure.href, quote=True)}">{text}</a>'
        return f'<span class="figure">{text}</span>'
    known = {k for k, _y in catalog.keys}
    if key in known and (key, year) not in catalog.keys:
        message = t("commentary.finding.no_year", lang, name=key, year=year)
    elif key in known:
        message = t("commentary.finding.no_value", lang, name=key, year=year)
    elif key in catalog.foreign:
        message = t("commentary.finding.foreign_key", lang, name=key, chapter=catalog.foreign[key])
    else:
        near = ", ".join(figs.nearest_keys(key, {k for k in known if "." not in k} | set(catalog.foreign)))
        message = t("commentary.finding.unknown_key", lang, name=key, nearest=near or "–")
    findings.append(Finding(commentary.name, line, "key", message))
    marker = html.escape(t("commentary.marker", lang, name=key))
    return f'<mark class="figure-missing" title="{html.escape(message, quote=True)}">{marker}</mark>'


def where(finding: Finding, lang: str) -> str:
    """``2019/kommentarer/costs.md, rad 7``: where a finding is, as a reader reads it."""
    return t("commentary.where", lang, file=finding.file, line=finding.line)


def unplaced_finding(block: Block, commentary: Commentary, headings: Iterable[str], lang: str) -> Finding:
    """A ``## heading`` that matches no section of the chapter: the text is still shown."""
    listed = "; ".join(dict.fromkeys(headings)) or "–"
    message = t("commentary.finding.heading", lang, heading=block.heading, headings=listed)
    return Finding(commentary.name, block.first_line, "heading", message)


def flag_messages(changes: Iterable[tuple[str, str, str]], lang: str) -> list[str]:
    """ "Kommentaren godkändes när … var −4,8 mnkr; underlaget ger nu −5,1 mnkr", per change."""
    out = []
    for label, then, now in changes:
        key = "commentary.flag.changed" if now else "commentary.flag.gone"
        out.append(t(key, lang, label=label, old=then, new=now))
    return out


def status_text(commentary: Commentary, state: str, lang: str) -> str:
    """The visible status mark of a commentary: Utkast, Granskad ej godkänd, Godkänd, …"""
    return t(f"commentary.state.{_STATE_KEYS[state]}", lang, date=commentary.approved_on or "–")


_STATE_KEYS = {
    "utkast": "draft",
    "granskad": "reviewed",
    "godkänd": "approved",
    "flaggad": "flagged",
    "förnyas": "renew",
}


def as_json(figures: Iterable[figs.Figure]) -> list[dict]:
    """The cited figures as the stamp and the build's summary keep them."""
    unique: Mapping[str, figs.Figure] = {f.ident: f for f in figures}
    return [{"ident": f.ident, "label": f.label, "text": f.text} for f in unique.values()]
