"""Derived facts: values implied by the reports, each marked and with its formula
(analysis.facts.derive)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.facts.catalog import spec_for
from analysis.facts.derive import cost_shares, derive, frame_utilisation, it_history_change
from analysis.facts.schema import FACT_COLUMNS, empty_facts
from analysis.facts.sources.printed.tables import clean_table
from analysis.facts.sources.reading import read_raw


@pytest.fixture
def facts_of(tmp_path, write_csv):
    """``facts_of({file name: lines})``: the reported facts of tiny 2030 exports."""

    def make(files: dict[str, list[str]]) -> pd.DataFrame:
        frames = []
        for name, lines in files.items():
            path = write_csv(tmp_path / "2030" / name, lines)
            frames.append(clean_table(read_raw(path), spec_for(path.stem), 2030, f"2030/{name}"))
        return pd.concat(frames, ignore_index=True)

    return make


INVESTMENTS = [
    "Typ av investering (Mkr);Av regionstyrelsen beslutad ram 2030;Utfall beslut före 2030;Utfall 2030;Summa",
    "IT;8;12;4;16",
    "MT;0;1;1;2",  # a zero frame: no utilisation (no division by zero)
    "Övrigt;;1;1;2",  # no frame: no utilisation
    "Totalt;8;14;6;20",
]
HISTORY = [
    "Specifikation av IT-investeringar (Mkr);Utfall 2030;Utfall 2029;Utfall 2027",
    "Servrar;2;4;1",
    "Totalt;15;12;10",
]
COSTS = [
    "Kostnadslag (mnkr);Utfall 2030;Budget 2030;Avvikelse",
    "Personalkostnader;95;108;13",
    "Övriga kostnader;105;65;-40",
    "Totalt;200;173;-27",
]


def test_frame_utilisation(facts_of):
    derived = pd.DataFrame(frame_utilisation(facts_of({"investeringar.csv": INVESTMENTS})))
    assert sorted(derived["item"]) == ["IT", "Totalt"]
    it = derived[derived["item"] == "IT"].iloc[0]
    assert it["value"] == pytest.approx(16 / 8 * 100)
    assert it["measure"] == "percent"
    assert it["unit"] == "percent"
    assert bool(it["derived"]) is True
    assert it["note"] == "derived: outcome / frame × 100"
    assert it["source"] == "2030/investeringar.csv:2"
    assert it["original_value"] == "" and it["original_unit"] == ""
    totalt = derived[derived["item"] == "Totalt"].iloc[0]
    assert totalt["value"] == pytest.approx(250.0)


def test_it_history_change_only_between_consecutive_years(facts_of):
    derived = pd.DataFrame(it_history_change(facts_of({"it_investeringar_specifikation.csv": HISTORY})))
    # 2030 vs 2029 exists; 2029 vs 2028 does not (2028 missing), so only one change.
    assert len(derived) == 1
    row = derived.iloc[0]
    assert row["year"] == 2030
    assert row["item"] == "Totalt"
    assert row["measure"] == "change_percent"
    assert row["value"] == pytest.approx((15 / 12 - 1) * 100)
    assert row["note"] == "derived: (outcome 2030 / outcome 2029 − 1) × 100"
    assert row["source"] == "2030/it_investeringar_specifikation.csv:3"


def test_cost_shares(facts_of):
    derived = pd.DataFrame(cost_shares(facts_of({"kostnader_per_kostnadslag.csv": COSTS})))
    shares = dict(zip(derived["item"], derived["value"]))
    assert shares == {"Personalkostnader": pytest.approx(47.5), "Övriga kostnader": pytest.approx(52.5)}
    assert set(derived["note"]) == {"derived: outcome / outcome Totalt × 100"}
    assert set(derived["source"]) == {
        "2030/kostnader_per_kostnadslag.csv:2, 2030/kostnader_per_kostnadslag.csv:4",
        "2030/kostnader_per_kostnadslag.csv:3, 2030/kostnader_per_kostnadslag.csv:4",
    }


def test_cost_shares_with_two_outcome_years_use_each_years_total(facts_of):
    """The costs spec accepts several "Utfall YYYY" columns (next year's exports may
    carry last year's outcome). Each year's share must be taken of that year's total."""
    facts = facts_of(
        {
            "kostnader_per_kostnadslag.csv": [
                "Kostnadslag (mnkr);Utfall 2030;Utfall 2029;Budget 2030;Avvikelse",
                "Personalkostnader;95;80;108;13",
                "Övriga kostnader;105;20;65;-40",
                "Totalt;200;100;173;-27",
            ]
        }
    )
    derived = pd.DataFrame(cost_shares(facts))
    shares = {(int(r["year"]), r["item"]): r["value"] for _, r in derived.iterrows()}
    assert len(derived) == 4
    assert shares == {
        (2030, "Personalkostnader"): pytest.approx(47.5),
        (2030, "Övriga kostnader"): pytest.approx(52.5),
        (2029, "Personalkostnader"): pytest.approx(80.0),
        (2029, "Övriga kostnader"): pytest.approx(20.0),
    }


def test_derive_frame(facts_of):
    facts = facts_of(
        {
            "investeringar.csv": INVESTMENTS,
            "it_investeringar_specifikation.csv": HISTORY,
            "kostnader_per_kostnadslag.csv": COSTS,
        }
    )
    derived = derive(facts)
    assert list(derived.columns) == FACT_COLUMNS
    assert derived.dtypes.to_dict() == empty_facts().dtypes.to_dict()
    assert len(derived) == 2 + 1 + 2
    assert derived["derived"].all()
    assert derived["note"].str.startswith("derived:").all()
    assert (derived["unit"] == "percent").all()
    # derive returns only the new rows and never changes the reported facts.
    before = facts.copy()
    derive(facts)
    pd.testing.assert_frame_equal(facts, before)


def test_derive_ignores_derived_input(facts_of):
    facts = facts_of({"investeringar.csv": INVESTMENTS})
    once = derive(facts)
    twice = derive(pd.concat([facts, once], ignore_index=True))
    pd.testing.assert_frame_equal(once.reset_index(drop=True), twice.reset_index(drop=True))


def test_derive_of_nothing_is_empty():
    derived = derive(empty_facts())
    assert derived.empty
    assert list(derived.columns) == FACT_COLUMNS
