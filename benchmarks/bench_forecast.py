"""Benchmark: back-test of the full-year forecast, the mean per month against the previous
year's monthly profile. Not a test.

Run with ``make bench-forecast`` (or ``.venv/bin/python benchmarks/bench_forecast.py``). In a
temporary folder it writes the SYNTHETIC example ledgers of ``python -m analysis
example-ledger`` (2018 and 2019, ``--rows`` rows a year, one pair of years per ``--seeds``
seed; docs/ledger.md, "Example data"; never under data/raw) and cleans each with
``analysis.facts.pipeline.clean`` / ``load_monthly`` (raw and processed folders in the
temporary folder), plus every year of ``data/raw`` with a ledger (cleaned into the
temporary folder too; ``data/processed`` is not touched).

A series is a column of the monthly table summed per month: each of the five cost types
(``analysis.facts.sources.ledger.mapping.COST_TYPES``), and each business area over the
cost types both years book (2018's example ledger has only MT service och underhåll, so
that is what the areas hold there). A series of year Y is back-tested when Y − 1 has all
12 months (its profile, ``analysis.presentation.profile_forecast.shares``) and Y has all 12
(its actual total): at each cut-off month 3–11 it is forecast with ``"mean"`` (today's
model, ``analysis.presentation.forecast.full_year``) and with ``"profile"``
(``full_year_profile``) and compared with Y's total. The table gives per model and group
(MT service och underhåll alone, the other cost types, the business areas, every series;
a group without a case is left out) the cases, the mean absolute error in MSEK
and in % of the actual (the mean of each case's |forecast − actual| / actual), and the
share of cases whose 95 % interval held the actual.

The example generator books each kind of cost with the same monthly shape every year and
every seed (only a 4 % noise differs), so its years share their profile by construction:
the figures show that the model does what it says on such data, not how it fares on a
real ledger; the cases of one series at consecutive cut-off months, and of two seeds, are
far from independent.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.examples import write_example_ledger
from analysis.facts.pipeline import clean, load_monthly
from analysis.facts.sources.ledger.files import is_ledger_file
from analysis.facts.sources.ledger.mapping import COST_TYPES, MT_SERVICE
from analysis.facts.sources.yearfolders import available_years
from analysis.presentation import forecast as model
from analysis.presentation import profile_forecast as pf

CUTOFFS = range(3, 12)
MSEK = "MSEK"


def example_monthly(work: Path, seed: int, rows: int) -> pd.DataFrame:
    """The cleaned monthly table of a SYNTHETIC example pair of years (2018, 2019)."""
    out = work / f"example-{seed}"
    write_example_ledger(out, [2018, 2019], rows=rows, seed=seed, tables_from=None)
    clean(raw_dir=out / "sie", processed_dir=out / "processed")
    return load_monthly(processed_dir=out / "processed", raw_dir=out / "sie")


def ledger_years(raw: Path) -> list[int]:
    """The years of ``raw`` whose folder holds a ledger export."""
    return [y for y in available_years(raw) if any(is_ledger_file(p) for p in (raw / str(y)).iterdir())]


def real_monthly(work: Path) -> tuple[pd.DataFrame, list[int]]:
    """The monthly table of the years in data/raw with a ledger (cleaned into ``work``)."""
    raw = paths.raw_dir()
    years = ledger_years(raw)
    if not years:
        return pd.DataFrame(), years
    clean(years=years, raw_dir=raw, processed_dir=work / "real-processed")
    return load_monthly(years, processed_dir=work / "real-processed", raw_dir=raw), years


def _by_month(rows: pd.DataFrame) -> pd.Series:
    return rows.groupby("month")["outcome"].sum()


def series(monthly: pd.DataFrame, data: str):
    """(data, group, name, year, previous year's months, this year's months) of every series
    with a previous year on file; both as outcome per month."""
    years = sorted(int(y) for y in monthly["report_year"].unique())
    for year in (y for y in years if y - 1 in years):
        now, before = (monthly[monthly["report_year"] == y] for y in (year, year - 1))
        for cost_type in COST_TYPES:
            a, b = (f[f["cost_type"] == cost_type] for f in (now, before))
            if len(a) and len(b):
                group = MT_SERVICE if cost_type == MT_SERVICE else "cost type"
                yield data, group, cost_type, year, _by_month(b), _by_month(a)
        shared = set(now["cost_type"]) & set(before["cost_type"]) & set(COST_TYPES)
        for area in sorted(set(now["business_area"]) & set(before["business_area"])):
            a, b = (f[(f["business_area"] == area) & f["cost_type"].isin(shared)] for f in (now, before))
            if len(a) and len(b):
                yield data, "business area", f"{area} ({', '.join(sorted(shared))})", year, _by_month(b), _by_month(a)


def backtest(cases) -> tuple[pd.DataFrame, list[str]]:
    """One row per (series, cut-off, model): error and whether the interval held the actual;
    and the series left out (the reason)."""
    rows, skipped = [], []
    for data, group, name, year, before, now in cases:
        profile = pf.shares(before.index, before.to_numpy())
        complete = set(now.index) == set(range(1, 13))
        if profile is None or not complete:
            why = "no full previous year" if profile is None else "not all 12 months"
            skipped.append(f"{data} {year} {name}: {why}")
            continue
        actual = float(now.sum())
        for cutoff in CUTOFFS:
            fitted = {
                "mean": model.full_year(now.index, now.to_numpy(), cutoff, method="mean"),
                "profile": pf.full_year_profile(now.index, now.to_numpy(), cutoff, profile),
            }
            for method, fc in fitted.items():
                if fc is None:
                    continue
                error = fc.forecast - actual
                rows.append(
                    {"data": data, "group": group, "series": name, "year": year, "cutoff": cutoff, "model": method}
                    | {"actual": actual, "error": error, "within": model.within(fc, actual)}
                )
    return pd.DataFrame(rows), skipped


def summary(results: pd.DataFrame) -> pd.DataFrame:
    """Per group (MT alone, the other cost types, the business areas, every series) and model:
    cases, MAE, MAE in %, interval coverage."""
    groups = [g for g in (MT_SERVICE, "cost type", "business area") if (results["group"] == g).any()]
    parts = [(g, results[results["group"] == g]) for g in groups] + [("every series", results)]
    out = []
    for label, part in parts:
        for method, rows in part.groupby("model", sort=False):
            out.append(
                {
                    "series": label,
                    "model": method,
                    "cases": len(rows),
                    f"MAE {MSEK}": rows["error"].abs().mean(),
                    "MAE % of actual": (rows["error"].abs() / rows["actual"].abs() * 100).mean(),
                    "95 % interval held": f"{rows['within'].mean() * 100:.0f} %",
                }
            )
    return pd.DataFrame(out)


def by_cutoff(results: pd.DataFrame) -> pd.DataFrame:
    """MAE in % of the actual per cut-off month and model (every series)."""
    pct = results.assign(pct=results["error"].abs() / results["actual"].abs() * 100)
    return pct.pivot_table(index="model", columns="cutoff", values="pct", aggfunc="mean").round(1)


def main(argv: list[str] | None = None) -> int:
    """Generate and clean the example data, back-test, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000, help="example ledger rows a year (default 20 000)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[2019, 7], help="one example pair per seed")
    args = parser.parse_args(argv)
    logging.disable(logging.INFO)  # the cleaning logs every finding
    started = time.perf_counter()
    cases = []
    with tempfile.TemporaryDirectory(prefix="bench-forecast-") as tmp:
        for seed in args.seeds:
            label = f"SYNTHETIC example, seed {seed}"
            cases += list(series(example_monthly(Path(tmp), seed, args.rows), label))
        real, years = real_monthly(Path(tmp))
        if not years:
            print("data/raw: no year has a ledger (huvudbok.csv or SIE) today; only synthetic example data is used")
        else:
            print(f"data/raw: ledger years {', '.join(map(str, years))}")
            cases += list(series(real, "data/raw"))
    results, skipped = backtest(cases)
    seeds = ", ".join(map(str, args.seeds))
    print(f"SYNTHETIC example data: python -m analysis example-ledger --year 2018 --year 2019 --rows {args.rows}")
    print(f"with the seeds {seeds} (one pair of years each); business areas over the cost types both years book")
    if len(results):
        pairs = ", ".join(f"{y - 1} → {y}" for y in sorted(results["year"].unique()))
        named = results[["data", "series", "year"]].drop_duplicates()
        print(f"back-tested: {len(named)} series ({pairs}) × cut-off months 3–11")
    for line in skipped:
        print(f"  left out: {line}")
    if results.empty:
        print("no series with a previous year of 12 months: nothing to back-test")
        return 1
    print()
    print(summary(results).to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    print()
    print("MAE % of actual by cut-off month (every series):")
    print(by_cutoff(results).to_string())
    print(f"\n{time.perf_counter() - started:.1f} s; the example years share their monthly shape by construction")
    return 0


if __name__ == "__main__":
    sys.exit(main())
