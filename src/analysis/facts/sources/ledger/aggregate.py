"""From the ledger's DuckDB tables to the outputs: the monthly table, the derived
``costs_by_cost_type`` and ``result_by_business_area`` facts of a year without those
exports, and the findings.

Input: DuckDB tables ``outcome_grain`` and ``budget_grain`` (period, account, ansvar,
aktivitet, objekt, amount in kr, rows, synthetic) and the mapping tables of
:class:`~analysis.facts.sources.ledger.mapping.Mappings`. Everything is aggregated in DuckDB; only
the monthly rows and the per-account or per-code totals reach pandas.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.facts.catalog import LEDGER_SECTION
from analysis.facts.schema import (
    FACT_COLUMNS,
    FINDING_COLUMNS,
    empty_facts,
    empty_findings,
    empty_monthly,
    interval_of,
    typed_monthly,
)
from analysis.facts.sources.ledger.mapping import (
    BALANCE_ACCOUNTS,
    COST_TYPES,
    MT_SERVICE,
    OTHER_TYPES,
    RESULT_ACCOUNTS,
    at_length,
    between,
)

MSEK = 1e6
TOLERANCE_KR = 0.005


@dataclass(frozen=True)
class LedgerSource:
    """Where a year's ledger came from, for the ``source`` and ``note`` texts."""

    year: int  # fiscal year
    report_year: int
    name: str  # "2019/huvudbok.se"
    rows: int
    row_label: str  # "#TRANS rows", "rows"
    budget_name: str = ""
    budget_rows: int = 0
    budget_label: str = "rows"
    has_budget: bool = False
    accounts: dict | None = None  # account -> name (SIE #KONTO)


def thousands(n: int) -> str:
    """``1 000 000``: a row count as the sources print it."""
    return f"{n:,}".replace(",", " ")


def map_rows(con) -> None:
    """The table ``mapped``: outcome and budget rows with cost type, business area and MT
    category ('' where unmapped); unmapped balance accounts (counter-entries) are left out.
    The ledger's accounts (4 to 6 digits) meet ``kontoplan.csv``'s ranges at the plan's length."""
    digits = con.execute("SELECT coalesce(max(length(lo)), 4) FROM map_accounts").fetchone()[0]
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE mapped AS
        SELECT g.kind, g.period, g.account, trim(g.ansvar) AS ansvar, trim(g.objekt) AS objekt, g.amount, g.rows,
               g.synthetic, coalesce(a.cost_type, '') AS cost_type, coalesce(r.business_area, '') AS business_area,
               coalesce(o.mt_category, '') AS mt_category
        FROM (SELECT 'outcome' AS kind, * FROM outcome_grain UNION ALL SELECT 'budget' AS kind, * FROM budget_grain) g
        LEFT JOIN map_accounts a ON {at_length("g.account", digits)} BETWEEN a.lo AND a.hi
        LEFT JOIN map_ansvar r ON trim(g.ansvar) = r.code
        LEFT JOIN map_objekt o ON trim(g.objekt) = o.code
        WHERE a.cost_type IS NOT NULL OR NOT ({between("g.account", BALANCE_ACCOUNTS)})"""
    )


def monthly(con, source: LedgerSource) -> pd.DataFrame:
    """The monthly table rows of the year (columns of :data:`~analysis.facts.schema.MONTHLY_COLUMNS`)."""
    frame = con.execute(
        f"""SELECT period, cost_type, business_area, mt_category,
                   coalesce(sum(amount) FILTER (WHERE kind = 'outcome'), 0) / {MSEK} AS outcome,
                   coalesce(sum(amount) FILTER (WHERE kind = 'budget'), 0) / {MSEK} AS budget,
                   sum(rows) AS rows, bool_or(synthetic) AS synthetic,
                   coalesce(sum(rows) FILTER (WHERE kind = 'outcome'), 0) AS outcome_rows
            FROM mapped GROUP BY ALL ORDER BY ALL"""
    ).df()
    if frame.empty:
        return empty_monthly()
    if not source.has_budget:
        frame["budget"] = np.nan
    frame["year"], frame["report_year"], frame["source"] = source.year, source.report_year, source.name
    frame["month"] = frame["period"] % 100
    return typed_monthly(frame)


#: The cost types of ``kontoplan.csv`` whose accounts hold investments (by object = project).
INVESTMENT_TYPES = ("Investering IT", "Investering MT")


def investment_objects(con) -> dict[str, tuple[float, int]]:
    """The outcome in kr and the rows on investment accounts per object (the investment
    register's project) over the year: {object: (kr, rows)}; empty without such rows."""
    found = con.execute(
        f"""SELECT objekt, sum(amount) AS kr, sum(rows) AS n FROM mapped
            WHERE kind = 'outcome' AND cost_type IN {INVESTMENT_TYPES} GROUP BY objekt ORDER BY objekt"""
    ).fetchall()
    return {str(obj or ""): (float(kr), int(n)) for obj, kr, n in found}


def cost_type_totals(con) -> pd.DataFrame:
    """Outcome and budget (MSEK) per cost type over the year, all cost types listed."""
    totals = con.execute(
        f"""SELECT cost_type, kind, sum(amount) / {MSEK} AS value FROM mapped
            WHERE cost_type IN {COST_TYPES} GROUP BY ALL"""
    ).df()
    wide = totals.pivot_table(index="cost_type", columns="kind", values="value", aggfunc="sum")
    wide = wide.reindex(index=list(COST_TYPES), columns=["outcome", "budget"]).fillna(0.0)
    wide.loc["Totalt"] = wide.sum()
    return wide


def area_totals(con) -> pd.DataFrame:
    """The result (income − costs: −Σ amount over the result accounts 3000–8999) per business
    area, outcome and budget in MSEK, ``Totalt`` over every result row; a row of responsibilities
    not in ``ansvar.csv`` (or none) is the business area ``""``."""
    totals = con.execute(
        f"""SELECT business_area, kind, -sum(amount) / {MSEK} AS value FROM mapped
            WHERE {between("account", RESULT_ACCOUNTS)} GROUP BY ALL"""
    ).df()
    wide = totals.pivot_table(index="business_area", columns="kind", values="value", aggfunc="sum")
    wide = wide.reindex(columns=["outcome", "budget"]).fillna(0.0).sort_index()
    wide.loc["Totalt"] = wide.sum()
    return wide


def _fact(source: LedgerSource, item: str, measure: str, value: float, note: str, budget: bool, **kw) -> dict:
    if budget and source.budget_name:
        where = f"{source.budget_name} ({thousands(source.budget_rows)} {source.budget_label})"
    else:
        where = f"{source.name} ({thousands(source.rows)} {source.row_label})"
    return {
        **dict.fromkeys(FACT_COLUMNS, ""),
        "year": source.year,
        "report_year": source.report_year,
        "domain": "costs",
        "table": "costs_by_cost_type",
        "item": item,
        "measure": measure,
        "value": float(value),
        "unit": "MSEK",
        "source": where,
        "derived": True,
        "note": note,
        "decimals": 2,
        "sign_convention": "cost_positive",
        "section": LEDGER_SECTION,
        **kw,
    }


def derived_costs(con, source: LedgerSource) -> pd.DataFrame:
    """``costs_by_cost_type`` derived from the ledger: outcome, budget and deviation
    (budget − outcome) per cost type the ledger has, and Totalt when it has all five, MSEK,
    ``derived=True`` with the formula."""
    first, last = con.execute("SELECT min(period), max(period) FROM mapped").fetchone()
    periods = f"periods {first}–{last}" if first else "no periods"
    present = {
        r[0] for r in con.execute(f"SELECT DISTINCT cost_type FROM mapped WHERE cost_type IN {COST_TYPES}").fetchall()
    }
    totals = cost_type_totals(con)
    # a cost type the ledger has no account of gets no row (no 0 is invented), and Totalt only
    # when the ledger has all five: a part would read as the division's total
    keep = [c for c in COST_TYPES if c in present] + (["Totalt"] if present == set(COST_TYPES) else [])
    rows = []
    for item, row in totals.loc[keep].iterrows():
        what = "the five cost types" if item == "Totalt" else f"accounts mapped to {item}"
        rows.append(
            _fact(source, item, "outcome", row["outcome"], f"derived: sum of Belopp over {what}, {periods}", False)
        )
        if source.has_budget:
            rows.append(
                _fact(
                    source, item, "budget", row["budget"], f"derived: sum of budget Belopp over {what}, {periods}", True
                )
            )
            rows.append(
                _fact(source, item, "deviation", row["budget"] - row["outcome"], "derived: budget − outcome", True)
            )
    if not rows:  # only income, only balance accounts, or no rows: the ledger holds no costs
        return empty_facts()
    return pd.DataFrame(rows).astype(empty_facts().dtypes.to_dict())


def derived_result_by_area(con, source: LedgerSource) -> pd.DataFrame:
    """``result_by_business_area`` derived from the ledger: the result (income − costs,
    surplus positive) per business area of ``ansvar.csv``, with budget and deviation
    (outcome − budget) where the year has a budget, MSEK, ``derived=True`` with the formula.
    Only from a ledger with all five cost types: one with part of the costs (an export of the
    MT accounts, say) or none gives no business area's result, as the cost table's Totalt needs
    all five; and Totalt only when every result row has a business area (a part would read as
    the division's result; the rest is an ``unmapped_responsibility`` finding)."""
    present = {
        r[0] for r in con.execute(f"SELECT DISTINCT cost_type FROM mapped WHERE cost_type IN {COST_TYPES}").fetchall()
    }
    if present != set(COST_TYPES):
        return empty_facts()
    first, last = con.execute("SELECT min(period), max(period) FROM mapped").fetchone()
    periods = f"periods {first}–{last}" if first else "no periods"
    totals = area_totals(con)
    unplaced = "" in totals.index and (totals.loc[""].abs() > TOLERANCE_KR / MSEK).any()
    keep = [a for a in totals.index if a not in ("", "Totalt")] + ([] if unplaced else ["Totalt"])
    if len(keep) <= (0 if unplaced else 1):  # no result row placed in a business area
        return empty_facts()
    table = {"table": "result_by_business_area", "sign_convention": "net_result"}
    rows = []
    for item in keep:
        what = "every result account" if item == "Totalt" else f"the responsibilities ansvar.csv maps to {item}"
        formula = f"derived: −(sum of {{}}Belopp on accounts 3000–8999 over {what}), {periods}"
        outcome, budget = totals.loc[item, "outcome"], totals.loc[item, "budget"]
        rows.append(_fact(source, item, "outcome", outcome, formula.format(""), False, **table))
        if source.has_budget:
            rows.append(_fact(source, item, "budget", budget, formula.format("budget "), True, **table))
            rows.append(_fact(source, item, "deviation", outcome - budget, "derived: outcome − budget", True, **table))
    return pd.DataFrame(rows).astype(empty_facts().dtypes.to_dict())


def _finding(source: LedgerSource, check: str, item: str, measure: str, amount: float, message: str, **kw) -> dict:
    return {
        "year": source.year,
        "report_year": source.report_year,
        "severity": "warning",
        "check": check,
        "table": kw.get("table", "ledger"),
        "item": item,
        "measure": measure,
        "reported": amount,
        "recomputed": kw.get("recomputed", np.nan),
        "difference": kw.get("difference", np.nan),
        "tolerance": kw.get("tolerance", TOLERANCE_KR / MSEK),
        "source": kw.get("where", source.name),
        "message": message,
    }


def unmapped(con, source: LedgerSource) -> list[dict]:
    """``unmapped_account``, ``unmapped_object`` and ``unmapped_responsibility`` findings:
    codes with a non-zero total (outcome or budget, MSEK as ``reported``) and no mapping. An
    account with a leading zero (``0351``) is no balance account (a counter-entry): unmapped,
    it is a finding as a result account is, named as written."""
    result = between("account", RESULT_ACCOUNTS)
    counted = f"({result} OR cost_type IN {OTHER_TYPES[1:]})"
    queries = (
        (
            "unmapped_account",
            "CAST(account AS VARCHAR)",
            f"cost_type = '' AND ({result} OR starts_with(account, '0'))",
            "account {item}{name} is in no range of kontoplan.csv",
        ),
        (
            "unmapped_object",
            "objekt",
            f"cost_type = '{MT_SERVICE}' AND objekt <> '' AND mt_category = ''",
            "object {item} on MT service accounts is not in objekt.csv",
        ),
        (
            "unmapped_responsibility",
            "ansvar",
            f"{counted} AND ansvar <> '' AND business_area = ''",
            "responsibility {item} is not in ansvar.csv",
        ),
    )
    out = []
    for check, key, where, message in queries:
        found = con.execute(
            f"""SELECT {key} AS item, kind, sum(amount) AS amount, sum(rows) AS rows FROM mapped WHERE {where}
                GROUP BY ALL HAVING abs(sum(amount)) > {TOLERANCE_KR} ORDER BY item, kind DESC"""
        ).fetchall()
        for item, kind, amount, rows in found:
            name = (source.accounts or {}).get(item) if check == "unmapped_account" else None
            text = message.format(item=item, name=f" ({name})" if name else "")
            text += f": {amount:,.2f} kr {kind} in {thousands(int(rows))} rows".replace(",", " ")
            out.append(_finding(source, check, item, kind, amount / MSEK, text, difference=amount / MSEK))
    return out


def ledger_vs_table(con, source: LedgerSource, table_facts: pd.DataFrame) -> list[dict]:
    """The printed ``costs_by_cost_type`` and ``result_by_business_area`` exports against the
    ledger, per row and measure: a finding where they differ by more than the printed
    rounding (reported = the printed figure, recomputed = the ledger's)."""
    out = []
    for table, totals_of in (("costs_by_cost_type", cost_type_totals), ("result_by_business_area", area_totals)):
        printed = table_facts[
            (table_facts["table"] == table)
            & ~table_facts["derived"]
            & table_facts["measure"].isin(["outcome", "budget"] if source.has_budget else ["outcome"])
            & (table_facts["year"] == source.year)
            & (table_facts["report_year"] == source.report_year)
        ]
        if printed.empty:
            continue
        totals = totals_of(con)
        by_name = {" ".join(str(k).split()).lower(): k for k in totals.index}
        for _, fact in printed.iterrows():
            key = by_name.get(" ".join(fact["item"].split()).lower())
            ledger = float(totals.loc[key, fact["measure"]]) if key is not None else 0.0
            interval = interval_of(fact)
            if interval.lo - 1e-9 <= ledger <= interval.hi + 1e-9:
                continue
            out.append(
                _finding(
                    source,
                    "ledger_vs_table",
                    fact["item"],
                    fact["measure"],
                    float(fact["value"]),
                    f"the ledger ({source.name}) gives {ledger:.2f} MSEK, the table prints {fact['value']:g}",
                    table=table,
                    recomputed=ledger,
                    difference=float(fact["value"]) - ledger,
                    tolerance=(interval.hi - interval.lo) / 2,
                    where=f"{fact['source']}, {source.name}",
                )
            )
    return out


def unbalanced(source: LedgerSource, vouchers: list[dict]) -> list[dict]:
    """One ``unbalanced_voucher`` finding per #VER whose #TRANS do not sum to 0."""
    return [
        _finding(
            source,
            "unbalanced_voucher",
            f"{v['series']} {v['number']}".strip(),
            "outcome",
            v["amount"] / MSEK,
            f"voucher {v['series']} {v['number']} of {v['date']}: its #TRANS sum to {v['amount']:.2f} kr, not 0",
            recomputed=0.0,
            difference=v["amount"] / MSEK,
            where=f"{source.name}:{v['line']}",
        )
        for v in vouchers
    ]


def findings_frame(rows: list[dict]) -> pd.DataFrame:
    """Findings rows as a frame with the quality table's columns and dtypes."""
    if not rows:
        return empty_findings()
    return pd.DataFrame(rows, columns=FINDING_COLUMNS).astype(empty_findings().dtypes.to_dict())


def balance_differences(source: LedgerSource, differences: list[dict]) -> list[dict]:
    """One ``trans_vs_balance`` finding per #RES or #PSALDO balance of a result account that
    the file's own #TRANS rows do not add up to: the export holds only part of the vouchers."""
    out = []
    for d in differences:
        where = f"#RES 0 {d['account']}" if d["label"] == "#RES" else f"#PSALDO 0 {d['period']} {d['account']} {{}}"
        missing = d["stated"] - d["trans"]
        out.append(
            _finding(
                source,
                "trans_vs_balance",
                str(d["account"]),
                "outcome",
                d["stated"] / MSEK,
                f"account {d['account']}: {where} states {d['stated']:,.2f} kr, its #TRANS rows sum to "
                f"{d['trans']:,.2f} kr, a difference of {missing:,.2f} kr: the export holds only part of "
                "the vouchers".replace(",", " "),
                recomputed=d["trans"] / MSEK,
                difference=missing / MSEK,
                where=f"{source.name}:{d['line']}",
            )
        )
    return out


def encoding_differs(source: LedgerSource, declared: str, found: str) -> list[dict]:
    """A ``format_vs_encoding`` finding when a SIE file declaring PC8 is written in another
    encoding (UTF-8, ISO-8859-1): read in the encoding found, so that names carry no mojibake."""
    if found == "cp437":
        return []
    names = {"utf-8": "UTF-8", "iso-8859-1": "ISO-8859-1"}
    return [
        _finding(
            source,
            "format_vs_encoding",
            f"#FORMAT {declared}",
            "outcome",
            np.nan,
            f"the file declares #FORMAT {declared} (PC8, code page 437) but is written in "
            f"{names.get(found, found)}; read as {names.get(found, found)}",
            tolerance=np.nan,
        )
    ]


def other_years(source: LedgerSource, outside: dict | None) -> list[dict]:
    """A ``date_vs_fiscal_year`` finding for the rows of other years left out of a file
    without ``#RAR 0`` (the folder's year is then the fiscal year)."""
    if not outside:
        return []
    return [
        _finding(
            source,
            "date_vs_fiscal_year",
            f"{outside['rows']} rows",
            "outcome",
            outside["amount"] / MSEK,
            f"the file has no #RAR 0, so its fiscal year is the folder's ({source.report_year}); "
            f"{outside['rows']} rows dated in other years ({outside['amount']:,.2f} kr) are left out".replace(",", " "),
            difference=outside["amount"] / MSEK,
            where=f"{source.name}:{outside['line']}",
        )
    ]
