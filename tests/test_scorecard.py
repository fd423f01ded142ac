"""Chapter "Styrkort och måluppfyllelse": counts by fulfilment against the report's symbols,
symbols shown with their words, not-stated rows, and the comparison between reports."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.chapters import scorecard
from analysis.chapters.over_the_years import History
from analysis.facts.pipeline import clean

REPORT_2019 = Path(__file__).parent / "fixtures" / "reports" / "arsrapport-2019-lansteknik.txt"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    return clean(raw_dir=None, processed_dir=tmp_path_factory.mktemp("scorecard") / "processed").facts


def test_2019_counts_are_the_symbols_printed_in_the_report(shipped):
    text = REPORT_2019.read_text(encoding="utf-8")
    printed = {symbol: text.count(symbol) for symbol in "●▲■"}
    assert printed == {"●": 8, "▲": 2, "■": 6}  # as read in the report's scorecard tables
    kf = {f.key: f.value for f in scorecard.key_figures(History.of(shipped, 2019), "sv")}
    assert kf["scorecard_achieved_count"] == printed["●"]
    assert kf["scorecard_partly_count"] == printed["▲"]
    assert kf["scorecard_not_achieved_count"] == printed["■"]
    assert kf["scorecard_not_stated_count"] == 7  # Verksamhet lines 52–53, Medarbetare 169–173
    assert kf["scorecard_goal_count"] == 23


def test_2019_counts_per_perspective(shipped):
    found = scorecard.counts(scorecard.goal_rows(shipped, 2019)).set_index("perspective")
    assert found.loc["Verksamhet"].tolist() == [6, 1, 5, 2, 14]
    assert found.loc["Medarbetare"].tolist() == [2, 0, 0, 5, 7]
    assert found.loc["Ekonomi"].tolist() == [0, 1, 1, 0, 2]
    assert list(found.index) == ["Verksamhet", "Medarbetare", "Ekonomi"]


def test_2017_states_no_fulfilment(shipped):
    rows = scorecard.goal_rows(shipped, 2017)
    assert len(rows) == 31 and set(rows["fulfilment"]) == {"not_stated"} and set(rows["trend"]) == {"not_stated"}
    kf = {f.key: f.value for f in scorecard.key_figures(History.of(shipped, 2017), "sv")}
    assert kf["scorecard_not_stated_count"] == 31 and kf["scorecard_achieved_count"] == 0


def test_symbols_are_shown_with_their_words_in_the_cell_text(shipped):
    html = scorecard.goals_table(shipped, 2019, "sv").to_html()
    for label in ("● Uppnått", "▲ Delvis uppnått", "■ Ej uppnått", "Ej angivet", "↑ Uppåt", "→ Oförändrad", "↓ Nedåt"):
        assert f">{label}</td>" in html, label
    english = scorecard.goals_table(shipped, 2019, "en").to_html()
    assert ">● Achieved</td>" in english and ">↓ Downward</td>" in english


def test_the_printed_rows_keep_their_order_target_and_source(shipped):
    rows = scorecard.goal_rows(shipped, 2019)
    assert rows["source"].iloc[0] == "2019/styrkort.csv:2" and rows["source"].iloc[-1] == "2019/styrkort.csv:24"
    first_achieved = rows[rows["fulfilment"] == "achieved"].iloc[0]
    assert first_achieved["trend"] == "level"  # ➔ in the report
    assert first_achieved["target"].startswith("Digitaliseringsstrategin och handlingsplanen")


def test_no_goal_of_2019_has_the_wording_of_2017(shipped):
    assert scorecard.comparison(History.of(shipped, 2019)).empty


def _renamed(facts: pd.DataFrame) -> pd.DataFrame:
    """The shipped facts with one 2017 measure given the label of a 2019 one, fulfilment ●."""
    out = facts.copy()
    old = (out["report_year"] == 2017) & (out["table"] == "scorecard") & (out["source"] == "2017/styrkort.csv:27")
    out.loc[old, "item"] = "  total  sjukfrånvaro"
    out.loc[old & (out["measure"] == "fulfilment"), "value"] = 1.0
    return out


def test_a_measure_in_both_reports_is_compared_by_its_normalised_label(shipped):
    found = scorecard.comparison(History.of(_renamed(shipped), 2019))
    assert len(found) == 1
    row = found.iloc[0]
    assert row["measure"] == "Total Sjukfrånvaro" and row["matched_by"] == "measure"
    assert (row["before"], row["after"]) == ("achieved", "not_stated")
    assert row["before_source"] == "2017/styrkort.csv:27" and row["after_source"] == "2019/styrkort.csv:20"
