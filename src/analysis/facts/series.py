"""Series over the report years, the changes between them, and the cross-year checks.

A *series* is one value per year for a table's item and measure, drawn from every report
year the facts hold. For each year the first source with a value wins:

1. ``report``: the year's own report (``report_year == year``);
2. ``prior_year_column``: a later report's column for that year ("Utfall 2019" in the 2020
   export), the nearest later report first. Where it differs from the year's own report
   beyond printed rounding, :func:`check_restated` makes a ``restated_figure`` finding;
3. ``stated_change`` (outcome only): a key figure "förändring %" of a later year applied
   backwards, value_base = value_year / (1 + p / 100), marked derived with its formula.

Items match by their label with whitespace collapsed and case folded; renamed rows match
through the analyst-kept alias list ``data/raw/aliases.csv`` (``Tabell;Tidigare namn;Namn``,
see ``data/raw/README.md`` and :mod:`analysis.facts.aliases`). :func:`changes` gives the change
between consecutive years of a series: a change over more than one year is an n-year
change, never an annual one. :func:`check_claims` checks every stated change against the
tables' series with interval arithmetic, and :func:`cross_year_findings` is what the
cleaning run adds to the quality output.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

import pandas as pd

# The alias list's names are also here, for the series' callers.
from analysis.facts.aliases import ALIAS_COLUMNS, ALIAS_FILE, Aliases, canonical, load_aliases, normalise  # noqa: F401
from analysis.facts.catalog import HR_SECTION as HR_SECTION
from analysis.facts.catalog import LEDGER_SECTION, SPECS, as_exported, coded_tables, is_register, key_figure_domain
from analysis.facts.frame_memo import remembered
from analysis.facts.schema import FINDING_COLUMNS, Interval, empty_findings, interval_of

KEY_FIGURES = "key_figures"
KINDS = ("report", "prior_year_column", "stated_change")
#: Series points that a system export gives by summing (derived, with the export's formula).
SUMMED_KINDS = ("ledger", "register", "hr_export")
CROSS_YEAR_CHECKS = ("restated_figure", "stated_change")
CLAIM_STATUSES = ("checked", "contradicted", "stated only")
SERIES_COLUMNS = [
    *("year", "value", "unit", "decimals", "source", "report_year", "kind", "derived", "formula"),
    *("item", "measure", "label", "rounding"),
]
CHANGE_COLUMNS = [
    *("from_year", "to_year", "span", "period", "from_value", "to_value", "unit"),
    *("change", "change_percent", "annual_rate_percent", "derived"),
    *("formula_change", "formula_percent", "formula_rate", "from_source", "to_source", "from_kind", "to_kind"),
]
CLAIM_COLUMNS = [
    *("year", "base_year", "report_year", "item", "stated", "computed", "status", "table"),
    *("source", "table_sources"),
]
_SERIES_DTYPES = {"year": "int64", "value": "float64", "decimals": "int64", "report_year": "int64"}
_SERIES_DTYPES.update(derived="bool", rounding="float64")
_PERIODS = {1: "annual", 2: "two-year", 3: "three-year", 4: "four-year", 5: "five-year"}

# --- series ----------------------------------------------------------------------------------------


def _keyed(facts: pd.DataFrame, aliases: Aliases | None) -> pd.DataFrame:
    """The facts the exports give (reported, or a ledger's sums) with their matching keys and
    file lines."""
    rows = facts[as_exported(facts)].copy()
    rows["_key"] = [canonical(i, t, aliases) for i, t in zip(rows["item"], rows["table"])]
    rows["_pkey"] = [canonical(p, t, aliases) if p else "" for p, t in zip(rows["parent"], rows["table"])]
    rows["_line"] = [int(s.rsplit(":", 1)[-1]) if s.rsplit(":", 1)[-1].isdigit() else 0 for s in rows["source"]]
    return rows


def _by_precedence(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows in the order the series takes them: per year the own report, then later reports
    (nearest first); within a report top-level rows and earlier lines first. Rows about a
    later year than their report are left out."""
    rows = rows[rows["report_year"] >= rows["year"]]
    rows = rows.assign(_later=rows["report_year"] != rows["year"], _sub=rows["parent"] != "")
    return rows.sort_values(["year", "_later", "report_year", "_sub", "_line"], kind="stable")


def _point(fact: pd.Series, item: str) -> dict:
    interval = interval_of(fact)
    own = int(fact["report_year"]) == int(fact["year"])
    kind = "ledger" if fact["section"] == LEDGER_SECTION else "report" if own else "prior_year_column"
    kind = "register" if is_register(fact) else "hr_export" if fact["section"] == HR_SECTION else kind
    summed = kind in SUMMED_KINDS
    return {
        **{c: fact[c] for c in ("year", "value", "unit", "decimals", "source", "report_year", "measure")},
        **{"kind": kind, "derived": summed, "formula": fact["note"] if summed else "", "item": item},
        **{"label": fact["item"], "rounding": (interval.hi - interval.lo) / 2},
    }


def series(
    facts: pd.DataFrame,
    table: str,
    item: str,
    measure: str,
    *,
    parent: str | None = None,
    aliases: Aliases | None = None,
    stated_changes: bool = True,
) -> pd.DataFrame:
    """The value of ``table`` / ``item`` / ``measure`` for every year the facts hold, one row
    per year (columns :data:`SERIES_COLUMNS`), from the first source with a value (see the
    module). ``parent`` None matches rows under any parent, "" top-level rows only.
    ``rounding`` is ± half the last printed digit (NaN for a derived value)."""
    key = ("series", table, item, measure, parent, _aliases_key(aliases), stated_changes)
    return remembered(facts, key, lambda: _series(facts, table, item, measure, parent, aliases, stated_changes))


def _series(facts, table, item, measure, parent, aliases, stated_changes) -> pd.DataFrame:
    rows = _table_rows(facts, table, measure, aliases)
    rows = rows[rows["_key"] == canonical(item, table, aliases)]
    if rows.empty:  # no row of the item: no point, nor one from a stated change (it needs a later value)
        return _no_points()  # kept, and copied for each caller, by remembered()
    if parent is not None:
        rows = rows[rows["_pkey"] == (canonical(parent, table, aliases) if parent else "")]
    claims = _all_claims(facts) if stated_changes and measure == "outcome" else None
    return _series_frame(_points(_by_precedence(rows), table, item, claims, aliases))


def _aliases_key(aliases: Aliases | None) -> tuple:
    """The alias list as part of a remembered result's key."""
    return tuple(sorted((scope, tuple(sorted(names.items()))) for scope, names in (aliases or {}).items()))


def _table_rows(facts: pd.DataFrame, table: str, measure: str, aliases: Aliases | None) -> pd.DataFrame:
    """The keyed rows (:func:`_keyed`) of one table's measure, once per frame."""
    return remembered(
        facts,
        ("rows", table, measure, _aliases_key(aliases)),
        lambda: _keyed(facts[(facts["table"] == table) & (facts["measure"] == measure)], aliases),
    )


def _points(ordered: pd.DataFrame, table: str, item: str, claims, aliases: Aliases | None) -> list[dict]:
    """One item's series, by year, from its keyed rows in precedence order and the stated
    changes (None: no value derived from a stated change)."""
    first = ordered.drop_duplicates("year", keep="first")
    points = {int(year): _point(r, item) for year, (_, r) in zip(first["year"], first.iterrows())}
    if claims is not None:
        _add_stated_changes(claims, table, item, points, aliases)
    return [points[year] for year in sorted(points)]


@functools.cache
def _no_points() -> pd.DataFrame:
    return _series_frame([])


def _series_frame(points: list[dict], extra: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = pd.DataFrame(points, columns=[*SERIES_COLUMNS, *extra])
    return frame.astype(_SERIES_DTYPES)


def _base_year(claim: pd.Series) -> int:
    """The year a stated change is measured against: "mot 2018" in the comment, else the year before."""
    found = re.search(r"\bmot\s+(\d{4})\b", str(claim["comment"]))
    return int(found[1]) if found else int(claim["year"]) - 1


def _all_claims(facts: pd.DataFrame) -> pd.DataFrame:
    """Every stated change: key figures with measure change_percent, in report and line order."""

    def compute() -> pd.DataFrame:
        claims = facts[(facts["table"] == KEY_FIGURES) & (facts["measure"] == "change_percent") & ~facts["derived"]]
        return _keyed(claims, None).sort_values(["report_year", "_line"], kind="stable")

    return remembered(facts, ("claims",), compute)


def _add_stated_changes(claims: pd.DataFrame, table: str, item: str, points: dict, aliases: Aliases | None) -> None:
    """Fill years without a value from a stated change (of :func:`_all_claims`) of a later
    value of an export (reported, or a ledger's sum; never of a value derived otherwise)."""
    key = canonical(item, table, aliases)
    for _, claim in claims.iterrows():
        if key not in (canonical(claim["item"], table, aliases), canonical(claim["item"], KEY_FIGURES, aliases)):
            continue
        year, base = int(claim["year"]), _base_year(claim)
        end = points.get(year)
        summed = end is not None and end["kind"] in SUMMED_KINDS
        if end is None or (end["derived"] and not summed) or base in points or claim["value"] <= -100:
            continue
        points[base] = {
            **end,
            **{"year": base, "value": end["value"] / (1 + claim["value"] / 100), "rounding": math.nan},
            **{"source": f"{claim['source']}, {end['source']}", "report_year": int(claim["report_year"])},
            **{"kind": "stated_change", "derived": True},
            "formula": f"derived: {end['measure']} {year} / (1 + {_num(claim['value'])} / 100)",
        }


def table_series(
    facts: pd.DataFrame, table: str, measure: str, *, aliases: Aliases | None = None, stated_changes: bool = True
) -> pd.DataFrame:
    """Every item's series of ``measure`` in ``table``, long: one row per item and year (columns
    :data:`SERIES_COLUMNS` and ``parent``), items in the row order of the latest report that
    has them, ``item`` as that report prints it. Wide, one row per item and a column per year:
    ``frame.pivot(index=["parent", "item"], columns="year", values="value")``."""
    key = ("table_series", table, measure, _aliases_key(aliases), stated_changes)
    return remembered(facts, key, lambda: _table_series(facts, table, measure, aliases, stated_changes))


def _table_series(facts, table, measure, aliases, stated_changes) -> pd.DataFrame:
    rows = _table_rows(facts, table, measure, aliases)
    ordered = _by_precedence(rows)
    claims = _all_claims(facts) if stated_changes and measure == "outcome" else None
    rows = rows.sort_values(["report_year", "_line"], ascending=[False, True], kind="stable")
    groups = dict(iter(ordered.groupby(["_key", "_pkey"], sort=False)))  # (key, rows) pairs
    points = []
    for _, first in rows.drop_duplicates(["_key", "_pkey"]).iterrows():
        group = groups.get((first["_key"], first["_pkey"]), ordered.iloc[0:0])
        found = _points(group, table, first["item"], claims, aliases)
        points += [{**point, "parent": first["parent"]} for point in found]
    return _series_frame(points, ("parent",))


# --- changes ---------------------------------------------------------------------------------------


def _num(value: float) -> str:
    """A number as the messages and formulas print it (decimal comma, no float noise)."""
    return f"{round(float(value), 6):g}".replace(".", ",").replace("-", "−")


def _printed(fact: pd.Series) -> str:
    return f"{fact['original_value'] or _num(fact['value'])} {fact['original_unit'] or fact['unit']}"


def period_label(span: int) -> str:
    """What a change over ``span`` years is called: "annual" only for one year."""
    return _PERIODS.get(span, f"{span}-year")


def _change(a: pd.Series, b: pd.Series) -> dict:
    span, m, v1, v2 = int(b["year"] - a["year"]), b["measure"], float(a["value"]), float(b["value"])
    percent = (v2 / v1 - 1) * 100 if v1 != 0 and v1 * v2 >= 0 else math.nan
    rate = ((v2 / v1) ** (1 / span) - 1) * 100 if v1 > 0 and v2 > 0 else math.nan
    y1, y2 = int(a["year"]), int(b["year"])
    return {
        **{"from_year": y1, "to_year": y2, "span": span, "period": period_label(span)},
        **{"from_value": v1, "to_value": v2, "unit": b["unit"], "change": v2 - v1},
        **{"change_percent": percent, "annual_rate_percent": rate, "derived": True},
        "formula_change": f"derived: {m} {y2} − {m} {y1}",
        "formula_percent": "" if math.isnan(percent) else f"derived: ({m} {y2} / {m} {y1} − 1) × 100",
        "formula_rate": "" if math.isnan(rate) else f"derived: (({m} {y2} / {m} {y1})^(1/{span}) − 1) × 100",
        **{"from_source": a["source"], "to_source": b["source"], "from_kind": a["kind"], "to_kind": b["kind"]},
    }


def changes(series_frame: pd.DataFrame) -> pd.DataFrame:
    """The change between each pair of consecutive years with values, in the series' order
    (columns :data:`CHANGE_COLUMNS`): ``change`` in the unit; ``change_percent`` NaN where the
    base is zero or the signs differ; ``annual_rate_percent`` ((v2 / v1)^(1 / span) − 1) × 100
    only where both values are positive; ``period`` "annual", "two-year", … by the span."""
    points = series_frame[series_frame["value"].notna()]
    pairs = zip(points.iloc[:-1].iterrows(), points.iloc[1:].iterrows())
    rows = [_change(a, b) for (_, a), (_, b) in pairs]
    frame = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    return frame.astype({"from_year": "int64", "to_year": "int64", "span": "int64", "derived": "bool"})


# --- cross-year checks -----------------------------------------------------------------------------


def _cross_finding(fact, check: str, reported: float, recomputed: float, tolerance: float, source, message) -> dict:
    row = {"year": int(fact["year"]), "report_year": int(fact["report_year"]), "severity": "warning"}
    row.update(check=check, table=fact["table"], item=fact["item"], measure=fact["measure"])
    row.update(reported=reported, recomputed=recomputed, difference=reported - recomputed, tolerance=tolerance)
    return {**row, "source": source, "message": message}


def check_restated(facts: pd.DataFrame, aliases: Aliases | None = None) -> list[dict]:
    """A later report's figure for an earlier year against that year's own report: a
    ``restated_figure`` finding where the two printed values' intervals do not overlap."""
    out = []
    rows = _by_precedence(_keyed(facts[~facts["table"].isin(coded_tables())], aliases))
    for _key, group in rows.groupby(["table", "measure", "_key", "_pkey", "year"], sort=False):
        own = group[group["report_year"] == group["year"]]
        if own.empty:
            continue
        first, own_iv = own.iloc[0], interval_of(own.iloc[0])
        for _ry, later in group[group["report_year"] > group["year"]].groupby("report_year"):
            fact = later.iloc[0]
            iv = interval_of(fact)
            if iv.overlaps(own_iv):
                continue
            message = (
                f"{fact['year']} restated: the {fact['report_year']} report gives {_printed(fact)} "
                f"({fact['source']}), the {first['report_year']} report gave {_printed(first)} ({first['source']})"
            )
            tolerance = (iv.hi - iv.lo) / 2 + (own_iv.hi - own_iv.lo) / 2
            source = f"{fact['source']}, {first['source']}"
            out.append(
                _cross_finding(fact, "restated_figure", fact["value"], first["value"], tolerance, source, message)
            )
    return out


@dataclass(frozen=True)
class ClaimCheck:
    """What the tables say about one stated change: its status (:data:`CLAIM_STATUSES`),
    the base year, and where both years exist the table, computed percent, its interval
    and the two table sources (base year first)."""

    status: str
    base_year: int
    table: str = ""
    computed: float = math.nan
    interval: Interval | None = None
    sources: tuple[str, ...] = ()


def _claim_tables(claim: pd.Series) -> list[str]:
    """The wide tables to look the claim's item up in: its own domain's first."""
    tables = [s for s in SPECS if not s.long_format]
    domain = key_figure_domain(str(claim["section"]))
    return [s.table for s in sorted(tables, key=lambda s: s.domain != domain)]


def assess_claim(facts: pd.DataFrame, claim: pd.Series, *, aliases: Aliases | None = None) -> ClaimCheck:
    """Check one stated change (a key figure with measure change_percent) against the outcome
    series of the first table holding its item in both years: "checked" where the stated
    percent ± half its last digit overlaps the percent computed from the two printed values'
    intervals, "contradicted" where not, "stated only" where a year (or a non-zero base) is missing."""
    year, base = int(claim["year"]), _base_year(claim)
    for table in _claim_tables(claim):
        found = series(facts, table, claim["item"], "outcome", aliases=aliases, stated_changes=False)
        by_year = {int(r["year"]): r for _, r in found.iterrows()}
        if year not in by_year or base not in by_year:
            continue
        a, b = by_year[base], by_year[year]
        try:
            ratio = Interval.around(b["value"], b["rounding"]) / Interval.around(a["value"], a["rounding"])
        except ZeroDivisionError:
            return ClaimCheck("stated only", base, table)
        interval = (ratio - Interval(1.0, 1.0)) * Interval(100.0, 100.0)
        status = "checked" if interval_of(claim).overlaps(interval) else "contradicted"
        computed = (b["value"] / a["value"] - 1) * 100
        return ClaimCheck(status, base, table, computed, interval, (a["source"], b["source"]))
    return ClaimCheck("stated only", base)


def claim_status(facts: pd.DataFrame, claim: pd.Series, *, aliases: Aliases | None = None) -> str:
    """For a chapter: whether a stated change is "checked", "contradicted" or "stated only"."""
    return assess_claim(facts, claim, aliases=aliases).status


def claims(facts: pd.DataFrame, *, aliases: Aliases | None = None) -> pd.DataFrame:
    """Every stated change with its status (columns :data:`CLAIM_COLUMNS`)."""
    rows = []
    for _, claim in _all_claims(facts).iterrows():
        found = assess_claim(facts, claim, aliases=aliases)
        rows.append(
            {
                **{"year": int(claim["year"]), "base_year": found.base_year, "report_year": int(claim["report_year"])},
                **{"item": claim["item"], "stated": float(claim["value"]), "computed": found.computed},
                **{"status": found.status, "table": found.table, "source": claim["source"]},
                "table_sources": ", ".join(found.sources),
            }
        )
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


def check_claims(facts: pd.DataFrame, aliases: Aliases | None = None) -> list[dict]:
    """A ``stated_change`` finding for every stated change the tables contradict beyond rounding."""
    out = []
    for _, claim in _all_claims(facts).iterrows():
        found = assess_claim(facts, claim, aliases=aliases)
        if found.status != "contradicted":
            continue
        stated = interval_of(claim)
        tolerance = (stated.hi - stated.lo) / 2 + (found.interval.hi - found.interval.lo) / 2
        message = (
            f"stated {_num(claim['value'])} % against {found.base_year}; {found.table} gives "
            f"{_num(round(found.computed, 1))} % ({' → '.join(found.sources)})"
        )
        source = ", ".join([claim["source"], *found.sources])
        out.append(_cross_finding(claim, "stated_change", claim["value"], found.computed, tolerance, source, message))
    return out


def cross_year_findings(facts: pd.DataFrame, aliases: Aliases | None = None) -> pd.DataFrame:
    """The findings that need every year's facts (restated figures, stated changes), as a
    findings frame (:data:`~analysis.facts.validate.FINDING_COLUMNS`)."""
    rows = check_restated(facts, aliases) + check_claims(facts, aliases)
    if not rows:
        return empty_findings()
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS).astype(empty_findings().dtypes.to_dict())
    return frame.sort_values(["report_year", "table", "check", "source"], kind="stable", ignore_index=True)
