"""A year's ledger: which files are the ledger, reading them, and what the cleaning gets
back (the monthly rows, the derived facts, the findings, the raw files read)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.exceptions import RawDataError
from analysis.facts.sources.ledger import aggregate as agg
from analysis.facts.sources.ledger.files import SIE_SUFFIXES, ledger_files
from analysis.facts.sources.ledger.formats import GRAIN
from analysis.facts.sources.ledger.formats.engine import connect
from analysis.facts.sources.ledger.formats.fieldmap import FieldMap
from analysis.facts.sources.ledger.formats.ledger_csv import read_csv_part
from analysis.facts.sources.ledger.formats.sie4 import read_sie
from analysis.facts.sources.ledger.mapping import Mappings, read_mappings


@dataclass
class LedgerResult:
    """What a year's ledger adds to the cleaning."""

    monthly: pd.DataFrame
    facts: pd.DataFrame
    findings: pd.DataFrame
    files: list[dict] = field(default_factory=list)  # raw_files records (ledger, budget, mapping files)
    #: outcome in kr and rows on investment accounts per object (= investment project), for
    #: the investment register's reconciliation; also ``monthly.attrs["investment_objects"]``
    investment_objects: dict[str, tuple[float, int]] = field(default_factory=dict)


def _record(year: int, name: str, table: str, encoding: str, rows: int, size: int, sha256: str) -> dict:
    return {
        "report_year": year,
        "file": name,
        "table": table,
        "encoding": encoding,
        "rows": int(rows),
        "bytes": int(size),
        "sha256": sha256,
    }


def _read_sie_source(con, year: int, ledger: Path, budget: Path | None, mappings: Mappings):
    """Load a SIE ledger into ``outcome_grain``/``budget_grain``: its source, raw-file record
    and findings (unbalanced vouchers, #RES/#PSALDO against #TRANS, an encoding other than
    the PC8 the file declares)."""
    name = f"{year}/{ledger.name}"
    fields = getattr(mappings, "fields", None) or FieldMap()
    sie = read_sie(con, ledger, "outcome_grain", "budget_grain", folder_year=year, dimensions=fields.sie_dimensions)
    if sie.budget_rows and budget is not None:
        raise RawDataError(budget, f"the budget twice: {ledger.name} has #PBUDGET lines")
    fiscal = sie.header.fiscal_year[0] // 10000
    source = agg.LedgerSource(
        fiscal,
        year,
        name,
        sie.rows,
        sie.row_label,
        budget_rows=sie.budget_rows,
        budget_label="#PBUDGET rows",
        has_budget=sie.budget_rows > 0,
        accounts=sie.header.accounts,
    )
    checks = agg.unbalanced(source, sie.unbalanced) + agg.balance_differences(source, sie.balance_differences)
    checks += agg.encoding_differs(source, sie.header.format or "PC8", sie.encoding)
    checks += agg.other_years(source, sie.outside_year)
    return source, [_record(year, name, "ledger", sie.encoding, sie.rows, sie.bytes, sie.sha256)], checks


def _read_sources(
    con, year: int, ledger: Path, budget: Path | None, mappings: Mappings
) -> tuple[agg.LedgerSource, list[dict], list]:
    """Load the ledger (and budget) into ``outcome_grain``/``budget_grain``: the source, the
    raw-file records and the reader's findings."""
    name = f"{year}/{ledger.name}"
    if ledger.suffix.lower() in SIE_SUFFIXES:
        source, files, checks = _read_sie_source(con, year, ledger, budget, mappings)
        fiscal = source.year
    else:
        part = read_csv_part(con, ledger, "ledger", year, "outcome_grain", mappings.fields)
        con.execute(f"CREATE OR REPLACE TABLE budget_grain ({GRAIN})")
        fiscal, checks = year, []
        record = _record(year, name, "ledger", part.encoding, part.rows, part.bytes, part.sha256)
        files = [{**record, "not_used": "; ".join(part.not_used)}]
        source = agg.LedgerSource(fiscal, year, name, part.rows, "rows")
    if budget is not None:
        part = read_csv_part(con, budget, "budget", fiscal, "budget_grain", mappings.fields)
        budget_name = f"{year}/{budget.name}"
        record = _record(year, budget_name, "ledger_budget", part.encoding, part.rows, part.bytes, part.sha256)
        files.append({**record, "not_used": "; ".join(part.not_used)})
        source = agg.LedgerSource(
            **{
                **source.__dict__,
                "budget_name": budget_name,
                "budget_rows": part.rows,
                "budget_label": "rows",
                "has_budget": True,
            }
        )
    for table in ("outcome_grain", "budget_grain"):
        con.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS bad")
    return source, files, checks


def read_ledger(year: int, raw_dir: Path, table_facts: pd.DataFrame) -> LedgerResult | None:
    """Read the ledger of report year ``year`` (None without one): the monthly table rows,
    the derived ``costs_by_cost_type`` and ``result_by_business_area`` where the year lacks
    those exports, and the findings.
    ``table_facts`` are the year's facts from its table exports (for the reconciliation)."""
    ledger, budget = ledger_files(Path(raw_dir) / str(year))
    if ledger is None:
        return None
    mappings = read_mappings(raw_dir, ledger)
    con = connect()
    try:
        source, files, checks = _read_sources(con, year, ledger, budget, mappings)
        mappings.register(con)
        agg.map_rows(con)
        printed = set(table_facts.loc[~table_facts["derived"].astype(bool), "table"])
        derived = [
            derive(con, source)
            for table, derive in (
                ("costs_by_cost_type", agg.derived_costs),
                ("result_by_business_area", agg.derived_result_by_area),
            )
            if table not in printed
        ]
        derived = [frame for frame in derived if not frame.empty]
        facts = pd.concat(derived, ignore_index=True) if derived else table_facts.iloc[0:0]
        findings = agg.unmapped(con, source) + agg.ledger_vs_table(con, source, table_facts)
        findings += checks
        monthly = agg.monthly(con, source)
        objects = agg.investment_objects(con)
    finally:
        con.close()
    files += [
        _record(year, raw.path.name, "mapping", raw.encoding, len(raw.rows), raw.path.stat().st_size, raw.sha256)
        for raw in mappings.files
    ]
    monthly.attrs["investment_objects"] = objects  # reaches the system exports' readers with the monthly rows
    monthly.attrs["ledger_source"] = source.name
    result = LedgerResult(monthly=monthly, facts=facts, findings=agg.findings_frame(findings), files=files)
    result.investment_objects = objects
    return result
