"""A SYNTHETIC example of the HR system's statistics export ``<year>/personal.csv`` (issue 19).

Every row is invented and says so: each ``Enhet`` starts with ``Exempeldata`` (the reader
marks the rows ``synthetic`` and the chapters show the "Exempeldata" banner). Only the
totals are the 2019 report's figures, for whichever year it is written for:

- sick leave (``data/raw/2019/sjukfranvaro.csv``, ``sjukfranvaro_per_kon.csv``): total
  4,0 %, short 2,2 %, long 1,8 %, women 2,44 %, men 4,67 %, exactly: ordinary hours
  women 100 500 h and men 234 000 h, sick-leave hours 2 452,20 h and 10 927,80 h
  (13 380 h = 4,0 % of 334 500 h), of which 60 days or more 6 021 h (1,8 %);
- turnover 13 % (``nyckeltal.csv``): 26 departures of permanent staff, 200 permanent
  employees at every month end.

Drawn from the seed: the split over units, age groups and months, the temporary staff,
the worked hours (a July with the holidays) and the extra time. Hours have two decimals
(integers of 1/100 h here, so the totals are exact). One unit has 6 to 12 employees, so the page
shows the disclosure rule at work.
"""

from __future__ import annotations

import calendar
from pathlib import Path

import numpy as np

from analysis import paths
from analysis.exceptions import AnalysisError
from analysis.facts.sources.hr.staff_figures import AGE_GROUPS
from analysis.facts.sources.hr.statistics import EXAMPLE_MARK, FILE, HEADER

#: Units (the 2017 report's business areas) and their permanent staff by sex (K, M).
UNITS = {
    "08 Divisionsgem Länsteknik": (4, 2),
    "09 Kompetenscentrum": (16, 20),
    "15 Medicinsk Teknik": (14, 38),
    "17 Infrastruktur och drift": (17, 53),
    "18 Teknikakuten": (11, 25),
}
#: The 2019 figures the totals reproduce, in 1/100 h (see the module).
ORDINARY = {"K": 10_050_000, "M": 23_400_000}
SICK = {"K": 245_220, "M": 1_092_780}
LONG = 602_100
DEPARTURES, PERMANENT = 26, 200
EXTRA_TIME = 214_300
AGE_SHARES = (0.15, 0.5, 0.35)
AGE_SICK = (0.7, 0.9, 1.4)
HOLIDAY = {6: 0.8, 7: 0.45, 8: 0.8, 12: 0.9}


def _split(total: int, weights, rng=None) -> np.ndarray:
    """``total`` split in proportion to ``weights`` as integers that sum to it exactly."""
    weights = np.asarray(weights, dtype=float)
    raw = total * weights / weights.sum()
    out = np.floor(raw).astype(np.int64)
    order = np.argsort(-(raw - out), kind="stable")
    out[order[: total - int(out.sum())]] += 1
    return out


def _cells(rng) -> list[dict]:
    """Permanent staff per unit, sex and age group (200 in all)."""
    cells = []
    for unit, by_sex in UNITS.items():
        for sex, count in zip("KM", by_sex):
            for age, n in zip(AGE_GROUPS, _split(count, np.asarray(AGE_SHARES) * rng.uniform(0.7, 1.3, 3))):
                cells.append({"unit": f"{EXAMPLE_MARK} {unit}", "sex": sex, "age_group": age, "permanent": int(n)})
    assert sum(c["permanent"] for c in cells) == PERMANENT
    return cells


def _fulltime(year: int, month: int) -> int:
    """A full-time employee's hours in the month (weekdays × 8 h), in 1/100 h."""
    days = calendar.monthcalendar(year, month)
    return sum(1 for week in days for d in week[:5] if d) * 800


def example_rows(year: int, seed: int = 2019) -> list[dict]:
    """The rows of the example export for ``year`` (hours in 1/100 h)."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, year, 19]))
    cells = _cells(rng)
    rows = [{**c, "month": m, "temporary": int(rng.integers(0, 2))} for m in range(1, 13) for c in cells]
    heads = np.array([r["permanent"] + r["temporary"] for r in rows], dtype=float)
    fulltime = np.array([_fulltime(year, r["month"]) for r in rows], dtype=float)
    ages = np.array([AGE_SICK[AGE_GROUPS.index(r["age_group"])] for r in rows])
    sick_weight = ages * rng.uniform(0.3, 1.7, len(rows))
    ordinary, sick = np.zeros(len(rows), np.int64), np.zeros(len(rows), np.int64)
    for sex in "KM":
        mask = np.array([r["sex"] == sex for r in rows])
        ordinary[mask] = _split(ORDINARY[sex], heads[mask] * fulltime[mask] * rng.uniform(0.85, 1.0, mask.sum()))
        sick[mask] = _split(SICK[sex], ordinary[mask] * sick_weight[mask])
    long = np.minimum(_split(LONG, sick * rng.uniform(0.3, 1.0, len(rows))), sick)
    long[np.argmax(sick - long)] += LONG - int(long.sum())
    holiday = np.array([HOLIDAY.get(r["month"], 0.97) for r in rows])
    extra = _split(EXTRA_TIME, heads * rng.uniform(0.0, 2.0, len(rows)))
    worked = np.round((ordinary - sick) * holiday).astype(np.int64) + extra
    departures = _split(DEPARTURES, [r["permanent"] * rng.uniform(0, 1) for r in rows])
    for i, r in enumerate(rows):
        r.update(ordinary=int(ordinary[i]), sick=int(sick[i]), long=int(long[i]), worked=int(worked[i]))
        r.update(extra=int(extra[i]), fulltime=int(fulltime[i]), departures=int(departures[i]))
    return rows


def _hours(value: int) -> str:
    return f"{value // 100},{value % 100:02d}"


def render(rows: list[dict], year: int) -> str:
    """The file's text: header and rows, ``;``, decimal comma, CR LF."""
    lines = [";".join(HEADER)]
    for r in (r for r in rows if r["permanent"] + r["temporary"] > 0):  # no row for an empty group
        cells = [f"{year}{r['month']:02d}", r["unit"], r["sex"], r["age_group"], str(r["permanent"])]
        cells += [str(r["temporary"]), *(_hours(r[k]) for k in ("ordinary", "sick", "long", "worked", "extra"))]
        cells += [_hours(r["fulltime"]), str(r["departures"])]
        lines.append(";".join(cells))
    return "\r\n".join(lines) + "\r\n"


def write_example_hr(
    folder: Path | str, year: int, seed: int = 2019, encoding: str = "cp1252", force: bool = False
) -> Path:
    """Write ``folder/<year>/personal.csv`` (``folder`` a raw folder: the year folders beside
    it, such as copies of the shipped ones, may be anything) and return its path. Refused
    (:class:`AnalysisError`, nothing written) inside ``data/raw``, for a year not of four
    digits, an unknown encoding, or over an existing export unless ``force``."""
    target = Path(folder).resolve() / str(int(year)) / FILE
    raw = paths.raw_dir().resolve()
    if target.is_relative_to(raw):
        raise AnalysisError(f"{folder}: refusing to write example data into the raw data folder {raw}")
    if not 1000 <= int(year) <= 9999 or encoding not in ("cp1252", "utf-8"):
        raise AnalysisError(f"year {year} / encoding {encoding}: a four-digit year, and cp1252 or utf-8")
    if target.exists() and not force:
        raise AnalysisError(f"{target}: exists; --force replaces it")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(render(example_rows(int(year), seed), int(year)).encode(encoding))
    return target
