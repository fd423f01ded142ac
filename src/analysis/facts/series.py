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
see ``data/raw/README.md`` and :func:`load_aliases`). :func:`changes` gives the change
between consecutive years of a series: a change over more than one year is an n-year
change, never an annual one. :func:`check_claims` checks every stated change against the
tables' series with interval arithmetic, and :func:`cross_year_findings` is what the
cleaning run adds to the quality output.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.exceptions import RawDataError
from analysis.facts.catalog import SPECS, key_figure_domain
from analysis.facts.readers import read_raw
from analysis.facts.validate import FINDING_COLUMNS, Interval, empty_findings, interval_of

ALIAS_FILE = "aliases.csv"
ALIAS_COLUMNS = ("Tabell", "Tidigare namn", "Namn")
KEY_FIGURES = "key_figures"
KINDS = ("report", "prior_year_column", "stated_change")
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

# table ("" = every table) -> normalised old label -> current label
Aliases = dict[str, dict[str, str]]


def normalise(label: object) -> str:
    """A label as matched across reports: whitespace collapsed, case folded."""
    return " ".join(str(label).split()).casefold()


def canonical(label: object, table: str, aliases: Aliases | None = None) -> str:
    """The normalised current label of ``label`` in ``table``, through the alias list."""
    key = normalise(label)
    for scope in (table, ""):
        current = (aliases or {}).get(scope, {}).get(key)
        if current is not None:
            return normalise(current)
    return key


# --- the alias list ------------------------------------------------------------------------------


def load_aliases(raw_dir: Path | str | None = None) -> Aliases:
    """The alias list ``<raw_dir>/aliases.csv`` (default ``data/raw``): no file (or a header
    only) means no aliases; a malformed row raises RawDataError naming file, line, column, value."""
    path = Path(raw_dir or paths.raw_dir()) / ALIAS_FILE
    if not path.exists():
        return {}
    try:
        raw = read_raw(path)
    except RawDataError as err:
        if err.problem == "file has a header but no data rows":
            return {}
        raise
    for header in raw.header:
        if header not in ALIAS_COLUMNS:
            raise RawDataError(
                path, f"unknown column; the columns are {';'.join(ALIAS_COLUMNS)}", line=1, column=header
            )
    for header in ALIAS_COLUMNS:
        if header not in raw.header:
            raise RawDataError(path, "missing required column", line=1, column=header, value=";".join(raw.header))
    aliases: Aliases = {}
    lines: dict[tuple[str, str], int] = {}
    for row in raw.rows:
        table, old, new = _alias_row(path, row)
        key = (table, normalise(old))
        if key in lines:
            problem = f"the same old label twice (also line {lines[key]})"
            raise RawDataError(path, problem, line=row.line, column="Tidigare namn", value=old)
        lines[key] = row.line
        aliases.setdefault(table, {})[key[1]] = new
    for (table, old), line in lines.items():
        new = aliases[table][old]
        if normalise(new) in aliases.get(table, {}) or normalise(new) in aliases.get("", {}):
            problem = "the current label is itself an old label (a chain): write the final name"
            raise RawDataError(path, problem, line=line, column="Namn", value=new)
    return aliases


def _alias_row(path: Path, row) -> tuple[str, str, str]:
    """(table, old label, current label) of one alias row, checked."""
    table, old, new = (" ".join(str(row.cells[h]).split()) for h in ALIAS_COLUMNS)
    tables = sorted(s.table for s in SPECS)
    if table and table not in tables:
        problem = f"unknown table; known tables are: {', '.join(tables)} (empty: every table)"
        raise RawDataError(path, problem, line=row.line, column="Tabell", value=table)
    for header, text in (("Tidigare namn", old), ("Namn", new)):
        if not text:
            raise RawDataError(path, "empty label", line=row.line, column=header, value=text)
    if normalise(old) == normalise(new):
        raise RawDataError(path, "old and current label are the same", line=row.line, column="Namn", value=new)
    return table, old, new


# --- series ----------------------------------------------------------------------------------------


def _keyed(facts: pd.DataFrame, aliases: Aliases | None) -> pd.DataFrame:
    """The reported (not derived) facts with their matching keys and file lines."""
    rows = facts[~facts["derived"]].copy()
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
    return {
        **{c: fact[c] for c in ("year", "value", "unit", "decimals", "source", "report_year", "measure")},
        **{"kind": "report" if own else "prior_year_column", "derived": False, "formula": "", "item": item},
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
    rows = _keyed(facts[(facts["table"] == table) & (facts["measure"] == measure)], aliases)
    rows = rows[rows["_key"] == canonical(item, table, aliases)]
    if parent is not None:
        rows = rows[rows["_pkey"] == (canonical(parent, table, aliases) if parent else "")]
    first = _by_precedence(rows).drop_duplicates("year", keep="first")
    points = {int(r["year"]): _point(r, item) for _, r in first.iterrows()}
    if stated_changes and measure == "outcome":
        _add_stated_changes(facts, table, item, points, aliases)
    frame = pd.DataFrame(list(points.values()), columns=SERIES_COLUMNS)
    return frame.sort_values("year", ignore_index=True).astype(_SERIES_DTYPES)


def _base_year(claim: pd.Series) -> int:
    """The year a stated change is measured against: "mot 2018" in the comment, else the year before."""
    found = re.search(r"\bmot\s+(\d{4})\b", str(claim["comment"]))
    return int(found[1]) if found else int(claim["year"]) - 1


def _all_claims(facts: pd.DataFrame) -> pd.DataFrame:
    """Every stated change: key figures with measure change_percent, in report and line order."""
    claims = facts[(facts["table"] == KEY_FIGURES) & (facts["measure"] == "change_percent") & ~facts["derived"]]
    return _keyed(claims, None).sort_values(["report_year", "_line"], kind="stable")


def _add_stated_changes(facts, table: str, item: str, points: dict, aliases: Aliases | None) -> None:
    """Fill years without a value from a stated change of a later reported value (never of a derived one)."""
    key = canonical(item, table, aliases)
    for _, claim in _all_claims(facts).iterrows():
        if key not in (canonical(claim["item"], table, aliases), canonical(claim["item"], KEY_FIGURES, aliases)):
            continue
        year, base = int(claim["year"]), _base_year(claim)
        end = points.get(year)
        if end is None or end["derived"] or base in points or claim["value"] <= -100:
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
    rows = _keyed(facts[(facts["table"] == table) & (facts["measure"] == measure)], aliases)
    rows = rows.sort_values(["report_year", "_line"], ascending=[False, True], kind="stable")
    frames = []
    for _, first in rows.drop_duplicates(["_key", "_pkey"]).iterrows():
        found = series(
            facts, table, first["item"], measure, parent=first["parent"], aliases=aliases, stated_changes=stated_changes
        )
        frames.append(found.assign(parent=first["parent"]))
    if not frames:
        return pd.DataFrame(columns=[*SERIES_COLUMNS, "parent"]).astype(_SERIES_DTYPES)
    return pd.concat(frames, ignore_index=True)


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
    rows = _by_precedence(_keyed(facts, aliases))
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
