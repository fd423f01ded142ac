"""A period's figures to date (issue 26): the outcome of months 1–N equals an independent sum of
the ledger's rows, to the öre, for SIE and CSV; the budget to date from ``#PBUDGET``, a budget
CSV and a yearly budget; the rows after the period left out and counted; a printed-only year
and a month past the ledger's end refused with one line.

The ledgers are the SYNTHETIC example ledgers (``analysis.examples``), written to tmp; the
independent sums read the raw files line by line here, not with the project's readers.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from analysis.chapters import ledger_months as monthly
from analysis.chapters.period import to_date
from analysis.examples import write_example_ledger
from analysis.facts.period_check import PeriodError, check
from analysis.facts.pipeline import clean, load_monthly
from analysis.periods import Period

from conftest import SHIPPED_RAW

TRANS = re.compile(r"#TRANS (\d{4}) \{[^}]*\} (-?\d+\.\d\d) (\d{8})")
PBUDGET = re.compile(r"#PBUDGET 0 (\d{6}) (\d{4}) \{[^}]*\} (-?\d+\.\d\d)$")
COST_TYPES = set(monthly.COST_TYPES)


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("period-example")
    write_example_ledger(out, [2018, 2019], 4000, seed=5, tables_from=SHIPPED_RAW)
    return out


def _ranges(raw: Path) -> list[tuple[int, int, str]]:
    lines = (raw / "kontoplan.csv").read_text(encoding="cp1252").splitlines()[1:]
    return [(int(lo), int(hi), kind) for lo, hi, kind in (line.split(";") for line in lines if line)]


def _kind(account: int, ranges) -> str | None:
    return next((kind for lo, hi, kind in ranges if lo <= account <= hi), None)


def _sie_lines(raw: Path, year: int) -> list[str]:
    return (raw / str(year) / "huvudbok.se").read_bytes().decode("cp437").splitlines()


def independent_sie(raw: Path, year: int, month: int) -> dict:
    """Cost outcome and budget of months 1..month, and the rows after it, from the SIE file."""
    ranges = _ranges(raw)
    outcome, budget, later_rows, later_sum = Decimal(0), Decimal(0), 0, Decimal(0)
    for line in _sie_lines(raw, year):
        found = TRANS.match(line.strip())
        if found:
            account, amount, date = int(found.group(1)), Decimal(found.group(2)), found.group(3)
            kind = _kind(account, ranges)
            mapped = kind is not None or not 1000 <= account <= 2999
            if int(date[4:6]) > month and mapped:
                later_rows += 1
                later_sum += amount
            elif kind in COST_TYPES:
                outcome += amount
            continue
        found = PBUDGET.match(line.strip())
        if found and int(found.group(1)[4:]) <= month and _kind(int(found.group(2)), ranges) in COST_TYPES:
            budget += Decimal(found.group(3))
    return {"outcome": outcome, "budget": budget, "later_rows": later_rows, "later_sum": later_sum}


def independent_csv(raw: Path, year: int, month: int) -> dict:
    ranges = _ranges(raw)
    sums = {}
    for name in ("huvudbok.csv", "budget.csv"):
        frame = pd.read_csv(raw / str(year) / name, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
        frame = frame[frame["Period"].str[4:].astype(int) <= month]
        kinds = frame["Konto"].astype(int).map(lambda a: _kind(a, ranges))
        amounts = frame.loc[kinds.isin(COST_TYPES), "Belopp"].str.replace(",", ".")
        sums[name] = sum((Decimal(v) for v in amounts), Decimal(0))
    return {"outcome": sums["huvudbok.csv"], "budget": sums["budget.csv"]}


def _monthly(raw: Path, processed: Path) -> pd.DataFrame:
    clean([2018, 2019], raw_dir=raw, processed_dir=processed)
    return load_monthly([2019], processed, raw)


@pytest.mark.parametrize("month", [4, 8])
def test_sie_outcome_and_budget_to_date_equal_the_files_own_rows_to_the_ore(example, tmp_path, month):
    raw = example / "sie"
    rows = to_date.year_rows(_monthly(raw, tmp_path), 2019, monthly.COST_TYPES)
    period = Period(2019, month)
    figures = to_date.group_table(rows, None, None, period).iloc[0]
    expected = independent_sie(raw, 2019, month)
    assert round(figures["outcome"] * 1e6, 2) == float(expected["outcome"])
    assert to_date.budget_basis(rows) == to_date.MONTHLY  # #PBUDGET has every month
    assert round(figures["budget_to_date"] * 1e6, 2) == float(expected["budget"])
    assert figures["deviation"] == pytest.approx(figures["budget_to_date"] - figures["outcome"], abs=1e-9)


def test_csv_outcome_and_budget_to_date_equal_the_files_own_rows_to_the_ore(example, tmp_path):
    raw = example / "csv"
    rows = to_date.year_rows(_monthly(raw, tmp_path), 2019, monthly.COST_TYPES)
    figures = to_date.group_table(rows, None, None, Period(2019, 8)).iloc[0]
    expected = independent_csv(raw, 2019, 8)
    assert round(figures["outcome"] * 1e6, 2) == float(expected["outcome"])
    assert round(figures["budget_to_date"] * 1e6, 2) == float(expected["budget"])


def test_rows_after_the_period_are_left_out_and_counted(example, tmp_path):
    raw = example / "sie"
    ledger = _monthly(raw, tmp_path)
    period = Period(2019, 8)
    later = to_date.left_out(to_date.year_rows(ledger, 2019), period)
    expected = independent_sie(raw, 2019, 8)
    assert later.rows == expected["later_rows"] > 0
    assert round(later.outcome * 1e6, 2) == float(expected["later_sum"])
    assert later.months == (9, 10, 11, 12)
    assert to_date.to_date(ledger, period)["month"].max() == 8


def test_a_yearly_budget_is_spread_as_twelfths():
    rows = pd.DataFrame(
        {
            "month": [1, 2, 3, 4, 5],
            "outcome": [10.0, 11.0, 9.0, 10.0, 12.0],
            "budget": [120.0, 0.0, 0.0, 0.0, 0.0],  # the year's budget booked in January
            "cost_type": "Övriga kostnader",
            "outcome_rows": 1,
        }
    )
    assert to_date.budget_basis(rows) == to_date.YEARLY
    assert to_date.budget_to_date(rows, Period(2019, 4)) == pytest.approx(120.0 * 4 / 12)
    figures = to_date.group_table(rows, None, None, Period(2019, 4)).iloc[0]
    assert figures["outcome"] == pytest.approx(40.0)
    assert figures["deviation"] == pytest.approx(0.0)
    assert figures["budget_year"] == pytest.approx(120.0)


def test_the_same_months_of_the_previous_year_never_its_whole_year():
    def rows(values):
        return pd.DataFrame(
            {"month": range(1, 13), "outcome": values, "budget": 0.0, "cost_type": "x", "outcome_rows": 1}
        )

    this, before = rows([2.0] * 12), rows([1.0] * 11 + [50.0])
    figures = to_date.group_table(this, before, None, Period(2020, 8)).iloc[0]
    assert figures["previous"] == pytest.approx(8.0)  # months 1–8, not the year's 61
    assert figures["change_pct"] == pytest.approx(100.0)


def test_a_year_with_printed_tables_only_is_refused_in_one_line(tmp_path):
    with pytest.raises(PeriodError, match=r"^2019: a period report needs a ledger .* printed tables only$"):
        check([Period(2019, 8)], SHIPPED_RAW, tmp_path)


def test_a_month_past_the_ledgers_last_is_refused_naming_its_months(example, tmp_path):
    raw = tmp_path / "raw"
    import shutil

    shutil.copytree(example / "sie", raw)
    lines, keep, skipping = _sie_lines(raw, 2019), [], False
    for line in lines:  # the vouchers of September on dropped: a ledger exported in September
        if line.startswith("#VER"):
            skipping = int(line.split()[3][4:6]) > 8
        if not skipping and not (line.startswith("#PSALDO") and int(line.split()[2][4:]) > 8):
            keep.append(line)
        if line.strip() == "}":
            skipping = False
    (raw / "2019" / "huvudbok.se").write_bytes(("\r\n".join(keep) + "\r\n").encode("cp437"))
    check([Period(2019, 8)], raw, tmp_path / "processed")  # the ledger has months 1–8 of outcome
    with pytest.raises(PeriodError, match=r"^2019: no period report per month 9: the ledger has months 1–8"):
        check([Period(2019, 9)], raw, tmp_path / "processed")
