"""Small-group disclosure control: a sick-leave figure about a group of
:data:`MAX_WITHHELD` employees or fewer is not shown (the rule of the law on municipal
accounting for the sick-leave reporting, the same as the HR export's,
:mod:`analysis.facts.sources.hr.staff_figures`).

A breakdown by sex or by unit can point at a few named people (a unit of three whose sick
leave is 12 %). Every chapter that shows such a breakdown passes it through
:func:`disclose`, which withholds the figure of each group whose head count is below the
threshold and says why (:func:`note`). Where the exports give no head count for a group,
its figure is shown as the report published it and the note says that the size is unknown:
the rule cannot be applied by this project, only by the report that published the figure.

Secondary suppression: the chapters also publish the total of the breakdown (total sick
leave). No output shows a group's head count or hours, so a withheld figure cannot be
recomputed from the total and the other groups' figures, except where the figures shown
pin it down (all equal to the total): :mod:`analysis.facts.sources.hr.recompute` computes
it, as for the HR export. Only there is the smallest group shown beside it in the same
year (one of unknown size if no other has a size) withheld too (``withheld_complement``),
and the note says why.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from analysis.facts.sources.hr.recompute import complements
from analysis.facts.sources.hr.staff_figures import MAX_WITHHELD, WITHHELD
from analysis.texts import t

__all__ = ["MAX_WITHHELD", "SHOWN", "SIZE_UNKNOWN", "WITHHELD", "cell_text", "disclose", "note", "status"]

#: What :func:`disclose` says about each row (column ``disclosure``); the rule (a group of
#: :data:`MAX_WITHHELD` employees or fewer is withheld) is the HR figures' own.
SHOWN, SIZE_UNKNOWN = "shown", "size_unknown"
#: Withheld because, with the published total, it would reveal the one withheld group.
WITHHELD_COMPLEMENT = "withheld_complement"


def status(size: float | None) -> str:
    """``shown`` for a group of more than :data:`MAX_WITHHELD`, ``withheld`` for one of that many or fewer,
    ``size_unknown`` where no head count is given (None or NaN)."""
    if size is None or (isinstance(size, float) and math.isnan(size)):
        return SIZE_UNKNOWN
    return SHOWN if size > MAX_WITHHELD else WITHHELD


def disclose(
    frame: pd.DataFrame,
    value: str = "value",
    size: str = "size",
    by: str = "year",
    totals: Mapping | None = None,
    decimals: int = 2,
) -> pd.DataFrame:
    """A copy of ``frame`` (one row per group and ``by``, e.g. year) with column
    ``disclosure`` (see :func:`status`) and ``value`` set to NaN where withheld. A frame
    without a ``size`` column has no group sizes. ``totals`` gives the published total of
    each ``by`` (none: no total is published beside the breakdown); a shown group is withheld
    as a complement only where the total and the figures shown, compared at ``decimals``,
    would give a withheld figure away (:func:`.recompute.complements`)."""
    sizes = frame[size] if size in frame.columns else pd.Series(math.nan, index=frame.index)
    states = pd.Series([status(None if pd.isna(s) else float(s)) for s in sizes], index=frame.index)
    keys = frame[by] if by in frame.columns else pd.Series(0, index=frame.index)
    for key, rows in states.groupby(keys):
        figures = [None if rows[i] == WITHHELD else float(frame.at[i, value]) for i in rows.index]
        group_sizes = [None if pd.isna(sizes[i]) else float(sizes[i]) for i in rows.index]
        for j in complements((totals or {}).get(key), figures, group_sizes, decimals):
            states[rows.index[j]] = WITHHELD_COMPLEMENT
    out = frame.assign(disclosure=states.to_list())
    out[value] = out[value].where(~out["disclosure"].isin([WITHHELD, WITHHELD_COMPLEMENT]))
    return out


def cell_text(state: str, formatted: str, lang: str) -> str:
    """What a table cell shows: the formatted figure, or the word that it is withheld."""
    if state == WITHHELD_COMPLEMENT:
        return t("disclosure.complement_cell", lang)
    return t("disclosure.withheld_cell", lang, n=MAX_WITHHELD) if state == WITHHELD else formatted


def note(disclosed: pd.DataFrame, lang: str) -> str:
    """The one line under a breakdown: why figures are withheld and/or that the exports give
    no group sizes (so the figures are shown as the report published them); "" if neither."""
    states = set(disclosed["disclosure"]) if len(disclosed) else set()
    parts = []
    if WITHHELD in states:
        parts.append(t("disclosure.withheld", lang, n=MAX_WITHHELD))
    if WITHHELD_COMPLEMENT in states:
        parts.append(t("disclosure.complement_recomputable", lang))
    if SIZE_UNKNOWN in states:
        parts.append(t("disclosure.no_sizes", lang, n=MAX_WITHHELD))
    return " ".join(parts)
