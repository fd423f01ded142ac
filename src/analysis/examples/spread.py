"""Spreading a year's cells over months, vouchers and rows, vectorised with numpy.

Each cell's outcome is split over its twelve months (the cell's seasonal shape, with seeded
noise); each (cell, month) is a *group* of rows whose cost lines get random amounts, turned
into integer öre by rounding their running sum (scaled to the target), so that every line is
within one öre of its random share and the group's last cost line ends exactly on the
target: integers throughout, no float drift in the totals. A group's rows are cut into vouchers of at
least two lines; the last line of each voucher is its counter-entry on a balance account
(2xxx, or 1229 for depreciation), the negative sum of the voucher's cost lines, so every
voucher balances to the öre. No Python loop runs per row or per voucher.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.examples import chart_of_accounts
from analysis.examples.plan import ACTIVITY_WEIGHTS, KIND_NAMES, KINDS, SHAPES, Cell, split_exact

#: a combination of dimensions a row is booked on
Combo = tuple[int, str, str, str]  # (account, responsibility, activity, object)

_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


@dataclass(frozen=True)
class Ledger:
    """A year's example ledger: rows in voucher order, the budget, and the combos they use."""

    year: int
    combos: list[Combo]
    combo: np.ndarray  # int32 per row: index into combos
    amount: np.ndarray  # int64 per row: öre, costs positive, counter-entries negative
    date: np.ndarray  # int32 per row: YYYYMMDD of its voucher
    first: np.ndarray  # bool per row: first line of a voucher
    last: np.ndarray  # bool per row: last line (the counter-entry)
    voucher: np.ndarray  # int32 per row: voucher number, 1… in date order
    kind: np.ndarray  # int8 per row: index into plan.KIND_NAMES
    budget_period: np.ndarray  # int32 per budget row: YYYYMM
    budget_combo: np.ndarray  # int32 per budget row
    budget_amount: np.ndarray  # int64 per budget row: öre

    @property
    def rows(self) -> int:
        """Number of ledger rows (#TRANS lines)."""
        return len(self.amount)


def minimum_rows(cells: list[Cell]) -> int:
    """The fewest rows a year can have: one voucher of two lines per cell and month."""
    return 2 * 12 * len(cells)


def _combo_table(cells: list[Cell]) -> tuple[list[Combo], np.ndarray, int]:
    """Every cost combo, cell by cell, with each cell's cumulative weights in ``(c, c+1]``;
    then the counter combos (counter account × responsibility) from the returned base."""
    combos: list[Combo] = []
    cum = []
    for c, cell in enumerate(cells):
        acts = ACTIVITY_WEIGHTS[cell.shape]
        weights = []
        for account, ansvar, obj, weight in cell.keys:
            for act, aw in acts.items():
                combos.append((account, ansvar, act, obj))
                weights.append(weight * aw)
        part = np.cumsum(weights) / np.sum(weights)
        part[-1] = 1.0
        cum.append(c + part)
    base = len(combos)
    for account in _counter_accounts():
        combos.extend((account, code, "", "") for code in chart_of_accounts.ANSVAR)
    return combos, np.concatenate(cum), base


def _counter_accounts() -> list[int]:
    """The balance accounts of the counter-entries, in order."""
    return sorted({counter for _, counter, _ in KINDS.values()})


def _groups(cells: list[Cell], rows: int, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Per (cell, month) group: cell index, month 1–12, target öre and number of rows."""
    cell_of, month, target, weight = [], [], [], []
    for c, cell in enumerate(cells):
        profile = np.asarray(SHAPES[cell.shape][0])
        noisy = profile * np.exp(rng.normal(0, 0.04, 12))
        cell_of += [c] * 12
        month += list(range(1, 13))
        target.append(split_exact(cell.outcome, noisy))
        weight.append(cell.rows_share * profile / profile.sum())
    spare = rows - minimum_rows(cells)
    n = 2 + split_exact(spare, np.concatenate(weight))
    return np.array(cell_of), np.array(month), np.concatenate(target), n


def _vouchers(n: np.ndarray, prob: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Rows of groups of ``n`` rows cut into vouchers of ≥ 2 rows: (first, last) flags."""
    rows = int(n.sum())
    group = np.repeat(np.arange(len(n)), n)
    offset = np.arange(rows) - np.repeat(np.cumsum(n) - n, n)
    start = rng.random(rows) < prob[group]
    at_group_start = offset == 0
    start |= at_group_start
    first = start.copy()
    first[1:] &= ~start[:-1]  # never two starts in a row: every voucher has ≥ 2 lines
    first[at_group_start] = True
    first[offset == n[group] - 1] = False  # nor a one-line voucher at a group's end
    last = np.empty(rows, dtype=bool)
    last[:-1] = first[1:]
    last[-1] = True
    return first, last


def _amounts(n: np.ndarray, target: np.ndarray, first: np.ndarray, last: np.ndarray, rng) -> np.ndarray:
    """Cost lines random, each group summing to its target exactly; counter-entries balance."""
    group = np.repeat(np.arange(len(n)), n)
    weight = rng.lognormal(0.0, 0.9, len(group))
    weight[last] = 0.0
    cum = np.cumsum(weight)
    del weight
    start = np.cumsum(n) - n
    base = np.where(start > 0, cum[start - 1], 0.0)
    total = cum[start + n - 1] - base
    ore = np.rint((cum - base[group]) / total[group] * target[group]).astype(np.int64)
    del cum
    amount = np.diff(ore, prepend=np.int64(0))
    amount[start] = ore[start]  # a group starts from 0 öre
    del ore
    amount[last] = -np.add.reduceat(amount, np.flatnonzero(first))
    return amount


def _dates(year: int, month: np.ndarray, kind: np.ndarray, rng) -> np.ndarray:
    """A voucher date per voucher: random in its month, the 25th (salaries) or the last day."""
    days = _DAYS[month - 1] + ((month == 2) & (year % 4 == 0))
    fixed = np.array([KINDS[k][2] if KINDS[k][2] is not None else -1 for k in KIND_NAMES])[kind]
    day = np.where(fixed == 0, days, np.where(fixed > 0, fixed, 1 + (rng.random(len(month)) * days).astype(int)))
    return (year * 10000 + month * 100 + day).astype(np.int32)


def spread(year: int, cells: list[Cell], rows: int, rng: np.random.Generator) -> Ledger:
    """The year's ledger of exactly ``rows`` rows (at least :func:`minimum_rows`)."""
    combos, cum, counter_base = _combo_table(cells)
    cell_of, month, target, n = _groups(cells, rows, rng)
    kind_of_cell = np.array([KIND_NAMES.index(cell.kind) for cell in cells], dtype=np.int8)
    prob = np.array([SHAPES[cells[c].shape][3] for c in cell_of])
    first, last = _vouchers(n, prob, rng)
    amount = _amounts(n, target, first, last, rng)
    group = np.repeat(np.arange(len(n), dtype=np.int32), n)
    combo = np.searchsorted(cum, cell_of[group] + rng.random(rows), side="right").astype(np.int32)
    vstart = np.flatnonzero(first)
    vgroup = group[vstart]
    del group
    vkind = kind_of_cell[cell_of[vgroup]]
    ansvar_index = {code: i for i, code in enumerate(chart_of_accounts.ANSVAR)}
    combo_ansvar = np.array([ansvar_index[c[1]] for c in combos[:counter_base]] + [0] * (len(combos) - counter_base))
    counters = _counter_accounts()
    counter_of_kind = np.array([counters.index(KINDS[k][1]) for k in KIND_NAMES])
    combo[last] = counter_base + counter_of_kind[vkind] * len(chart_of_accounts.ANSVAR) + combo_ansvar[combo[vstart]]
    vdate = _dates(year, month[vgroup], vkind, rng)
    return _in_date_order(year, combos, cells, combo, amount, first, last, vstart, vdate, vkind, rng)


def _in_date_order(year, combos, cells, combo, amount, first, last, vstart, vdate, vkind, rng) -> Ledger:
    """The vouchers sorted by date (stably), numbered 1… in that order; the budget added."""
    rows = len(amount)
    order = np.argsort(vdate, kind="stable")
    lens = np.diff(np.append(vstart, rows))[order]
    new_start = np.cumsum(lens) - lens
    perm = np.repeat(vstart[order] - new_start, lens) + np.arange(rows)
    period, bcombo, bamount = _budget(year, cells, combos, rng)
    return Ledger(
        year=year,
        combos=combos,
        combo=combo[perm],
        amount=amount[perm],
        date=np.repeat(vdate[order], lens),
        first=first[perm],
        last=last[perm],
        voucher=np.repeat(np.arange(1, len(order) + 1, dtype=np.int32), lens),
        kind=np.repeat(vkind[order], lens),
        budget_period=period,
        budget_combo=bcombo,
        budget_amount=bamount,
    )


def _budget(year: int, cells: list[Cell], combos: list[Combo], rng) -> tuple[np.ndarray, ...]:
    """Budget rows per cell with a budget: each key × month, the cell's budget exact.

    The budget combos (activity "") are appended to ``combos``."""
    period, combo, amount = [], [], []
    for cell in cells:
        if cell.budget is None:
            continue
        profile = np.asarray(SHAPES[cell.shape][1])
        keys = np.array([weight for *_, weight in cell.keys])
        weights = (keys[:, None] * profile[None, :] * np.exp(rng.normal(0, 0.05, (len(keys), 12)))).ravel()
        amount.append(split_exact(cell.budget, weights))
        for account, ansvar, obj, _ in cell.keys:
            combos.append((account, ansvar, "", obj))
            combo += [len(combos) - 1] * 12
            period += [year * 100 + m for m in range(1, 13)]
    if not amount:
        return np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0, np.int64)
    return np.array(period, np.int32), np.array(combo, np.int32), np.concatenate(amount)
