"""The synthetic example ledgers (``python -m analysis example-ledger``): the reports' totals
to the öre in both formats, balanced vouchers, exact row counts, the example-data markers,
the encodings, seed reproducibility, the copies of the table exports and every refusal.

The files are checked with parsers written here (pandas on the CSVs, a line-by-line reading
of the SIE file), independent of the project's ledger readers.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.examples import write_example_ledger
from analysis.examples.figures import INVESTMENT_PARENT, MNKR, MT, YEAR_2018, YEAR_2019
from analysis.exceptions import AnalysisError
from analysis.facts.sources.ledger.mapping import COST_TYPES

from conftest import SHIPPED_RAW, copy_shipped_raw, snapshot

ROWS = 6000
SEED = 11
TRANS = re.compile(r'#TRANS (\d{4}) \{([^}]*)\} (-?\d+)\.(\d\d) (\d{8}) "(Exempeldata [^"]*)"$')
PBUDGET = re.compile(r"#PBUDGET 0 (\d{6}) (\d{4}) \{([^}]*)\} (-?\d+)\.(\d\d)$")
DIMS = re.compile(r'(\d+) "([^"]*)"')
COLUMNS = ["period", "account", "ansvar", "activity", "object", "ore"]


def generate(out: Path, years=(2018, 2019), rows=ROWS, seed=SEED, **options) -> list[Path]:
    """The generator with the shipped tables as source (only read)."""
    return write_example_ledger(out, list(years), rows, seed=seed, **{"tables_from": SHIPPED_RAW, **options})


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    """One example (2018 and 2019, 6 000 rows a year), read-only for the tests."""
    out = tmp_path_factory.mktemp("example")
    generate(out)
    return out


# --- independent readers ------------------------------------------------------------------------


def read_csv(path: Path, encoding: str = "cp1252") -> pd.DataFrame:
    """A semicolon CSV as text; ``Belopp`` (always two decimals) also as integer öre."""
    frame = pd.read_csv(path, sep=";", encoding=encoding, dtype=str, keep_default_na=False)
    if "Belopp" in frame:
        assert frame["Belopp"].str.fullmatch(r"-?\d+,\d\d").all()
        frame["ore"] = frame["Belopp"].str.replace(",", "", regex=False).astype("int64")
    return frame


def csv_ledger(folder: Path, year: int) -> pd.DataFrame:
    """The ledger CSV in the columns of :data:`COLUMNS`."""
    frame = read_csv(folder / "csv" / str(year) / "huvudbok.csv")
    renamed = frame.rename(
        columns={
            "Period": "period",
            "Konto": "account",
            "Ansvar": "ansvar",
            "Aktivitet": "activity",
            "Objekt": "object",
        }
    )
    renamed["period"] = renamed["period"].astype(int)
    renamed["account"] = renamed["account"].astype(int)
    return renamed[COLUMNS + ["Text"]]


def parse_sie(path: Path) -> dict:
    """Header lines, ``#TRANS`` rows (with voucher number), ``#PBUDGET`` rows of a SIE file."""
    lines = path.read_bytes().decode("cp437").split("\r\n")
    assert lines[-1] == ""
    rows, budget, header, voucher, inside = [], [], [], 0, False
    for i, line in enumerate(lines[:-1]):
        if line.startswith("#VER "):
            voucher, inside = int(line.split()[2]), False
            assert lines[i + 1] == "{"
        elif line == "{":
            inside = True
        elif line == "}":
            inside = False
        elif line.startswith("#TRANS"):
            m = TRANS.match(line)
            assert m and inside, line
            dims = dict(DIMS.findall(m[2]))
            rows.append((voucher, int(m[5]) // 100, int(m[1]), dims.get("1", ""), dims.get("20", ""),
                         dims.get("21", ""), int(m[3] + m[4]), m[6]))  # fmt: skip
        elif line.startswith("#PBUDGET"):
            m = PBUDGET.match(line)
            dims = dict(DIMS.findall(m[3]))
            budget.append((int(m[1]), int(m[2]), dims.get("1", ""), dims.get("21", ""), int(m[4] + m[5])))
        else:
            header.append(line)
    trans = pd.DataFrame(rows, columns=["voucher"] + COLUMNS + ["text"])
    return {
        "header": header,
        "trans": trans,
        "budget": pd.DataFrame(budget, columns=["period", "account", "ansvar", "object", "ore"]),
    }


def mapping(folder: Path) -> tuple[pd.IntervalIndex, list[str], dict, dict]:
    """kontoplan ranges with their cost types, ansvar → business area, objekt → category."""
    plan = read_csv(folder / "kontoplan.csv")
    ranges = pd.IntervalIndex.from_arrays(plan["Konto från"].astype(int), plan["Konto till"].astype(int), closed="both")
    areas = dict(read_csv(folder / "ansvar.csv").values)
    objects = dict(read_csv(folder / "objekt.csv").values)
    return ranges, list(plan["Kostnadslag"]), areas, objects


def with_mapping(frame: pd.DataFrame, folder: Path) -> pd.DataFrame:
    """``frame`` with cost_type ("" for balance accounts), business_area and category."""
    ranges, kinds, areas, objects = mapping(folder)
    index = ranges.get_indexer(frame["account"])
    out = frame.assign(cost_type=np.where(index >= 0, np.array(kinds + [""])[index], ""))
    return out.assign(area=frame["ansvar"].map(areas).fillna(""), category=frame["object"].map(objects).fillna(""))


def totals(frame: pd.DataFrame, by: str) -> dict[str, int]:
    return frame.groupby(by)["ore"].sum().to_dict()


# --- the figures come from the shipped exports --------------------------------------------------


def test_the_reproduced_figures_are_the_shipped_tables(shipped_clean):
    _project, result = shipped_clean
    facts = result.facts[(result.facts["report_year"] == 2019) & ~result.facts["derived"]]

    def printed(table: str, item: str, measure: str) -> int:
        row = facts[(facts["table"] == table) & (facts["item"] == item) & (facts["measure"] == measure)]
        assert len(row) == 1, (table, item, measure)
        return round(row["value"].iloc[0] * MNKR)

    outcome = {**YEAR_2019.outcome, MT: YEAR_2019.mt_outcome}
    budget = {**YEAR_2019.budget, MT: YEAR_2019.mt_budget}
    assert sorted(outcome) == sorted(budget) == sorted(COST_TYPES)
    for cost_type in COST_TYPES:
        assert printed("costs_by_cost_type", cost_type, "outcome") == outcome[cost_type]
        assert printed("costs_by_cost_type", cost_type, "budget") == budget[cost_type]
    assert printed("costs_by_cost_type", "Totalt", "outcome") == sum(outcome.values()) == 218 * MNKR
    assert printed("costs_by_cost_type", "Totalt", "budget") == sum(budget.values()) == 211 * MNKR
    subrows = facts[(facts["table"] == "investments") & (facts["parent"] != "") & (facts["measure"] == "outcome")]
    assert dict(zip(subrows["item"], subrows["parent"], strict=True)) == INVESTMENT_PARENT
    for item, value in YEAR_2019.investments.items():
        assert printed("investments", item, "outcome") == value
    assert printed("key_figures", "Sterilteknik", "deviation") == YEAR_2019.sterilteknik_deviation
    stated = facts[(facts["table"] == "key_figures") & (facts["item"] == MT) & (facts["measure"] == "change_percent")]
    assert stated["value"].tolist() == [42]  # "+42 % mot 2018": 19 / 13,4 − 1 = 41,8 %, printed 42 %
    assert round((YEAR_2019.mt_outcome / YEAR_2018.mt_outcome - 1) * 100) == 42


# --- totals to the öre --------------------------------------------------------------------------


def test_2019_outcome_and_budget_per_cost_type_are_exact_in_both_formats(example):
    for fmt in ("sie", "csv"):
        if fmt == "csv":
            ledger = csv_ledger(example, 2019)
            budget = read_csv(example / "csv" / "2019" / "budget.csv").rename(columns={"Konto": "account"})
            budget["account"] = budget["account"].astype(int)
        else:
            sie = parse_sie(example / "sie" / "2019" / "huvudbok.se")
            ledger, budget = sie["trans"], sie["budget"]
        outcome = totals(with_mapping(ledger, example / fmt), "cost_type")
        budgeted = totals(with_mapping(budget.assign(ansvar="", object=""), example / fmt), "cost_type")
        for cost_type in COST_TYPES:
            assert outcome[cost_type] == {**YEAR_2019.outcome, MT: YEAR_2019.mt_outcome}[cost_type], (fmt, cost_type)
            assert budgeted[cost_type] == {**YEAR_2019.budget, MT: YEAR_2019.mt_budget}[cost_type], (fmt, cost_type)
        assert sum(outcome[c] for c in COST_TYPES) == 218 * MNKR
        assert sum(budgeted.values()) == 211 * MNKR  # the budget is on the five cost types only
        assert "Intäkter" not in outcome and "" not in budgeted


def test_sterilteknik_deviation_and_mt_on_medicinsk_teknik(example):
    rows = with_mapping(csv_ledger(example, 2019), example / "csv")
    budget = read_csv(example / "csv" / "2019" / "budget.csv")
    budget = with_mapping(
        budget.assign(account=budget["Konto"].astype(int), ansvar="", object=budget["Objekt"]), example / "csv"
    )
    mt, mt_budget = rows[rows["cost_type"] == MT], budget[budget["cost_type"] == MT]
    assert (mt["category"] != "").all() and (mt_budget["category"] != "").all()
    deviation = totals(mt_budget, "category")["Sterilteknik"] - totals(mt, "category")["Sterilteknik"]
    assert deviation == YEAR_2019.sterilteknik_deviation == -260_000_000
    assert {"Sterilteknik", "EKG", "Endoskopi", "Patientövervakning", "Röntgen/bild", "Dialys", "Övrig MT"} == set(
        mt["category"]
    )
    assert totals(mt, "area")["15 Medicinsk Teknik"] > 0.8 * YEAR_2019.mt_outcome


def test_2019_investment_rows_on_investment_accounts_and_objects(example):
    sie = parse_sie(example / "sie" / "2019" / "huvudbok.se")
    rows = with_mapping(sie["trans"], example / "sie")
    invest = rows[rows["cost_type"].str.startswith("Investering")]
    assert totals(invest, "category") == YEAR_2019.investments
    parents = invest.groupby("category")["cost_type"].unique().map(lambda kinds: [k.split()[-1] for k in kinds])
    assert parents.to_dict() == {row: [parent] for row, parent in INVESTMENT_PARENT.items()}


def test_2018_has_only_mt_service_and_maintenance_and_no_budget(example):
    rows = with_mapping(csv_ledger(example, 2018), example / "csv")
    booked = rows[rows["cost_type"] != ""]
    assert set(booked["cost_type"]) == {MT}
    assert booked["ore"].sum() == YEAR_2018.mt_outcome == 1_340_000_000
    assert not (example / "csv" / "2018" / "budget.csv").exists()
    sie = parse_sie(example / "sie" / "2018" / "huvudbok.se")
    assert sie["budget"].empty and "#RAR 0 20180101 20181231" in sie["header"]
    assert totals(with_mapping(sie["trans"], example / "sie"), "cost_type")[MT] == YEAR_2018.mt_outcome
    assert sorted(p.name for p in (example / "sie" / "2018").iterdir()) == ["huvudbok.se"]  # no shipped 2018 tables


def test_the_mt_deficit_of_2019_builds_up_month_by_month(example):
    rows = with_mapping(csv_ledger(example, 2019), example / "csv")
    budget = read_csv(example / "csv" / "2019" / "budget.csv")
    budget = with_mapping(budget.assign(account=budget["Konto"].astype(int), ansvar="", object=""), example / "csv")
    outcome = rows[rows["cost_type"] == MT].groupby("period")["ore"].sum()
    planned = budget[budget["cost_type"] == MT].groupby(budget["Period"].astype(int))["ore"].sum()
    deficit = (outcome - planned).cumsum()
    assert list(deficit.index) == [201900 + m for m in range(1, 13)]
    assert (deficit.diff().dropna() > 0).all() and deficit.iloc[0] > 0
    assert deficit.iloc[-1] == YEAR_2019.mt_outcome - YEAR_2019.mt_budget


# --- structure: vouchers, rows, markers, encodings ---------------------------------------------


@pytest.mark.parametrize("year", [2018, 2019])
def test_every_voucher_balances_on_a_balance_account_and_the_csv_has_the_same_rows(example, year):
    trans = parse_sie(example / "sie" / str(year) / "huvudbok.se")["trans"]
    sums = trans.groupby("voucher")["ore"].sum()
    assert (sums == 0).all()
    assert sorted(sums.index) == list(range(1, len(sums) + 1)) and len(sums) > 100
    last = trans.groupby("voucher").tail(1)
    assert last["account"].between(1000, 2999).all() and (last["ore"] < 0).all()
    assert (trans.groupby("voucher").size() >= 2).all()
    csv = csv_ledger(example, year)
    pd.testing.assert_frame_equal(csv[COLUMNS], trans[COLUMNS])
    assert csv["ore"].sum() == 0


@pytest.mark.parametrize("rows", [432, 2001])
def test_the_row_count_is_exact(tmp_path, rows):
    generate(tmp_path, years=[2019], rows=rows, tables_from=None)
    trans = parse_sie(tmp_path / "sie" / "2019" / "huvudbok.se")["trans"]
    assert len(trans) == len(csv_ledger(tmp_path, 2019)) == rows
    assert (trans.groupby("voucher")["ore"].sum() == 0).all()


def test_the_files_say_they_are_example_data(example):
    for year in (2018, 2019):
        header = parse_sie(example / "sie" / str(year) / "huvudbok.se")["header"]
        assert header[:4] == ["#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", '#PROGRAM "Lansteknik exempeldata" 1.0']
        assert '#FNAMN "Exempeldata (syntetisk huvudbok)"' in header
        assert {'#DIM 1 "Ansvar"', '#DIM 20 "Aktivitet"', '#DIM 21 "Objekt"'} <= set(header)
        assert csv_ledger(example, year)["Text"].str.startswith("Exempeldata").all()
    budget = read_csv(example / "csv" / "2019" / "budget.csv")
    assert list(budget.columns[:6]) == ["Period", "Konto", "Ansvar", "Objekt", "Belopp", "Text"]
    assert budget["Text"].str.startswith("Exempeldata").all()


def test_sie_is_cp437_and_csv_is_windows_1252_with_swedish_letters(example, tmp_path):
    sie = (example / "sie" / "2019" / "huvudbok.se").read_bytes()
    assert "Leverantörsskulder".encode("cp437") in sie and '"Tyst vårdmiljö"'.encode("cp437") in sie
    with pytest.raises(UnicodeDecodeError):
        sie.decode("utf-8")
    for name in ("2019/huvudbok.csv", "2019/budget.csv", "kontoplan.csv", "ansvar.csv", "objekt.csv"):
        data = (example / "csv" / name).read_bytes()
        assert re.search("[åäöÅÄÖ]".encode("cp1252"), data), name
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
    assert "Månadslön".encode("cp1252") in (example / "csv" / "2019" / "huvudbok.csv").read_bytes()
    generate(tmp_path, years=[2019], rows=1000, tables_from=None, encoding="utf-8")
    assert "Månadslön" in (tmp_path / "csv" / "2019" / "huvudbok.csv").read_text(encoding="utf-8")
    assert "Övriga kostnader" in (tmp_path / "csv" / "kontoplan.csv").read_text(encoding="utf-8")
    assert (tmp_path / "sie" / "2019" / "huvudbok.se").read_bytes().decode("cp437")


# --- seeds ---------------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_rows_with_the_same_totals(example, tmp_path):
    generate(tmp_path / "again")
    assert {k: v[0] for k, v in snapshot(tmp_path / "again").items()} == {k: v[0] for k, v in snapshot(example).items()}
    generate(tmp_path / "other", seed=SEED + 1)
    for year in (2018, 2019):
        ours, theirs = csv_ledger(example, year), csv_ledger(tmp_path / "other", year)
        assert not ours[COLUMNS].equals(theirs[COLUMNS])
        assert totals(with_mapping(ours, example / "csv"), "cost_type") == totals(
            with_mapping(theirs, tmp_path / "other" / "csv"), "cost_type"
        )


# --- folders, copies, refusals -------------------------------------------------------------------


def test_the_folders_and_the_copied_table_exports(example, tmp_path):
    shipped = sorted(p.name for p in (SHIPPED_RAW / "2019").iterdir() if not p.name.startswith("kostnader_per_"))
    for fmt, ledger in (("sie", ["huvudbok.se"]), ("csv", ["budget.csv", "huvudbok.csv"])):
        assert sorted(p.name for p in (example / fmt).iterdir()) == [
            "2018",
            "2019",
            "ansvar.csv",
            "kontoplan.csv",
            "objekt.csv",
        ]
        assert sorted(p.name for p in (example / fmt / "2019").iterdir()) == sorted(shipped + ledger)
        for name in shipped:
            assert (example / fmt / "2019" / name).read_bytes() == (SHIPPED_RAW / "2019" / name).read_bytes()
    generate(tmp_path, years=[2019], rows=1000, tables_from=None)
    assert sorted(p.name for p in (tmp_path / "sie" / "2019").iterdir()) == ["huvudbok.se"]


@pytest.mark.parametrize(
    ("years", "rows", "message"),
    [([2017], ROWS, "years: 2018, 2019"), ([2019, 2020], ROWS, "year 2020"), ([2019], 431, "needs 432")],
)
def test_an_unknown_year_or_too_few_rows_is_refused_and_nothing_written(tmp_path, years, rows, message):
    with pytest.raises(AnalysisError, match=message):
        generate(tmp_path / "out", years=years, rows=rows)
    assert not (tmp_path / "out").exists()


def test_refuses_to_write_into_the_raw_data(tmp_path, monkeypatch):
    root = tmp_path / "project"
    raw = copy_shipped_raw(root / "data" / "raw")
    monkeypatch.setenv("LANSTEKNIK_ROOT", str(root))
    before = snapshot(raw)
    for out in (raw, raw / "2019", raw / "example", root / "data" / "raw" / ".." / "raw" / "x"):
        with pytest.raises(AnalysisError, match="refusing to write example data into the raw data folder"):
            write_example_ledger(out, [2019], 1000)
    assert snapshot(raw) == before
    write_example_ledger(root / "data" / "example", [2019], 1000)  # beside data/raw is fine; tables read from it
    assert (root / "data" / "example" / "sie" / "2019" / "investeringar.csv").exists()
    assert snapshot(raw) == before


def test_existing_output_is_kept_unless_forced(tmp_path):
    generate(tmp_path, years=[2019], rows=1000, tables_from=None)
    before = snapshot(tmp_path)
    with pytest.raises(AnalysisError, match="exists and is not empty; --force replaces it"):
        generate(tmp_path, years=[2018], rows=1000, tables_from=None)
    assert snapshot(tmp_path) == before
    generate(tmp_path, years=[2018], rows=1000, tables_from=None, force=True)
    assert sorted(p.name for p in (tmp_path / "sie").iterdir()) == ["2018", "ansvar.csv", "kontoplan.csv", "objekt.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv", "sie"]  # no staging folder left


# --- the command line ---------------------------------------------------------------------------


def run_cli(*args: str, root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "LANSTEKNIK_ROOT": str(root)}
    command = [sys.executable, "-m", "analysis", "example-ledger", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)


def test_the_command_line_writes_and_refuses(isolated_root, tmp_path):
    out = tmp_path / "ex"
    done = run_cli(
        "--year", "2019", "--year", "2018", "--rows", "2000", "--out", str(out), "--seed", "3", root=isolated_root
    )
    assert done.returncode == 0, done.stderr
    assert (
        str(out / "sie" / "2019" / "huvudbok.se") in done.stdout
        and str(out / "csv" / "2018" / "huvudbok.csv") in done.stdout
    )
    assert "SYNTHETIC example data (Exempeldata)" in done.stdout.splitlines()[-1]
    assert len(csv_ledger(out, 2018)) == 2000 and (out / "csv" / "2019" / "investeringar.csv").exists()
    for args, message in (
        (["--year", "2017", "--rows", "2000", "--out", str(tmp_path / "x")], "years: 2018, 2019"),
        (["--year", "2019", "--rows", "2000", "--out", str(isolated_root / "data" / "raw" / "x")], "refusing"),
        (["--year", "2019", "--rows", "2000", "--out", str(out)], "--force replaces it"),
    ):
        refused = run_cli(*args, root=isolated_root)
        assert refused.returncode == 2 and refused.stdout == ""
        assert (
            refused.stderr.startswith("error: ") and message in refused.stderr and len(refused.stderr.splitlines()) == 1
        )
    assert not (tmp_path / "x").exists() and not (isolated_root / "data" / "raw" / "x").exists()
    assert run_cli("--year", "2019", "--out", str(tmp_path / "y"), root=isolated_root).returncode == 2  # no --rows
