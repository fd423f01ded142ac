"""Approvals of commentary and the data that overtook them.

When a commentary is ``godkänd``, the build records the values of every figure it cites
(inserted or typed) with the file's SHA-256, in
``data/processed/kommentarer/<year>/<file>.json`` (:func:`record_path`). A later build
compares: a figure whose value changed flags the comment (:data:`FLAGGED`) until the file
changes again (a new ``godkänd:`` date is enough), which is a new approval.

A lost record never approves the new figures silently. The chapter's last stamp
(``reports/<year>/executed/<notebook>.stamp.json``) keeps the SHA-256 of the approved file as
evidence; a build that finds that evidence but no record says that the approval must be
renewed (:data:`RENEW`) instead of recording today's figures. Only a file that no build has
seen approved is recorded as a new approval.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from analysis.commentary.figures import Figure, changed
from analysis.commentary.files import (
    APPROVED,
    DRAFT,
    FLAGGED,
    NOT_APPROVED,
    RENEW,
    REVIEWED,
    read_record,
    record_path,
    record_sha,
)
from analysis.commentary.source import Commentary

__all__ = [
    "APPROVED",
    "DRAFT",
    "FLAGGED",
    "NOT_APPROVED",
    "RENEW",
    "REVIEWED",
    "judge",
    "new_record",
    "read_record",
    "record_path",
    "record_sha",
]


def new_record(commentary: Commentary, cited: Iterable[Figure]) -> dict:
    """The record of an approval: the file's SHA-256 and date, and every cited figure's value."""
    figures = {f.ident: {"label": f.label, "value": f.value, "unit": f.unit, "text": f.text} for f in cited}
    return {
        "file": commentary.name,
        "sha256": commentary.sha256,
        "approved_on": commentary.approved_on,
        "figures": [{"ident": ident, **entry} for ident, entry in sorted(figures.items())],
    }


@dataclass
class Verdict:
    """What the data say of a commentary's status: its state, the changed figures (label,
    value then, value now) and the record a build is to write (a new approval), if any."""

    state: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    record: dict | None = None


def judge(
    commentary: Commentary, record: Mapping | None, evidence: str, cited: list[Figure], now: Mapping[str, Figure]
) -> Verdict:
    """The state of ``commentary`` given its approval record, the SHA-256 that the chapter's
    last page showed approved (``evidence``), the figures it cites and every figure of the
    year now (by identity)."""
    if not commentary.approved:
        return Verdict(commentary.status)
    if record and record.get("sha256") == commentary.sha256:
        changes = []
        for entry in record.get("figures") or []:
            current = now.get(entry.get("ident"))
            if current is None:
                changes.append((entry.get("label", ""), entry.get("text", ""), ""))
            elif changed(entry.get("value"), current.value):
                changes.append((entry.get("label", ""), entry.get("text", ""), current.text))
        return Verdict(FLAGGED if changes else APPROVED, changes)
    if evidence and evidence == commentary.sha256:
        return Verdict(RENEW)
    return Verdict(APPROVED, record=new_record(commentary, cited))


def evidence(stamp: Mapping | None, name: str) -> str:
    """The SHA-256 of ``name`` that the chapter's last stamp shows approved (or ``""``)."""
    entry = (stamp or {}).get("commentary") or {}
    if entry.get("file") == name and entry.get("state") in (APPROVED, FLAGGED, RENEW):
        return str(entry.get("sha256") or "")
    return ""
