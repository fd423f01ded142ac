"""The HTML of a placed commentary block and of its findings (escaped; the block's own HTML
comes from :mod:`analysis.commentary.markdown`, raw HTML off)."""

from __future__ import annotations

import html

from analysis.commentary import approval
from analysis.commentary.review import Finding, Rendered, status_text, where
from analysis.texts import t

_CSS = {
    approval.DRAFT: "draft",
    approval.REVIEWED: "reviewed",
    approval.APPROVED: "approved",
    approval.FLAGGED: "flagged",
    approval.RENEW: "flagged",
}


def block_html(p, rendered: Rendered, state: str, flags: list[str], unplaced: bool) -> str:
    """One block: its status line (Kommentar · Utkast · Ansvarig), its flags (an approval that
    the data overtook), and the text; on an English page of a Swedish-only text, one line
    says so and the text is marked ``lang="sv"``."""
    c, lang = p.commentary, p.lang
    status = [t("commentary.heading", lang), status_text(c, state, lang)]
    if c.responsible:
        status.append(t("commentary.responsible", lang, name=c.responsible))
    label = html.escape(t("commentary.heading", lang), quote=True)
    parts = [f'<section class="commentary commentary-{_CSS[state]}" aria-label="{label}">']
    parts.append(f'<p class="commentary-status">{html.escape(" · ".join(status))}</p>')
    if flags:
        items = "".join(f"<li>{html.escape(f)}</li>" for f in flags)
        parts.append(f'<div class="commentary-flag" role="note"><ul>{items}</ul></div>')
    if unplaced:
        note = t("commentary.unplaced", lang, heading=rendered.block.heading or "")
        parts.append(f'<p class="commentary-note">{html.escape(note)}</p>')
    if c.lang != lang:
        parts.append(f'<p class="commentary-note">{html.escape(t("commentary.only_swedish", lang))}</p>')
        parts.append(f'<div lang="{html.escape(c.lang, quote=True)}">{rendered.html}</div>')
    else:
        parts.append(rendered.html)
    parts.append("</section>")
    return "".join(parts)


def findings_html(findings: list[Finding], lang: str) -> str:
    """The commentary's findings at the chapter's end: where each is, and what."""
    items = "".join(f"<li>{html.escape(where(f, lang))}: {html.escape(f.message)}</li>" for f in findings)
    title = html.escape(t("commentary.findings", lang, n=len(findings)))
    heading = f"<p><strong>{title}</strong></p>"
    return f'<aside class="commentary-findings" aria-label="{title}">{heading}<ul>{items}</ul></aside>'
