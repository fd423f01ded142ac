"""What chapter 3 shows in its notebook: the overview, check, growth and Sterilteknik
tables and the charts, or the one-line note for a year without the data.
"""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from analysis.chapters import common as chapter
from analysis.chapters.mt.text import (
    capital,
    deviation_formula,
    money_text,
    pct,
    previous_formula,
    recomputed_formula,
    share_formula,
)
from analysis.chapters.mt.views import (
    COST_TABLE,
    HIGHLIGHT,
    KF_TABLE,
    MARK,
    MONEY_DECIMALS,
    TOTAL,
    VO_TABLE,
    MtFigures,
    business_area_table,
    column_sums,
    deviation_check,
    sterile_parts,
)
from analysis.chapters.over_the_years import source_line
from analysis.facts.catalog import as_exported, is_ledger_source
from analysis.presentation import charts, formatting
from analysis.presentation.tables import styled
from analysis.texts import t

#: The overview's kinds of figure, in the order of its kinds tuple (message keys ``mt.kind.<kind>``).
OVERVIEW_KINDS = ("reported", "text", "derived")
#: The overview's columns (message keys ``mt.col.<column>``).
OVERVIEW_COLUMNS = ("figure", "value", "kind", "basis")


def _kind(source: object, reported: str, lang: str) -> str:
    """ "Reported, table", or for a figure summed from a year's ledger that it was derived so."""
    return t("mt.kind.ledger", lang) if is_ledger_source(str(source or "")) else reported


def _no_budget(figs: MtFigures, lang: str) -> str:
    """Why the year has no budget figure (one line)."""
    return t("mt.no_budget.basis", lang, year=figs.year, source=figs.sources["outcome"])


def _without_budget(figs: MtFigures, year: int, what: str, lang: str) -> bool:
    """Show the one line that the year has no budget, in place of ``what``; whether it did."""
    if figs.has_budget:
        return False
    chapter.no_budget(year, what, lang)
    return True


def _outcome_rows(figs: MtFigures, lang: str, kinds: tuple[str, ...]) -> list[tuple]:
    """The overview rows on outcome, budget, deviation, net cost and share."""
    rep, _text, der = kinds
    src = figs.sources
    money = lambda v, signed=False: money_text(v, figs, lang, signed)
    cost_view = figs.view == "cost_type"
    rows = [
        (
            (t("mt.row.outcome", lang, year=figs.year) if cost_view else t("mt.row.outcome_net", lang, year=figs.year)),
            money(figs.outcome),
            _kind(src["outcome"], rep, lang),
            src["outcome"],
        )
    ]
    if not figs.has_budget:  # one row says so; no deviation without a budget
        rows.append(
            (t("mt.row.budget", lang, year=figs.year), t("mt.no_budget.value", lang), "", _no_budget(figs, lang))
        )
    else:
        rows.append(
            (
                t("mt.row.budget", lang, year=figs.year),
                money(figs.budget),
                _kind(src["budget"], rep, lang),
                src["budget"],
            )
        )
    if figs.deviation is not None:
        kind = _kind(src["deviation"], rep, lang)
        rows.append((t("mt.row.deviation", lang), money(figs.deviation, True), kind, src["deviation"]))
    if figs.deviation_recomputed is not None:
        rows.append(
            (
                t("mt.row.deviation_recomputed", lang),
                money(figs.deviation_recomputed, True),
                der,
                recomputed_formula(figs, lang),
            )
        )
    if not cost_view:
        rows.append((t("mt.row.cost_net", lang), money(figs.cost), der, t("mt.formula.cost_net", lang)))
    if figs.share_percent is not None:
        rows.append(
            (
                (t("mt.row.share_cost", lang) if cost_view else t("mt.row.share_net", lang)),
                pct(figs.share_percent, lang, 1),
                der,
                share_formula(figs, lang),
            )
        )
    return rows


def _growth_rows(figs: MtFigures, lang: str, kinds: tuple[str, ...]) -> list[tuple]:
    """The overview rows on the growth and the previous outcome: computed from the tables,
    or as the report states it with the outcome it implies."""
    if figs.growth_percent is None:
        return []
    rep, text, der = kinds
    if figs.growth_origin == "computed":
        return [
            (
                t("mt.row.previous_table", lang, prev=figs.previous_year),
                money_text(figs.previous_outcome, figs, lang),
                _kind(figs.sources["previous"], rep, lang),
                figs.sources["previous"],
            ),
            (
                t("mt.row.growth", lang, prev=figs.previous_year),
                pct(figs.growth_percent, lang, 1, signed=True),
                der,
                t("mt.formula.growth", lang, year=figs.year, prev=figs.previous_year, sources=figs.sources["growth"]),
            ),
        ]
    return [
        (
            t("mt.row.growth_stated", lang, prev=figs.previous_year),
            pct(figs.growth_percent, lang, signed=True),
            text,
            figs.sources["growth"],
        ),
        (
            t("mt.row.previous", lang, prev=figs.previous_year),
            money_text(figs.previous_outcome, figs, lang),
            der,
            previous_formula(figs, lang),
        ),
    ]


def _later_rows(figs: MtFigures, lang: str, kinds: tuple[str, ...]) -> list[tuple]:
    """The overview rows on Sterilteknik's deviation and the forecast, as far as the report gives them."""
    rep, text, _der = kinds
    src = figs.sources
    money = lambda v, signed=False: money_text(v, figs, lang, signed)
    rows = []
    if figs.sterile_deviation is not None:
        rows.append((t("mt.row.sterile", lang), money(figs.sterile_deviation, True), text, src["sterile"]))
    if figs.forecast is not None:
        rows.append((t("mt.row.forecast", lang, year=figs.year), money(figs.forecast), rep, src["outcome"]))
    if figs.deviation_vs_forecast is not None:
        rows.append(
            (t("mt.row.deviation_forecast", lang), money(figs.deviation_vs_forecast, True), rep, src["outcome"])
        )
    return rows


def overview_table(figs: MtFigures, lang: str) -> pd.DataFrame:
    """The MT figures of the year, one per row, each marked reported or derived with its
    source or formula."""
    kinds = tuple(t(f"mt.kind.{k}", lang) for k in OVERVIEW_KINDS)
    rows = _outcome_rows(figs, lang, kinds) + _growth_rows(figs, lang, kinds) + _later_rows(figs, lang, kinds)
    columns = [t(f"mt.col.{c}", lang) for c in OVERVIEW_COLUMNS]
    return pd.DataFrame(rows, columns=columns)


def overview_view(figs: MtFigures | None, year: int, lang: str) -> Styler | None:
    """The overview table, or the missing note for a year without MT figures."""
    if figs is None:
        chapter.missing(year, t("mt.missing.all", lang), lang)
        return None
    frame = overview_table(figs, lang)
    value = t("mt.col.value", lang)
    caption = capital(t(f"mt.view.{figs.view}", lang, item=figs.item))
    return styled(frame, formats={value: str}, total_rows=[], caption=caption)


def check_sentences(facts: pd.DataFrame, figs: MtFigures, lang: str) -> list[str]:
    """What the deviation check found: the mismatch with the calculation, and for the cost
    table which of its columns add up; or that the deviation agrees."""
    money = lambda v, signed=False: money_text(v, figs, lang, signed)
    formula = deviation_formula(figs, lang)
    view = t(f"mt.view.{figs.view}", lang, item=figs.item)
    if figs.deviation is None:
        return []
    if not figs.mismatch:
        return [
            t(
                "mt.check.agrees",
                lang,
                view=view,
                reported=money(figs.deviation, True),
                formula=formula,
                recomputed=money(figs.deviation_recomputed, True),
            )
        ]
    calc = (
        f"{money(figs.budget)} − {money(figs.outcome)}"
        if figs.view == "cost_type"
        else f"{money(figs.outcome)} − {money(figs.budget)}"
    )
    out = [
        t(
            "mt.check.mismatch",
            lang,
            view=view,
            reported=money(figs.deviation, True),
            formula=formula,
            calc=calc,
            recomputed=money(figs.deviation_recomputed, True),
            difference=money(figs.deviation - figs.deviation_recomputed, True),
        )
    ]
    sums = column_sums(facts, figs.year) if figs.view == "cost_type" else None
    if sums is not None:
        out.append(
            t(
                "mt.check.columns",
                lang,
                dev_sum=money(sums["dev_sum"], True),
                dev_total=money(sums["dev_total"], True),
                out_sum=money(sums["out_sum"]),
                bud_sum=money(sums["bud_sum"]),
                recomputed_total=money(sums["bud_sum"] - sums["out_sum"], True),
            )
        )
    return out


def check_table(check: pd.DataFrame, figs: MtFigures, lang: str) -> pd.DataFrame:
    """The deviation check in the chapter's language, reported and recomputed side by side
    (amounts in the unit named in the headers)."""
    unit = formatting.MONEY_UNIT[lang]
    dec = MONEY_DECIMALS[figs.view]
    num = lambda v, signed=False: formatting.number(v, dec, lang, signed)
    return pd.DataFrame(
        {
            t("mt.col.item", lang): check["item"],
            t("mt.col.outcome", lang, unit=unit): [num(v) for v in check["outcome"]],
            t("mt.col.budget", lang, unit=unit): [num(v) for v in check["budget"]],
            t("mt.col.dev_reported", lang, unit=unit): [num(v, True) for v in check["deviation"]],
            t("mt.col.dev_recomputed", lang, unit=unit): [num(v, True) for v in check["recomputed"]],
            t("mt.col.difference", lang, unit=unit): [num(v, True) for v in check["difference"]],
            t("mt.col.agrees", lang): [(t("mt.yes", lang) if a else t("mt.no", lang)) for a in check["agrees"]],
            t("mt.col.source", lang): check["source"],
        }
    )


def check_view(facts: pd.DataFrame, figs: MtFigures | None, year: int, lang: str) -> Styler | None:
    """Show what the check found and return the table, reported and recomputed side by
    side, a mismatching deviation set apart; the missing note for a year without MT."""
    if figs is None:
        chapter.missing(year, t("mt.missing.all", lang), lang)
        return None
    if _without_budget(figs, year, t("mt.no_budget.check", lang), lang):
        return None
    for sentence in check_sentences(facts, figs, lang):
        chapter.paragraph(sentence)
    check = deviation_check(facts, figs)
    frame = check_table(check, figs, lang)
    columns = list(frame.columns)
    flagged = [i for i, ok in enumerate(check["agrees"]) if not ok]
    styler = styled(
        frame,
        formats=dict.fromkeys(columns[1:6], str),
        caption=t("mt.check.caption", lang, formula=deviation_formula(figs, lang)),
    )
    return styler.apply(lambda col: [HIGHLIGHT if i in flagged else "" for i in range(len(col))], subset=columns[3:7])


def outcome_budget_chart(facts: pd.DataFrame, figs: MtFigures | None, year: int, lang: str):
    """Outcome against budget: per cost type (cost view) or per VO with a net cost as
    positive amounts (business-area view); the missing note for a year without MT."""
    if figs is None:
        chapter.missing(year, t("mt.missing.all", lang), lang)
        return None
    if _without_budget(figs, year, t("mt.no_budget.chart", lang), lang):
        return None
    series = (t("mt.series.outcome", lang), t("mt.series.budget", lang))
    if figs.view == "cost_type":
        rows = facts[
            (facts["report_year"] == figs.year)
            & (facts["year"] == figs.year)
            & (facts["table"] == COST_TABLE)
            & as_exported(facts)
            & (facts["item"] != TOTAL)
            & (facts["parent"] == "")
            & facts["measure"].isin(["outcome", "budget"])
        ]
        data = pd.DataFrame(
            {
                "label": rows["item"],
                "series": rows["measure"].map({"outcome": series[0], "budget": series[1]}),
                "value": rows["value"],
            }
        )
        title = t("mt.chart.cost_types", lang, year=figs.year)
    else:
        vos = business_area_table(facts, figs.year)
        data = pd.concat(
            [
                pd.DataFrame({"label": vos["item"], "series": series[0], "value": vos["net_cost"]}),
                pd.DataFrame({"label": vos["item"], "series": series[1], "value": vos["net_budget"]}),
            ],
            ignore_index=True,
        )
        title = t("mt.chart.business_areas", lang, year=figs.year)
    return charts.grouped_bars(
        data.reset_index(drop=True),
        title,
        "MSEK",
        chapter.source(figs.year, [COST_TABLE if figs.view == "cost_type" else VO_TABLE], lang),
        lang,
        order=list(series),
    )


def yearly_chart(figs: MtFigures | None, points: pd.DataFrame, year: int, lang: str):
    """The MT cost per year (:func:`analysis.chapters.mt.growth.year_points`), a bar derived
    from a stated change hatched; the missing note when there is one year only."""
    if figs is None or figs.view != "cost_type" or len(points) < 2:
        chapter.missing(year, t("mt.missing.yearly", lang), lang)
        return None
    money = lambda v: money_text(v, figs, lang)
    if figs.growth_origin == "stated" and figs.previous_low is not None:
        fields = {"prev": figs.previous_year, "growth": pct(figs.growth_percent, lang)}
        chapter.paragraph(
            t("mt.yearly.note", lang, **fields, low=money(figs.previous_low), high=money(figs.previous_high))
        )
    first, last = int(points["year"].min()), int(points["year"].max())
    data = points.assign(series=t("mt.series.outcome", lang))
    reports = sorted({int(s.split("/")[0]) for src in points["source"] for s in str(src).split(", ")})
    source = source_line(reports, [COST_TABLE, KF_TABLE] if points["derived"].any() else [COST_TABLE], lang)
    return charts.year_bars(data, t("mt.chart.yearly", lang, first=first, last=last), "MSEK", source, lang)


def sterile_view(figs: MtFigures | None, year: int, lang: str) -> Styler | None:
    """Sterilteknik's part of the MT deviation against the reported and the recomputed
    deviation; the missing note when the year does not give it."""
    parts = sterile_parts(figs) if figs is not None else None
    if parts is None and figs is not None and figs.sterile_deviation is not None:
        _without_budget(figs, year, t("mt.no_budget.sterile", lang), lang)
        return None
    if parts is None:
        chapter.missing(year, t("mt.missing.sterile", lang), lang)
        return None
    fmt = lambda v, unit: money_text(v, figs, lang, True) if unit == "MSEK" else pct(v, lang)
    frame = pd.DataFrame(
        {
            t("mt.col.part", lang): [t(f"mt.part.{p}", lang) for p in parts["part"]],
            t("mt.col.vs_reported", lang, value=money_text(figs.deviation, figs, lang, True)): [
                fmt(v, u) for v, u in zip(parts["vs_reported"], parts["unit"])
            ],
            t("mt.col.vs_recomputed", lang, value=money_text(figs.deviation_recomputed, figs, lang, True)): [
                fmt(v, u) for v, u in zip(parts["vs_recomputed"], parts["unit"])
            ],
        }
    )
    return styled(frame, formats=dict.fromkeys(frame.columns[1:], str), total_rows=[])


def business_area_view(facts: pd.DataFrame, figs: MtFigures | None, year: int, lang: str) -> Styler | None:
    """The VOs with a net cost, VO Medicinsk Teknik marked, with a summed row; the missing
    note for a year whose report has no VO table."""
    vos = business_area_table(facts, year)
    if figs is None or figs.view != "business_area" or vos.empty:
        chapter.missing(
            year, (t("mt.missing.business_area", lang) if figs is not None else t("mt.missing.all", lang)), lang
        )
        return None
    chapter.paragraph(t("mt.ba.intro", lang, formula=t("mt.formula.share_net", lang), item=figs.item))
    total = {
        "item": t("common.total", lang),
        "outcome": vos["outcome"].sum(),
        "budget": vos["budget"].sum(),
        "deviation": vos["deviation"].sum(),
        "net_cost": vos["net_cost"].sum(),
        "net_budget": vos["net_budget"].sum(),
        "share_percent": vos["share_percent"].sum(),
        "is_mt": False,
    }
    table = pd.concat([vos, pd.DataFrame([total])], ignore_index=True)
    money = lambda v, signed=False: money_text(v, figs, lang, signed)
    frame = pd.DataFrame(
        {
            t("mt.col.vo", lang): table["item"],
            t("mt.col.net_cost", lang): [money(v) for v in table["net_cost"]],
            t("mt.col.net_budget", lang): [money(v) for v in table["net_budget"]],
            t("mt.col.vo_deviation", lang): [money(v, True) for v in table["deviation"]],
            t("mt.col.vo_share", lang): [pct(v, lang, 1) for v in table["share_percent"]],
        }
    )
    marked = [i for i, m in enumerate(table["is_mt"]) if m]
    styler = styled(frame, formats=dict.fromkeys(frame.columns[1:], str), total_rows=[len(frame) - 1])
    return styler.apply(lambda row: [MARK if row.name in marked else "" for _ in row], axis=1)
