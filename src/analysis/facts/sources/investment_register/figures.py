"""What a year's investment register adds to the facts and the findings
(:mod:`.register` reads the files).

Facts (table ``investments``, ``derived=True`` with the formula in ``note``, section
:data:`~analysis.facts.catalog.REGISTER_SECTION`), per category (IT, MT), sub-row and Totalt:

- ``frame``: ``investeringsram.csv`` (Totalt = IT + MT);
- ``outcome_prior_decisions`` / ``outcome_current_decisions`` / ``outcome``: the sum of the
  projects' outcome decided before the report year / in it / both;
- ``percent`` = outcome / frame × 100 (categories and Totalt);
- ``behind_plan`` = Σ (plan − outcome) of the projects decided before the report year.

Findings: ``printed_vs_register`` (a printed ``investeringar.csv`` figure the register's
differs from beyond the printed rounding), ``register_vs_ledger`` (a project's ``Utfall år``
against the ledger's investment accounts for its object), ``ledger_without_project`` (money
on those accounts under an object no project has) and ``key_figure_vs_register`` (the
prose's backlog behind plan against the register's).
"""

from __future__ import annotations

import pandas as pd

from analysis.facts.catalog import REGISTER_SECTION
from analysis.facts.schema import FACT_COLUMNS, FINDING_COLUMNS, Interval, empty_facts, empty_findings, interval_of

MSEK = 1e6
#: the register's amounts are whole kronor (and öre): a difference of half a krona is rounding
TOLERANCE_KR = 0.5
TOTAL = "Totalt"
MEASURES = ("outcome_prior_decisions", "outcome_current_decisions", "outcome")
CATEGORIES = ("IT", "MT")
#: sub-row → category, in the printed order of ``investeringar.csv``
SUBROWS = {
    "Datacenter (nät och server)": "IT",
    "Skrivare": "IT",
    "Telefoni": "IT",
    "Video": "IT",
    "Tyst vårdmiljö": "IT",
    "Närsjukvården": "MT",
    "Länssjukvården": "MT",
}


def _lines(lines) -> str:
    """File lines as ranges: ``2–4, 7``."""
    out, run = [], []
    for line in sorted(int(x) for x in lines):
        if run and line == run[-1] + 1:
            run.append(line)
            continue
        if run:
            out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [line]
    if run:
        out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(out)


def _fact(year: int, item: str, parent: str, measure: str, value: float, source: str, note: str) -> dict:
    percent = measure == "percent"
    return {
        **dict.fromkeys(FACT_COLUMNS, ""),
        **{"year": year, "report_year": year, "domain": "investments", "table": "investments"},
        **{"item": item, "parent": parent, "measure": measure, "value": float(value)},
        **{"unit": "percent" if percent else "MSEK", "source": source, "derived": True, "note": note},
        **{"decimals": 1 if percent else 6, "sign_convention": "amount_positive"},
        # a percentage is the register's own result, not a figure of the export (checked as a table)
        "section": "" if percent else REGISTER_SECTION,
    }


def _group_facts(year: int, item: str, parent: str, group: pd.DataFrame, what: str, name: str) -> list[dict]:
    source = f"{name} (lines {_lines(group['line'])})" if len(group) else name
    parts = {
        "outcome_prior_decisions": (group[group["earlier_decision"]], f"decided before {year}"),
        "outcome_current_decisions": (group[~group["earlier_decision"]], f"decided in {year}"),
        "outcome": (group, "all"),
    }
    ledger = " (Utfall år, or the ledger's investment accounts for the project where empty)"
    rows = []
    for measure, (picked, when) in parts.items():
        note = f"derived: sum of the outcome of {len(picked)} projects of {what}, {when}{ledger}"
        rows.append(_fact(year, item, parent, measure, picked["outcome_kr"].sum() / MSEK, source, note))
    return rows


def register_facts(year: int, frame: dict[str, float], projects: pd.DataFrame, names: tuple[str, str]) -> pd.DataFrame:
    """The ``investments`` facts of the register (see the module); ``names``: the frame's
    and the register's ``<year>/<file>``."""
    frame_name, name = names
    rows = []
    for category in CATEGORIES:
        own = projects[projects["category"] == category]
        rows.append(_fact(year, category, "", "frame", frame[category] / MSEK, frame_name, "investeringsram.csv"))
        rows += _group_facts(year, category, "", own, category, name)
        for subrow in (s for s, c in SUBROWS.items() if c == category and (own["subrow"] == s).any()):
            rows += _group_facts(year, subrow, category, own[own["subrow"] == subrow], subrow, name)
    total = sum(frame.values()) / MSEK
    rows.append(_fact(year, TOTAL, "", "frame", total, frame_name, "derived: frame IT + frame MT"))
    rows += _group_facts(year, TOTAL, "", projects, "IT and MT", name)
    facts = pd.DataFrame(rows)
    out = [facts]
    for item in (*CATEGORIES, TOTAL):
        by = facts[(facts["item"] == item) & (facts["parent"] == "")].set_index("measure")
        frame_value, outcome = by.loc["frame", "value"], by.loc["outcome", "value"]
        if frame_value:
            note = "derived: outcome / frame × 100"
            source = f"{by.loc['outcome', 'source']}, {frame_name}"
            out.append(pd.DataFrame([_fact(year, item, "", "percent", outcome / frame_value * 100, source, note)]))
        earlier = projects[projects["earlier_decision"] & ((projects["category"] == item) | (item == TOTAL))]
        note = f"derived: sum of plan − outcome of the {len(earlier)} projects of {item} decided before {year}"
        source = f"{name} (lines {_lines(earlier['line'])})" if len(earlier) else name
        lag = earlier["behind_plan_kr"].sum() / MSEK
        out.append(pd.DataFrame([_fact(year, item, "", "behind_plan", lag, source, note)]))
    return pd.concat(out, ignore_index=True).astype(empty_facts().dtypes.to_dict())


def _finding(fact: dict, check: str, reported: float, recomputed: float, tolerance: float, source: str, message: str):
    return {
        **{"year": int(fact["year"]), "report_year": int(fact["report_year"]), "severity": "warning"},
        **{"check": check, "table": "investments", "item": fact["item"], "measure": fact["measure"]},
        **{"reported": float(reported), "recomputed": float(recomputed), "difference": float(reported - recomputed)},
        **{"tolerance": float(tolerance), "source": source, "message": message},
    }


def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def printed_vs_register(printed: pd.DataFrame, register: pd.DataFrame, year: int) -> list[dict]:
    """Each printed frame and outcome figure of ``investeringar.csv`` against the register's
    (0 for a sub-row without projects); a finding beyond the printed rounding."""
    ours = {(_norm(r["item"]), _norm(r["parent"]), r["measure"]): r for _, r in register.iterrows()}
    out = []
    for _, fact in printed.iterrows():
        key = (_norm(fact["item"]), _norm(fact["parent"]), fact["measure"])
        mine = ours.get(key)
        if mine is None and fact["measure"] in MEASURES and fact["item"] in SUBROWS:
            mine = {"value": 0.0, "source": "no project of this sub-row in the register"}
        if mine is None:
            continue
        reported = interval_of(fact)
        if reported.overlaps(Interval(mine["value"], mine["value"])):
            continue
        message = (
            f"printed {fact['original_value'] or fact['value']} {fact['original_unit'] or fact['unit']} "
            f"({fact['source']}); the register gives {mine['value']:.3f} MSEK"
        )
        source = f"{fact['source']}, {mine['source']}"
        tolerance = (reported.hi - reported.lo) / 2
        out.append(_finding(fact, "printed_vs_register", fact["value"], mine["value"], tolerance, source, message))
    return out


def register_vs_ledger(projects: pd.DataFrame, objects: dict, ledger_name: str) -> list[dict]:
    """A project's ``Utfall år`` against the ledger's investment accounts for its object."""
    if not objects:
        return []
    out = []
    given = projects[projects["outcome_register_kr"].notna()]
    for _, p in given.iterrows():
        ledger = float(p["outcome_ledger_kr"])
        if abs(p["outcome_register_kr"] - ledger) <= TOLERANCE_KR:
            continue
        fact = {"year": p["report_year"], "report_year": p["report_year"], "item": f"{p['project']} {p['name']}"}
        fact["measure"] = "outcome"
        message = (
            f"project {p['project']}: Utfall år {p['outcome_register_kr']:.0f} kr in the register, "
            f"{ledger:.0f} kr on the ledger's investment accounts for object {p['project']}"
        )
        source = f"{p['source']}, {ledger_name or 'ledger'}"
        reg, led = p["outcome_register_kr"] / MSEK, ledger / MSEK
        out.append(_finding(fact, "register_vs_ledger", reg, led, TOLERANCE_KR / MSEK, source, message))
    return out + ledger_without_project(projects, objects, ledger_name)


def ledger_without_project(projects: pd.DataFrame, objects: dict, ledger_name: str) -> list[dict]:
    """Money on the ledger's investment accounts under an object (or none) that no project of
    the register has: the register's outcome then lacks it (reported = the ledger's MSEK)."""
    if projects.empty:
        return []
    year = int(projects["report_year"].iloc[0])
    known = {str(p).strip() for p in projects["project"]}
    out = []
    for obj, (kr, rows) in sorted(objects.items()):
        if obj.strip() in known or abs(kr) <= TOLERANCE_KR:
            continue
        what = f"object {obj}" if obj.strip() else "no object"
        fact = {"year": year, "report_year": year, "item": obj.strip() or "–", "measure": "outcome"}
        message = (
            f"{kr:,.0f} kr in {rows} rows on the ledger's investment accounts under {what}, "
            "which no project of the register has"
        ).replace(",", " ")
        source = f"{ledger_name or 'ledger'}, {projects['source'].iloc[0].split(':')[0]}"
        out.append(_finding(fact, "ledger_without_project", kr / MSEK, 0.0, TOLERANCE_KR / MSEK, source, message))
    return out


def prose_vs_register(printed: pd.DataFrame, register: pd.DataFrame) -> list[dict]:
    """The prose's backlog behind plan (key figure ``behind_plan``) against the register's."""
    lag = register[register["measure"] == "behind_plan"]
    out = []
    for _, fact in printed.iterrows():
        mine = lag[lag["item"] == (fact["parent"] or TOTAL)]
        if mine.empty:
            continue
        value = float(mine["value"].iloc[0])
        reported = interval_of(fact)
        if reported.overlaps(Interval(value, value)):
            continue
        message = f"the text states {fact['value']:g} MSEK behind plan; the register gives {value:.1f} MSEK"
        source = f"{fact['source']}, {mine['source'].iloc[0]}"
        tolerance = (reported.hi - reported.lo) / 2
        out.append(_finding(fact, "key_figure_vs_register", fact["value"], value, tolerance, source, message))
    return out


def facts_and_findings(year, frame, projects, year_facts, objects, ledger_name) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The register's facts and its findings against the printed table, the prose and the ledger."""
    names = (f"{year}/investeringsram.csv", f"{year}/investeringsprojekt.csv")
    facts = register_facts(year, frame, projects, names)
    year_facts = empty_facts() if year_facts is None else year_facts
    mine = year_facts[(year_facts["report_year"] == year) & ~year_facts["derived"].astype(bool)]
    printed = mine[(mine["table"] == "investments") & mine["measure"].isin(("frame", *MEASURES))]
    prose = mine[
        (mine["table"] == "key_figures")
        & (mine["domain"] == "investments")
        & (mine["measure"] == "behind_plan")
        & (mine["unit"] == "MSEK")
    ]
    rows = printed_vs_register(printed, facts, year)
    rows += prose_vs_register(prose, facts) + register_vs_ledger(projects, objects, ledger_name)
    findings = pd.DataFrame(rows, columns=FINDING_COLUMNS) if rows else empty_findings()
    return facts, findings.astype(empty_findings().dtypes.to_dict())
