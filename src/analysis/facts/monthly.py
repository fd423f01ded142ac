"""The processed monthly table of the ledgers: its columns and how chapters read it.

``data/processed/ledger_monthly.parquet`` (and ``.csv``) holds, for every year with a
ledger export, one row per period, cost type, business area and MT category, with outcome
and budget in MSEK and the provenance of the row (see ``docs/ledger.md``). The cleaning
writes it together with the facts; years without a ledger have no rows.
:func:`analysis.facts.pipeline.load_monthly` reads it.
"""

from __future__ import annotations

import pandas as pd

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
}


def typed_monthly(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with exactly the monthly table's columns, in order and with their dtypes."""
    missing = [c for c in MONTHLY_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"the monthly ledger table lacks the columns {missing}")
    return frame[list(MONTHLY_COLUMNS)].astype(MONTHLY_COLUMNS).reset_index(drop=True)


def empty_monthly() -> pd.DataFrame:
    """A monthly table with no rows and the right columns and dtypes."""
    return typed_monthly(pd.DataFrame({c: [] for c in MONTHLY_COLUMNS}))
