"""What an example year books: its cells (a cost type, an MT category or an investment row)
with exact outcome and budget in öre, the dimensions their rows draw from and the shape of
their months.

The stated figures (:mod:`.figures`) are cell totals or sums of cells; the split of MT
service och underhåll over its categories is drawn from the seed, under the constraint that
Sterilteknik's budget − outcome is exactly the stated deviation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.examples import chart_of_accounts
from analysis.examples.figures import MT, YearFigures
from analysis.examples.investments import PROJECTS as INVESTMENT_PROJECTS

#: voucher kind → (voucher text, counter-entry account, day of month: 0 last day, None random)
KINDS: dict[str, tuple[str, int, int | None]] = {
    "lön": ("Exempeldata lönekörning", 2910, 25),
    "avskrivning": ("Exempeldata avskrivningar", 1229, 0),
    "faktura": ("Exempeldata leverantörsfaktura", 2440, None),
    "investering": ("Exempeldata investering", 2440, None),
}
KIND_NAMES = tuple(KINDS)

FLAT = (1.0,) * 12
#: cost type → (months of the outcome, months of the budget, rows share, voucher break probability, kind)
SHAPES: dict[str, tuple[tuple[float, ...], tuple[float, ...], float, float, str]] = {
    "Personalkostnader": ((1, 1, 1, 1, 1, 1.05, 0.85, 0.9, 1, 1, 1, 1.2),) * 2 + (0.40, 0.04, "lön"),
    "Avskrivningskostnader": (FLAT, FLAT, 0.02, 0.1, "avskrivning"),
    "PC-utrullning": ((0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 0.5, 0.8, 1.3, 1.5, 1.6, 1.8), FLAT, 0.06, 0.4, "faktura"),
    # rising through the year against a flat budget: the deficit builds up month by month
    MT: (tuple(1 + 0.07 * m for m in range(12)), FLAT, 0.20, 0.4, "faktura"),
    "Övriga kostnader": ((1, 1, 1, 1, 1, 1, 0.7, 0.85, 1, 1, 1.05, 1.4), FLAT, 0.27, 0.4, "faktura"),
    "Investering": ((0.3, 0.5, 0.6, 0.8, 0.9, 1.0, 0.4, 0.6, 1.0, 1.2, 1.5, 2.2), FLAT, 0.05, 0.3, "investering"),
}

#: cost type → activity (dimension 20) weights; "" is a row without activity
ACTIVITY_WEIGHTS: dict[str, dict[str, float]] = {
    "Personalkostnader": {"100": 0.4, "200": 0.25, "300": 0.15, "400": 0.1, "": 0.1},
    "Avskrivningskostnader": {"": 1.0},
    "PC-utrullning": {"400": 0.8, "100": 0.2},
    MT: {"500": 0.85, "100": 0.15},
    "Övriga kostnader": {"100": 0.5, "200": 0.2, "300": 0.1, "": 0.2},
    "Investering": {"400": 1.0},
}


@dataclass(frozen=True)
class Cell:
    """One target of exact totals: its outcome and budget (öre) and how its rows look."""

    label: str
    shape: str  # a key of SHAPES and ACTIVITY_WEIGHTS
    outcome: int
    budget: int | None
    keys: tuple[tuple[int, str, str, float], ...]  # (account, responsibility, object, weight)
    rows_share: float

    @property
    def kind(self) -> str:
        """The voucher kind (a key of KINDS)."""
        return SHAPES[self.shape][4]


def split_exact(total: int, weights: np.ndarray) -> np.ndarray:
    """``total`` (öre) split in proportion to ``weights``: int64 parts summing to ``total`` exactly."""
    cum = np.cumsum(np.asarray(weights, dtype=np.float64))
    parts = np.rint(cum / cum[-1] * total).astype(np.int64)
    parts[-1] = total
    return np.diff(parts, prepend=np.int64(0))


def _staff() -> dict[str, float]:
    """Every responsibility, weighted by its staff."""
    return {code: weight for code, (_, _, weight) in chart_of_accounts.ANSVAR.items()}


def _keys(accounts: dict[int, float], ansvar: dict[str, float], objects: tuple[str, ...] = ("",)) -> tuple:
    """Every (account, responsibility, object) with the product of their weights."""
    return tuple(
        (account, code, obj, wa * wr / len(objects))
        for account, wa in accounts.items()
        for code, wr in ansvar.items()
        for obj in objects
    )


def _cost_cells(figures: YearFigures) -> list[Cell]:
    """One cell per cost type the year states, except MT service och underhåll."""
    cells = []
    for cost_type, outcome in figures.outcome.items():
        accounts, ansvar = chart_of_accounts.COST_BOOKING[cost_type]
        keys = _keys(accounts, ansvar or _staff())
        share = SHAPES[cost_type][2]
        cells.append(Cell(cost_type, cost_type, outcome, figures.budget.get(cost_type), keys, share))
    return cells


def _mt_split(figures: YearFigures, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray | None]:
    """Outcome and budget per MT category (öre), drawn from the seed, the totals exact."""
    shares = np.array([share for share, _ in chart_of_accounts.MT_CATEGORIES.values()])
    outcome = split_exact(figures.mt_outcome, shares * np.exp(rng.normal(0, 0.1, len(shares))))
    if figures.mt_budget is None:
        return outcome, None
    budget = np.zeros_like(outcome)
    if figures.sterilteknik_deviation is None:
        budget[:] = split_exact(figures.mt_budget, outcome * np.exp(rng.normal(0, 0.1, len(shares))))
    else:
        st = list(chart_of_accounts.MT_CATEGORIES).index("Sterilteknik")
        budget[st] = outcome[st] + figures.sterilteknik_deviation  # deviation = budget − outcome
        others = np.delete(np.arange(len(shares)), st)
        weights = outcome[others] * np.exp(rng.normal(0, 0.1, len(others)))
        budget[others] = split_exact(figures.mt_budget - budget[st], weights)
    if (budget <= 0).any():
        raise ValueError("MT budget split left a category without budget")
    return outcome, budget


def _mt_cells(figures: YearFigures, rng: np.random.Generator) -> list[Cell]:
    """One cell per MT category, booked on its objects."""
    outcome, budget = _mt_split(figures, rng)
    share = SHAPES[MT][2] / outcome.sum()
    cells = []
    for i, (category, (_, ansvar)) in enumerate(chart_of_accounts.MT_CATEGORIES.items()):
        objects = tuple(code for code, (_, cat) in chart_of_accounts.OBJECTS.items() if cat == category)
        keys = _keys(chart_of_accounts.MT_ACCOUNTS, ansvar, objects)
        cat_budget = None if budget is None else int(budget[i])
        cells.append(Cell(f"{MT}/{category}", MT, int(outcome[i]), cat_budget, keys, float(outcome[i] * share)))
    return cells


def _investment_cells(figures: YearFigures, by_project: bool = False) -> list[Cell]:
    """One cell per investment row, on its investment account and objects; ``by_project``:
    one cell per project of the example register (:mod:`.investments`) instead, with the
    project as object, so that each project's outcome is booked exactly and the register and
    the ledger agree object by object (the rows' totals are the same)."""
    total = sum(figures.investments.values()) or 1
    outcome_of = {code: kr * 100 for code, _, _, _, _, kr, *_ in INVESTMENT_PROJECTS}  # öre
    cells = []
    for row, outcome in figures.investments.items():
        account, objects, ansvar = chart_of_accounts.INVESTMENT_BOOKING[row]
        parts = {(row, objects): outcome}
        if by_project:
            parts = {(f"{row}/{c}", (c,)): outcome_of[c] for c, _, sub, *_ in INVESTMENT_PROJECTS if sub == row}
            if sum(parts.values()) != outcome:
                raise ValueError(f"the example register's projects of {row} do not add up to its outcome")
        for (label, codes), amount in parts.items():
            keys = _keys({account: 1.0}, {ansvar: 1.0}, codes)
            share = SHAPES["Investering"][2] * amount / total
            cells.append(Cell(f"Investering/{label}", "Investering", amount, None, keys, share))
    return cells


def year_cells(figures: YearFigures, rng: np.random.Generator, by_project: bool = False) -> list[Cell]:
    """Every cell the year books, in a fixed order (the MT split drawn from ``rng``)."""
    return _cost_cells(figures) + _mt_cells(figures, rng) + _investment_cells(figures, by_project)
