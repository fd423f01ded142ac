"""The processed monthly ledger table: columns, dtypes and reading it back by year."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.facts.pipeline import load_monthly
from analysis.facts.schema import MONTHLY_COLUMNS, empty_monthly, typed_monthly


def _rows(report_year: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [report_year] * 2,
            "report_year": [report_year] * 2,
            "period": [report_year * 100 + 1, report_year * 100 + 2],
            "month": [1, 2],
            "cost_type": ["MT service och underhåll"] * 2,
            "business_area": ["15 Medicinsk Teknik"] * 2,
            "mt_category": ["Sterilteknik", "EKG"],
            "outcome": [1.5, 2.0],
            "budget": [1.0, float("nan")],
            "source": [f"{report_year}/huvudbok.se"] * 2,
            "rows": [10, 12],
            "synthetic": [True, True],
        }
    )


def test_empty_monthly_has_the_columns_and_dtypes():
    frame = empty_monthly()
    assert list(frame.columns) == list(MONTHLY_COLUMNS)
    assert frame.empty
    assert str(frame["outcome"].dtype) == "float64"


def test_typed_monthly_names_missing_columns():
    with pytest.raises(ValueError, match="budget"):
        typed_monthly(_rows(2019).drop(columns=["budget"]))


def test_load_monthly_without_a_ledger_is_empty(cleaned_project):
    assert load_monthly(processed_dir=cleaned_project.processed, raw_dir=cleaned_project.raw).empty


def test_load_monthly_filters_report_years(cleaned_project):
    frame = pd.concat([_rows(2017), _rows(2019)], ignore_index=True)
    frame.to_parquet(cleaned_project.processed / "ledger_monthly.parquet")
    got = load_monthly(2019, processed_dir=cleaned_project.processed, raw_dir=cleaned_project.raw)
    assert got["report_year"].unique().tolist() == [2019]
    assert got["outcome"].sum() == pytest.approx(3.5)
