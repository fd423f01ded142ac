"""Benchmark: the ledger readers on 1 M and 10 M synthetic rows (issue 11). Not a test.

Run with ``make bench-ledger`` (or ``.venv/bin/python benchmarks/bench_ledger.py``). In a
temporary folder it writes synthetic example data (marked ``Exempeldata`` as in
docs/ledger.md; never under data/raw) with its own vectorised writer: a ledger CSV of 1 M
and 10 M rows and a SIE 4 file of 1 M and 10 M ``#TRANS`` rows, with the mapping files.
Each measurement runs in a fresh Python process, ``--repeat`` times (3 by default; ours and
pandas in turn; each in a project root of its own, so that no SHA-256 is remembered from an
earlier run: ``analysis.facts.checksums``), timed by wall clock, with the child's peak RSS
(its ``VmHWM``); the table gives the median and the range, and ``work s``, the median time
of the read and aggregation alone, in the child after its start-up and imports:

- ``ledger csv``: ``analysis.facts.sources.ledger.read_ledger`` on ``huvudbok.csv`` (read, convert,
  map, aggregate to the monthly table, derived facts, findings);
- ``pandas csv``: ``pandas.read_csv(sep=';', decimal=',', thousands=' ')`` and a groupby
  over period, account, responsibility and object (the file uses plain spaces as thousands
  separators so that the baseline parses it);
- ``ledger erp``: ``read_ledger`` on a ``huvudbok.csv`` in an ERP's layout (issue 18): the
  same kind of rows with debit and credit instead of a signed amount and four columns the
  reader reads past (voucher number, booking date, registration date, user), header
  ``Verifikationsnummer;Bokföringsdatum;Period;Kontonr;Kostnadsställe;Aktivitet;Objekt;
  Debet;Kredit;Text;Registreringsdatum;Användare``;
- ``ledger sie``: ``read_ledger`` on ``huvudbok.se``.

Goals (issue 18, measured side by side in one run): the ERP layout in at most 1,2× the
standard layout's time and at most 2 GiB; the standard layout as fast as before (median
2,2–2,3 s, about 300 MiB on the 2-core machine); 6,5× less memory than pandas and linear
growth. (Issue 11: 10 M-transaction SIE ≤ 15 s.) ``--kinds csv erp`` leaves SIE out.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ACCOUNTS = np.array([5010, 5020, 5410, 6010, 6020, 6110, 7010, 7810, 3010, 4010])
ANSVAR = np.array(["080", "090", "150", "170", "180"])
OBJECTS = np.array(["ST01", "EKG1", "END1", "PAT1", ""])
KONTOPLAN = (
    "Konto från;Konto till;Kostnadslag\n3000;3999;Intäkter\n5000;5999;Personalkostnader\n"
    "6000;6099;MT service och underhåll\n6100;6999;Övriga kostnader\n7800;7899;Avskrivningskostnader\n"
)
ANSVAR_CSV = "Ansvar;Verksamhetsområde\n080;08 Divisionsgem\n090;09 Kompetenscentrum\n150;15 Medicinsk Teknik\n"
OBJEKT_CSV = "Objekt;MT-kategori\nST01;Sterilteknik\nEKG1;EKG\nEND1;Endoskopi\n"


def _write_lines(path: Path, head: str, lines: pa.Array, encoding: str = "utf-8") -> None:
    """Write a header and an array of strings that each end with a line break, in slices
    (transcoded from UTF-8 where the file's encoding is another)."""
    with open(path, "wb") as out:
        out.write(head.encode(encoding))
        arrays = lines.chunks if isinstance(lines, pa.ChunkedArray) else [lines]
        for array, start in ((a, s) for a in arrays for s in range(0, len(a), 500_000)):
            chunk = array[start : start + 500_000]
            offsets = np.frombuffer(chunk.buffers()[1], np.int32)[chunk.offset : chunk.offset + len(chunk) + 1]
            data = memoryview(chunk.buffers()[2])[offsets[0] : offsets[-1]]
            out.write(data if encoding == "utf-8" else bytes(data).decode("utf-8").encode(encoding))


def _str(values: np.ndarray) -> pa.Array:
    return pa.array(values).cast(pa.string())


def _swedish(cents: np.ndarray) -> pa.Array:
    """Amounts as the finance system prints them: ``-12 345,60`` (plain space separators)."""
    kr, ore = np.abs(cents) // 100, np.abs(cents) % 100
    thousands, rest = kr // 1000, kr % 1000
    grouped = pc.binary_join_element_wise(_str(thousands), pc.utf8_lpad(_str(rest), 3, "0"), " ")
    body = pc.if_else(pa.array(thousands > 0), grouped, _str(rest))
    signed = pc.binary_join_element_wise(pa.array(np.where(cents < 0, "-", "")), body, "")
    return pc.binary_join_element_wise(signed, pc.utf8_lpad(_str(ore), 2, "0"), ",")


def _dot(cents: np.ndarray) -> pa.Array:
    """Amounts as SIE writes them: ``-12345.60``."""
    kr, ore = np.abs(cents) // 100, np.abs(cents) % 100
    signed = pc.binary_join_element_wise(pa.array(np.where(cents < 0, "-", "")), _str(kr), "")
    return pc.binary_join_element_wise(signed, pc.utf8_lpad(_str(ore), 2, "0"), ".")


def write_csv(path: Path, rows: int, seed: int = 1) -> None:
    """A synthetic ``huvudbok.csv`` of ``rows`` rows."""
    rng = np.random.default_rng(seed)
    columns = [
        _str(201900 + rng.integers(1, 13, rows)),
        _str(rng.choice(ACCOUNTS, rows)),
        pa.array(rng.choice(ANSVAR, rows)),
        pa.array(rng.choice(["4100", "4200", ""], rows)),
        pa.array(rng.choice(OBJECTS, rows)),
        _swedish(rng.integers(-2_000_000, 20_000_000, rows)),
        pa.array(np.full(rows, "Exempeldata syntetisk rad")),
    ]
    lines = pc.binary_join_element_wise(pc.binary_join_element_wise(*columns, ";"), pa.scalar(""), "\n")
    _write_lines(path, "Period;Konto;Ansvar;Aktivitet;Objekt;Belopp;Text\n", lines)


ERP_HEAD = (
    "Verifikationsnummer;Bokföringsdatum;Period;Kontonr;Kostnadsställe;Aktivitet;Objekt;Debet;Kredit;Text;"
    "Registreringsdatum;Användare\n"
)


def write_erp_csv(path: Path, rows: int, seed: int = 1) -> None:
    """A synthetic ``huvudbok.csv`` of ``rows`` rows in an ERP's layout: debit and credit
    (one of them empty), four columns read past, Windows-1252 as such systems write."""
    rng = np.random.default_rng(seed)
    month, day = rng.integers(1, 13, rows), rng.integers(1, 29, rows)
    cents = rng.integers(-2_000_000, 20_000_000, rows)
    amount, debit = _swedish(np.abs(cents)), pa.array(cents >= 0)
    date = pc.binary_join_element_wise(
        pa.scalar("2019"), pc.utf8_lpad(_str(month), 2, "0"), pc.utf8_lpad(_str(day), 2, "0"), "-"
    )
    columns = [
        _str(np.arange(1, rows + 1)),
        date,
        _str(201900 + month),
        _str(rng.choice(ACCOUNTS, rows)),
        pa.array(rng.choice(ANSVAR, rows)),
        pa.array(rng.choice(["4100", "4200", ""], rows)),
        pa.array(rng.choice(OBJECTS, rows)),
        pc.if_else(debit, amount, pa.scalar("")),
        pc.if_else(debit, pa.scalar(""), amount),
        pa.array(np.full(rows, "Exempeldata syntetisk rad")),
        pa.array(np.full(rows, "2020-01-05")),
        pa.array(rng.choice(["ANNA", "BERTIL", "CÄCILIA"], rows)),
    ]
    lines = pc.binary_join_element_wise(pc.binary_join_element_wise(*columns, ";"), pa.scalar(""), "\n")
    _write_lines(path, ERP_HEAD, lines, "cp1252")


SIE_HEAD = (
    '#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM "Lansteknik exempeldata" 1.0\n#GEN 20200105\n'
    '#FNAMN "Exempeldata (syntetisk huvudbok)"\n#RAR 0 20190101 20191231\n#DIM 1 "Ansvar"\n#DIM 20 "Aktivitet"\n'
    '#DIM 21 "Objekt"\n' + "".join(f'#KONTO {a} "Konto {a} åäö"\n' for a in ACCOUNTS) + '#KONTO 1930 "Bank"\n'
)


def write_sie(path: Path, transactions: int, seed: int = 2) -> None:
    """A synthetic SIE 4 file: vouchers of three cost rows and their bank counter-entry."""
    rng = np.random.default_rng(seed)
    vouchers = transactions // 4
    day = _str(20190000 + rng.integers(1, 13, vouchers) * 100 + rng.integers(1, 29, vouchers))
    number = _str(np.arange(1, vouchers + 1))
    ver = pc.binary_join_element_wise(pa.scalar("#VER A"), number, day, pa.scalar('"Exempeldata åäö"\n{'), " ")
    cents = rng.integers(-100_000, 5_000_000, (3, vouchers))
    parts = [ver]
    for i in range(3):
        objects = pc.binary_join_element_wise(
            pa.scalar('{1 "'),
            pa.array(rng.choice(ANSVAR, vouchers)),
            pa.scalar('" 21 "'),
            pa.array(rng.choice(OBJECTS, vouchers)),
            pa.scalar('"}'),
            "",
        )
        account = _str(rng.choice(ACCOUNTS, vouchers))
        parts.append(pc.binary_join_element_wise(pa.scalar("   #TRANS"), account, objects, _dot(cents[i]), day, " "))
    bank = pc.binary_join_element_wise(pa.scalar("   #TRANS 1930 {}"), _dot(-cents.sum(axis=0)), " ")
    lines = pc.binary_join_element_wise(*parts, bank, pa.scalar("}\n"), "\n")
    _write_lines(path, SIE_HEAD, lines, "cp437")


def write_folder(root: Path, kind: str, rows: int) -> Path:
    """A raw folder ``root/<kind>-<rows>`` with the mapping files and ``2019/huvudbok.*``."""
    raw = root / f"{kind}-{rows}"
    (raw / "2019").mkdir(parents=True)
    for name, text in (("kontoplan.csv", KONTOPLAN), ("ansvar.csv", ANSVAR_CSV), ("objekt.csv", OBJEKT_CSV)):
        (raw / name).write_text(text, encoding="utf-8")
    if kind == "csv":
        write_csv(raw / "2019" / "huvudbok.csv", rows)
    elif kind == "erp":
        write_erp_csv(raw / "2019" / "huvudbok.csv", rows)
    else:
        write_sie(raw / "2019" / "huvudbok.se", rows)
    return raw


def run_ledger(raw: str) -> dict:
    """Child: the project's reader on one raw folder (year 2019)."""
    from analysis.facts.schema import empty_facts
    from analysis.facts.sources.ledger.year import read_ledger

    start = time.perf_counter()
    result = read_ledger(2019, Path(raw), empty_facts())
    work = time.perf_counter() - start
    return {"monthly_rows": len(result.monthly), "rows": int(result.files[0]["rows"]), "work": work}


def run_startup(_raw: str) -> dict:
    """Child: start Python and import the reader, nothing read (subtracted for linearity)."""
    import analysis.facts.sources.ledger  # noqa: F401

    return {"monthly_rows": 0, "rows": 0, "work": 0.0}


def run_floor(raw: str) -> dict:
    """Child: the two costs that grow with the file's bytes, each alone: DuckDB tokenising
    every row (``count(*)`` with the reader's options and threads, nothing converted or
    grouped) and the file's SHA-256 (``hashlib.file_digest``), wall and CPU seconds."""

    import duckdb

    from analysis.facts.sources.ledger.formats.engine import CSV_THREADS

    path = Path(raw) / "2019" / "huvudbok.csv"
    header = path.read_bytes()[: 1 << 12].split(b"\n", 1)[0].decode("cp1252").split(";")
    spec = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header)))
    con = duckdb.connect(config={"threads": CSV_THREADS})
    out = {}
    for name, work in (
        ("scan", lambda: con.execute(
            f"SELECT count(*) FROM read_csv('{path}', delim=';', header=true, auto_detect=false, "
            f"columns={{{spec}}}, quote='\"', escape='\"', strict_mode=true, encoding='utf-8')"
        ).fetchone()),
        ("hash", lambda: _digest(path)),
    ):  # fmt: skip
        start, cpu = time.perf_counter(), time.process_time()
        work()
        out[f"{name}_s"], out[f"{name}_cpu"] = time.perf_counter() - start, time.process_time() - cpu
    return {"monthly_rows": 0, "rows": 0, "work": 0.0, "bytes": path.stat().st_size, **out}


def _digest(path: Path) -> str:
    import hashlib

    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def run_pandas(raw: str) -> dict:
    """Child: the plain pandas baseline on the same CSV."""
    import pandas as pd

    start = time.perf_counter()
    frame = pd.read_csv(Path(raw) / "2019" / "huvudbok.csv", sep=";", decimal=",", thousands=" ", dtype={"Ansvar": str})
    assert frame["Belopp"].dtype.kind == "f", "pandas did not parse Belopp as numbers"
    grouped = frame.groupby(["Period", "Konto", "Ansvar", "Objekt"], dropna=False)["Belopp"].agg(["sum", "size"])
    return {"monthly_rows": len(grouped), "rows": len(frame), "work": time.perf_counter() - start}


def peak_mib() -> float:
    """This process's peak RSS (VmHWM: reset at exec, unlike ru_maxrss, which a child
    inherits from the process that forked it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(what: str, raw: Path) -> dict:
    """Run one measurement in a fresh process: wall time, the child's CPU time (user and
    system: less sensitive than the wall clock to others' work on a shared machine) and its
    peak RSS."""
    with tempfile.TemporaryDirectory(prefix="bench-root-") as root:
        # a project root of its own: no checksum remembered from an earlier run (cold, as a first read)
        env = {**os.environ, "LANSTEKNIK_ROOT": root}
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, __file__, "--child", what, str(raw)], stdout=subprocess.PIPE, env=env)
        out = child.stdout.read()
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{what} on {raw} failed")
    cpu = usage.ru_utime + usage.ru_stime
    return {"what": what, "input": raw.name, "seconds": seconds, "cpu": cpu, **json.loads(out)}


def _runs(results: list[dict]) -> dict[tuple[str, str], list[dict]]:
    """The measurements grouped by (run, input), in the order they were taken."""
    by: dict[tuple[str, str], list[dict]] = {}
    for r in results:
        by.setdefault((r["what"], r["input"]), []).append(r)
    return by


def _median(values: list[float]) -> float:
    return statistics.median(values)


def table(results: list[dict]) -> str:
    """The results (median of the repeats, with their range) and the ratios the issue's goals
    are about: pandas against ours as the median of the pairs run back to back."""
    head = f"{'run':<8} {'input':<14} {'rows':>11} {'n':>2} {'median s':>9} {'min–max s':>12}"
    lines = [f"{head} {'work s':>7} {'cpu s':>6} {'peak MiB':>9}"]
    by = _runs(results)
    for (what, name), runs in by.items():
        if what == "floor":
            continue  # in the ERP lines below
        seconds = [r["seconds"] for r in runs]
        lines.append(
            f"{what:<8} {name:<14} {runs[0]['rows']:>11,} {len(runs):>2} {_median(seconds):>9.2f} "
            f"{f'{min(seconds):.2f}–{max(seconds):.2f}':>12} {_median([r['work'] for r in runs]):>7.2f} "
            f"{_median([r.get('cpu', 0.0) for r in runs]):>6.2f} "
            f"{_median([r['peak_mib'] for r in runs]):>9.0f}"
        )
    sizes = [r["rows"] for r in results if r["what"] not in ("startup", "floor")]
    big, small = max(sizes), min(sizes)
    ours, theirs = by.get(("ledger", f"csv-{big}"), []), by.get(("pandas", f"csv-{big}"), [])
    if ours and theirs:
        pairs = [t["seconds"] / o["seconds"] for o, t in zip(ours, theirs)]
        memory = _median([t["peak_mib"] for t in theirs]) / _median([o["peak_mib"] for o in ours])
        lines.append(
            f"pandas / ours on the {big:,}-row CSV: {_median(pairs):.2f}× time (median of {len(pairs)} pairs run "
            f"back to back, range {min(pairs):.2f}–{max(pairs):.2f}×), {memory:.2f}× memory"
        )
        work = [t["work"] / o["work"] for o, t in zip(ours, theirs)]
        lines.append(
            f"the same without start-up and imports (work s: the read and aggregation in the process): "
            f"{_median(work):.2f}× (range {min(work):.2f}–{max(work):.2f}×)"
        )
    lines += _erp_lines(by, big)
    lines += _floor_lines(by, big)
    start = _median([r["seconds"] for r in by.get(("startup", "-"), [{"seconds": 0.0}])])
    for kind in ("csv", "erp", "sie"):
        a, b = by.get(("ledger", f"{kind}-{small}")), by.get(("ledger", f"{kind}-{big}"))
        if a and b and a is not b:
            a_s, b_s = _median([r["seconds"] for r in a]), _median([r["seconds"] for r in b])
            ratio, net = b_s / a_s, (b_s - start) / max(a_s - start, 1e-9)
            lines.append(
                f"{kind}: {b[0]['rows'] / a[0]['rows']:.0f}× the rows took {ratio:.2f}× the time "
                f"({net:.2f}× without the {start:.2f} s start-up and import)"
            )
    return "\n".join(lines)


def _erp_lines(by: dict, rows: int) -> list[str]:
    """The ERP layout against the standard one (issue 18: at most 1,2× the time, 2 GiB)."""
    csv_runs, erp_runs = by.get(("ledger", f"csv-{rows}"), []), by.get(("ledger", f"erp-{rows}"), [])
    if not (csv_runs and erp_runs):
        return []
    pairs = [e["seconds"] / c["seconds"] for c, e in zip(csv_runs, erp_runs)]
    medians = _median([e["seconds"] for e in erp_runs]) / _median([c["seconds"] for c in csv_runs])
    work = _median([e["work"] for e in erp_runs]) / _median([c["work"] for c in csv_runs])
    cpu = _median([e["cpu"] for e in erp_runs]) / _median([c["cpu"] for c in csv_runs])
    peak = _median([e["peak_mib"] for e in erp_runs])
    return [
        f"erp / standard layout on the {rows:,}-row CSV: {medians:.2f}× the median time (pairs run back to back "
        f"{_median(pairs):.2f}×, range {min(pairs):.2f}–{max(pairs):.2f}×; work s {work:.2f}×, cpu s {cpu:.2f}×), "
        f"peak {peak:.0f} MiB (goals: ≤ 1.20×, ≤ 2048 MiB)"
    ]


def _floor_lines(by: dict, rows: int) -> list[str]:
    """Why the ERP layout costs what it does: the costs that grow with the bytes, each alone,
    and the least wall time the measured CPU time allows: start-up, then the rest of the
    child's CPU seconds spread over every core with none ever idle."""
    floors = {k: by.get(("floor", f"{k}-{rows}"), []) for k in ("csv", "erp")}
    if not all(floors.values()):
        return []
    med = {k: {f: _median([r[f] for r in runs]) for f in ("bytes", "scan_s", "hash_s", "scan_cpu", "hash_cpu")}
           for k, runs in floors.items()}  # fmt: skip
    ratio = {f: med["erp"][f] / med["csv"][f] for f in med["csv"]}
    lines = [
        f"per byte: the ERP file is {ratio['bytes']:.2f}× the bytes ({med['erp']['bytes'] / 2**20:.0f} against "
        f"{med['csv']['bytes'] / 2**20:.0f} MiB); tokenising it alone (count(*) on the reader's threads) took "
        f"{med['erp']['scan_s']:.2f} against {med['csv']['scan_s']:.2f} s ({ratio['scan_s']:.2f}×, CPU "
        f"{ratio['scan_cpu']:.2f}×), its SHA-256 {med['erp']['hash_s']:.2f} against {med['csv']['hash_s']:.2f} s "
        f"({ratio['hash_s']:.2f}×)"
    ]
    start = by.get(("startup", "-"), [])
    ledger = {k: by.get(("ledger", f"{k}-{rows}"), []) for k in ("csv", "erp")}
    if start and all(ledger.values()):
        s0, c0 = _median([r["seconds"] for r in start]), _median([r["cpu"] for r in start])
        least = {k: s0 + (_median([r["cpu"] for r in runs]) - c0) / os.cpu_count() for k, runs in ledger.items()}
        lines.append(
            f"least wall time the CPU time allows (start-up {s0:.2f} s, then the child's other CPU seconds over "
            f"{os.cpu_count()} cores, never idle): standard {least['csv']:.2f} s, ERP {least['erp']:.2f} s, "
            f"{least['erp'] / least['csv']:.2f}×"
        )
    return lines


def _write(raw: Path) -> None:
    start = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--child", "write", str(raw)], check=True)
    size = sum(p.stat().st_size for p in (raw / "2019").iterdir()) / 2**20
    print(f"wrote synthetic {raw.name} ({size:.0f} MiB) in {time.perf_counter() - start:.1f} s", flush=True)


def _run_size(tmp: Path, rows: int, kinds: list[str], repeat: int, results: list[dict]) -> None:
    """Write the inputs of one size and measure them: the two CSV layouts and pandas side by
    side (in turn, so that a slow spell of the machine hits all), then SIE."""
    csvs = [Path(tmp) / f"{k}-{rows}" for k in kinds if k != "sie"]
    for raw in csvs:
        _write(raw)
    for _ in range(repeat):
        for raw in csvs:
            results.append(measure("ledger", raw))
            if raw.name.startswith("csv"):
                results.append(measure("pandas", raw))
        for raw in csvs:
            results.append(measure("floor", raw))
    if "sie" in kinds:
        raw = Path(tmp) / f"sie-{rows}"
        _write(raw)
        for _ in range(repeat):
            results.append(measure("ledger", raw))
    print(table(results), flush=True)
    for raw in (*csvs, Path(tmp) / f"sie-{rows}"):
        for path in (raw / "2019").glob("*") if raw.exists() else ():
            path.unlink()  # free the disk before the next size


def main() -> None:
    """Generate the inputs, run every measurement (``--repeat`` times, ours and pandas in
    turn), print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (default 3)")
    parser.add_argument(
        "--kinds", nargs="+", choices=("csv", "erp", "sie"), default=["csv", "erp", "sie"], help="inputs to run"
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, raw = args.child
        if what == "write":  # the inputs are written by a child too: the parent stays small
            kind, rows = Path(raw).name.split("-")
            write_folder(Path(raw).parent, kind, int(rows))
            return
        result = {"pandas": run_pandas, "startup": run_startup, "floor": run_floor}.get(what, run_ledger)(raw)
        print(json.dumps({**result, "peak_mib": peak_mib()}))
        return
    with tempfile.TemporaryDirectory(prefix="bench-ledger-") as tmp:
        results = [{**measure("startup", Path(tmp)), "input": "-"} for _ in range(args.repeat)]
        for rows in sorted(args.rows):
            _run_size(Path(tmp), rows, [k for k in ("csv", "erp", "sie") if k in args.kinds], args.repeat, results)
        print(f"\ncores: {os.cpu_count()}, load average at the end: {os.getloadavg()[0]:.1f}")
        print(table(results))


if __name__ == "__main__":
    main()
