"""Validation: recompute every figure the reports state twice and report mismatches.

Each printed figure is an interval: its value ± half of its last printed digit. A check
recomputes a figure from others with interval arithmetic; a finding is made only when
the reported interval and the recomputed interval do not overlap, i.e. when the
difference is larger than the printed rounding can explain. Reported figures are never
changed here.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

import pandas as pd

from analysis.exceptions import RawDataError
from analysis.facts.catalog import LEDGER_SECTION, as_exported, is_total, spec_by_table
from analysis.facts.frame_memo import remembered
from analysis.facts.schema import FINDING_COLUMNS, FINDING_DTYPES, Interval, empty_findings, interval_of
from analysis.facts.sources.printed.coded import COUNT_PREFIX, count_reference

# (table, item, measure) stated in one table and again in another, same year.
CROSS_TABLE = ((("it_investment_history", "Totalt", "outcome"), ("investments", "IT", "outcome")),)


def _finding(fact, check, severity, reported, recomputed: Interval, message) -> dict:
    return {
        "year": int(fact["year"]),
        "report_year": int(fact["report_year"]),
        "severity": severity,
        "check": check,
        "table": fact["table"],
        "item": fact["item"],
        "measure": fact["measure"],
        "reported": float(fact["value"]),
        "recomputed": recomputed.mid,
        "difference": float(fact["value"]) - recomputed.mid,
        "tolerance": (reported.hi - reported.lo) / 2 + (recomputed.hi - recomputed.lo) / 2,
        "source": fact["source"],
        "message": message,
    }


def _compare(fact, recomputed: Interval, check, severity, message) -> list[dict]:
    reported = interval_of(fact)
    if reported.overlaps(recomputed):
        return []
    return [_finding(fact, check, severity, reported, recomputed, message)]


def _sum(facts: pd.DataFrame) -> Interval:
    total = Interval(0.0, 0.0)
    for _, fact in facts.iterrows():
        total = total + interval_of(fact)
    return total


def check_totals(facts: pd.DataFrame) -> list[dict]:
    """The "Totalt" row of a table against the sum of its top-level rows."""
    out = []
    for (table, _ry), group in facts.groupby(["table", "report_year"], sort=False):
        spec = spec_by_table(table)
        if spec.long_format or spec.coded or not spec.totals_add_up:
            continue
        totals = group[group["item"].map(is_total) & (group["parent"] == "")]
        rows = group[~group["item"].map(is_total) & (group["parent"] == "")]
        for _, total in totals.iterrows():
            parts = rows[(rows["measure"] == total["measure"]) & (rows["year"] == total["year"])]
            if parts.empty:
                continue
            out += _compare(
                total, _sum(parts), "total_vs_rows", "error", f"Totalt does not equal the sum of its {len(parts)} rows"
            )
    return out


def check_subrows(facts: pd.DataFrame) -> list[dict]:
    """A parent row against the sum of its sub-rows (wide tables with a hierarchy)."""
    out = []
    for (table, _ry), group in facts.groupby(["table", "report_year"], sort=False):
        if spec_by_table(table).long_format or spec_by_table(table).coded:
            continue
        children = group[group["parent"] != ""]
        for (parent, measure, year), kids in children.groupby(["parent", "measure", "year"]):
            parents = group[
                (group["item"] == parent)
                & (group["parent"] == "")
                & (group["measure"] == measure)
                & (group["year"] == year)
            ]
            for _, fact in parents.iterrows():
                out += _compare(
                    fact,
                    _sum(kids),
                    "parent_vs_subrows",
                    "error",
                    f"{parent} does not equal the sum of its {len(kids)} sub-rows",
                )
    return out


#: The relations between a row's measures: (measure recomputed, check, relation, message).
Relation = tuple[str, str, Callable[[str, dict], Interval | None], str]


def _row_relations(facts: pd.DataFrame, relations: tuple[Relation, ...]) -> list[dict]:
    """The findings of each relation on every row (table, report, year, item, parent) of the
    facts, relation by relation; the rows are grouped and read once for all of them."""
    found: list[list[dict]] = [[] for _ in relations]
    keys = ["table", "report_year", "year", "item", "parent"]
    for _key, row in facts.groupby(keys, sort=False):
        by_measure = dict(zip(row["measure"], (r for _, r in row.iterrows())))
        if not any(target in by_measure for target, *_ in relations):
            continue
        intervals = {m: interval_of(f) for m, f in by_measure.items()}
        for out, (target, check, relation, message) in zip(found, relations):
            if target not in by_measure:
                continue
            recomputed = relation(by_measure[target]["sign_convention"], intervals)
            if recomputed is not None:
                out += _compare(by_measure[target], recomputed, check, "error", message)
    return [finding for out in found for finding in out]


def _deviation(convention: str, iv: dict) -> Interval | None:
    if "outcome" not in iv or "budget" not in iv:
        return None
    if convention == "net_result":
        return iv["outcome"] - iv["budget"]
    if convention == "cost_positive":
        return iv["budget"] - iv["outcome"]
    return None


def _deviation_forecast(convention: str, iv: dict) -> Interval | None:
    if "outcome" not in iv or "forecast" not in iv:
        return None
    if convention == "cost_positive":
        return iv["forecast"] - iv["outcome"]
    return iv["outcome"] - iv["forecast"]


def _outcome_parts(_convention: str, iv: dict) -> Interval | None:
    if "outcome_prior_decisions" in iv and "outcome_current_decisions" in iv:
        return iv["outcome_prior_decisions"] + iv["outcome_current_decisions"]
    return None


ROW_RELATIONS: tuple[Relation, ...] = (
    (
        "deviation",
        "deviation_vs_outcome_budget",
        _deviation,
        "deviation does not match outcome and budget under the table's sign convention",
    ),
    (
        "deviation_vs_forecast",
        "deviation_vs_forecast",
        _deviation_forecast,
        "deviation vs forecast does not match outcome and forecast",
    ),
    (
        "outcome",
        "outcome_vs_parts",
        _outcome_parts,
        "total outcome does not equal outcome on earlier plus this year's decisions",
    ),
)


def check_row_arithmetic(facts: pd.DataFrame) -> list[dict]:
    """Deviations against outcome and budget/forecast; total outcome against its parts."""
    reported = facts[facts["table"] != "key_figures"]
    return _row_relations(reported, ROW_RELATIONS)


def check_cross_table(facts: pd.DataFrame) -> list[dict]:
    """A figure printed in two tables of the same report."""
    out = []
    for (t1, i1, m1), (t2, i2, m2) in CROSS_TABLE:
        a = facts[(facts["table"] == t1) & (facts["item"] == i1) & (facts["measure"] == m1)]
        b = facts[(facts["table"] == t2) & (facts["item"] == i2) & (facts["measure"] == m2)]
        for _, fact in a.iterrows():
            other = b[(b["year"] == fact["year"]) & (b["report_year"] == fact["report_year"])]
            for _, ref in other.iterrows():
                out += _compare(
                    fact, interval_of(ref), "stated_twice", "error", f"differs from {t2} / {i2} ({ref['source']})"
                )
    return out


_REF = re.compile(r"\{([^{}]+)\}")


class Unresolved(LookupError):
    """A reference to a figure a year's ledger does not give (a budget figure of a ledger
    without a budget): the prose figure cannot be checked, which is a finding, not an error."""


def _resolve(facts: pd.DataFrame, fact: pd.Series, ref: str) -> pd.Series:
    parts = [p.strip() for p in ref.split("|")]
    if len(parts) not in (3, 4):
        raise RawDataError(
            fact["source"].rsplit(":", 1)[0],
            "reference must be {table|item|measure[|year]}",
            line=int(fact["source"].rsplit(":", 1)[1]),
            column="Avstämning mot",
            value=ref,
        )
    table, item, measure = parts[:3]
    year = int(parts[3]) if len(parts) == 4 else int(fact["year"])
    found = facts[
        (facts["table"] == table)
        & (facts["item"] == item)
        & (facts["measure"] == measure)
        & (facts["year"] == year)
        & (facts["report_year"] == fact["report_year"])
        & remembered(facts, ("as_exported",), lambda: as_exported(facts))
    ]
    if table == "key_figures" and len(found) > 1:
        found = found[found["source"] != fact["source"]].head(1)
    ledger_table = facts[(facts["table"] == table) & (facts["year"] == year) & (facts["section"] == LEDGER_SECTION)]
    if found.empty and not ledger_table.empty:  # the year's ledger lacks it (no budget, say): a finding
        raise Unresolved(f"{table} / {item} / {measure} is not in the ledger's sums of {year}")
    if len(found) != 1:
        problem = "reference names no figure" if found.empty else "reference is ambiguous"
        raise RawDataError(
            fact["source"].rsplit(":", 1)[0],
            problem,
            line=int(fact["source"].rsplit(":", 1)[1]),
            column="Avstämning mot",
            value=ref,
        )
    return found.iloc[0]


def evaluate(formula: str, values: dict[str, Interval]) -> Interval:
    """Evaluate + − × ÷ over intervals and plain numbers; anything else is refused."""

    def walk(node: ast.AST) -> Interval:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            left, right = walk(node.left), walk(node.right)
            return {ast.Add: left.__add__, ast.Sub: left.__sub__, ast.Mult: left.__mul__, ast.Div: left.__truediv__}[
                type(node.op)
            ](right)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = walk(node.operand)
            return -inner if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return Interval(float(node.value), float(node.value))
        if isinstance(node, ast.Name) and node.id in values:
            return values[node.id]
        raise ValueError(f"not allowed in a reconciliation: {ast.dump(node)[:40]}")

    return walk(ast.parse(formula, mode="eval"))


def check_key_figures(facts: pd.DataFrame) -> list[dict]:
    """Figures from the prose against the table figures they restate ("Avstämning mot")."""
    out = []
    for _, fact in facts[facts["reconcile"] != ""].iterrows():
        refs: dict[str, Interval] = {}
        sources = []

        def name(match: re.Match) -> str:
            key = f"ref{len(refs)}"
            if match[1].startswith(COUNT_PREFIX):
                count, counted = count_reference(facts, fact, match[1])
                refs[key] = Interval(float(count), float(count))
                sources.append(f"{count} rows" + (f": {counted[0]} …" if counted else ""))
                return key
            ref = _resolve(facts, fact, match[1])
            refs[key] = interval_of(ref)
            sources.append(ref["source"])
            return key

        try:
            formula = _REF.sub(name, fact["reconcile"])
        except Unresolved as why:
            out.append(_unchecked(fact, str(why)))
            continue
        try:
            recomputed = evaluate(formula, refs)
        except (SyntaxError, ValueError, ZeroDivisionError) as err:
            path, line = fact["source"].rsplit(":", 1)
            raise RawDataError(
                path,
                f"invalid reconciliation formula ({err})",
                line=int(line),
                column="Avstämning mot",
                value=fact["reconcile"],
            ) from None
        counted = COUNT_PREFIX in fact["reconcile"]
        out += _compare(
            fact,
            recomputed,
            "count_vs_list" if counted else "key_figure_vs_tables",
            "warning",
            f"{'count' if counted else 'prose figure'} differs from {fact['reconcile']} ({', '.join(sources)})",
        )
    return out


def _unchecked(fact: pd.Series, why: str) -> dict:
    """A ``key_figure_vs_tables`` warning for a prose figure that cannot be checked."""
    return {
        **dict.fromkeys(FINDING_COLUMNS, ""),
        "year": int(fact["year"]),
        "report_year": int(fact["report_year"]),
        "severity": "warning",
        "check": "key_figure_vs_tables",
        "table": fact["table"],
        "item": fact["item"],
        "measure": fact["measure"],
        "reported": float(fact["value"]),
        "recomputed": float("nan"),
        "difference": float("nan"),
        "tolerance": float("nan"),
        "source": fact["source"],
        "message": f"cannot be checked against {fact['reconcile']}: {why}",
    }


CHECKS = (check_totals, check_subrows, check_row_arithmetic, check_cross_table, check_key_figures)


def validate(facts: pd.DataFrame) -> pd.DataFrame:
    """Run every check on the reported facts and the ledger's sums; one row per finding."""
    reported = facts[as_exported(facts)]
    rows = [finding for check in CHECKS for finding in check(reported)]
    findings = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    if findings.empty:
        return empty_findings()
    return findings.sort_values(["report_year", "table", "check", "source"], kind="stable", ignore_index=True).astype(
        FINDING_DTYPES
    )
