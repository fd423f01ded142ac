"""The shared chapter helpers: the data-quality table readers see in every chapter."""

from __future__ import annotations

import pandas as pd

from analysis.chapters import common as chapter
from analysis.presentation import formatting


def findings(*rows: tuple[float, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": 2019,
            "report_year": 2019,
            "severity": "error",
            "check": "total_vs_rows",
            "table": "investments",
            "item": "IT",
            "measure": "outcome",
            "reported": [r[0] for r in rows],
            "recomputed": [r[1] for r in rows],
            "difference": [r[0] - r[1] for r in rows],
            "tolerance": 0.1,
            "source": "2019/investeringar.csv:2",
            "message": "",
        }
    )


def test_decimals_follow_the_printed_figures():
    assert formatting.decimals_needed([-5.0, -7.0]) == 0
    assert formatting.decimals_needed([14.7, 16.2]) == 1
    assert formatting.decimals_needed([0.125]) == 3
    assert formatting.decimals_needed([float("nan"), 2.0]) == 0
    assert formatting.decimals_needed([9.0, 14.7], most=1) == 1


def test_quality_table_shows_reported_and_recomputed_as_printed():
    """-5 vs -7 reads "-5", "-7", "+2" (not "-5,00"); 14,7 vs 16,2 keeps one decimal even
    though the float difference is -1.4999999999999982."""
    table = chapter.quality_table(findings((-5.0, -7.0), (14.7, 16.2)), "sv")
    assert list(table["Rapporterat"]) == ["-5", "14,7"]
    assert list(table["Omräknat"]) == ["-7", "16,2"]
    assert list(table["Differens"]) == ["+2", "-1,5"]


def test_chapter_findings_keep_its_tables_and_its_domains_key_figures():
    """The key-figures export is shared: a chapter gets only the findings on its own rows."""
    facts = pd.DataFrame(
        {
            "report_year": 2019,
            "table": "key_figures",
            "domain": ["costs", "investments"],
            "source": ["2019/nyckeltal.csv:8", "2019/nyckeltal.csv:12"],
        }
    )
    found = findings((1.0, 2.0), (3.0, 4.0), (5.0, 6.0), (7.0, 8.0))
    found["table"] = ["key_figures", "key_figures", "investments", "costs_by_cost_type"]
    found["source"] = [
        "2019/nyckeltal.csv:8",
        "2019/nyckeltal.csv:12",
        "2019/investeringar.csv:2",
        "2019/kostnader_per_kostnadslag.csv:5",
    ]
    found.loc[3, "report_year"] = 2017
    kept = chapter.chapter_findings(found, facts, 2019, ["investments", "key_figures"], "investments")
    assert list(kept["source"]) == ["2019/nyckeltal.csv:12", "2019/investeringar.csv:2"]
    assert list(chapter.chapter_findings(found, facts, 2019, [], "costs")["source"]) == ["2019/nyckeltal.csv:8"]
