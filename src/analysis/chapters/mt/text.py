"""Chapter 3's sentences and key figures, in Swedish or English."""

from __future__ import annotations

import pandas as pd

from analysis.chapters.mt.growth import claim_key_figures, growth_formula, period_key_figures
from analysis.chapters.mt.views import COST_TABLE, MONEY_DECIMALS, NET_COST, OTHER_COSTS, VO_TABLE, MtFigures
from analysis.chapters.over_the_years import localised
from analysis.facts.catalog import is_ledger_source
from analysis.presentation import formatting
from analysis.presentation.keyfigures import KeyFigure
from analysis.texts import t


def money_text(value: float | None, figs: MtFigures, lang: str, signed: bool = False) -> str:
    """An amount in MSEK with the decimals the report prints for the figures' view."""
    return formatting.msek(value, MONEY_DECIMALS[figs.view], lang, signed)


def pct(value: float | None, lang: str, decimals: int = 0, signed: bool = False) -> str:
    """A percentage in the chapter's language."""
    return formatting.percent(value, decimals, lang, signed)


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('mt.and', lang)} {items[-1]}"


def deviation_formula(figs: MtFigures, lang: str) -> str:
    """How the reported deviation is defined, for the figures' view."""
    return t("mt.deviation.cost", lang) if figs.view == "cost_type" else t("mt.deviation.net", lang)


def _verdict(deviation: float, lang: str) -> str:
    key = "deficit" if deviation < 0 else "surplus" if deviation > 0 else "even"
    return t(f"mt.verdict.{key}", lang)


def capital(text: str) -> str:
    """``text`` with its first letter in upper case (a sentence start)."""
    return text[:1].upper() + text[1:]


def _in_sentence(label: str, lang: str) -> str:
    """A row label inside a Swedish sentence: "Övriga kostnader" -> "övriga kostnader"
    (labels such as "PC-utrullning" keep their capitals)."""
    if lang == "sv" and len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _growth_name(row: pd.Series, lang: str) -> str:
    labels = {"net_cost": "mt.net_cost_label", "total": "mt.total_label"}
    name = t(labels[row["kind"]], lang) if row["kind"] in labels else _in_sentence(row["item"], lang)
    return f"{name} ({pct(row['change_percent'], lang)})"


def _growth_sentence(figs: MtFigures, lang: str) -> str:
    """The MT growth: computed from the tables, or as the report states it with the previous
    outcome implied by it."""
    if figs.growth_origin == "computed":
        ledger = any(is_ledger_source(figs.sources.get(k, "")) for k in ("outcome", "previous", "growth"))
        return t(
            "mt.sum.growth_computed",
            lang,
            basis=t("mt.basis.ledger" if ledger else "mt.basis.tables", lang),
            growth=pct(figs.growth_percent, lang, 1, signed=True),
            prev=figs.previous_year,
            previous=money_text(figs.previous_outcome, figs, lang),
            outcome=money_text(figs.outcome, figs, lang),
            change=money_text(figs.outcome - figs.previous_outcome, figs, lang, signed=True),
        )
    key = "mt.sum.growth" if figs.growth_percent > 0 else "mt.sum.decline"
    return t(
        key,
        lang,
        growth=pct(figs.growth_percent, lang),
        prev=figs.previous_year,
        previous=money_text(figs.previous_outcome, figs, lang),
        increase=money_text(figs.outcome - figs.previous_outcome, figs, lang),
    )


def claim_sentence(figs: MtFigures, comparison: pd.DataFrame, lang: str) -> str | None:
    """The report's stated MT change beside the computed one: checked or contradicted, with
    the stated and the computed value and both sources; None when there is nothing to check."""
    found = comparison[comparison["is_mt"] & comparison["status"].isin(["checked", "contradicted"])]
    if figs.growth_origin != "computed" or found.empty:
        return None
    row = found.iloc[0]
    return t(
        f"mt.claim.{row['status']}",
        lang,
        stated=pct(row["stated"], lang, signed=True),
        prev=figs.previous_year,
        stated_source=row["stated_source"],
        computed=pct(row["change_percent"], lang, 1, signed=True),
        sources=row["source"],
    )


def period_sentences(figs: MtFigures, comparison: pd.DataFrame, lang: str) -> list[str]:
    """The MT change since the first year with a table value and its average per year, each
    with its formula, and the total's over the same years; none without such a period."""
    if "first_year" not in comparison:  # a comparison of the year's report alone (views)
        return []
    rows = comparison[comparison["is_mt"] & comparison["first_year"].notna()]
    if rows.empty:
        return []
    row, total = rows.iloc[0], comparison[(comparison["kind"] == "total") & comparison["first_year"].notna()]
    change = pd.Series(row["since_first"])
    number = lambda v: formatting.number(v, MONEY_DECIMALS[figs.view], lang)
    signed = lambda v: pct(v, lang, 1, signed=True)
    fields = {
        "first": int(change["from_year"]),
        "span": int(change["span"]),
        "growth": signed(change["change_percent"]),
        "rate": signed(change["annual_rate_percent"]),
        "first_value": money_text(change["from_value"], figs, lang),
        "outcome": money_text(change["to_value"], figs, lang),
        "change": money_text(change["change"], figs, lang, signed=True),
        "base": number(change["from_value"]),
        "last": number(change["to_value"]),
    }
    out = [t("mt.sum.since_first", lang, **fields)]
    if not total.empty and int(total["first_year"].iloc[0]) == fields["first"]:
        grew = {
            "growth": signed(total["since_first_percent"].iloc[0]),
            "rate": signed(total["average_rate_percent"].iloc[0]),
        }
        out.append(t("mt.sum.since_first_total", lang, first=fields["first"], **grew))
    return out


def growth_sentences(figs: MtFigures, comparison: pd.DataFrame, lang: str) -> list[str]:
    """The MT growth, the implied previous outcome and the comparison with the other cost
    types and the net cost, as far as the report gives figures."""
    if figs.growth_percent is None:
        return [t("mt.sum.no_growth", lang)]
    out = [_growth_sentence(figs, lang)]
    claim = claim_sentence(figs, comparison, lang)
    if claim:
        out.append(claim)
    others = comparison[~comparison["is_mt"]]
    given = others.dropna(subset=["change_percent"])
    shown = lambda v: round(float(v), 1)  # compared as shown: equal changes are neither faster nor slower
    mine = shown(figs.growth_percent)
    faster = [_growth_name(r, lang) for _, r in given.iterrows() if shown(r["change_percent"]) < mine]
    slower = [_growth_name(r, lang) for _, r in given.iterrows() if shown(r["change_percent"]) > mine]
    if faster:
        out.append(t("mt.sum.faster", lang, items=_join(faster, lang)))
    if slower:
        out.append(t("mt.sum.slower", lang, items=_join(slower, lang)))
    net = others[others["kind"] == "net_cost"]
    if not net.empty:
        out.append(
            t("mt.sum.gap", lang, gap=formatting.number(figs.growth_percent - net["change_percent"].iloc[0], 0, lang))
        )
    lacking = [_in_sentence(i, lang) for i in others[others["change_percent"].isna()]["item"]]
    if lacking:
        out.append(t("mt.sum.no_growth_for", lang, items=_join(lacking, lang)))
    return out + period_sentences(figs, comparison, lang)


def _outcome_sentence(figs: MtFigures, lang: str) -> str:
    """Outcome (or net cost) against budget and the deviation's verdict, for the figures' view."""
    deviation = figs.deviation if figs.deviation is not None else figs.deviation_recomputed
    if deviation is None:  # a year without a budget: the outcome alone
        return t(
            "mt.sum.cost_type_no_budget",
            lang,
            item=figs.item,
            year=figs.year,
            outcome=money_text(figs.outcome, figs, lang),
        )
    if figs.view == "cost_type":
        return t(
            "mt.sum.cost_type",
            lang,
            item=figs.item,
            year=figs.year,
            outcome=money_text(figs.outcome, figs, lang),
            budget=money_text(figs.budget, figs, lang),
            deviation=money_text(deviation, figs, lang, signed=True),
            verdict=_verdict(deviation, lang),
        )
    return t(
        "mt.sum.business_area",
        lang,
        item=figs.item,
        year=figs.year,
        cost=money_text(figs.cost, figs, lang),
        budget_cost=money_text(figs.budget_cost, figs, lang),
        deviation=money_text(deviation, figs, lang, signed=True),
        verdict=_verdict(deviation, lang),
    )


def _result_sentences(figs: MtFigures, lang: str) -> list[str]:
    """The summary's first paragraph: outcome and budget, a disputed deviation, the MT share."""
    out = [_outcome_sentence(figs, lang)]
    if figs.mismatch:
        out.append(
            t(
                "mt.sum.mismatch",
                lang,
                formula=deviation_formula(figs, lang),
                recomputed=money_text(figs.deviation_recomputed, figs, lang, signed=True),
                reported=money_text(figs.deviation, figs, lang, signed=True),
            )
        )
    if figs.share_percent is not None:
        key = "mt.sum.share_cost" if figs.view == "cost_type" else "mt.sum.share_net"
        out.append(
            t(
                key,
                lang,
                share=pct(figs.share_percent, lang, 1),
                total=money_text(figs.share_total, figs, lang),
                n=figs.share_parts,
            )
        )
    return out


def summary(
    figs: MtFigures | None, comparison: pd.DataFrame, lang: str, year: int | None = None, ledger_note: str = ""
) -> str:
    """The chapter's opening text, built from the figures: paragraphs (separated by a blank
    line) on outcome and budget, on growth, and on Sterilteknik. Without MT figures, the
    ``ledger_note`` where the year's ledger explains why (it holds no costs), else that the
    report has none."""
    if figs is None:
        return ledger_note or t("mt.sum.none", lang, year=year)
    paragraphs = [" ".join(_result_sentences(figs, lang))]
    if figs.view == "cost_type":
        paragraphs.append(" ".join(growth_sentences(figs, comparison, lang)))
        if figs.sterile_deviation is not None and figs.deviation:
            paragraphs.append(
                t(
                    "mt.sum.sterile",
                    lang,
                    sterile=money_text(figs.sterile_deviation, figs, lang, signed=True),
                    part=pct(figs.sterile_deviation / figs.deviation * 100, lang),
                )
            )
    else:
        paragraphs.append(f"{t('mt.sum.no_growth', lang)} {t('mt.sum.not_comparable', lang)}")
    return "\n\n".join(paragraphs)


def _kf_label(key: str, lang: str) -> str:
    """The label of the key figure ``key`` in the chapter's language."""
    return t(f"mt.kf.{key}", lang)


def _num(value: float | None) -> float | None:
    """A key figure's value as a float, None where the figure is missing."""
    return None if value is None or pd.isna(value) else float(value)


def recomputed_formula(figs: MtFigures, lang: str) -> str:
    """How the deviation is recomputed, for the figures' view."""
    return t("mt.formula.dev_cost", lang) if figs.view == "cost_type" else t("mt.formula.dev_net", lang)


def share_formula(figs: MtFigures, lang: str) -> str:
    """How the MT share of the costs is derived, for the figures' view."""
    return t("mt.formula.share_cost", lang) if figs.view == "cost_type" else t("mt.formula.share_net", lang)


def previous_formula(figs: MtFigures, lang: str) -> str:
    """How the implied previous outcome follows from the outcome and the rounded growth."""
    return t(
        "mt.formula.previous",
        lang,
        year=figs.year,
        growth=pct(figs.growth_percent, lang),
        low=money_text(figs.previous_low, figs, lang),
        high=money_text(figs.previous_high, figs, lang),
    )


def _outcome_key_figures(figs: MtFigures, lang: str) -> list[KeyFigure]:
    """The key figures on the view, outcome, budget, deviation, cost and share."""
    label = lambda key: _kf_label(key, lang)
    cost_view = figs.view == "cost_type"
    return [
        KeyFigure("view", label("view"), figs.view, headline=False),
        KeyFigure("mt_item", label("item"), figs.item),
        KeyFigure("mt_outcome_msek", label("outcome"), _num(figs.outcome), "MSEK"),
        KeyFigure("mt_budget_msek", label("budget"), _num(figs.budget), "MSEK"),
        KeyFigure("mt_deviation_msek", label("deviation"), _num(figs.deviation), "MSEK"),
        KeyFigure(
            "mt_deviation_recomputed_msek",
            label("deviation_recomputed"),
            _num(figs.deviation_recomputed),
            "MSEK",
            derived=True,
            formula=recomputed_formula(figs, lang) if figs.has_budget else "",
        ),
        KeyFigure(
            "mt_cost_msek",
            label("cost"),
            _num(figs.cost),
            "MSEK",
            derived=not cost_view,
            formula=(t("mt.formula.cost_type", lang) if cost_view else t("mt.formula.cost_net", lang)),
        ),
        KeyFigure(
            "mt_share_of_costs_percent",
            label("share"),
            _num(figs.share_percent),
            "percent",
            derived=True,
            formula=share_formula(figs, lang),
        ),
    ]


def _mt_growth_figures(figs: MtFigures, comparison: pd.DataFrame, lang: str) -> list[KeyFigure]:
    """The key figures on the MT growth: percent, origin, amount, the report's statement and the previous outcome."""
    label = lambda key: _kf_label(key, lang)
    computed = figs.growth_origin == "computed"
    amount = None if figs.previous_outcome is None else figs.outcome - figs.previous_outcome
    change_formula = t("mt.formula.change", lang, year=figs.year, prev=figs.previous_year)
    implied = None if computed else _num(figs.previous_outcome)
    return [
        KeyFigure(
            "mt_growth_percent",
            label("growth"),
            _num(figs.growth_percent),
            "percent",
            computed,
            growth_formula(figs, lang),
        ),
        KeyFigure("mt_growth_origin", label("growth_origin"), figs.growth_origin, headline=False),
        KeyFigure("mt_growth_base_year", label("growth_base_year"), figs.base_year, headline=False),
        KeyFigure(
            "mt_change_msek", label("change"), _num(amount), "MSEK", True, change_formula if amount is not None else ""
        ),
        *claim_key_figures(comparison, lang),
        KeyFigure(
            "mt_implied_previous_outcome_msek",
            label("previous"),
            implied,
            "MSEK",
            derived=True,
            formula=previous_formula(figs, lang) if implied is not None else "",
        ),
        KeyFigure(
            "mt_previous_outcome_msek",
            label("previous_table"),
            _num(figs.previous_outcome) if computed else None,
            "MSEK",
            headline=False,
        ),
    ]


def _growth_key_figures(
    figs: MtFigures, comparison: pd.DataFrame, findings: pd.DataFrame, lang: str
) -> list[KeyFigure]:
    """The key figures on growth, the previous outcome, Sterilteknik, the other cost types and the findings."""
    label = lambda key: _kf_label(key, lang)
    change = {r["item"]: r["change_percent"] for _, r in comparison.iterrows() if pd.notna(r["change_percent"])}
    kinds = dict(zip(comparison["kind"], comparison["item"]))
    net = change.get(NET_COST) if "net_cost" in kinds else None
    total = change.get(kinds["total"]) if "total" in kinds else None
    table = COST_TABLE if figs.view == "cost_type" else VO_TABLE
    on_row = findings[
        (findings["report_year"] == figs.year) & (findings["table"] == table) & (findings["item"] == figs.item)
    ]
    formulas = {r["item"]: localised(r["formula"], lang) for _, r in comparison.iterrows() if r["origin"] == "computed"}
    other = formulas.get(OTHER_COSTS, "")
    return [
        *_mt_growth_figures(figs, comparison, lang),
        KeyFigure("mt_sterile_deviation_msek", label("sterile"), _num(figs.sterile_deviation), "MSEK"),
        KeyFigure(
            "other_costs_growth_percent",
            label("other_growth"),
            _num(change.get(OTHER_COSTS)),
            "percent",
            bool(other),
            other,
        ),
        KeyFigure(
            "total_costs_growth_percent",
            label("total_growth"),
            _num(total),
            "percent",
            True,
            formulas.get(kinds.get("total"), ""),
        ),
        KeyFigure("net_cost_growth_percent", label("net_growth"), _num(net), "percent"),
        KeyFigure("mt_quality_findings", label("findings"), len(on_row), "count"),
    ]


def key_figures(figs: MtFigures | None, comparison: pd.DataFrame, findings: pd.DataFrame, lang: str) -> list[KeyFigure]:
    """The chapter's recorded key figures; None where the year's report lacks the figure."""
    if figs is None:
        return [KeyFigure("view", _kf_label("view", lang), "none", headline=False)]
    period = period_key_figures(comparison, lang)
    return _outcome_key_figures(figs, lang) + _growth_key_figures(figs, comparison, findings, lang) + period
