"""Whether a withheld sick-leave figure can be recomputed from what is published beside it,
and so which shown group, if any, must be withheld with it (secondary suppression).

A breakdown (by sex, age or unit) is published with its total. A group's figure is its
sick-leave hours / its ordinary hours × 100, and the total is the same ratio over all
groups, so the total is the mean of the groups' figures weighted by their shares of the
ordinary hours. No page, workbook or key figure shows a group's hours or head count, so a
reader knows the figures and the total, never the weights: only that each group has some.

From that, the values a withheld group's figure can take (:func:`interval`) follow without
any rule of thumb. Let ``T`` be the total and the other groups' figures the values beside
it (a withheld one can be anything from 0 to 100 %). ``T`` lies strictly between the
withheld figure and the weighted mean of the others, or all three are equal, so:

- the others lie on both sides of ``T`` (or one of them is withheld too): anything, 0–100 %;
- the others all lie above ``T`` (at or above, not all equal to it): below ``T``, 0–``T``;
  all below: ``T``–100 %;
- the others all equal ``T``: exactly ``T``, which a reader can write down.

A figure is *recomputable* when its interval is narrower than one step of the precision
it would be shown with (two decimals: 0,01 percentage point). The figures are compared as
the page rounds them, so a total and a group that the page shows alike count as equal.
Only then is a complement withheld (:func:`complements`): the smallest shown group whose
withholding leaves no withheld figure recomputable. Where none would (a total of 0 % says
every group's figure is 0), none is withheld: withholding it would hide a figure and
protect nothing. Pure; imports nothing of the project.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

#: The range of a sick-leave figure in percent.
LOWEST, HIGHEST = 0.0, 100.0
#: The lowest and the highest value a figure can have.
Span = tuple[float, float]


def _nan(value: float | None) -> bool:
    return value is not None and math.isnan(float(value))


def interval(total: float | None, figures: Sequence[float | None], group: int, decimals: int = 2) -> Span:
    """The lowest and highest value the figure of ``group`` can have, given the published
    ``total`` (None or NaN: not published) and the other groups' published ``figures``
    (None: withheld; NaN: a group without hours, which weighs nothing), any positive
    weights, figures from 0 to 100 %. Figures are compared rounded to ``decimals``."""
    if total is None or _nan(total):
        return LOWEST, HIGHEST
    whole = round(float(total), decimals)
    others = [f for i, f in enumerate(figures) if i != group and not _nan(f)]
    hidden = any(f is None for f in others)
    shown = [round(float(f), decimals) for f in others if f is not None]
    if not shown and not hidden:
        return whole, whole  # the group is the whole breakdown
    low, high = (LOWEST, HIGHEST) if hidden else (min(shown), max(shown))
    if low < whole < high:
        return LOWEST, HIGHEST
    if low == high == whole:
        return whole, whole
    return (LOWEST, whole) if whole <= low else (whole, HIGHEST)


def recomputable(total: float | None, figures: Sequence[float | None], decimals: int = 2) -> list[int]:
    """The withheld groups (None in ``figures``) whose figure the total and the shown figures
    confine to less than one step of ``decimals`` (0,01 for two)."""
    spans = {i: interval(total, figures, i, decimals) for i, f in enumerate(figures) if f is None}
    return [i for i, (low, high) in spans.items() if high - low < 10.0**-decimals]


def complements(
    total: float | None, figures: Sequence[float | None], sizes: Sequence[float | None], decimals: int = 2
) -> list[int]:
    """The shown groups to withhold as well, so that no withheld figure is recomputable (see
    the module): each time the smallest shown group (by ``sizes``; unknown sizes last, then
    the order of ``figures``) that leaves none recomputable, else the smallest that leaves
    fewer; none where no group would help."""
    current = list(figures)
    added: list[int] = []
    exposed = recomputable(total, current, decimals)
    while exposed:
        order = sorted((i for i, f in enumerate(current) if f is not None), key=lambda i: (_size_key(sizes[i]), i))
        left = {i: len(recomputable(total, _without(current, i), decimals)) for i in order}
        better = [i for i in order if left[i] < len(exposed)]
        if not better:
            break
        pick = next((i for i in better if left[i] == 0), better[0])
        current = _without(current, pick)
        exposed = recomputable(total, current, decimals)
        added.append(pick)
    return added


def _without(figures: list[float | None], group: int) -> list[float | None]:
    return [None if i == group else f for i, f in enumerate(figures)]


def _size_key(size: float | None) -> float:
    return math.inf if size is None or _nan(size) else float(size)
