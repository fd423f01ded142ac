"""The analysts' commentary in a running chapter: read in :func:`begin` (the chapter's setup),
placed as the chapter shows its headings, and given its figures in :func:`finish` (the
chapter's last cell, when its own key figures are known).

Placement: the text before the first ``## heading`` opens the chapter under "Kommentar", just
before its first section; the text after ``## <heading>`` closes the section of that heading
(matched as the page shows it, case and spaces aside); a heading that matches no section is a
finding, and its text is shown at the chapter's end. A block is shown where it belongs at
once, and filled in by :func:`finish` (an update of its display, which JupyterLab and the
build's executor both apply), so the figures are those of this run: never last week's.

A chapter's commentary inserts its own key figures; the summary's inserts every chapter's
(it runs after them, from their record). The build writes the approval record a
:func:`finish` asks for (:mod:`analysis.publishing.batch.execute`); a run in JupyterLab only
reads it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from IPython.display import HTML, Markdown, display

from analysis import paths
from analysis.chapters.comments_view import block_html, findings_html
from analysis.commentary import approval, review, source
from analysis.commentary import figures as figs
from analysis.commentary.markdown import same_heading
from analysis.facts import pipeline
from analysis.facts.store import read_json
from analysis.facts.vocabulary import MEASURES
from analysis.presentation.anchors import heading_id
from analysis.presentation.outputs import COMMENTARY_MIME
from analysis.texts import t

#: Where a chapter's key figures are shown: the heading (message key) of a chapter's section,
#: by chapter and key prefix; the first that fits (``""`` fits every key).
SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "cost_development": (
        ("result_change", "costs.years.heading"),
        ("result", "costs.result.heading"),
        ("costs_", "costs.monthly.heading"),
        ("net_cost", "costs.changes.heading"),
        ("cost_type_total", "costs.years.heading"),
        ("business_area_total", "costs.years.heading"),
        ("", "costs.cost_type.heading"),
    ),
    "mt_maintenance_growth": (("", "mt.h.growth"),),
    "investment_pace": (("", "investment_pace.h.frame"),),
    "staff": (("", "staff.h.sick_leave"),),
    "scorecard": (("", "scorecard.h.counts"),),
    "assignments": (("", "assignments.h.counts"),),
    "data_quality": (("", "quality.findings"),),
}


@dataclass
class Placement:
    """The running chapter's commentary and where its blocks have gone so far."""

    commentary: source.Commentary | None
    year: int
    lang: str
    chapter: str
    processed_dir: Path
    reports_dir: Path
    pending: list[source.Block] = field(default_factory=list)
    shown: list[tuple[source.Block, object]] = field(default_factory=list)
    unplaced: list[source.Block] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    open: list[tuple[int, str]] = field(default_factory=list)
    opened: bool = False


_current: Placement | None = None


def begin(year: int, lang: str, chapter: str, raw_dir=None, processed_dir=None, reports_dir=None) -> Placement:
    """Read the chapter's commentary (an unreadable file stops the chapter with its line)."""
    global _current
    raw = Path(raw_dir or paths.raw_dir())
    commentary = source.find(int(year), chapter, raw, lang)
    reports = Path(reports_dir or paths.chapters_reports_dir())
    _current = Placement(commentary, int(year), lang, chapter, Path(processed_dir or paths.processed_dir()), reports)
    if commentary is not None:
        _current.pending = list(commentary.blocks)
    return _current


def clear() -> None:
    """No commentary in this kernel (a period report's chapter: the texts are the annual report's)."""
    global _current
    _current = None


def current() -> Placement | None:
    return _current


def before_heading(level: int) -> None:
    """A heading is about to be shown: the sections it ends get their commentary, and the
    opening comes before the chapter's first section."""
    p = _current
    if p is None or p.commentary is None or level not in (2, 3):
        return
    if not p.opened:
        p.opened = True
        _show_opening(p)
    while p.open and p.open[-1][0] >= level:
        _close(p, p.open.pop()[1])


def after_heading(level: int, text: str) -> None:
    p = _current
    if p is not None and level in (2, 3):
        p.open.append((level, text))
        p.headings.append(text)


def _show_opening(p: Placement) -> None:
    opening = [b for b in p.pending if b.heading is None]
    if opening:
        display(Markdown(f"## {t('commentary.heading', p.lang)}"))
        for block in opening:
            _show(p, block)


def _close(p: Placement, heading: str) -> None:
    for block in [b for b in p.pending if b.heading is not None and same_heading(b.heading, heading)]:
        _show(p, block)


def _show(p: Placement, block: source.Block) -> None:
    p.pending.remove(block)
    waiting = html.escape(t("commentary.pending", p.lang))
    handle = display(HTML(f'<div class="commentary">{waiting}</div>'), display_id=True)
    p.shown.append((block, handle))


def finish(own: list, others: list | None = None) -> dict | None:
    """Fill in every shown block with this run's figures, show what matched no section, the
    findings and the status, and record what the commentary was (for the build). ``own``: the
    chapter's key figures (``KeyFigure``); ``others``: the other chapters' recorded ones, as
    ``(chapter, figures JSON)`` (the summary)."""
    p = _current
    if p is None or p.commentary is None:
        return None
    before_heading(2)
    p.open.clear()
    for block in list(p.pending):
        p.unplaced.append(block)
        _show(p, block)
    stamps = _stamps(p, p.year)  # read once: the other chapters' keys and this chapter's evidence
    catalog = _catalog(p, own, others or [], stamps)
    payload = _fill(p, catalog, stamps.get(p.chapter))
    display({COMMENTARY_MIME: payload}, raw=True)
    return payload


def _catalog(p: Placement, own: list, others: list, stamps: dict[str, dict]) -> review.Catalog:
    mine = figs.key_figures(p.chapter, p.year, [f.as_json() for f in own], p.lang, lambda c, k: _href(p, c, k))
    cited = list(mine)
    for chapter, recorded in others:
        cited += figs.key_figures(chapter, p.year, recorded, p.lang, lambda c, k: _href(p, c, k))
    cited += _other_years(p)
    facts = figs.facts(pipeline.load_facts([p.year], p.processed_dir), p.year, p.lang, lambda m: _measure(m, p.lang))
    return review.Catalog.of(p.year, cited, facts, _foreign(p, {f.key for f in cited}, stamps))


def _measure(measure: str, lang: str) -> str:
    sv, en, _ = MEASURES.get(measure, (measure, measure, ""))
    return sv if lang == "sv" else en


def _href(p: Placement, chapter: str, key: str) -> str:
    heading = next((h for prefix, h in SECTIONS.get(chapter, ()) if key.startswith(prefix)), None)
    anchor = f"#{heading_id(t(heading, p.lang))}" if heading else ""
    return anchor if chapter == p.chapter else f"{chapter}.html{anchor}"


def _stamps(p: Placement, year: int) -> dict[str, dict]:
    """The last stamps of a year's chapters, by chapter name."""
    found = {}
    for path in sorted((p.reports_dir / str(year) / "executed").glob("*.stamp.json")):
        stamp = read_json(path)
        if stamp.get("chapter"):
            found[stamp["chapter"]] = stamp
    return found


def _other_years(p: Placement) -> list:
    """The key figures of the other built years that ``{{ key 2018 }}`` may insert: this
    chapter's (the summary: every chapter's), as those years' last build recorded them."""
    out = []
    for folder in sorted(q for q in p.reports_dir.glob("[0-9][0-9][0-9][0-9]") if q.name != str(p.year)):
        for chapter, stamp in _stamps(p, int(folder.name)).items():
            if chapter == p.chapter or (p.chapter == "summary" and chapter != "summary"):
                recorded = (stamp.get("key_figures") or {}).get("figures") or []
                out += figs.key_figures(chapter, int(folder.name), recorded, p.lang, lambda c, k: "")
    return out


def _foreign(p: Placement, known: set[str], stamps: dict[str, dict]) -> dict[str, str]:
    """Keys of the year's other chapters (from their last stamps) that this one cannot cite."""
    foreign = {}
    for chapter, stamp in stamps.items():
        for f in (stamp.get("key_figures") or {}).get("figures") or []:
            if f.get("key") not in known and chapter != p.chapter:
                foreign.setdefault(f["key"], chapter)
    return foreign


def _fill(p: Placement, catalog: review.Catalog, stamp: dict | None) -> dict:
    c = p.commentary
    rendered = [review.render_block(block, c, catalog, p.lang) for block, _h in p.shown]
    findings = [f for r in rendered for f in r.findings]
    findings += [review.unplaced_finding(b, c, p.headings, p.lang) for b in p.unplaced]
    cited = [f for r in rendered for f in r.cited]
    record = approval.read_record(p.processed_dir, p.year, c.name)
    verdict = approval.judge(c, record, approval.evidence(stamp, c.name), cited, catalog.by_ident())
    flags = review.flag_messages(verdict.changes, p.lang)
    if verdict.state == approval.RENEW:
        flags = [t("commentary.flag.renew", p.lang)]
    for (block, handle), r in zip(p.shown, rendered):
        handle.update(HTML(block_html(p, r, verdict.state, flags, block in p.unplaced)))
    if findings:
        display(HTML(findings_html(findings, p.lang)))
    return {
        "file": c.name,
        "sha256": c.sha256,
        "bytes": c.size,
        "lines": c.lines,
        "lang": c.lang,
        "status": c.status,
        "approved_on": c.approved_on,
        "responsible": c.responsible,
        "state": verdict.state,
        "state_text": review.status_text(c, verdict.state, p.lang),
        "flags": flags,
        "findings": [f.as_json() for f in findings],
        "cited": review.as_json(cited),
        "record": verdict.record if c.lang == p.lang else None,
    }
