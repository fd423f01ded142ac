"""Chapter 3, growth of MT maintenance: the MT cost against its budget, its growth on the
previous year, its share of the division's costs and its growth beside the other cost types.

A report shows MT in one of two ways, and :func:`figures` says which (``view``):

- ``"cost_type"``: the cost type "MT service och underhåll" in ``costs_by_cost_type``
  (costs positive, deviation = budget − outcome), with growth and the Sterilteknik part of
  the deviation from the report's text (``key_figures``);
- ``"business_area"``: only the business area VO "15 Medicinsk Teknik" in
  ``result_by_business_area`` (net costs negative, deviation = outcome − budget). It covers
  other costs than the cost type and is never mixed with it.

Every deviation keeps the reported value; the recomputed one is derived beside it. The
functions down to "Views for the notebook" are pure. A view returns the object a notebook
cell shows, or None after showing the one-line note of :func:`analysis.chapters.common.missing`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd
from pandas.io.formats.style import Styler

from analysis.chapters import common as chapter
from analysis.presentation import charts, formatting
from analysis.presentation.keyfigures import KeyFigure
from analysis.presentation.tables import styled
from analysis.texts import t
from analysis.facts.validate import Interval, interval_of

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
    budget: float
    deviation: float | None
    deviation_recomputed: float
    tolerance: float
    cost: float
    budget_cost: float
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

    @property
    def mismatch(self) -> bool:
        """Whether the reported deviation differs from the recomputed one beyond rounding."""
        return (self.deviation is not None
                and abs(self.deviation - self.deviation_recomputed) > self.tolerance + 1e-9)

    @property
    def previous_year(self) -> int:
        return self.year - 1


# --- Looking up facts -------------------------------------------------------------------

def _fact(facts: pd.DataFrame, year: int, table: str, item: str, measure: str,
          parent: str = "", derived: bool = False) -> pd.Series | None:
    """The one fact about ``year`` in report ``year`` with these keys, or None."""
    rows = facts[(facts["report_year"] == year) & (facts["year"] == year)
                 & (facts["table"] == table) & (facts["item"] == item)
                 & (facts["parent"] == parent) & (facts["measure"] == measure)
                 & (facts["derived"] == derived)]
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


def chapter_findings(findings: pd.DataFrame, facts: pd.DataFrame, year: int,
                     figs: MtFigures | None) -> pd.DataFrame:
    """The year's findings on the MT figures: the table MT comes from and the cost figures
    of the report's text (not every key figure of the report)."""
    from analysis.chapters.common import chapter_findings as on_chapter

    return on_chapter(findings, facts, year, tables_used(figs), "costs")


def business_area_item(facts: pd.DataFrame, year: int) -> str | None:
    """The label of the business area Medicinsk Teknik in the year's VO table, or None."""
    rows = facts[(facts["report_year"] == year) & (facts["table"] == VO_TABLE)
                 & (facts["parent"] == "")]
    names = [i for i in dict.fromkeys(rows["item"]) if BUSINESS_AREA.search(i)]
    return names[0] if names else None


# --- Pure computations --------------------------------------------------------------------

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


def cost_type_figures(facts: pd.DataFrame, year: int) -> MtFigures | None:
    """MT as the cost type "MT service och underhåll", or None if the year lacks it."""
    out, bud = (_fact(facts, year, COST_TABLE, COST_TYPE, m) for m in ("outcome", "budget"))
    if out is None or bud is None:
        return None
    dev = _fact(facts, year, COST_TABLE, COST_TYPE, "deviation")
    total = _fact(facts, year, COST_TABLE, TOTAL, "outcome")
    share = _value(_fact(facts, year, COST_TABLE, COST_TYPE, "percent", derived=True))
    if share is None and total is not None and total["value"] != 0:
        share = out["value"] / total["value"] * 100
    growth = _fact(facts, year, KF_TABLE, COST_TYPE, "change_percent")
    sterile = _fact(facts, year, KF_TABLE, STERILE, "deviation", parent=COST_TYPE)
    previous = low = high = None
    if growth is not None:
        previous = implied_previous(out["value"], growth["value"])
        rng = implied_previous_range(interval_of(out), interval_of(growth))
        low, high = rng.lo, rng.hi
    sources = {"outcome": out["source"], "budget": bud["source"]}
    sources.update({k: f["source"] for k, f in (("deviation", dev), ("total", total),
                                                 ("growth", growth), ("sterile", sterile))
                    if f is not None})
    return MtFigures(
        year=year, view="cost_type", item=COST_TYPE, outcome=float(out["value"]),
        budget=float(bud["value"]), deviation=_value(dev),
        deviation_recomputed=recompute_deviation(out["value"], bud["value"], out["sign_convention"]),
        tolerance=_half(out) + _half(bud) + (_half(dev) if dev is not None else 0.0),
        cost=float(out["value"]), budget_cost=float(bud["value"]), share_percent=share,
        share_total=_value(total), share_parts=1, growth_percent=_value(growth),
        previous_outcome=previous, previous_low=low, previous_high=high,
        sterile_deviation=_value(sterile), sources=sources)


def business_area_table(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The business areas with a negative outcome (a net cost) in the year's VO table:
    outcome, budget and deviation as reported, net cost and budget as positive amounts
    (derived: −value) and each one's share of their summed net cost (derived)."""
    rows = facts[(facts["report_year"] == year) & (facts["year"] == year)
                 & (facts["table"] == VO_TABLE) & (facts["parent"] == "") & ~facts["derived"]
                 & (facts["item"] != TOTAL)]
    wide = rows.pivot_table(index="item", columns="measure", values="value", aggfunc="first",
                            sort=False)
    columns = ["item", "outcome", "budget", "deviation", "net_cost", "net_budget",
               "share_percent", "is_mt"]
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
    out, bud = (_fact(facts, year, VO_TABLE, item, m) for m in ("outcome", "budget"))
    if out is None or bud is None:
        return None
    dev = _fact(facts, year, VO_TABLE, item, "deviation")
    vos = business_area_table(facts, year)
    mine = vos[vos["is_mt"]]
    share = float(mine["share_percent"].iloc[0]) if not mine.empty else None
    sources = {"outcome": out["source"], "budget": bud["source"]}
    if dev is not None:
        sources["deviation"] = dev["source"]
    return MtFigures(
        year=year, view="business_area", item=item, outcome=float(out["value"]),
        budget=float(bud["value"]), deviation=_value(dev),
        deviation_recomputed=recompute_deviation(out["value"], bud["value"], out["sign_convention"]),
        tolerance=_half(out) + _half(bud) + (_half(dev) if dev is not None else 0.0),
        cost=-float(out["value"]), budget_cost=-float(bud["value"]), share_percent=share,
        share_total=float(vos["net_cost"].sum()) if share is not None else None,
        share_parts=len(vos),
        forecast=_value(_fact(facts, year, VO_TABLE, item, "forecast")),
        deviation_vs_forecast=_value(_fact(facts, year, VO_TABLE, item, "deviation_vs_forecast")),
        sources=sources)


def figures(facts: pd.DataFrame, year: int) -> MtFigures | None:
    """The year's MT figures: the cost type where the report has it, else the business
    area, else None."""
    return cost_type_figures(facts, year) or business_area_figures(facts, year)


def growth_comparison(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each cost type of the year's cost table (Totalt left out) with its change in percent
    on the previous year where the report's text gives one (NaN where it gives none), and
    the division's net cost when the text gives its change."""
    columns = ["item", "kind", "change_percent", "source", "is_mt"]
    costs = facts[(facts["report_year"] == year) & (facts["year"] == year)
                  & (facts["table"] == COST_TABLE) & (facts["measure"] == "outcome")
                  & ~facts["derived"] & (facts["item"] != TOTAL) & (facts["parent"] == "")]
    rows = []
    for item in dict.fromkeys(costs["item"]):
        change = _fact(facts, year, KF_TABLE, item, "change_percent")
        rows.append({"item": item, "kind": "cost_type", "change_percent": _value(change),
                     "source": "" if change is None else change["source"],
                     "is_mt": item == COST_TYPE})
    net = _fact(facts, year, KF_TABLE, NET_COST, "change_percent")
    if rows and net is not None:
        rows.append({"item": NET_COST, "kind": "net_cost", "change_percent": float(net["value"]),
                     "source": net["source"], "is_mt": False})
    frame = pd.DataFrame(rows, columns=columns)
    frame["change_percent"] = frame["change_percent"].astype("float64")
    return frame


def deviation_check(facts: pd.DataFrame, figs: MtFigures) -> pd.DataFrame:
    """The MT row and the table's Totalt row: deviation as reported beside the deviation
    recomputed from outcome and budget, the difference and the rounding tolerance."""
    table = COST_TABLE if figs.view == "cost_type" else VO_TABLE
    rows = []
    for item in (figs.item, TOTAL):
        out, bud, dev = (_fact(facts, figs.year, table, item, m)
                         for m in ("outcome", "budget", "deviation"))
        if out is None or bud is None or dev is None:
            continue
        recomputed = recompute_deviation(out["value"], bud["value"], out["sign_convention"])
        tolerance = _half(out) + _half(bud) + _half(dev)
        rows.append({"item": item, "outcome": float(out["value"]), "budget": float(bud["value"]),
                     "deviation": float(dev["value"]), "recomputed": recomputed,
                     "difference": float(dev["value"]) - recomputed, "tolerance": tolerance,
                     "agrees": abs(float(dev["value"]) - recomputed) <= tolerance + 1e-9,
                     "source": dev["source"]})
    return pd.DataFrame(rows, columns=["item", "outcome", "budget", "deviation", "recomputed",
                                       "difference", "tolerance", "agrees", "source"])


def column_sums(facts: pd.DataFrame, year: int) -> dict[str, float] | None:
    """For the cost table: the sums of its rows' outcome, budget and deviation and its
    reported total deviation, to see which column a mismatching row disagrees with."""
    rows = facts[(facts["report_year"] == year) & (facts["year"] == year)
                 & (facts["table"] == COST_TABLE) & ~facts["derived"] & (facts["parent"] == "")]
    parts, total = rows[rows["item"] != TOTAL], rows[rows["item"] == TOTAL]
    sums = parts.groupby("measure")["value"].sum()
    dev_total = total.loc[total["measure"] == "deviation", "value"]
    if not {"outcome", "budget", "deviation"} <= set(sums.index) or dev_total.empty:
        return None
    return {"out_sum": float(sums["outcome"]), "bud_sum": float(sums["budget"]),
            "dev_sum": float(sums["deviation"]), "dev_total": float(dev_total.iloc[0])}


def sterile_parts(figs: MtFigures) -> pd.DataFrame | None:
    """Sterilteknik's deviation, the rest of the MT deviation and Sterilteknik's share,
    against the reported and against the recomputed MT deviation (rest and share derived)."""
    if figs.sterile_deviation is None:
        return None
    s, rep, rec = figs.sterile_deviation, figs.deviation, figs.deviation_recomputed
    share = lambda whole: s / whole * 100 if whole else float("nan")  # noqa: E731
    return pd.DataFrame({
        "part": ["sterile", "rest", "share"],
        "unit": ["MSEK", "MSEK", "percent"],
        "vs_reported": [s, rep - s if rep is not None else float("nan"),
                        share(rep) if rep is not None else float("nan")],
        "vs_recomputed": [s, rec - s, share(rec)],
    })


# --- Generated text ----------------------------------------------------------------------

def _money(value: float | None, figs: MtFigures, lang: str, signed: bool = False) -> str:
    return formatting.msek(value, MONEY_DECIMALS[figs.view], lang, signed)


def _pct(value: float | None, lang: str, decimals: int = 0, signed: bool = False) -> str:
    return formatting.percent(value, decimals, lang, signed)


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('mt.and', lang)} {items[-1]}"


def _deviation_formula(figs: MtFigures, lang: str) -> str:
    return t("mt.deviation.cost" if figs.view == "cost_type" else "mt.deviation.net", lang)


def _verdict(deviation: float, lang: str) -> str:
    key = "deficit" if deviation < 0 else "surplus" if deviation > 0 else "even"
    return t(f"mt.verdict.{key}", lang)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _in_sentence(label: str, lang: str) -> str:
    """A row label inside a Swedish sentence: "Övriga kostnader" -> "övriga kostnader"
    (labels such as "PC-utrullning" keep their capitals)."""
    if lang == "sv" and len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _growth_name(row: pd.Series, lang: str) -> str:
    name = (t("mt.net_cost_label", lang) if row["kind"] == "net_cost"
            else _in_sentence(row["item"], lang))
    return f"{name} ({_pct(row['change_percent'], lang)})"


def growth_sentences(figs: MtFigures, comparison: pd.DataFrame, lang: str) -> list[str]:
    """The MT growth, the implied previous outcome and the comparison with the other cost
    types and the net cost, as far as the report gives figures."""
    if figs.growth_percent is None:
        return [t("mt.sum.no_growth", lang)]
    key = "mt.sum.growth" if figs.growth_percent > 0 else "mt.sum.decline"
    out = [t(key, lang, growth=_pct(figs.growth_percent, lang), prev=figs.previous_year,
             previous=_money(figs.previous_outcome, figs, lang),
             increase=_money(figs.outcome - figs.previous_outcome, figs, lang))]
    others = comparison[~comparison["is_mt"]]
    given = others.dropna(subset=["change_percent"])
    faster = [_growth_name(r, lang) for _, r in given.iterrows() if r["change_percent"] < figs.growth_percent]
    slower = [_growth_name(r, lang) for _, r in given.iterrows() if r["change_percent"] > figs.growth_percent]
    if faster:
        out.append(t("mt.sum.faster", lang, items=_join(faster, lang)))
    if slower:
        out.append(t("mt.sum.slower", lang, items=_join(slower, lang)))
    net = others[others["kind"] == "net_cost"]
    if not net.empty:
        out.append(t("mt.sum.gap", lang, gap=formatting.number(
            figs.growth_percent - net["change_percent"].iloc[0], 0, lang)))
    lacking = [_in_sentence(i, lang) for i in others[others["change_percent"].isna()]["item"]]
    if lacking:
        out.append(t("mt.sum.no_growth_for", lang, items=_join(lacking, lang)))
    return out


def summary(figs: MtFigures | None, comparison: pd.DataFrame, lang: str, year: int | None = None) -> str:
    """The chapter's opening text, built from the figures: paragraphs (separated by a blank
    line) on outcome and budget, on growth, and on Sterilteknik."""
    if figs is None:
        return t("mt.sum.none", lang, year=year)
    deviation = figs.deviation if figs.deviation is not None else figs.deviation_recomputed
    if figs.view == "cost_type":
        out = [t("mt.sum.cost_type", lang, item=figs.item, year=figs.year,
                 outcome=_money(figs.outcome, figs, lang), budget=_money(figs.budget, figs, lang),
                 deviation=_money(deviation, figs, lang, signed=True), verdict=_verdict(deviation, lang))]
    else:
        out = [t("mt.sum.business_area", lang, item=figs.item, year=figs.year,
                 cost=_money(figs.cost, figs, lang), budget_cost=_money(figs.budget_cost, figs, lang),
                 deviation=_money(deviation, figs, lang, signed=True), verdict=_verdict(deviation, lang))]
    if figs.mismatch:
        out.append(t("mt.sum.mismatch", lang, formula=_deviation_formula(figs, lang),
                     recomputed=_money(figs.deviation_recomputed, figs, lang, signed=True),
                     reported=_money(figs.deviation, figs, lang, signed=True)))
    if figs.share_percent is not None:
        key = "mt.sum.share_cost" if figs.view == "cost_type" else "mt.sum.share_net"
        out.append(t(key, lang, share=_pct(figs.share_percent, lang, 1),
                     total=_money(figs.share_total, figs, lang), n=figs.share_parts))
    paragraphs = [" ".join(out)]
    if figs.view == "cost_type":
        paragraphs.append(" ".join(growth_sentences(figs, comparison, lang)))
        if figs.sterile_deviation is not None and figs.deviation:
            paragraphs.append(t("mt.sum.sterile", lang,
                                sterile=_money(figs.sterile_deviation, figs, lang, signed=True),
                                part=_pct(figs.sterile_deviation / figs.deviation * 100, lang)))
    else:
        paragraphs.append(f"{t('mt.sum.no_growth', lang)} {t('mt.sum.not_comparable', lang)}")
    return "\n\n".join(paragraphs)


# --- Key figures ---------------------------------------------------------------------------

def key_figures(figs: MtFigures | None, comparison: pd.DataFrame, findings: pd.DataFrame,
                lang: str) -> list[KeyFigure]:
    """The chapter's recorded key figures; None where the year's report lacks the figure."""
    label = lambda key: t(f"mt.kf.{key}", lang)  # noqa: E731
    num = lambda v: None if v is None or pd.isna(v) else float(v)  # noqa: E731
    if figs is None:
        return [KeyFigure("view", label("view"), "none", headline=False)]
    change = {r["item"]: r["change_percent"] for _, r in comparison.iterrows()
              if pd.notna(r["change_percent"])}
    net = change.get(NET_COST) if (comparison["kind"] == "net_cost").any() else None
    cost_view = figs.view == "cost_type"
    table = COST_TABLE if cost_view else VO_TABLE
    on_row = findings[(findings["report_year"] == figs.year) & (findings["table"] == table)
                      & (findings["item"] == figs.item)]
    prev_formula = t("mt.formula.previous", lang, year=figs.year, growth=_pct(figs.growth_percent, lang),
                     low=_money(figs.previous_low, figs, lang), high=_money(figs.previous_high, figs, lang))
    return [
        KeyFigure("view", label("view"), figs.view, headline=False),
        KeyFigure("mt_item", label("item"), figs.item),
        KeyFigure("mt_outcome_msek", label("outcome"), num(figs.outcome), "MSEK"),
        KeyFigure("mt_budget_msek", label("budget"), num(figs.budget), "MSEK"),
        KeyFigure("mt_deviation_msek", label("deviation"), num(figs.deviation), "MSEK"),
        KeyFigure("mt_deviation_recomputed_msek", label("deviation_recomputed"),
                  num(figs.deviation_recomputed), "MSEK", derived=True,
                  formula=t("mt.formula.dev_cost" if cost_view else "mt.formula.dev_net", lang)),
        KeyFigure("mt_cost_msek", label("cost"), num(figs.cost), "MSEK", derived=not cost_view,
                  formula=t("mt.formula.cost_type" if cost_view else "mt.formula.cost_net", lang)),
        KeyFigure("mt_share_of_costs_percent", label("share"), num(figs.share_percent), "percent",
                  derived=True,
                  formula=t("mt.formula.share_cost" if cost_view else "mt.formula.share_net", lang)),
        KeyFigure("mt_growth_percent", label("growth"), num(figs.growth_percent), "percent"),
        KeyFigure("mt_implied_previous_outcome_msek", label("previous"), num(figs.previous_outcome),
                  "MSEK", derived=True, formula=prev_formula if figs.previous_outcome is not None else ""),
        KeyFigure("mt_sterile_deviation_msek", label("sterile"), num(figs.sterile_deviation), "MSEK"),
        KeyFigure("other_costs_growth_percent", label("other_growth"), num(change.get(OTHER_COSTS)), "percent"),
        KeyFigure("net_cost_growth_percent", label("net_growth"), num(net), "percent"),
        KeyFigure("mt_quality_findings", label("findings"), len(on_row), "count"),
    ]


# --- Views for the notebook -----------------------------------------------------------------

def overview_table(figs: MtFigures, lang: str) -> pd.DataFrame:
    """The MT figures of the year, one per row, each marked reported or derived with its
    source or formula."""
    rep, text, der = (t(f"mt.kind.{k}", lang) for k in ("reported", "text", "derived"))
    src = figs.sources
    money = lambda v, signed=False: _money(v, figs, lang, signed)  # noqa: E731
    cost_view = figs.view == "cost_type"
    rows = [
        (t("mt.row.outcome" if cost_view else "mt.row.outcome_net", lang, year=figs.year),
         money(figs.outcome), rep, src["outcome"]),
        (t("mt.row.budget", lang, year=figs.year), money(figs.budget), rep, src["budget"]),
    ]
    if figs.deviation is not None:
        rows.append((t("mt.row.deviation", lang), money(figs.deviation, True), rep, src["deviation"]))
    rows.append((t("mt.row.deviation_recomputed", lang), money(figs.deviation_recomputed, True), der,
                 t("mt.formula.dev_cost" if cost_view else "mt.formula.dev_net", lang)))
    if not cost_view:
        rows.append((t("mt.row.cost_net", lang), money(figs.cost), der, t("mt.formula.cost_net", lang)))
    if figs.share_percent is not None:
        rows.append((t("mt.row.share_cost" if cost_view else "mt.row.share_net", lang),
                     _pct(figs.share_percent, lang, 1), der,
                     t("mt.formula.share_cost" if cost_view else "mt.formula.share_net", lang)))
    if figs.growth_percent is not None:
        rows.append((t("mt.row.growth", lang, prev=figs.previous_year),
                     _pct(figs.growth_percent, lang, signed=True), text, src["growth"]))
        rows.append((t("mt.row.previous", lang, prev=figs.previous_year),
                     money(figs.previous_outcome), der,
                     t("mt.formula.previous", lang, year=figs.year, growth=_pct(figs.growth_percent, lang),
                       low=money(figs.previous_low), high=money(figs.previous_high))))
    if figs.sterile_deviation is not None:
        rows.append((t("mt.row.sterile", lang), money(figs.sterile_deviation, True), text, src["sterile"]))
    if figs.forecast is not None:
        rows.append((t("mt.row.forecast", lang, year=figs.year), money(figs.forecast), rep, src["outcome"]))
    if figs.deviation_vs_forecast is not None:
        rows.append((t("mt.row.deviation_forecast", lang), money(figs.deviation_vs_forecast, True),
                     rep, src["outcome"]))
    columns = [t(f"mt.col.{c}", lang) for c in ("figure", "value", "kind", "basis")]
    return pd.DataFrame(rows, columns=columns)


def overview_view(figs: MtFigures | None, year: int, lang: str) -> Styler | None:
    """The overview table, or the missing note for a year without MT figures."""
    if figs is None:
        chapter.missing(year, t("mt.missing.all", lang), lang)
        return None
    frame = overview_table(figs, lang)
    value = t("mt.col.value", lang)
    caption = _capital(t(f"mt.view.{figs.view}", lang, item=figs.item))
    return styled(frame, formats={value: str}, total_rows=[], caption=caption)


def check_table(check: pd.DataFrame, figs: MtFigures, lang: str) -> pd.DataFrame:
    """The deviation check in the chapter's language, reported and recomputed side by side
    (amounts in the unit named in the headers)."""
    unit = formatting.MONEY_UNIT[lang]
    dec = MONEY_DECIMALS[figs.view]
    num = lambda v, signed=False: formatting.number(v, dec, lang, signed)  # noqa: E731
    return pd.DataFrame({
        t("mt.col.item", lang): check["item"],
        t("mt.col.outcome", lang, unit=unit): [num(v) for v in check["outcome"]],
        t("mt.col.budget", lang, unit=unit): [num(v) for v in check["budget"]],
        t("mt.col.dev_reported", lang, unit=unit): [num(v, True) for v in check["deviation"]],
        t("mt.col.dev_recomputed", lang, unit=unit): [num(v, True) for v in check["recomputed"]],
        t("mt.col.difference", lang, unit=unit): [num(v, True) for v in check["difference"]],
        t("mt.col.agrees", lang): [t("mt.yes" if a else "mt.no", lang) for a in check["agrees"]],
        t("mt.col.source", lang): check["source"],
    })


def check_sentences(facts: pd.DataFrame, figs: MtFigures, lang: str) -> list[str]:
    """What the deviation check found: the mismatch with the calculation, and for the cost
    table which of its columns add up; or that the deviation agrees."""
    money = lambda v, signed=False: _money(v, figs, lang, signed)  # noqa: E731
    formula = _deviation_formula(figs, lang)
    view = t(f"mt.view.{figs.view}", lang, item=figs.item)
    if figs.deviation is None:
        return []
    if not figs.mismatch:
        return [t("mt.check.agrees", lang, view=view, reported=money(figs.deviation, True),
                  formula=formula, recomputed=money(figs.deviation_recomputed, True))]
    calc = (f"{money(figs.budget)} − {money(figs.outcome)}" if figs.view == "cost_type"
            else f"{money(figs.outcome)} − {money(figs.budget)}")
    out = [t("mt.check.mismatch", lang, view=view, reported=money(figs.deviation, True),
             formula=formula, calc=calc, recomputed=money(figs.deviation_recomputed, True),
             difference=money(figs.deviation - figs.deviation_recomputed, True))]
    sums = column_sums(facts, figs.year) if figs.view == "cost_type" else None
    if sums is not None:
        out.append(t("mt.check.columns", lang, dev_sum=money(sums["dev_sum"], True),
                     dev_total=money(sums["dev_total"], True), out_sum=money(sums["out_sum"]),
                     bud_sum=money(sums["bud_sum"]),
                     recomputed_total=money(sums["bud_sum"] - sums["out_sum"], True)))
    return out


def check_view(facts: pd.DataFrame, figs: MtFigures | None, year: int, lang: str) -> Styler | None:
    """Show what the check found and return the table, reported and recomputed side by
    side, a mismatching deviation set apart; the missing note for a year without MT."""
    if figs is None:
        chapter.missing(year, t("mt.missing.all", lang), lang)
        return None
    for sentence in check_sentences(facts, figs, lang):
        chapter.paragraph(sentence)
    check = deviation_check(facts, figs)
    frame = check_table(check, figs, lang)
    columns = list(frame.columns)
    flagged = [i for i, ok in enumerate(check["agrees"]) if not ok]
    styler = styled(frame, formats={c: str for c in columns[1:6]},
                    caption=t("mt.check.caption", lang, formula=_deviation_formula(figs, lang)))
    return styler.apply(lambda col: [HIGHLIGHT if i in flagged else "" for i in range(len(col))],
                        subset=columns[3:7])


def outcome_budget_chart(facts: pd.DataFrame, figs: MtFigures | None, year: int, lang: str):
    """Outcome against budget: per cost type (cost view) or per VO with a net cost as
    positive amounts (business-area view); the missing note for a year without MT."""
    if figs is None:
        chapter.missing(year, t("mt.missing.all", lang), lang)
        return None
    series = (t("mt.series.outcome", lang), t("mt.series.budget", lang))
    if figs.view == "cost_type":
        rows = facts[(facts["report_year"] == figs.year) & (facts["year"] == figs.year)
                     & (facts["table"] == COST_TABLE) & ~facts["derived"] & (facts["item"] != TOTAL)
                     & (facts["parent"] == "") & facts["measure"].isin(["outcome", "budget"])]
        data = pd.DataFrame({"label": rows["item"],
                             "series": rows["measure"].map({"outcome": series[0], "budget": series[1]}),
                             "value": rows["value"]})
        title = t("mt.chart.cost_types", lang, year=figs.year)
    else:
        vos = business_area_table(facts, figs.year)
        data = pd.concat([
            pd.DataFrame({"label": vos["item"], "series": series[0], "value": vos["net_cost"]}),
            pd.DataFrame({"label": vos["item"], "series": series[1], "value": vos["net_budget"]}),
        ], ignore_index=True)
        title = t("mt.chart.business_areas", lang, year=figs.year)
    return charts.grouped_bars(data.reset_index(drop=True), title, "MSEK",
                               chapter.source(figs.year, [COST_TABLE if figs.view == "cost_type"
                                                          else VO_TABLE], lang),
                               lang, order=list(series))


def growth_table(comparison: pd.DataFrame, figs: MtFigures, lang: str) -> pd.DataFrame:
    """The growth comparison in the chapter's language, missing figures said as missing."""
    notes = []
    for _, r in comparison.iterrows():
        if r["kind"] == "net_cost":
            notes.append(t("mt.growth.net_cost", lang, source=r["source"]))
        elif pd.isna(r["change_percent"]):
            notes.append(t("mt.growth.missing", lang))
        else:
            notes.append(t("mt.growth.reported", lang, source=r["source"]))
    return pd.DataFrame({
        t("mt.col.cost_type", lang): comparison["item"],
        t("mt.col.change", lang, prev=figs.previous_year):
            [_pct(v, lang, signed=True) for v in comparison["change_percent"]],
        t("mt.col.note", lang): notes,
    })


def growth_view(figs: MtFigures | None, comparison: pd.DataFrame, year: int, lang: str) -> Styler | None:
    """The growth comparison table after a sentence on what the report gives; the missing
    note when the year gives no MT growth."""
    if figs is None or figs.growth_percent is None:
        chapter.missing(year, t("mt.missing.growth", lang), lang)
        return None
    types = comparison[comparison["kind"] == "cost_type"]
    chapter.paragraph(t("mt.growth.intro" if (comparison["kind"] == "net_cost").any()
                        else "mt.growth.intro_no_net", lang, prev=figs.previous_year,
                        n=int(types["change_percent"].notna().sum()), total=len(types)))
    frame = growth_table(comparison, figs, lang)
    marked = [i for i, m in enumerate(comparison["is_mt"]) if m]
    styler = styled(frame, formats={frame.columns[1]: str}, total_rows=[])
    return styler.apply(lambda row: [MARK if row.name in marked else "" for _ in row], axis=1)


def growth_chart(figs: MtFigures | None, comparison: pd.DataFrame, lang: str):
    """Plain bars of the changes the report gives (the section's note covers a year
    without them: None)."""
    if figs is None or figs.growth_percent is None:
        return None
    given = comparison.dropna(subset=["change_percent"])
    labels = [_capital(t("mt.net_cost_label", lang)) if k == "net_cost" else i
              for i, k in zip(given["item"], given["kind"])]
    data = pd.DataFrame({"label": labels, "series": t("mt.chart.series_change", lang),
                         "value": given["change_percent"].to_numpy()})
    title = t("mt.chart.growth", lang, prev=figs.previous_year,
              n=int(comparison["change_percent"].isna().sum()))
    return charts.grouped_bars(data, title, "percent", chapter.source(figs.year, [KF_TABLE], lang), lang)


def yearly_chart(figs: MtFigures | None, year: int, lang: str):
    """The MT cost by year: the implied previous year (derived) and the reported year,
    with the trend chart's n; the missing note when no previous year can be given."""
    if figs is None or figs.previous_outcome is None:
        chapter.missing(year, t("mt.missing.yearly", lang), lang)
        return None
    money = lambda v: _money(v, figs, lang)  # noqa: E731
    chapter.paragraph(t("mt.yearly.note", lang, prev=figs.previous_year,
                        growth=_pct(figs.growth_percent, lang),
                        low=money(figs.previous_low), high=money(figs.previous_high)))
    data = pd.DataFrame({"year": [figs.previous_year, figs.year],
                         "value": [figs.previous_outcome, figs.outcome]})
    title = t("mt.chart.yearly", lang, prev=figs.previous_year,
              growth=_pct(figs.growth_percent, lang, signed=True))
    fig = charts.trend_chart(data, title, "MSEK",
                             chapter.source(figs.year, [COST_TABLE, KF_TABLE], lang), lang)
    fig.axes[0].set_ylim(0, max(data["value"]) * 1.3)  # room for the n note above the bars
    return fig


def sterile_view(figs: MtFigures | None, year: int, lang: str) -> Styler | None:
    """Sterilteknik's part of the MT deviation against the reported and the recomputed
    deviation; the missing note when the year does not give it."""
    parts = sterile_parts(figs) if figs is not None else None
    if parts is None:
        chapter.missing(year, t("mt.missing.sterile", lang), lang)
        return None
    fmt = lambda v, unit: (_money(v, figs, lang, True) if unit == "MSEK"  # noqa: E731
                           else _pct(v, lang))
    frame = pd.DataFrame({
        t("mt.col.part", lang): [t(f"mt.part.{p}", lang) for p in parts["part"]],
        t("mt.col.vs_reported", lang, value=_money(figs.deviation, figs, lang, True)):
            [fmt(v, u) for v, u in zip(parts["vs_reported"], parts["unit"])],
        t("mt.col.vs_recomputed", lang, value=_money(figs.deviation_recomputed, figs, lang, True)):
            [fmt(v, u) for v, u in zip(parts["vs_recomputed"], parts["unit"])],
    })
    return styled(frame, formats={c: str for c in frame.columns[1:]}, total_rows=[])


def business_area_view(facts: pd.DataFrame, figs: MtFigures | None, year: int, lang: str) -> Styler | None:
    """The VOs with a net cost, VO Medicinsk Teknik marked, with a summed row; the missing
    note for a year whose report has no VO table."""
    vos = business_area_table(facts, year)
    if figs is None or figs.view != "business_area" or vos.empty:
        chapter.missing(year, t("mt.missing.business_area" if figs is not None else "mt.missing.all",
                                lang), lang)
        return None
    chapter.paragraph(t("mt.ba.intro", lang, formula=t("mt.formula.share_net", lang), item=figs.item))
    total = {"item": t("common.total", lang), "outcome": vos["outcome"].sum(),
             "budget": vos["budget"].sum(), "deviation": vos["deviation"].sum(),
             "net_cost": vos["net_cost"].sum(), "net_budget": vos["net_budget"].sum(),
             "share_percent": vos["share_percent"].sum(), "is_mt": False}
    table = pd.concat([vos, pd.DataFrame([total])], ignore_index=True)
    money = lambda v, signed=False: _money(v, figs, lang, signed)  # noqa: E731
    frame = pd.DataFrame({
        t("mt.col.vo", lang): table["item"],
        t("mt.col.net_cost", lang): [money(v) for v in table["net_cost"]],
        t("mt.col.net_budget", lang): [money(v) for v in table["net_budget"]],
        t("mt.col.vo_deviation", lang): [money(v, True) for v in table["deviation"]],
        t("mt.col.vo_share", lang): [_pct(v, lang, 1) for v in table["share_percent"]],
    })
    marked = [i for i, m in enumerate(table["is_mt"]) if m]
    styler = styled(frame, formats={c: str for c in frame.columns[1:]}, total_rows=[len(frame) - 1])
    return styler.apply(lambda row: [MARK if row.name in marked else "" for _ in row], axis=1)
