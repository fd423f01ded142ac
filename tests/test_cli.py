"""The command line and every structural error path: one line 'error: ...' on stderr,
exit status 2, no traceback, and data/processed left exactly as it was."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from analysis.exceptions import RawDataError
from analysis.facts.pipeline import clean
from analysis.publishing.cli.commands import main

from conftest import ROOT, snapshot

STATUSES = ("new", "changed", "unchanged", "removed")

pytestmark = pytest.mark.usefixtures("isolated_root")  # a slip to default folders stays in tmp


def cli_clean(project, *extra: str) -> list[str]:
    return ["clean", "--raw-dir", str(project.raw), "--processed-dir", str(project.processed), *extra]


# --- helpers that break one shipped export --------------------------------------------------


def edit(raw: Path, name: str, old: str, new: str, encoding: str = "utf-8") -> None:
    path = raw / name
    text = path.read_bytes().decode(encoding)
    assert old in text, f"{old!r} not in {name}"
    path.write_bytes(text.replace(old, new, 1).encode(encoding))


def write(raw: Path, name: str, data: bytes) -> None:
    (raw / name).write_bytes(data)


def _add_column(raw: Path, name: str, header: str) -> None:
    path = raw / name
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([f"{lines[0]};{header}"] + [f"{ln};" for ln in lines[1:]]) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Case:
    """One way to break the raw exports and what the error must say."""

    id: str
    breaks: Callable[[Path], None]
    problem: str
    file: str
    line: int | None = None
    column: str | None = None
    value: str | None = None


CASES = [
    Case(
        "undecodable",
        lambda raw: edit(raw, "2019/kostnader_per_kostnadslag.csv", "PC-utrullning", "PC-utrullning\x81", "latin-1"),
        "cannot decode",
        "2019/kostnader_per_kostnadslag.csv",
        line=4,
    ),
    Case(
        "broken-xlsx",
        lambda raw: (
            (raw / "2019/sjukfranvaro_per_kon.csv").unlink(),
            write(raw, "2019/sjukfranvaro_per_kon.xlsx", b"PK\x03\x04 not really"),
        ),
        "not a readable XLSX",
        "2019/sjukfranvaro_per_kon.xlsx",
    ),
    Case(
        "empty-file", lambda raw: write(raw, "2017/investeringar.csv", b""), "file is empty", "2017/investeringar.csv"
    ),
    Case(
        "wrong-delimiter",
        lambda raw: write(raw, "2019/sjukfranvaro.csv", "Sjukfrånvaro,Totalt 2019 jan-dec\nKort,2.2\n".encode()),
        "wrong delimiter",
        "2019/sjukfranvaro.csv",
        line=1,
        value="Sjukfrånvaro,Totalt 2019 jan-dec",
    ),
    Case(
        "missing-column",
        lambda raw: write(
            raw,
            "2019/kostnader_per_kostnadslag.csv",
            "Kostnadslag (mnkr);Utfall 2019;Avvikelse\nPersonalkostnader;95;13\n".encode("cp1252"),
        ),
        "missing required column",
        "2019/kostnader_per_kostnadslag.csv",
        line=1,
        column="Budget (?P<year>\\d{4})",
        value="Kostnadslag (mnkr);Utfall 2019;Avvikelse",
    ),
    Case(
        "unknown-column",
        lambda raw: _add_column(raw, "2019/sjukfranvaro.csv", "Kommentar"),
        "unknown column",
        "2019/sjukfranvaro.csv",
        line=1,
        column="Kommentar",
    ),
    Case(
        "duplicate-key",
        lambda raw: edit(
            raw,
            "2019/kostnader_per_kostnadslag.csv",
            "Totalt;218;211;-5",
            "Totalt;218;211;-5\nPC-utrullning;10;10;0",
            "cp1252",
        ),
        "duplicate key",
        "2019/kostnader_per_kostnadslag.csv",
        line=8,
        column="Kostnadslag (mnkr)",
        value="PC-utrullning",
    ),
    Case(
        "short-row",
        lambda raw: edit(raw, "2019/investeringar.csv", "IT;Skrivare;;0,2;1,2;1,4", "IT;Skrivare;;0,2;1,2"),
        "short row",
        "2019/investeringar.csv",
        line=4,
        column="Utfall totalt",
        value="IT;Skrivare;;0,2;1,2",
    ),
    Case(
        "long-row",
        lambda raw: edit(raw, "2019/investeringar.csv", "IT;Skrivare;;0,2;1,2;1,4", "IT;Skrivare;;0,2;1,2;1,4;9"),
        "long row",
        "2019/investeringar.csv",
        line=4,
        value="IT;Skrivare;;0,2;1,2;1,4;9",
    ),
    Case(
        "text-for-number",
        lambda raw: edit(raw, "2017/investeringar.csv", "MT;45;11;18;29", "MT;45;11;arton;29", "cp1252"),
        "text where a number must be",
        "2017/investeringar.csv",
        line=3,
        column="Utfall 2017",
        value="arton",
    ),
    Case(
        "unknown-unit",
        lambda raw: edit(raw, "2019/sjukfranvaro.csv", "Kort;2,2 %", "Kort;2,2 promille"),
        "unknown unit",
        "2019/sjukfranvaro.csv",
        line=2,
        column="Totalt 2019 jan-dec",
        value="promille",
    ),
    Case(
        "unknown-export",
        lambda raw: write(raw, "2019/lokaler.csv", b"Namn;Antal\nA;1\n"),
        "unknown export",
        "2019/lokaler.csv",
    ),
    Case(
        "unknown-measure",
        lambda raw: edit(raw, "2019/nyckeltal.csv", ";2019;utfall;-4,8;mnkr;", ";2019;medel;-4,8;mnkr;"),
        "unknown measure",
        "2019/nyckeltal.csv",
        line=2,
        column="Mått",
        value="medel",
    ),
    Case(
        "bad-reference",
        lambda raw: edit(
            raw, "2019/nyckeltal.csv", "{costs_by_cost_type|Totalt|deviation}", "{costs_by_cost_type|Summa|deviation}"
        ),
        "reference names no figure",
        "2019/nyckeltal.csv",
        line=2,
        column="Avstämning mot",
        value="costs_by_cost_type|Summa|deviation",
    ),
]


def _assert_names_everything(message: str, case: Case) -> None:
    assert case.problem in message
    assert case.file in message
    if case.line is not None:
        assert f"line {case.line}" in message
    if case.column is not None:
        assert repr(case.column) in message
    if case.value is not None:
        assert case.value in message


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_error_path(cleaned_project, capsys, case):
    processed_before = snapshot(cleaned_project.processed)
    raw = cleaned_project.raw
    case.breaks(raw)
    raw_before = snapshot(raw)

    # The library raises RawDataError naming file, line, column and value...
    with pytest.raises(RawDataError) as info:
        clean(raw_dir=raw, processed_dir=cleaned_project.processed)
    err = info.value
    _assert_names_everything(str(err), case)
    assert err.line == case.line
    if case.column is not None:
        assert err.column == case.column

    # ...and the command line shows it as one line, without a traceback, exit status 2.
    status = main(cli_clean(cleaned_project))
    out, errors = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert errors.endswith("\n")
    lines = errors.splitlines()
    assert len(lines) == 1, errors
    assert lines[0].startswith("error: ")
    assert "Traceback" not in errors
    _assert_names_everything(lines[0], case)

    # Nothing was written: processed is byte for byte as the earlier run left it, and raw
    # is as the test left it.
    assert snapshot(cleaned_project.processed) == processed_before
    assert snapshot(raw) == raw_before


def test_unreadable_file(cleaned_project, capsys, make_unreadable):
    """A raw file the user may not read: an error to report, not a crash."""
    processed_before = snapshot(cleaned_project.processed)
    make_unreadable(cleaned_project.raw / "2019" / "sjukfranvaro.csv")
    status = main(cli_clean(cleaned_project))
    _out, errors = capsys.readouterr()
    assert status == 2
    assert errors.startswith("error: ") and len(errors.splitlines()) == 1
    assert "2019/sjukfranvaro.csv" in errors
    assert snapshot(cleaned_project.processed) == processed_before


def test_error_from_a_real_process_is_one_line(cleaned_project):
    """Run ``python -m analysis clean`` as a user would: stderr is exactly one line."""
    processed_before = snapshot(cleaned_project.processed)
    edit(cleaned_project.raw, "2019/sjukfranvaro.csv", "Kort;2,2 %", "Kort;två")
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", *cli_clean(cleaned_project)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert proc.stderr.startswith("error: ")
    assert "Traceback" not in proc.stderr
    assert "line 2" in proc.stderr and "'två'" in proc.stderr
    assert snapshot(cleaned_project.processed) == processed_before


# --- successful runs and years ------------------------------------------------------------------


def test_clean_command_reports_years_counts_and_changes(cleaned_project, capsys, shipped_clean):
    _template, first = shipped_clean
    status = main(cli_clean(cleaned_project))
    out, _errors = capsys.readouterr()
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == (f"cleaned report years 2017, 2019: {len(first.facts)} facts, {len(first.findings)} findings")
    statuses = [line.split() for line in lines[1:] if line.split()[0] in STATUSES]
    assert sorted(statuses) == sorted(["unchanged", name] for name in first.changes)
    findings = [line.strip() for line in lines[1:] if line.split()[0] not in STATUSES]
    assert len(findings) == len(first.findings)
    assert all(line.startswith(("error: ", "warning: ")) for line in findings)
    assert any(
        "MT service och underhåll" in line and "reported -5" in line and "recomputed -7" in line for line in findings
    )


def test_clean_command_for_one_year(cleaned_project, capsys):
    status = main(cli_clean(cleaned_project, "--year", "2017"))
    out, _errors = capsys.readouterr()
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("cleaned report years 2017: ")
    assert lines[0].endswith(" 0 findings")
    assert len(lines) == 1 + len(list((cleaned_project.raw / "2017").iterdir()))  # one line per export read
    assert all(line.split()[0] == "unchanged" and line.split()[1].startswith("2017/") for line in lines[1:])


@pytest.mark.parametrize("year", ["2018", "sjutton"])
def test_unknown_year_on_the_command_line(cleaned_project, capsys, year):
    processed_before = snapshot(cleaned_project.processed)
    status = main(cli_clean(cleaned_project, "--year", year))
    out, errors = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert errors == f"error: no report data for year {year!r}; available years: 2017, 2019\n"
    assert snapshot(cleaned_project.processed) == processed_before


# --- chapters by short name ------------------------------------------------------------------

SHORT = {
    "summary": "summary",
    "quality": "data_quality",
    "costs": "cost_development",
    "mt": "mt_maintenance_growth",
    "investments": "investment_pace",
    "staff": "staff",
    "scorecard": "scorecard",
    "assignments": "assignments",
}


@pytest.mark.parametrize("short, name", SHORT.items())
def test_a_chapter_by_its_short_name(short, name):
    from analysis.publishing.batch.notebooks import discover_chapters, select_chapters

    chapters = discover_chapters(ROOT / "notebooks")
    chosen = [c.name for c in select_chapters(chapters, [short])]
    assert name in chosen
    assert set(chosen) - {name} <= {"summary", "data_quality"}  # they always come along
    by_number = [c.name for c in select_chapters(chapters, [str(next(c.number for c in chapters if c.name == name))])]
    assert chosen == by_number == [c.name for c in select_chapters(chapters, [name])]


def test_the_help_lists_the_short_names(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "short name: " + ", ".join(SHORT) in out


def test_an_unknown_chapter_name_lists_every_chapter_with_its_short_name(tmp_path, capsys):
    notebooks = str(ROOT / "notebooks")
    status = main(["build", "-c", "kostnader", "--notebooks-dir", notebooks, "--reports-dir", str(tmp_path)])
    _out, errors = capsys.readouterr()
    assert status == 2
    assert errors == (
        "error: no chapter 'kostnader'; chapters are: 00 summary, 01 data_quality (quality), "
        "02 cost_development (costs), 03 mt_maintenance_growth (mt), 04 investment_pace (investments), "
        "05 staff, 06 scorecard, 07 assignments\n"
    )


# --- a stop signal in the build (the processes: tests/test_stopping.py) -------------------------


def test_a_stop_signal_waits_for_a_deferred_step_and_no_except_exception_swallows_it():
    import os
    import signal
    import time

    from analysis.publishing.batch import stopping

    previous = stopping.install()
    try:
        with pytest.raises(stopping.BuildInterrupted) as stop:
            try:
                with stopping.deferred():
                    os.kill(os.getpid(), signal.SIGTERM)
                    time.sleep(0.1)  # the handler runs here and only remembers the signal
                    assert stopping.stopped() == signal.SIGTERM
                stopping.raise_if_stopped(["a result"])
            except Exception:  # noqa: BLE001 - what a library in between might do
                pytest.fail("the stop was caught as an Exception")
        assert stop.value.signum == signal.SIGTERM and stop.value.results == ["a result"]
        assert str(stop.value) == "interrupted by SIGTERM"
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # a second signal is ignored
    finally:
        stopping.restore(previous)
    assert stopping.stopped() is None and signal.getsignal(signal.SIGTERM) == previous[signal.SIGTERM]
