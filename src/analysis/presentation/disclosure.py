"""Small-group disclosure control: a figure about fewer than :data:`MIN_GROUP_SIZE` people
is not shown.

A breakdown by sex or by unit can point at a few named people (a unit of three whose sick
leave is 12 %). Every chapter that shows such a breakdown passes it through
:func:`disclose`, which withholds the figure of each group whose head count is below the
threshold and says why (:func:`note`). Where the exports give no head count for a group,
its figure is shown as the report published it and the note says that the size is unknown:
the rule cannot be applied by this project, only by the report that published the figure.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.texts import t

#: The smallest group whose figure is shown: groups of fewer people are withheld.
MIN_GROUP_SIZE = 5

#: What :func:`disclose` says about each row (column ``disclosure``).
SHOWN, WITHHELD, SIZE_UNKNOWN = "shown", "withheld", "size_unknown"


def status(size: float | None) -> str:
    """``shown`` for a group of at least :data:`MIN_GROUP_SIZE`, ``withheld`` below it,
    ``size_unknown`` where no head count is given (None or NaN)."""
    if size is None or (isinstance(size, float) and math.isnan(size)):
        return SIZE_UNKNOWN
    return SHOWN if size >= MIN_GROUP_SIZE else WITHHELD


def disclose(frame: pd.DataFrame, value: str = "value", size: str = "size") -> pd.DataFrame:
    """A copy of ``frame`` (one row per group and year) with column ``disclosure`` (see
    :func:`status`) and ``value`` set to NaN where withheld. A frame without a ``size``
    column is treated as having no group sizes."""
    sizes = frame[size] if size in frame.columns else pd.Series(math.nan, index=frame.index)
    states = [status(None if pd.isna(s) else float(s)) for s in sizes]
    out = frame.assign(disclosure=states)
    out[value] = out[value].where(out["disclosure"] != WITHHELD)
    return out


def cell_text(state: str, formatted: str, lang: str) -> str:
    """What a table cell shows: the formatted figure, or the word that it is withheld."""
    return t("disclosure.withheld_cell", lang, n=MIN_GROUP_SIZE) if state == WITHHELD else formatted


def note(disclosed: pd.DataFrame, lang: str) -> str:
    """The one line under a breakdown: why figures are withheld and/or that the exports give
    no group sizes (so the figures are shown as the report published them); "" if neither."""
    states = set(disclosed["disclosure"]) if len(disclosed) else set()
    parts = []
    if WITHHELD in states:
        parts.append(t("disclosure.withheld", lang, n=MIN_GROUP_SIZE))
    if SIZE_UNKNOWN in states:
        parts.append(t("disclosure.no_sizes", lang, n=MIN_GROUP_SIZE))
    return " ".join(parts)
