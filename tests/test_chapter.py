"""The shared chapter helpers: the data-quality table readers see in every chapter."""
from __future__ import annotations

import pandas as pd

from analysis import chapter


def findings(*rows: tuple[float, float]) -> pd.DataFrame:
    return pd.DataFrame({
        "year": 2019, "report_year": 2019, "severity": "error", "check": "total_vs_rows",
        "table": "investments", "item": "IT", "measure": "outcome",
        "reported": [r[0] for r in rows], "recomputed": [r[1] for r in rows],
        "difference": [r[0] - r[1] for r in rows], "tolerance": 0.1,
        "source": "2019/investeringar.csv:2", "message": "",
    })


def test_decimals_follow_the_printed_figures():
    assert chapter.decimals_needed([-5.0, -7.0]) == 0
    assert chapter.decimals_needed([14.7, 16.2]) == 1
    assert chapter.decimals_needed([0.125]) == 3
    assert chapter.decimals_needed([float("nan"), 2.0]) == 0


def test_quality_table_shows_reported_and_recomputed_as_printed():
    """-5 vs -7 reads "-5", "-7", "+2" (not "-5,00"); 14,7 vs 16,2 keeps one decimal even
    though the float difference is -1.4999999999999982."""
    table = chapter.quality_table(findings((-5.0, -7.0), (14.7, 16.2)), "sv")
    assert list(table["Rapporterat"]) == ["-5", "14,7"]
    assert list(table["Omräknat"]) == ["-7", "16,2"]
    assert list(table["Differens"]) == ["+2", "-1,5"]
