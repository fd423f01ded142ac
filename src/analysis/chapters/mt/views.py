"""Chapter 3's figures from the facts: the MT row in its view, growth, share, the
recomputed deviation and the implied previous year (pure functions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from analysis.chapters.common import chapter_findings as on_chapter
from analysis.facts.catalog import as_exported
from analysis.facts.schema import Interval, interval_of
from analysis.facts.series import canonical

CHAPTER = "mt_maintenance_growth"

COST_TABLE = "costs_by_cost_type"

VO_TABLE = "result_by_business_area"

KF_TABLE = "key_figures"

COST_TYPE = "MT service och underhåll"

BUSINESS_AREA = re.compile(r"\bMedicinsk Teknik\b", re.IGNORECASE)

STERILE = "Sterilteknik"

NET_COST = "Nettokostnad"

OTHER_COSTS = "Övriga kostnader"

TOTAL = "Totalt"

MONEY_DECIMALS = {"cost_type": 1, "business_area": 2}

HIGHLIGHT = "background-color: #feebc8; font-weight: 700"

MARK = "background-color: #ebf4ff; font-weight: 600"


#: Columns of a growth comparison (here and in :mod:`analysis.chapters.mt.growth`).
COMPARISON_COLUMNS = [
    *("item", "kind", "change_percent", "source", "is_mt", "origin", "stated", "status", "stated_source"),
    *("base_year", "from_value", "to_value", "formula"),
]


@dataclass(frozen=True)
class MtFigures:
    """The MT figures of one report year in the view the report has.

    Money in MSEK. ``outcome``, ``budget`` and ``deviation`` are as reported (sign of the
    table); ``cost`` and ``budget_cost`` are the same amounts as positive costs.
    """

    year: int
    view: str
    item: str
    outcome: float
    budget: float | None  # None: the year has no budget (a ledger without one)
    deviation: float | None
    deviation_recomputed: float | None
    tolerance: float
    cost: float
    budget_cost: float | None
    share_percent: float | None
    share_total: float | None
    share_parts: int
    growth_percent: float | None = None
    previous_outcome: float | None = None
    previous_low: float | None = None
    previous_high: float | None = None
    sterile_deviation: float | None = None
    forecast: float | None = None
    deviation_vs_forecast: float | None = None
    sources: dict[str, str] = field(default_factory=dict)
    growth_origin: str | None = None  # "computed" from the tables, "stated" in the report's text
    base_year: int | None = None  # the year the growth is measured against

    @property
    def has_budget(self) -> bool:
        """Whether the year has a budget for MT (a ledger year may have none)."""
        return self.budget is not None

    @property
    def mismatch(self) -> bool:
        """Whether the reported deviation differs from the recomputed one beyond rounding."""
        return self.deviation is not None and abs(self.deviation - self.deviation_recomputed) > self.tolerance + 1e-9

    @property
    def previous_year(self) -> int:
        """The year the growth is measured against (the year before when not known)."""
        return self.base_year if self.base_year is not None else self.year - 1


def one_fact(
    facts: pd.DataFrame, year: int, table: str, item: str, measure: str, parent: str = "", derived: bool = False
) -> pd.Series | None:
    """The one fact about ``year`` in report ``year`` with these keys, or None."""
    rows = facts[
        (facts["report_year"] == year)
        & (facts["year"] == year)
        & (facts["table"] == table)
        & (facts["item"] == item)
        & (facts["parent"] == parent)
        & (facts["measure"] == measure)
        & ((facts["derived"] & ~as_exported(facts)) if derived else as_exported(facts))
    ]
    return None if rows.empty else rows.iloc[0]


def _value(fact: pd.Series | None) -> float | None:
    return None if fact is None else float(fact["value"])


def _half(fact: pd.Series) -> float:
    iv = interval_of(fact)
    return (iv.hi - iv.lo) / 2


def tables_used(figs: MtFigures | None) -> list[str]:
    """The facts tables a year's chapter draws on (for source lines and the quality note)."""
    if figs is None:
        return []
    return [COST_TABLE, KF_TABLE] if figs.view == "cost_type" else [VO_TABLE]


def chapter_findings(findings: pd.DataFrame, facts: pd.DataFrame, year: int, figs: MtFigures | None) -> pd.DataFrame:
    """The year's findings on the MT figures: the table MT comes from and the cost figures
    of the report's text (not every key figure of the report)."""
    return on_chapter(findings, facts, year, tables_used(figs), "costs")


def business_area_item(facts: pd.DataFrame, year: int) -> str | None:
    """The label of the business area Medicinsk Teknik in the year's VO table, or None."""
    rows = facts[(facts["report_year"] == year) & (facts["table"] == VO_TABLE) & (facts["parent"] == "")]
    names = [i for i in dict.fromkeys(rows["item"]) if BUSINESS_AREA.search(i)]
    return names[0] if names else None


def recompute_deviation(outcome: float, budget: float, convention: str) -> float:
    """The deviation from outcome and budget under a table's sign convention
    (favourable positive under both)."""
    if convention == "cost_positive":
        return float(budget - outcome)
    if convention == "net_result":
        return float(outcome - budget)
    raise ValueError(f"no deviation under the sign convention {convention!r}")


def implied_previous(outcome: float, growth_percent: float) -> float:
    """Last year's outcome implied by this year's and the change in percent:
    outcome / (1 + change / 100)."""
    if growth_percent <= -100:
        raise ValueError(f"a change of {growth_percent} % implies no previous outcome")
    return float(outcome / (1 + growth_percent / 100))


def implied_previous_range(outcome: Interval, growth_percent: Interval) -> Interval:
    """The range of :func:`implied_previous` over the rounding of both printed figures."""
    return outcome / (Interval(1.0, 1.0) + growth_percent * Interval(0.01, 0.01))


def cost_item(facts: pd.DataFrame, year: int, aliases: dict | None = None) -> str:
    """The label the year's cost table prints the MT cost type with (a renamed row matched
    through the alias list); "MT service och underhåll" when the table lacks it."""
    key = canonical(COST_TYPE, COST_TABLE, aliases)
    rows = facts[(facts["report_year"] == year) & (facts["year"] == year) & (facts["table"] == COST_TABLE)]
    found = [i for i in dict.fromkeys(rows["item"]) if canonical(i, COST_TABLE, aliases) == key]
    return found[0] if found else COST_TYPE


def cost_type_figures(facts: pd.DataFrame, year: int, item: str = COST_TYPE) -> MtFigures | None:
    """MT as the cost type ``item`` ("MT service och underhåll" as printed), or None if the year lacks it."""
    out, bud = (one_fact(facts, year, COST_TABLE, item, m) for m in ("outcome", "budget"))
    if out is None:  # a year without a budget (a ledger without one) still has its outcome
        return None
    dev = one_fact(facts, year, COST_TABLE, item, "deviation")
    total = one_fact(facts, year, COST_TABLE, TOTAL, "outcome")
    share = _value(one_fact(facts, year, COST_TABLE, item, "percent", derived=True))
    if share is None and total is not None and total["value"] != 0:
        share = out["value"] / total["value"] * 100
    growth = one_fact(facts, year, KF_TABLE, item, "change_percent")
    sterile = one_fact(facts, year, KF_TABLE, STERILE, "deviation", parent=item)
    previous = low = high = None
    if growth is not None:
        previous = implied_previous(out["value"], growth["value"])
        rng = implied_previous_range(interval_of(out), interval_of(growth))
        low, high = rng.lo, rng.hi
    found = (("budget", bud), ("deviation", dev), ("total", total), ("growth", growth), ("sterile", sterile))
    sources = {"outcome": out["source"], **{k: f["source"] for k, f in found if f is not None}}
    budget = _value(bud)
    return MtFigures(
        year=year,
        view="cost_type",
        item=item,
        outcome=float(out["value"]),
        budget=budget,
        deviation=_value(dev),
        deviation_recomputed=(
            None if bud is None else recompute_deviation(out["value"], budget, out["sign_convention"])
        ),
        tolerance=_half(out) + (_half(bud) if bud is not None else 0.0) + (_half(dev) if dev is not None else 0.0),
        cost=float(out["value"]),
        budget_cost=budget,
        share_percent=share,
        share_total=_value(total),
        share_parts=1,
        growth_percent=_value(growth),
        previous_outcome=previous,
        previous_low=low,
        previous_high=high,
        sterile_deviation=_value(sterile),
        sources=sources,
    )


def own_rows(facts: pd.DataFrame, year: int, table: str) -> pd.DataFrame:
    """The rows of ``table`` that the year's own report prints for the year: reported (not
    derived), top level (no parent)."""
    return facts[
        (facts["report_year"] == year)
        & (facts["year"] == year)
        & (facts["table"] == table)
        & (facts["parent"] == "")
        & as_exported(facts)
    ]


def business_area_table(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The business areas with a negative outcome (a net cost) in the year's VO table:
    outcome, budget and deviation as reported, net cost and budget as positive amounts
    (derived: −value) and each one's share of their summed net cost (derived)."""
    rows = own_rows(facts, year, VO_TABLE)
    rows = rows[rows["item"] != TOTAL]
    wide = rows.pivot_table(index="item", columns="measure", values="value", aggfunc="first", sort=False)
    columns = ["item", "outcome", "budget", "deviation", "net_cost", "net_budget", "share_percent", "is_mt"]
    if wide.empty or "outcome" not in wide:
        return pd.DataFrame({c: [] for c in columns})
    wide = wide[wide["outcome"] < 0].reindex(columns=["outcome", "budget", "deviation"])
    table = wide.reset_index()
    table["net_cost"] = -table["outcome"]
    table["net_budget"] = -table["budget"]
    table["share_percent"] = table["net_cost"] / table["net_cost"].sum() * 100
    table["is_mt"] = table["item"].map(lambda i: bool(BUSINESS_AREA.search(i)))
    return table[columns]


def business_area_figures(facts: pd.DataFrame, year: int) -> MtFigures | None:
    """MT as the business area VO Medicinsk Teknik, or None if the year lacks it."""
    item = business_area_item(facts, year)
    if item is None:
        return None
    out, bud = (one_fact(facts, year, VO_TABLE, item, m) for m in ("outcome", "budget"))
    if out is None or bud is None:
        return None
    dev = one_fact(facts, year, VO_TABLE, item, "deviation")
    vos = business_area_table(facts, year)
    mine = vos[vos["is_mt"]]
    share = float(mine["share_percent"].iloc[0]) if not mine.empty else None
    sources = {"outcome": out["source"], "budget": bud["source"]}
    if dev is not None:
        sources["deviation"] = dev["source"]
    return MtFigures(
        year=year,
        view="business_area",
        item=item,
        outcome=float(out["value"]),
        budget=float(bud["value"]),
        deviation=_value(dev),
        deviation_recomputed=recompute_deviation(out["value"], bud["value"], out["sign_convention"]),
        tolerance=_half(out) + _half(bud) + (_half(dev) if dev is not None else 0.0),
        cost=-float(out["value"]),
        budget_cost=-float(bud["value"]),
        share_percent=share,
        share_total=float(vos["net_cost"].sum()) if share is not None else None,
        share_parts=len(vos),
        forecast=_value(one_fact(facts, year, VO_TABLE, item, "forecast")),
        deviation_vs_forecast=_value(one_fact(facts, year, VO_TABLE, item, "deviation_vs_forecast")),
        sources=sources,
    )


def figures(facts: pd.DataFrame, year: int, aliases: dict | None = None) -> MtFigures | None:
    """The year's MT figures: the cost type where the report has it, else the business
    area, else None."""
    return cost_type_figures(facts, year, cost_item(facts, year, aliases)) or business_area_figures(facts, year)


def growth_comparison(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each cost type of the year's cost table (Totalt left out) with its change in percent
    on the previous year where the report's text gives one (NaN where it gives none), and
    the division's net cost when the text gives its change."""
    columns = ["item", "kind", "change_percent", "source", "is_mt"]
    costs = facts[
        (facts["report_year"] == year)
        & (facts["year"] == year)
        & (facts["table"] == COST_TABLE)
        & (facts["measure"] == "outcome")
        & as_exported(facts)
        & (facts["item"] != TOTAL)
        & (facts["parent"] == "")
    ]
    rows = []
    for item in dict.fromkeys(costs["item"]):
        change = one_fact(facts, year, KF_TABLE, item, "change_percent")
        rows.append(
            {
                "item": item,
                "kind": "cost_type",
                "change_percent": _value(change),
                "source": "" if change is None else change["source"],
                "is_mt": item == COST_TYPE,
            }
        )
    net = one_fact(facts, year, KF_TABLE, NET_COST, "change_percent")
    if rows and net is not None:
        rows.append(
            {
                "item": NET_COST,
                "kind": "net_cost",
                "change_percent": float(net["value"]),
                "source": net["source"],
                "is_mt": False,
            }
        )
    frame = pd.DataFrame(rows, columns=columns).reindex(columns=COMPARISON_COLUMNS)
    frame["origin"] = frame["change_percent"].map(lambda v: None if pd.isna(v) else "stated")
    return frame.astype({"change_percent": "float64", "stated": "float64"})


def deviation_check(facts: pd.DataFrame, figs: MtFigures) -> pd.DataFrame:
    """The MT row and the table's Totalt row: deviation as reported beside the deviation
    recomputed from outcome and budget, the difference and the rounding tolerance."""
    table = COST_TABLE if figs.view == "cost_type" else VO_TABLE
    rows = []
    for item in (figs.item, TOTAL):
        out, bud, dev = (one_fact(facts, figs.year, table, item, m) for m in ("outcome", "budget", "deviation"))
        if out is None or bud is None or dev is None:
            continue
        recomputed = recompute_deviation(out["value"], bud["value"], out["sign_convention"])
        tolerance = _half(out) + _half(bud) + _half(dev)
        rows.append(
            {
                "item": item,
                "outcome": float(out["value"]),
                "budget": float(bud["value"]),
                "deviation": float(dev["value"]),
                "recomputed": recomputed,
                "difference": float(dev["value"]) - recomputed,
                "tolerance": tolerance,
                "agrees": abs(float(dev["value"]) - recomputed) <= tolerance + 1e-9,
                "source": dev["source"],
            }
        )
    return pd.DataFrame(
        rows,
        columns=["item", "outcome", "budget", "deviation", "recomputed", "difference", "tolerance", "agrees", "source"],
    )


def column_sums(facts: pd.DataFrame, year: int) -> dict[str, float] | None:
    """For the cost table: the sums of its rows' outcome, budget and deviation and its
    reported total deviation, to see which column a mismatching row disagrees with."""
    rows = facts[
        (facts["report_year"] == year)
        & (facts["year"] == year)
        & (facts["table"] == COST_TABLE)
        & as_exported(facts)
        & (facts["parent"] == "")
    ]
    parts, total = rows[rows["item"] != TOTAL], rows[rows["item"] == TOTAL]
    sums = parts.groupby("measure")["value"].sum()
    dev_total = total.loc[total["measure"] == "deviation", "value"]
    if not {"outcome", "budget", "deviation"} <= set(sums.index) or dev_total.empty:
        return None
    return {
        "out_sum": float(sums["outcome"]),
        "bud_sum": float(sums["budget"]),
        "dev_sum": float(sums["deviation"]),
        "dev_total": float(dev_total.iloc[0]),
    }


def sterile_parts(figs: MtFigures) -> pd.DataFrame | None:
    """Sterilteknik's deviation, the rest of the MT deviation and Sterilteknik's share,
    against the reported and against the recomputed MT deviation (rest and share derived)."""
    if figs.sterile_deviation is None:
        return None
    s, rep, rec = figs.sterile_deviation, figs.deviation, figs.deviation_recomputed
    if rec is None:
        return None
    share = lambda whole: s / whole * 100 if whole else float("nan")
    return pd.DataFrame(
        {
            "part": ["sterile", "rest", "share"],
            "unit": ["MSEK", "MSEK", "percent"],
            "vs_reported": [
                s,
                rep - s if rep is not None else float("nan"),
                share(rep) if rep is not None else float("nan"),
            ],
            "vs_recomputed": [s, rec - s, share(rec)],
        }
    )
