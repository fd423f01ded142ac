"""Derived facts: values the reports imply but do not print, each with its formula.

Every derived row has ``derived=True`` and the formula in ``note``; validation never
treats a derived value as reported.
"""

from __future__ import annotations

import pandas as pd

from analysis.facts.catalog import LEDGER_SECTION, as_exported, register_claims
from analysis.facts.schema import FACT_COLUMNS, empty_facts


def _derived(
    base: pd.Series, measure: str, value: float, formula: str, sources: list[str], item: str | None = None
) -> dict:
    row = {c: base[c] for c in FACT_COLUMNS}
    row.update(
        measure=measure,
        value=value,
        unit="percent",
        derived=True,
        note=formula,
        source=", ".join(dict.fromkeys(sources)),
        original_value="",
        original_unit="",
        decimals=1,
        reconcile="",
        comment="",
        section=""
        if base["section"] == LEDGER_SECTION
        else base["section"],  # a ledger's sum is an export's figure; this is not
    )
    if item is not None:
        row["item"] = item
    return row


def frame_utilisation(facts: pd.DataFrame) -> list[dict]:
    """Investment outcome as a percentage of the frame, per category with a frame (not of a
    printed table whose year has an investment register: its reader derives the percentage)."""
    inv = facts[(facts["table"] == "investments") & ~facts["derived"] & ~register_claims(facts)]
    out = []
    for _key, row in inv.groupby(["report_year", "item", "parent"], sort=False):
        by = {r["measure"]: r for _, r in row.iterrows()}
        if "frame" in by and "outcome" in by and by["frame"]["value"] != 0:
            out.append(
                _derived(
                    by["outcome"],
                    "percent",
                    by["outcome"]["value"] / by["frame"]["value"] * 100,
                    "derived: outcome / frame × 100",
                    [by["outcome"]["source"], by["frame"]["source"]],
                )
            )
    return out


def it_history_change(facts: pd.DataFrame) -> list[dict]:
    """Year-on-year change of total IT investment outcome, where consecutive years exist."""
    hist = facts[
        (facts["table"] == "it_investment_history")
        & (facts["item"] == "Totalt")
        & (facts["measure"] == "outcome")
        & ~facts["derived"]
    ]
    out = []
    for _ry, group in hist.groupby("report_year"):
        by_year = {int(r["year"]): r for _, r in group.iterrows()}
        for year, fact in by_year.items():
            prev = by_year.get(year - 1)
            if prev is not None and prev["value"] != 0:
                out.append(
                    _derived(
                        fact,
                        "change_percent",
                        (fact["value"] / prev["value"] - 1) * 100,
                        f"derived: (outcome {year} / outcome {year - 1} − 1) × 100",
                        [fact["source"], prev["source"]],
                    )
                )
    return out


def cost_shares(facts: pd.DataFrame) -> list[dict]:
    """Each cost type's share of total costs (tables printed with costs positive)."""
    costs = facts[(facts["table"] == "costs_by_cost_type") & (facts["measure"] == "outcome") & as_exported(facts)]
    out = []
    for _key, group in costs.groupby(["report_year", "year"]):
        total = group[group["item"] == "Totalt"]
        if total.empty or total.iloc[0]["value"] == 0:
            continue
        total = total.iloc[0]
        for _, fact in group[group["item"] != "Totalt"].iterrows():
            out.append(
                _derived(
                    fact,
                    "percent",
                    fact["value"] / total["value"] * 100,
                    "derived: outcome / outcome Totalt × 100",
                    [fact["source"], total["source"]],
                )
            )
    return out


DERIVATIONS = (frame_utilisation, it_history_change, cost_shares)


def derive(facts: pd.DataFrame) -> pd.DataFrame:
    """The derived facts for a set of reported facts (not including the reported ones)."""
    rows = [row for rule in DERIVATIONS for row in rule(facts)]
    if not rows:
        return empty_facts()
    return pd.DataFrame(rows).astype(empty_facts().dtypes.to_dict())
