"""The staff figures of an HR export's rows (:mod:`.statistics`), pure: rows in, facts out.

Sick leave with SKR's definitions, per calendar year of the rows' months:

- a group's sick leave = its sick-leave hours / its ordinary hours × 100;
- short = (sick-leave hours − hours of 60 days or more) / ordinary hours × 100, long = hours
  of 60 days or more / ordinary hours × 100 (short + long = total, as the reports print them);
- the long-term share = hours of 60 days or more / sick-leave hours × 100.

**Disclosure.** A group's size is the mean over the year's months of its employees at month
end (tillsvidare + visstid; a month without rows for the group counts 0). No sick-leave
figure is given for a group of :data:`MAX_WITHHELD` employees or fewer (the law on
municipal accounting): the fact has no value (NaN), ``original_value`` "–" and ``comment``
``withheld``. A group shown beside a withheld one is withheld too (``withheld_complement``)
only where the total and the figures shown would otherwise give the withheld figure away,
as :mod:`.recompute` computes it (no output shows a group's hours or head count, so
normally they cannot). Group sizes and hours never become facts.

Staff: full-time equivalents (worked hours / the month's full-time hours, mean over the
months), employees at the year's last month end, extra time (sum), turnover of permanent
staff (departures / the mean of the month-end counts × 100).
"""

from __future__ import annotations

import pandas as pd

from analysis.facts.catalog import HR_SECTION
from analysis.facts.sources.hr.recompute import complements

#: Groups of this many employees or fewer get no sick-leave figure (the law on municipal
#: reporting of sick leave); the presentation (:mod:`analysis.presentation.disclosure`) and the
#: staff chapter show the same rule.
MAX_WITHHELD = 10
WITHHELD, COMPLEMENT = "withheld", "withheld_complement"
#: The decimals the staff chapter shows a sick-leave figure with: a reader compares the
#: figures at that precision (:mod:`.recompute`).
SHOWN_DECIMALS = 2

SEXES = {"K": "Kvinnor", "M": "Män"}
AGE_GROUPS = ("29 år eller yngre", "30–49 år", "50 år eller äldre")
#: The breakdowns of sick leave: table id -> column of the rows it groups by.
BREAKDOWNS = {"sick_leave_by_sex": "sex", "sick_leave_by_age": "age_group", "sick_leave_by_unit": "unit"}
TOTAL, SHORT, LONG = "Totalt", "Kort", "Lång"
LONG_SHARE = "Andel långtidssjukfrånvaro"
FTE, EMPLOYEES, PERMANENT_MEAN, DEPARTURES = "Årsarbetare", "Anställda", "Anställda tillsvidare, medeltal", "Avgångar"
TURNOVER, EXTRA_TIME = "Personalomsättning", "Extratid"
STAFF_TABLE, KEY_FIGURES = "hr_figures", "key_figures"
#: The facts tables of the sick-leave figures the export gives (the staff chapter shows them).
SICK_LEAVE_TABLES = ("sick_leave", *BREAKDOWNS, STAFF_TABLE)
#: The export's header of each hours column (for the formulas).
H = {
    "ordinary_hours": "Ordinarie arbetstid (h)",
    "sick_hours": "Sjukfrånvaro (h)",
    "sick_long_hours": "Sjukfrånvaro 60 dagar eller mer (h)",
    "worked_hours": "Arbetad tid (h)",
    "extra_hours": "Extratid (h)",
    "fulltime_hours": "Heltid (h)",
}


def group_size(rows: pd.DataFrame, months: list[int]) -> float:
    """The mean over ``months`` of the rows' employees at month end."""
    heads = (rows["permanent"] + rows["temporary"]).groupby(rows["month"]).sum()
    return float(sum(heads.get(m, 0) for m in months)) / len(months)


def sick_groups(rows: pd.DataFrame, by: str, months: list[int], total: float | None = None) -> pd.DataFrame:
    """One row per group of ``by`` (in the contract's order): its sick leave in percent and
    its disclosure (``shown``, ``withheld``, ``withheld_complement``) beside the published
    ``total`` (None: withheld)."""
    order = list(SEXES) if by == "sex" else list(AGE_GROUPS) if by == "age_group" else sorted(rows[by].unique())
    found = [g for g in order if (rows[by] == g).any()]
    frame = pd.DataFrame(
        [
            {
                "group": g,
                "percent": _share(part["sick_hours"].sum(), part["ordinary_hours"].sum()),
                "size": group_size(part, months),
            }
            for g in found
            for part in [rows[rows[by] == g]]
        ],
        columns=["group", "percent", "size"],
    )
    return suppress(frame, total)


def suppress(frame: pd.DataFrame, total: float | None = None, total_withheld: bool = False) -> pd.DataFrame:
    """``frame`` (group, percent, size) with ``disclosure`` and ``percent`` NaN where
    withheld: the groups of :data:`MAX_WITHHELD` or fewer, and the complements that
    :func:`.recompute.complements` finds beside the published ``total`` (None: not published)."""
    states = [WITHHELD if total_withheld or s <= MAX_WITHHELD else "shown" for s in frame["size"]]
    figures = [None if s != "shown" else float(p) for s, p in zip(states, frame["percent"])]
    for i in complements(None if total_withheld else total, figures, frame["size"].tolist(), SHOWN_DECIMALS):
        states[i] = COMPLEMENT
    out = frame.assign(disclosure=states)
    out["percent"] = out["percent"].where(out["disclosure"] == "shown")
    return out


def _share(part: float, whole: float) -> float:
    return float(part) / float(whole) * 100 if whole else float("nan")


def fte_by_month(rows: pd.DataFrame) -> pd.Series:
    """Full-time equivalents per month (``year * 100 + month``): worked hours / full-time hours."""
    period = rows["year"] * 100 + rows["month"]
    worked = rows["worked_hours"].groupby(period).sum()
    fulltime = rows["fulltime_hours"].groupby(period).first()
    return worked / fulltime


def year_facts(rows: pd.DataFrame, report_year: int, source: str, synthetic: bool = False) -> list[dict]:
    """Every fact of one calendar year's rows (all rows of one ``year``)."""
    year = int(rows["year"].iloc[0])
    months = sorted(int(m) for m in rows["month"].unique())
    span = f"{year}{months[0]:02d}–{year}{months[-1]:02d}, {len(months)} mån."
    fact = _maker(year, report_year, source, span, synthetic)
    size = group_size(rows, months)
    total_withheld = size <= MAX_WITHHELD
    ordinary, sick, long = (float(rows[c].sum()) for c in ("ordinary_hours", "sick_hours", "sick_long_hours"))
    own = lambda value: float("nan") if total_withheld else value
    ratio = f"{H['sick_hours']} / {H['ordinary_hours']} × 100"
    out = [
        fact("sick_leave", SHORT, own(_share(sick - long, ordinary)), "percent", "%", _withheld(total_withheld),
             f"({H['sick_hours']} − {H['sick_long_hours']}) / {H['ordinary_hours']} × 100"),
        fact("sick_leave", LONG, own(_share(long, ordinary)), "percent", "%", _withheld(total_withheld),
             f"{H['sick_long_hours']} / {H['ordinary_hours']} × 100"),
        fact("sick_leave", TOTAL, own(_share(sick, ordinary)), "percent", "%", _withheld(total_withheld), ratio),
        fact(STAFF_TABLE, LONG_SHARE, own(_share(long, sick)), "percent", "%", _withheld(total_withheld),
             f"{H['sick_long_hours']} / {H['sick_hours']} × 100"),
    ]  # fmt: skip
    for table, by in BREAKDOWNS.items():
        groups = sick_groups(rows, by, months, own(_share(sick, ordinary)))
        if total_withheld:
            groups = suppress(groups.assign(percent=float("nan")), total_withheld=True)
        for _, g in groups.iterrows():
            label = SEXES.get(g["group"], g["group"])
            state = "" if g["disclosure"] == "shown" else g["disclosure"]
            out.append(fact(table, label, g["percent"], "percent", "%", state, f"{ratio}, {label}"))
    return out + _staff(rows, months, fact)


def _withheld(flag: bool) -> str:
    return WITHHELD if flag else ""


def _staff(rows: pd.DataFrame, months: list[int], fact) -> list[dict]:
    """Full-time equivalents, employees, extra time, departures and turnover of the year."""
    fte = fte_by_month(rows)
    last = rows[rows["month"] == months[-1]]
    permanent = rows["permanent"].groupby(rows["month"]).sum()
    mean_permanent = float(sum(permanent.get(m, 0) for m in months)) / len(months)
    departures = float(rows["departures"].sum())
    return [
        fact(STAFF_TABLE, FTE, float(fte.mean()), "count", "st", "",
             f"{H['worked_hours']} / {H['fulltime_hours']} per månad, medelvärde av månaderna"),
        fact(STAFF_TABLE, EMPLOYEES, float((last["permanent"] + last["temporary"]).sum()), "count", "st", "",
             f"Anställda tillsvidare + Anställda visstid, {months[-1]:02d}"),
        fact(STAFF_TABLE, PERMANENT_MEAN, mean_permanent, "count", "st", "",
             "Anställda tillsvidare, medelvärde av månadsskiftena"),
        fact(STAFF_TABLE, DEPARTURES, departures, "count", "st", "", "summa Avgångar tillsvidare"),
        fact(KEY_FIGURES, TURNOVER, _share(departures, mean_permanent), "percent", "%", "",
             "Avgångar tillsvidare / Anställda tillsvidare (medeltal) × 100"),
        fact(KEY_FIGURES, EXTRA_TIME, float(rows["extra_hours"].sum()), "hours", "h", "", f"summa {H['extra_hours']}"),
    ]  # fmt: skip


def _maker(year: int, report_year: int, source: str, span: str, synthetic: bool):
    example = " (exempeldata)" if synthetic else ""

    def fact(table, item, value, unit, original_unit, comment, formula) -> dict:
        return {
            **{"year": year, "report_year": report_year, "domain": "staff", "table": table, "item": item},
            **{"parent": "", "measure": "percent" if unit == "percent" else unit, "value": value, "unit": unit},
            **{"source": source, "derived": True, "note": f"derived: {formula} ({span}){example}"},
            **{"original_value": "–" if comment else "", "original_unit": original_unit, "decimals": 6},
            **{"sign_convention": "amount_positive", "section": HR_SECTION, "reconcile": "", "comment": comment},
        }

    return fact
