"""The shared schema of the facts layer: what every reader of a source system fills and every
step after it reads. Nothing here reads a file or knows a step; the readers
(:mod:`analysis.facts.sources`) and the steps (derive, validate, series, pipeline) import it.

- the facts table: :data:`FACT_COLUMNS`, :func:`typed_facts`, :func:`empty_facts`;
- the findings: :data:`FINDING_COLUMNS`, :func:`empty_findings`;
- a printed figure as an interval (value ± half its last digit): :class:`Interval`,
  :func:`interval_of`;
- the raw files a cleaning read: :data:`RAW_FILE_COLUMNS`;
- the processed monthly table of the ledgers (``data/processed/ledger_monthly.parquet``, one
  row per period, cost type, business area and MT category, in MSEK, ``docs/ledger.md``):
  :data:`MONTHLY_STEM`, :data:`MONTHLY_COLUMNS`, :func:`typed_monthly`, :func:`empty_monthly`;
- a processed table of a system export by its columns: :func:`typed`, :func:`empty`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.facts.numbers import half_unit
from analysis.facts.vocabulary import unit_info

FACT_COLUMNS = [
    "year",
    "report_year",
    "domain",
    "table",
    "item",
    "parent",
    "measure",
    "value",
    "unit",
    "source",
    "derived",
    "note",
    "original_value",
    "original_unit",
    "decimals",
    "sign_convention",
    "section",
    "reconcile",
    "comment",
]


def empty_facts() -> pd.DataFrame:
    """A facts frame with no rows and the right columns and dtypes."""
    return typed_facts(pd.DataFrame({c: [] for c in FACT_COLUMNS}))


def typed_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """``facts`` with exactly the facts table's columns, in order and with their dtypes."""
    facts = facts[FACT_COLUMNS].copy()
    for col in ("year", "report_year", "decimals"):
        facts[col] = facts[col].astype("int64")
    facts["value"] = facts["value"].astype("float64")
    facts["derived"] = facts["derived"].astype("bool")
    text_cols = [c for c in FACT_COLUMNS if c not in ("year", "report_year", "decimals", "value", "derived")]
    for col in text_cols:
        facts[col] = facts[col].fillna("").astype("str")
    return facts


FINDING_COLUMNS = [
    "year",
    "report_year",
    "severity",
    "check",
    "table",
    "item",
    "measure",
    "reported",
    "recomputed",
    "difference",
    "tolerance",
    "source",
    "message",
]

FINDING_DTYPES = {
    "year": "int64",
    "report_year": "int64",
    "reported": "float64",
    "recomputed": "float64",
    "difference": "float64",
    "tolerance": "float64",
}


def empty_findings() -> pd.DataFrame:
    """A findings frame with no rows."""
    return pd.DataFrame({c: [] for c in FINDING_COLUMNS}).astype(
        {**dict.fromkeys(FINDING_COLUMNS, "str"), **FINDING_DTYPES}
    )


@dataclass(frozen=True)
class Interval:
    """A closed interval of real numbers; printed figures are point ± rounding."""

    lo: float
    hi: float

    @classmethod
    def around(cls, value: float, radius: float) -> Interval:
        return cls(value - radius, value + radius)

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __mul__(self, other: Interval) -> Interval:
        p = [self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi]
        return Interval(min(p), max(p))

    def __truediv__(self, other: Interval) -> Interval:
        if other.lo <= 0 <= other.hi:
            raise ZeroDivisionError("interval divisor contains zero")
        return self * Interval(1 / other.hi, 1 / other.lo)

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def overlaps(self, other: Interval) -> bool:
        eps = 1e-9 * max(1.0, abs(self.mid), abs(other.mid))
        return self.lo <= other.hi + eps and other.lo <= self.hi + eps


def interval_of(fact: pd.Series) -> Interval:
    """A reported fact as an interval: value ± half its last printed digit (scaled)."""
    info = unit_info(fact["original_unit"]) if fact["original_unit"] else None
    factor = info[1] if info else 1.0
    return Interval.around(float(fact["value"]), half_unit(int(fact["decimals"])) * factor)


#: ``not_used``: the header names a ledger CSV's reader read past (``"; "``-separated; "" otherwise).
RAW_FILE_COLUMNS = ["report_year", "file", "table", "encoding", "rows", "bytes", "sha256", "not_used", "status"]


MONTHLY_STEM = "ledger_monthly"

MONTHLY_COLUMNS: dict[str, str] = {
    "year": "int64",
    "report_year": "int64",
    "period": "int64",
    "month": "int64",
    "cost_type": "object",
    "business_area": "object",
    "mt_category": "object",
    "outcome": "float64",
    "budget": "float64",
    "source": "object",
    "rows": "int64",
    "synthetic": "bool",
    "outcome_rows": "int64",
}


def typed_monthly(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with exactly the monthly table's columns, in order and with their dtypes. A
    frame without ``outcome_rows`` (the ledger rows of the outcome alone, budget rows not
    counted) gets ``rows`` there: a table made by hand, as tests make them, or written before
    the column was (its budget rows then count too, until the year is cleaned again)."""
    if "outcome_rows" not in frame.columns and "rows" in frame.columns:
        frame = frame.assign(outcome_rows=frame["rows"])
    missing = [c for c in MONTHLY_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"the monthly ledger table lacks the columns {missing}")
    return frame[list(MONTHLY_COLUMNS)].astype(MONTHLY_COLUMNS).reset_index(drop=True)


def empty_monthly() -> pd.DataFrame:
    """A monthly table with no rows and the right columns and dtypes."""
    return typed_monthly(pd.DataFrame({c: [] for c in MONTHLY_COLUMNS}))


def typed(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """``frame`` with exactly ``columns``, in order and with their dtypes."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"the processed table lacks the columns {missing}")
    return frame[list(columns)].astype(columns).reset_index(drop=True)


def empty(columns: dict[str, str]) -> pd.DataFrame:
    return typed(pd.DataFrame({c: [] for c in columns}), columns)
