"""The processed monthly table of the ledgers: its columns and how chapters read it.

``data/processed/ledger_monthly.parquet`` (and ``.csv``) holds, for every year with a
ledger export, one row per period, cost type, business area and MT category, with outcome
and budget in MSEK and the provenance of the row (see ``docs/ledger.md``). The cleaning
writes it together with the facts; years without a ledger have no rows.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import paths

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


def load_monthly(years=None, processed_dir: Path | None = None, raw_dir: Path | None = None) -> pd.DataFrame:
    """The monthly ledger rows of the given report years (all by default).

    Cleans stale years first, as :func:`~analysis.facts.pipeline.load_facts` does. An empty
    table (with the columns) when no year asked for has a ledger."""
    from analysis.facts.pipeline import load_facts

    processed_dir = Path(processed_dir or paths.processed_dir())
    load_facts(years, processed_dir=processed_dir, raw_dir=raw_dir)  # refreshes, and checks the years
    path = processed_dir / f"{MONTHLY_STEM}.parquet"
    if not path.exists():
        return empty_monthly()
    frame = typed_monthly(pd.read_parquet(path))
    if years is None:
        return frame
    wanted = [int(y) for y in ([years] if isinstance(years, (int, str)) else years)]
    return frame[frame["report_year"].isin(wanted)].reset_index(drop=True)
