"""The chapter batch (:mod:`analysis.publishing.batch.build`) and ``python -m analysis build``.

Behaviour is tested on the tiny fixture chapters in ``tests/fixtures/notebooks`` (01
cleans, 02-03 read the facts, 04 fails, sleeps or kills its kernel when told to by a
parameter), each build in its own tmp folders. The shipped chapters are checked on the
session's ``built_reports`` (built once by the batch, see ``conftest.py``).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis.exceptions import AnalysisError
from analysis.publishing import model
from analysis.publishing.batch import build as batch
from analysis.publishing.batch import execute as run
from analysis.publishing.batch import plan as planning
from analysis.publishing.batch import schedule
from analysis.publishing.batch.build import discover_chapters, run_batch, select_chapters, summary_table
from analysis.publishing.cli.commands import main, param_value, parse_params, parser
from analysis.publishing.model import ChapterResult

from conftest import ROOT, copy_shipped_raw, snapshot

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notebooks"
SHIPPED_NOTEBOOKS = ROOT / "notebooks"
SHIPPED_CHAPTERS = discover_chapters(SHIPPED_NOTEBOOKS)
FIXTURE_CHAPTERS = ["data_quality", "charts_tables", "labels", "fails"]
YEARS = [2017, 2019]


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class Site:
    """Tmp folders of one batch: raw (a copy of the shipped exports), processed, reports."""

    root: Path
    raw: Path
    processed: Path
    reports: Path


def make_site(root: Path) -> Site:
    return Site(root=root, raw=copy_shipped_raw(root / "raw"), processed=root / "processed", reports=root / "reports")


def build(site: Site, **kwargs) -> list[ChapterResult]:
    """The batch on the fixture chapters, in the site's folders."""
    kwargs.setdefault("notebooks_dir", FIXTURES)
    return run_batch(reports_dir=site.reports, raw_dir=site.raw, processed_dir=site.processed, **kwargs)


def statuses(results: list[ChapterResult]) -> dict[tuple[int, str], str]:
    return {(r.year, r.chapter): r.status for r in results}


def outputs(reports: Path) -> dict[str, tuple[bytes, int]]:
    """Every file the batch wrote (bytes, mtime), without the lock file it opens per run."""
    return {k: v for k, v in snapshot(reports).items() if Path(k).name != ".lock"}


def run_times(reports: Path, year: int, stem: str) -> tuple[dt.datetime, dt.datetime]:
    """When papermill started and finished a chapter (from the executed notebook)."""
    meta = json.loads((reports / str(year) / "executed" / f"{stem}.ipynb").read_text())
    times = meta["metadata"]["papermill"]
    return dt.datetime.fromisoformat(times["start_time"]), dt.datetime.fromisoformat(times["end_time"])


def most_at_once(intervals: list[tuple[dt.datetime, dt.datetime]]) -> int:
    """The largest number of intervals that overlap at one moment."""
    events = sorted(
        [(start, 1) for start, _ in intervals] + [(end, -1) for _, end in intervals], key=lambda e: (e[0], e[1])
    )
    running = peak = 0
    for _, step in events:
        running += step
        peak = max(peak, running)
    return peak


class PageText(HTMLParser):
    """Links and visible text of a page."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.parts: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links += [v for k, v in attrs if k == "href" and v]

    def handle_data(self, data):
        self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def page(path: Path) -> PageText:
    return PageText(path.read_text(encoding="utf-8"))


def squeeze(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- -p values


@pytest.mark.parametrize(
    "text, value",
    [
        ("7", 7),
        ("-3", -3),
        ("0", 0),
        ("2019", 2019),
        ("1.5", 1.5),
        ("-0.25", -0.25),
        ("1e3", 1000.0),
        ("True", True),
        ("False", False),
        ("None", None),
        ("007", "007"),
        ("01", "01"),
        ("00", "00"),
        ("-01", "-01"),
        ("01.5", "01.5"),
        ("0.5", 0.5),
        ("true", "true"),
        ("none", "none"),
        ("Q1", "Q1"),
        ("", ""),
        ("Länsteknik", "Länsteknik"),
        ("2019-01", "2019-01"),
    ],
)
def test_param_values_are_read_like_papermill_but_codes_stay_text(text, value):
    got = param_value(text)
    assert got == value and type(got) is type(value)


def test_params_from_the_command_line():
    args = parser().parse_args(
        [
            "build",
            "-p",
            "code",
            "007",
            "--param",
            "limit",
            "2.5",
            "-p",
            "region",
            "Norr",
            "-p",
            "flag",
            "True",
            "-p",
            "code",
            "01",
        ]
    )
    assert parse_params(args.params) == {"code": "01", "limit": 2.5, "region": "Norr", "flag": True}
    assert parse_params(None) == {}


@pytest.mark.parametrize(
    "name, option",
    [("year", "--year"), ("lang", "--lang"), ("raw_dir", "--raw-dir"), ("processed_dir", "--processed-dir")],
)
def test_params_the_batch_sets_are_refused(name, option, capsys, isolated_root):
    assert main(["build", "-p", name, "x"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"error: -p {name}: set by the batch; use {option}\n"
    with pytest.raises(AnalysisError, match=f"parameter '{name}' is set by the batch"):
        run_batch(
            parameters={name: 1},
            notebooks_dir=FIXTURES,
            raw_dir=isolated_root / "data" / "raw",
            reports_dir=isolated_root / "reports",
        )


def test_a_param_name_must_be_an_identifier(capsys, isolated_root):
    assert main(["build", "-p", "my-code", "1"]) == 2
    assert capsys.readouterr().err == "error: -p 'my-code': a parameter name must be a Python identifier\n"


# --------------------------------------------------------------------------- command line


def test_build_options_reach_the_batch(monkeypatch, tmp_path, capsys):
    """Every build option is passed on; the exit status is 0 only if every chapter succeeded."""
    seen = {}

    def fake_run_batch(**kwargs):
        seen.update(kwargs)
        return [ChapterResult(2017, "a", 1, "A", status, html=tmp_path / "a.html") for status in statuses_to_return]

    monkeypatch.setattr(batch, "run_batch", fake_run_batch)
    argv = [
        "build",
        "-y",
        "2017",
        "--year",
        "2019",
        "-c",
        "2",
        "--chapter",
        "labels",
        "--force",
        "-j",
        "3",
        "--timeout",
        "45",
        "--lang",
        "en",
        "-p",
        "code",
        "007",
        "--raw-dir",
        "r",
        "--processed-dir",
        "p",
        "--reports-dir",
        str(tmp_path / "out"),
        "--notebooks-dir",
        "n",
        "--no-progress",
    ]
    statuses_to_return = ["ok", "unchanged"]
    assert main(argv) == 0
    assert seen["years"] == ["2017", "2019"] and seen["chapters"] == ["2", "labels"]
    assert seen["force"] is True and seen["jobs"] == 3 and seen["timeout"] == 45
    assert seen["lang"] == "en" and seen["parameters"] == {"code": "007"}
    assert seen["progress"] is False
    assert (seen["raw_dir"], seen["processed_dir"], seen["notebooks_dir"]) == (Path("r"), Path("p"), Path("n"))
    assert seen["reports_dir"] == tmp_path / "out"
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == f"index: {tmp_path / 'out' / 'index.html'}"
    for status in ("failed", "skipped"):
        statuses_to_return = ["ok", status]
        assert main(argv) == 1
    statuses_to_return = []
    assert main(argv) == 1


def test_build_is_the_default_command_and_defaults(monkeypatch):
    seen = {}
    monkeypatch.setattr(batch, "run_batch", lambda **kw: seen.update(kw) or [])
    main([])
    assert seen["years"] is None and seen["chapters"] is None and seen["force"] is False
    assert seen["lang"] == "sv" and seen["parameters"] == {} and seen["timeout"] == 600
    assert seen["raw_dir"] is None and seen["notebooks_dir"] is None


@pytest.mark.parametrize(
    "argv, message",
    [
        (["-c", "99"], "error: no chapter '99'; chapters are: 01 data_quality, 02 charts_tables, 03 labels, 04 fails"),
        (["-y", "2018"], "error: no report data for year '2018'; available years: 2017, 2019"),
        (["-y", "02019"], "error: no report data for year '02019'; available years: 2017, 2019"),
        (["-y", "2019.0"], "error: no report data for year '2019.0'; available years: 2017, 2019"),
        (["-j", "0"], "error: jobs must be at least 1 (got 0)"),
        (["--timeout", "-1"], "error: timeout must be 0 (no limit) or more seconds (got -1)"),
    ],
)
def test_errors_are_one_line_and_nothing_runs(tmp_path, capsys, isolated_root, argv, message):
    site = make_site(tmp_path)
    status = main(
        [
            "build",
            "--notebooks-dir",
            str(FIXTURES),
            "--raw-dir",
            str(site.raw),
            "--processed-dir",
            str(site.processed),
            "--reports-dir",
            str(site.reports),
            *argv,
        ]
    )
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert err == message + "\n"
    assert not site.processed.exists()
    assert not any(site.reports.rglob("*.html")) if site.reports.exists() else True


def test_no_chapter_notebooks_is_an_error(tmp_path, isolated_root):
    with pytest.raises(AnalysisError, match="no chapter notebooks"):
        run_batch(notebooks_dir=tmp_path, reports_dir=tmp_path / "reports")


def test_chapters_chosen_by_number_name_or_file_always_with_the_cleaning():
    chapters = discover_chapters(FIXTURES)
    assert [c.name for c in chapters] == FIXTURE_CHAPTERS
    assert [c.name for c in chapters if c.cleans] == ["data_quality"]
    pick = lambda *wanted: [c.name for c in select_chapters(chapters, list(wanted))]
    assert pick("3") == ["data_quality", "labels"]
    assert pick("03", "fails") == ["data_quality", "labels", "fails"]
    assert pick("02_charts_tables.ipynb") == ["data_quality", "charts_tables"]
    assert pick() == FIXTURE_CHAPTERS


def test_summary_table_names_the_failing_cell_and_the_output(tmp_path):
    error = {
        "kind": "cell_error",
        "cell_index": 4,
        "cell_count": 6,
        "first_line": "if sleep:",
        "message": "ValueError: fel med flit",
    }
    results = [
        ChapterResult(
            2019, "data_quality", 1, "Datakvalitet", "ok", 2.34, html=tmp_path / "2019" / "data_quality.html"
        ),
        ChapterResult(2019, "labels", 3, "Etiketter", "unchanged", 0.0, html=tmp_path / "2019" / "labels.html"),
        ChapterResult(
            2019,
            "fails",
            4,
            "Fel",
            "failed",
            1.5,
            html=tmp_path / "2019" / "fails.html",
            executed=tmp_path / "2019" / "executed" / "04_fails.failed.ipynb",
            error=error,
        ),
    ]
    lines = summary_table(results, relative_to=tmp_path).splitlines()
    assert lines[0].split() == ["year", "chapter", "status", "seconds", "output"]
    assert lines[2].split() == ["2019", "01", "data_quality", "ok", "2.3", "2019/data_quality.html"]
    assert lines[3].split() == ["2019", "03", "labels", "unchanged", "0.0", "2019/labels.html"]
    assert lines[4].split() == ["2019", "04", "fails", "failed", "1.5", "2019/executed/04_fails.failed.ipynb"]
    assert lines[5].strip() == "↳ cell 5/6 `if sleep:`: ValueError: fel med flit"
    assert lines[-1] == "3 chapters: 1 built, 1 unchanged, 1 failed or skipped"


def test_workers_never_exceed_the_cores(monkeypatch):
    """The default pool has at most one worker per core, whatever ``jobs`` says."""
    made = []

    class Pool:
        def __init__(self, max_workers, mp_context=None, **options):
            made.append(max_workers)
            raise RuntimeError("stop here")

    monkeypatch.setattr(schedule.cf, "ProcessPoolExecutor", Pool)
    chapters = discover_chapters(FIXTURES)
    plan = model.YearPlan(
        2019,
        tasks=[model.ChapterTask(2019, c, {}, {}, Path("/nonexistent")) for c in chapters],
        unchanged={c.stem: False for c in chapters},
    )
    for cores, jobs, expected in [(2, None, 2), (2, 8, 2), (8, 3, 3), (1, 4, 1), (16, None, 4)]:
        monkeypatch.setattr(schedule, "available_cores", lambda cores=cores: cores)
        with pytest.raises(RuntimeError, match="stop here"):
            schedule.run_plans([plan], executor=None, jobs=jobs, progress=False)
        assert made.pop() == expected, (cores, jobs)


class RecordingExecutor:
    """Runs nothing: records the chapters in the order they are submitted and answers each at
    once, ``failed`` for the chapters named in ``fail``."""

    def __init__(self, fail: tuple[str, ...] = ()) -> None:
        self.submitted: list[tuple[int, str]] = []
        self.fail = fail

    def submit(self, _fn, task):
        import concurrent.futures as cf

        self.submitted.append((task.year, task.chapter.name))
        status = "failed" if task.chapter.name in self.fail else "ok"
        future = cf.Future()
        future.set_result(ChapterResult(task.year, task.chapter.name, task.chapter.number, "", status))
        return future


def fixture_plans(reports: Path, *, cleaned: bool, seconds: dict[str, float]) -> list[model.YearPlan]:
    """Plans of both years' fixture chapters with stamps that say how long each last took."""
    chapters = discover_chapters(FIXTURES)
    plans = []
    for year in YEARS:
        tasks = [model.ChapterTask(year, c, {}, {}, reports) for c in chapters]
        for task in tasks:
            task.files.stamp.parent.mkdir(parents=True, exist_ok=True)
            if task.chapter.name in seconds:
                task.files.stamp.write_text(json.dumps({"seconds": seconds[task.chapter.name]}), encoding="utf-8")
        unchanged = {c.stem: False for c in chapters}
        plans.append(model.YearPlan(year, tasks=tasks, unchanged=unchanged, chapters=chapters, cleaned=cleaned))
    return plans


def run_scheduled(plans: list[model.YearPlan], executor: RecordingExecutor) -> list[ChapterResult]:
    from tqdm import tqdm

    return schedule._Scheduler(plans, executor, tqdm(disable=True)).run()


def test_a_year_the_build_cleaned_runs_its_chapters_at_once_longest_first(tmp_path):
    """The build cleaned both years before any chapter: their chapters go to the executor
    with the cleaning chapters, the longest last time first (a chapter never run counts as
    the longest), so that the short ones fill in at the end; a failed cleaning chapter, which
    cleaned nothing, skips nothing."""
    seconds = {"data_quality": 0.5, "charts_tables": 1.0, "labels": 3.0}  # fails: never run
    executor = RecordingExecutor(fail=("data_quality",))
    results = run_scheduled(fixture_plans(tmp_path, cleaned=True, seconds=seconds), executor)
    assert executor.submitted == [
        (2017, "data_quality"),
        (2019, "data_quality"),
        *[(y, "fails") for y in YEARS],
        *[(y, "labels") for y in YEARS],
        *[(y, "charts_tables") for y in YEARS],
    ]
    assert sorted(r.status for r in results) == ["failed"] * 2 + ["ok"] * 6


def test_without_the_builds_cleaning_a_years_chapters_wait_for_its_cleaning_chapter(tmp_path):
    """Where the build could not clean (its cleaning chapter then cleans on its own page), a
    year's other chapters are submitted only once its cleaning chapter and those of earlier
    years have succeeded, and skipped where one failed."""
    plans = fixture_plans(tmp_path, cleaned=False, seconds={"labels": 3.0})
    executor = RecordingExecutor(fail=("data_quality",))
    results = run_scheduled(plans, executor)
    assert executor.submitted == [(2017, "data_quality"), (2019, "data_quality")]
    assert sorted(r.status for r in results) == ["failed"] * 2 + ["skipped"] * 6


# --------------------------------------------------------------------------- fixture chapters


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory) -> tuple[Site, list[ChapterResult]]:
    """Both years of the fixture chapters, built once with the default worker pool."""
    site = make_site(tmp_path_factory.mktemp("fixture-build"))
    return site, build(site)


@pytest.mark.notebooks
def test_every_chapter_of_every_year_is_built(fixture_build):
    site, results = fixture_build
    assert [(r.year, r.chapter) for r in results] == [(y, c) for y in YEARS for c in FIXTURE_CHAPTERS]
    assert all(r.status == "ok" for r in results), summary_table(results)
    for r in results:
        assert r.html == site.reports / str(r.year) / f"{r.chapter}.html" and r.html.stat().st_size
        assert r.executed.exists() and r.seconds > 0 and r.error is None
    assert not list(site.reports.rglob("*.failed.ipynb")) and not list(site.reports.rglob("*running*"))


@pytest.mark.notebooks
def test_every_chapter_starts_after_the_build_cleaned_every_year(fixture_build):
    """The build cleans the years once, before any chapter: each chapter reads the processed
    data of that cleaning (the years up to its own, for its sections over the years)."""
    site, _results = fixture_build
    manifest = json.loads((site.processed / "manifest.json").read_text(encoding="utf-8"))
    cleaned = dt.datetime.fromisoformat(manifest["generated"])
    written = dt.datetime.fromtimestamp((site.processed / "manifest.json").stat().st_mtime, dt.UTC)
    for year in YEARS:
        for stem in ("01_data_quality", "02_charts_tables", "03_labels", "04_fails"):
            started, _end = run_times(site.reports, year, stem)
            assert started >= cleaned and started >= written, (year, stem)


@pytest.mark.notebooks
def test_chapters_run_side_by_side_within_the_cores(fixture_build):
    site, _results = fixture_build
    intervals = [run_times(site.reports, y, c.stem) for y in YEARS for c in discover_chapters(FIXTURES)]
    peak = most_at_once(intervals)
    assert peak <= schedule.available_cores()
    if schedule.available_cores() >= 2:
        assert peak >= 2, "nothing ran in parallel"


@pytest.mark.notebooks
def test_one_core_runs_one_chapter_at_a_time(tmp_path, monkeypatch):
    monkeypatch.setattr(schedule, "available_cores", lambda: 1)
    site = make_site(tmp_path)
    results = build(site, chapters=["data_quality"], jobs=4)  # the two years' cleanings
    assert [r.status for r in results] == ["ok", "ok"]
    assert most_at_once([run_times(site.reports, y, "01_data_quality") for y in YEARS]) == 1


@pytest.mark.notebooks
def test_index_pages_link_every_chapter_and_year(fixture_build):
    from analysis.publishing.pages.index_pages import format_figure, shown_figures

    site, results = fixture_build
    for year in YEARS:
        index = page(site.reports / str(year) / "index.html")
        for result in (r for r in results if r.year == year):
            assert f"{result.chapter}.html" in index.links
            assert result.title in index.text
            for figure in shown_figures(result.key_figures["figures"]):
                assert squeeze(figure["label"]) in index.text
                assert squeeze(format_figure(figure, "sv")) in index.text
        assert "../index.html" in index.links
    root = page(site.reports / "index.html")
    assert [f"{y}/index.html" for y in YEARS] == [h for h in root.links if h.endswith("/index.html")]


@pytest.mark.notebooks
def test_rerun_with_nothing_changed_executes_nothing(fixture_build):
    site, _results = fixture_build
    before = outputs(site.reports)
    processed = snapshot(site.processed)
    results = build(site)
    assert set(statuses(results).values()) == {"unchanged"}, summary_table(results)
    assert all(r.seconds == 0 and r.html.exists() for r in results)
    assert [r.key_figures for r in results] == [r.key_figures for r in _results]
    # Not one file written: pages, executed notebooks, logs, stamps, indexes, processed data.
    assert outputs(site.reports) == before
    assert snapshot(site.processed) == processed


@pytest.mark.notebooks
def test_a_changed_raw_file_reruns_exactly_its_year(tmp_path):
    site = make_site(tmp_path)
    build(site)
    before = outputs(site.reports)
    path = site.raw / "2019" / "sjukfranvaro.csv"
    path.write_bytes(path.read_bytes().replace(b"Kort;2,2 %", b"Kort;2,3 %"))

    results = build(site)
    assert statuses(results) == {
        **{(2017, c): "unchanged" for c in FIXTURE_CHAPTERS},
        **{(2019, c): "ok" for c in FIXTURE_CHAPTERS},
    }
    after = outputs(site.reports)
    assert {k: v for k, v in after.items() if k.startswith("2017/")} == {
        k: v for k, v in before.items() if k.startswith("2017/")
    }
    for chapter in FIXTURE_CHAPTERS:
        assert after[f"2019/{chapter}.html"][1] > before[f"2019/{chapter}.html"][1]
    stamp = json.loads((site.reports / "2019/executed/02_charts_tables.stamp.json").read_text())
    assert stamp["fingerprint"]["inputs"]["2019/sjukfranvaro.csv"] == planning.sha256_file(path)

    # An earlier year's export is read by the later years' chapters too (their sections over
    # the years): a change in 2017 re-runs 2017 and 2019's chapters, but not 2019's cleaning.
    earlier = site.raw / "2017" / "investeringar.csv"
    earlier.write_bytes(earlier.read_bytes() + b"\n")
    again = build(site)
    assert statuses(again) == {
        **{(2017, c): "ok" for c in FIXTURE_CHAPTERS},
        (2019, "data_quality"): "unchanged",
        **{(2019, c): "ok" for c in FIXTURE_CHAPTERS if c != "data_quality"},
    }
    after = outputs(site.reports)

    # --force re-runs every chapter although nothing changed since.
    forced = build(site, force=True)
    assert set(statuses(forced).values()) == {"ok"}
    final = outputs(site.reports)
    assert all(
        final[f"{y}/executed/{c.stem}.ipynb"][1] > after[f"{y}/executed/{c.stem}.ipynb"][1]
        for y in YEARS
        for c in discover_chapters(FIXTURES)
    )


@pytest.mark.notebooks
def test_what_makes_a_chapter_run_again(fixture_build, tmp_path):
    """The plan on a copy of a finished build: which chapters are still ``unchanged``."""
    site, _results = fixture_build
    reports, processed = tmp_path / "reports", tmp_path / "processed"
    shutil.copytree(site.reports, reports, copy_function=shutil.copy2)
    shutil.copytree(site.processed, processed, copy_function=shutil.copy2)
    stamp = json.loads((reports / "2019/executed/02_charts_tables.stamp.json").read_text())

    def run_again(chapters=None, raw=site.raw, force=False, **extra) -> set[str]:
        params = {"year": 2019, "lang": "sv", "raw_dir": str(site.raw), "processed_dir": str(site.processed), **extra}
        plan = planning.plan_year(
            2019,
            chapters or discover_chapters(FIXTURES),
            reports_dir=reports,
            raw_dir=raw,
            processed_dir=processed,
            parameters=params,
            code=stamp["fingerprint"]["code"],
            force=force,
        )
        return {stem for stem, unchanged in plan.unchanged.items() if not unchanged}

    everything = {c.stem for c in discover_chapters(FIXTURES)}
    assert run_again() == set()
    assert run_again(force=True) == everything
    assert run_again(code="007") == everything  # a parameter
    other_code = planning.plan_year(
        2019,
        discover_chapters(FIXTURES),
        reports_dir=reports,
        raw_dir=site.raw,
        processed_dir=processed,
        parameters={"year": 2019},
        code="other",
    )
    assert not any(other_code.unchanged.values())  # the package code

    raw = tmp_path / "raw"  # a raw file of the year
    shutil.copytree(site.raw, raw)
    (raw / "2019" / "nyckeltal.csv").write_bytes((raw / "2019" / "nyckeltal.csv").read_bytes() + b"\n")
    assert run_again(raw=raw) == everything
    (raw / "2019" / "nyckeltal.csv").write_bytes((site.raw / "2019" / "nyckeltal.csv").read_bytes())
    shutil.copytree(raw / "2019", raw / "2020")  # ...not of a later year
    assert run_again(raw=raw) == set()
    (raw / "2017" / "nyckeltal.csv").unlink()  # an earlier year's: what the sections over the years read
    assert run_again(raw=raw) == everything - {"01_data_quality"}
    shutil.copy2(site.raw / "2017" / "nyckeltal.csv", raw / "2017" / "nyckeltal.csv")
    assert run_again(raw=raw) == set()
    (raw / "aliases.csv").write_text("Tabell;Tidigare namn;Namn\n", encoding="utf-8")  # the alias list
    assert run_again(raw=raw) == everything - {"01_data_quality"}

    notebooks = tmp_path / "notebooks"  # a chapter notebook
    shutil.copytree(FIXTURES, notebooks)
    edited = notebooks / "03_labels.ipynb"
    edited.write_text(edited.read_text(encoding="utf-8").replace("(testkapitel)", "(ändrad)"), encoding="utf-8")
    assert run_again(discover_chapters(notebooks)) == {"03_labels"}
    edited = notebooks / "01_data_quality.ipynb"  # the cleaning notebook
    edited.write_text(edited.read_text(encoding="utf-8").replace("(testkapitel)", "(ändrad)"), encoding="utf-8")
    assert run_again(discover_chapters(notebooks)) == everything

    year = reports / "2019"
    with open(year / "labels.html", "a", encoding="utf-8") as page_file:  # an edited page
        page_file.write("<!-- edited -->")
    (year / "executed" / "04_fails.ipynb").unlink()  # a removed executed copy
    (year / "executed" / "02_charts_tables.failure.json").write_text("{}")  # a failed last run
    assert run_again() == {"02_charts_tables", "03_labels", "04_fails"}
    (processed / "raw_files.csv").unlink()  # processed data not ours
    (processed / "raw_files.parquet").unlink(missing_ok=True)
    assert run_again() == {"01_data_quality", "02_charts_tables", "03_labels", "04_fails"}


@pytest.mark.notebooks
def test_a_failing_cell_keeps_the_previous_page_and_reports_the_cell(tmp_path):
    from analysis.publishing.pages.html_export import labels

    site = make_site(tmp_path)
    assert {r.status for r in build(site, years=[2019])} == {"ok"}
    year_dir = site.reports / "2019"
    good_page = (year_dir / "fails.html").read_bytes()
    good_executed = (year_dir / "executed" / "04_fails.ipynb").read_bytes()

    results = build(site, years=[2019], parameters={"fail": True})
    assert statuses(results) == {
        (2019, "data_quality"): "ok",
        (2019, "charts_tables"): "ok",
        (2019, "labels"): "ok",
        (2019, "fails"): "failed",
    }
    failed = results[-1]
    message = "ValueError: fel med flit <script>alert(1)</script>"
    assert failed.error == {
        "kind": "cell_error",
        "cell_index": 4,
        "cell_count": 6,
        "first_line": "if sleep:",
        "message": message,
    }
    # The last good page and executed notebook stay, byte for byte.
    assert (year_dir / "fails.html").read_bytes() == good_page
    assert (year_dir / "executed" / "04_fails.ipynb").read_bytes() == good_executed
    assert failed.html == year_dir / "fails.html"
    # The failed run is kept for inspection, with the error in its cell.
    assert failed.executed == year_dir / "executed" / "04_fails.failed.ipynb"
    kept = json.loads(failed.executed.read_text())
    outputs_ = [o for c in kept["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert any(o.get("output_type") == "error" and o.get("ename") == "ValueError" for o in outputs_)
    assert json.loads((year_dir / "executed" / "04_fails.failure.json").read_text())["error"] == failed.error
    assert not list(year_dir.rglob("*running*"))
    # Summary and year index name the cell and the error; the root index counts it.
    summary = summary_table(results, relative_to=site.reports)
    assert f"↳ cell 5/6 `if sleep:`: {message}" in summary
    assert "2019/executed/04_fails.failed.ipynb" in summary
    index = (year_dir / "index.html").read_text(encoding="utf-8")
    text = page(year_dir / "index.html").text
    assert squeeze(labels("sv")["failed_cell"].format(number=5, total=6)) in text
    assert html.escape(message, quote=False) in index and "<script>" not in index
    assert "if sleep:" in text
    assert "fails.html" in page(year_dir / "index.html").links  # the previous page is still linked

    # A failed chapter is tried again on the next run, even with nothing changed.
    again = build(site, years=[2019], parameters={"fail": True})
    assert statuses(again)[(2019, "fails")] == "failed"
    assert {s for (y, c), s in statuses(again).items() if c != "fails"} == {"unchanged"}
    # ...and once it works, its page is replaced and the failure records are gone.
    fixed = build(site, years=[2019])
    assert statuses(fixed)[(2019, "fails")] == "ok"
    assert (year_dir / "fails.html").read_bytes() != good_page
    assert not (year_dir / "executed" / "04_fails.failed.ipynb").exists()
    assert not (year_dir / "executed" / "04_fails.failure.json").exists()


@pytest.mark.notebooks
@pytest.mark.parametrize(
    "parameters, timeout, kind, message",
    [
        ({"sleep": 120}, 2, "timeout", "cell timed out after 2 s (--timeout)"),
        ({"die": True}, 600, "dead_kernel", "the kernel died (crash or out of memory)"),
    ],
    ids=["timeout", "dead-kernel"],
)
def test_a_cell_timeout_or_dead_kernel_is_a_failure(tmp_path, parameters, timeout, kind, message):
    site = make_site(tmp_path)
    results = build(site, years=[2019], chapters=["fails"], parameters=parameters, timeout=timeout)
    assert statuses(results) == {(2019, "data_quality"): "ok", (2019, "fails"): "failed"}
    failed = results[-1]
    assert failed.error["kind"] == kind and failed.error["message"] == message
    assert failed.error["cell_index"] == 4
    assert failed.seconds < 60
    assert failed.html is None and not (site.reports / "2019" / "fails.html").exists()
    assert failed.executed == site.reports / "2019" / "executed" / "04_fails.failed.ipynb"
    assert failed.executed.exists()


@pytest.mark.notebooks
def test_a_failed_cleaning_skips_its_years_other_chapters(tmp_path):
    site = make_site(tmp_path)
    (site.raw / "2019" / "lokaler.csv").write_text("Namn;Antal\nA;1\n", encoding="utf-8")
    results = build(site, chapters=["labels"])
    assert statuses(results) == {
        (2017, "data_quality"): "ok",
        (2017, "labels"): "ok",
        (2019, "data_quality"): "failed",
        (2019, "labels"): "skipped",
    }
    cleaning, skipped = results[2], results[3]
    assert "2019/lokaler.csv" in cleaning.error["message"]
    assert "unknown export" in cleaning.error["message"]
    assert skipped.error["message"] == "not run: the cleaning chapter 01 data_quality of 2019 failed"
    assert not (site.reports / "2019" / "executed" / "03_labels.ipynb").exists()
    text = page(site.reports / "2019" / "index.html").text
    from analysis.publishing.pages.html_export import labels

    assert "unknown export" in text and squeeze(labels("sv")["skipped_message"]) in text


# --------------------------------------------------------------------------- the command, as a user runs it


def run_command(cwd: Path, *argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LANSTEKNIK_ROOT": str(cwd / "isolated-root")}
    return subprocess.run(
        [sys.executable, "-m", "analysis", "build", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.notebooks
def test_the_build_command_is_quiet_and_exits_nonzero_on_a_failure(tmp_path):
    """No kernel, papermill or warning noise on the terminal; folders may be relative."""
    make_site(tmp_path)
    folders = [
        "--notebooks-dir",
        str(FIXTURES),
        "--raw-dir",
        "raw",
        "--processed-dir",
        "processed",
        "--reports-dir",
        "reports",
    ]
    first = run_command(tmp_path, *folders, "-y", "2019")
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stderr == ""
    lines = first.stdout.splitlines()
    assert [line.split()[:4] for line in lines[2:6]] == [
        ["2019", f"0{n}", c, "ok"] for n, c in enumerate(FIXTURE_CHAPTERS, 1)
    ]
    assert lines[2].split()[-1] == "reports/2019/data_quality.html"
    assert lines[-1] == "index: reports/index.html"

    second = run_command(tmp_path, *folders, "-y", "2019", "-c", "fails", "-p", "fail", "True", "-p", "code", "007")
    for noise in ("IPKernelApp", "WARNING", "Traceback", "Warning"):
        assert noise not in second.stderr + second.stdout
    assert second.stderr == ""
    assert second.returncode == 1
    assert ["2019", "04", "fails", "failed"] in [line.split()[:4] for line in second.stdout.splitlines()]
    assert "↳ cell 5/6 `if sleep:`: ValueError: fel med flit" in second.stdout
    executed = json.loads((tmp_path / "reports/2019/executed/04_fails.failed.ipynb").read_text())
    injected = [c for c in executed["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert 'code = "007"' in "".join(injected[0]["source"])
    assert "fail = True" in "".join(injected[0]["source"])
    # The noise went to the chapter logs instead.
    log = (tmp_path / "reports/2019/executed/04_fails.log").read_text()
    assert "Passed unknown parameter: code" in log and "chapter failed" in log
    # Relative folders were resolved against the working directory, not the notebooks'.
    params = json.loads((tmp_path / "reports/2019/executed/04_fails.failure.json").read_text())
    assert params["fingerprint"]["parameters"] == {
        "code": "007",
        "fail": True,
        "lang": "sv",
        "year": 2019,
        "raw_dir": str(tmp_path / "raw"),
        "processed_dir": str(tmp_path / "processed"),
    }
    assert not (tmp_path / "isolated-root").exists()


# --------------------------------------------------------------------------- Dask


@pytest.mark.notebooks
def test_the_batch_runs_on_a_dask_cluster(tmp_path):
    distributed = pytest.importorskip(
        "distributed", reason="Dask distributed is not installed (pip install distributed)"
    )
    import logging

    site = make_site(tmp_path)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
        ) as cluster,
        distributed.Client(cluster) as client,
        distributed.get_task_stream(client) as tasks,
    ):
        results = build(site, executor=client.get_executor())
        worker_pids = set(client.run(os.getpid).values())
    assert [(r.year, r.chapter) for r in results] == [(y, c) for y in YEARS for c in FIXTURE_CHAPTERS]
    assert all(r.status == "ok" for r in results), summary_table(results)
    ran = [t for t in tasks.data if "run_chapter" in str(t["key"])]
    assert len(ran) == len(results), [t["key"] for t in tasks.data]
    assert len(worker_pids) == 2 and os.getpid() not in worker_pids, worker_pids
    for year in YEARS:
        _start, cleaned = run_times(site.reports, year, "01_data_quality")
        assert all(
            run_times(site.reports, year, stem)[0] >= cleaned for stem in ("02_charts_tables", "03_labels", "04_fails")
        )
    assert (site.reports / "index.html").exists()
    # The same folders on the process pool afterwards: nothing to do.
    again = build(site)
    assert {r.status for r in again} == {"unchanged"}, summary_table(again)


# --------------------------------------------------------------------------- the shipped chapters


@pytest.mark.notebooks
def test_shipped_batch_builds_every_chapter_of_every_year(built_reports):
    results = built_reports.results
    chapters = discover_chapters(SHIPPED_NOTEBOOKS)
    assert len(results) == len(YEARS) * len(chapters)
    assert [(r.year, r.chapter) for r in results] == [(y, c.name) for y in YEARS for c in chapters]
    assert all(r.status == "ok" for r in results), summary_table(results)
    for r in results:
        assert r.html == built_reports.reports / str(r.year) / f"{r.chapter}.html"
        assert r.html.stat().st_size > 1000
        assert r.key_figures and r.key_figures["figures"], r.chapter
    for year in YEARS:
        _start, cleaned = run_times(built_reports.reports, year, "01_data_quality")
        assert all(run_times(built_reports.reports, year, c.stem)[0] >= cleaned for c in chapters if not c.cleans)
        others = [run_times(built_reports.reports, year, c.stem)[1] for c in chapters if not c.summarises]
        assert all(run_times(built_reports.reports, year, c.stem)[0] >= max(others) for c in chapters if c.summarises)


@pytest.mark.notebooks
def test_shipped_index_pages_link_every_chapter_and_show_key_figures(built_reports):
    from analysis.publishing.pages.html_export import labels
    from analysis.publishing.pages.index_pages import change_of, format_figure, shown_figures

    reports = built_reports.reports
    for year in YEARS:
        index = page(reports / str(year) / "index.html")
        assert (
            squeeze(labels("sv")["summary"].format(ok=len(SHIPPED_CHAPTERS), total=len(SHIPPED_CHAPTERS))) in index.text
        )
        for result in (r for r in built_reports.results if r.year == year):
            assert f"{result.chapter}.html" in index.links
            assert result.title in index.text
            figures = result.key_figures["figures"]
            listed = {f["key"] for f in shown_figures(figures)}
            for figure in figures:
                change = change_of(figure, figures, "sv")
                if figure["key"] in listed and change:
                    assert squeeze(change["text"]) in index.text, (year, figure)
            for figure in figures:
                shown = squeeze(figure["label"]) in index.text
                if figure["key"] in listed:
                    assert shown, (year, figure)
                    assert squeeze(format_figure(figure, "sv")) in index.text, (year, figure)
                elif not (figure.get("headline", True) and figure["value"] is not None):
                    assert not shown, (year, figure)  # for programs, or missing this year: only in the chapter
                else:  # a change: beside the figure it belongs to
                    assert "_change_" in figure["key"] and not shown, (year, figure)
    # 2019 against 2017: the investment frame with its two-year change beside it.
    text_2019 = page(reports / "2019" / "index.html").text
    assert "82 mnkr +28,0 mnkr / +51,9 % (tvåårsförändring 2017→2019)" in text_2019
    root = page(reports / "index.html")
    assert [h for h in root.links if h.endswith("/index.html")] == ["2017/index.html", "2019/index.html"]
    for year in YEARS:
        assert str(year) in root.text


def test_index_shows_headline_figures_and_marks_derived_ones_with_their_formula():
    from analysis.publishing.pages.index_pages import render_year_index, shown_figures

    figures = [
        {"key": "view", "label": "Vy", "value": "cost_type", "unit": "", "headline": False},
        {"key": "missing", "label": "Saknas", "value": None, "unit": "MSEK"},
        {
            "key": "share",
            "label": "Andel",
            "value": 8.7,
            "unit": "percent",
            "derived": True,
            "formula": "utfall / utfall Totalt × 100",
        },
        {"key": "outcome", "label": "Utfall", "value": 19.0, "unit": "MSEK"},
    ]
    assert [f["key"] for f in shown_figures(figures)] == ["share", "outcome"]
    entry = {
        "number": 3,
        "name": "mt",
        "title": "MT",
        "status": "ok",
        "href": "mt.html",
        "generated": None,
        "seconds": 1.0,
        "error": None,
        "previous": None,
        "figures": [
            {
                "label": f["label"],
                "text": str(f["value"]),
                "derived": bool(f.get("derived")),
                "formula": f.get("formula", ""),
            }
            for f in shown_figures(figures)
        ],
    }
    page = render_year_index(2019, [entry], lang="sv")
    assert 'title="utfall / utfall Totalt × 100">härlett</abbr>' in page
    assert page.count("härlett</abbr>") == 1
    assert "cost_type" not in page and "Saknas" not in page


def test_index_shows_a_figure_with_its_change_against_the_previous_year_beside_it():
    from analysis.publishing.pages.index_pages import change_of, render_year_index, shown_figures, year_entries

    formula = "härlett: ram 2019 − ram 2017 (2017/investeringar.csv:4 → 2019/investeringar.csv:11)"
    figures = [
        {"key": "frame_total_msek", "label": "Beslutad investeringsram", "value": 82.0, "unit": "MSEK"},
        {"key": "frame_total_change_msek", "label": "Ram, förändring", "value": 28.0, "unit": "MSEK",
         "derived": True, "formula": formula},
        {"key": "frame_total_change_percent", "label": "Ram, förändring %", "value": 51.851851, "unit": "percent",
         "derived": True, "formula": "härlett: (ram 2019 / ram 2017 − 1) × 100"},
        {"key": "frame_total_change_period", "label": "period", "value": "tvåårsförändring 2017→2019",
         "headline": False},
        {"key": "result_msek", "label": "Resultat", "value": -4.8, "unit": "MSEK"},
        {"key": "result_change_msek", "label": "Resultat, förändring", "value": -13.5, "unit": "MSEK",
         "derived": True, "formula": "härlett: resultat 2019 − resultat 2017"},
        {"key": "result_change_percent", "label": "Resultat, förändring %", "value": None, "unit": "percent"},
        {"key": "share_percent", "label": "Andel", "value": 8.7, "unit": "percent"},
        {"key": "share_change_points", "label": "Andel, förändring", "value": None, "unit": "percentage points"},
        {"key": "use_percent", "label": "Nyttjande", "value": 86.0, "unit": "percent"},
        {"key": "use_change_points", "label": "Nyttjande, förändring", "value": 2.64, "unit": "percentage points"},
    ]  # fmt: skip
    # The changes are shown beside their figure, not as figures of their own.
    assert [f["key"] for f in shown_figures(figures)] == ["frame_total_msek", "result_msek", "share_percent",
                                                          "use_percent"]  # fmt: skip
    assert change_of(figures[0], figures) == {
        "text": "+28,0\u00a0mnkr / +51,9\u00a0%",
        "period": "tvåårsförändring 2017→2019",
        "formula": f"{formula}; härlett: (ram 2019 / ram 2017 − 1) × 100",
    }
    assert change_of(figures[4], figures)["text"] == "-13,5\u00a0mnkr"  # no percent across a change of sign
    assert change_of(figures[7], figures) is None  # the series has no previous value
    assert change_of(figures[9], figures, "en")["text"] == "+2.6\u00a0percentage points"
    assert change_of(figures[1], figures) is None  # a change has no change of its own

    # On the page: the change beside the value, marked derived with its formulas.
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        reports = Path(folder)
        chapter = discover_chapters(FIXTURES)[2]
        files = model.ChapterFiles(reports / "2019", chapter)
        files.executed_dir.mkdir(parents=True)
        files.html.write_text("<html></html>")
        files.stamp.write_text(
            json.dumps({"generated": "2026-12-01T10:00:00+00:00", "key_figures": {"figures": figures}})
        )
        entries = year_entries(2019, [chapter], reports)
    page = render_year_index(2019, entries, lang="sv")
    text = squeeze(html.unescape(re.sub(r"<[^>]+>", " ", page)))
    assert "Beslutad investeringsram 82 mnkr +28,0 mnkr / +51,9 % (tvåårsförändring 2017→2019) härlett" in text
    assert f'title="{html.escape(formula)}' in page
    assert "Nyttjande 86 % +2,6 procentenheter härlett" in text


@pytest.mark.notebooks
def test_a_kernel_that_did_not_start_is_tried_once_more(tmp_path, monkeypatch):
    """A kernel killed before it answered (no cell ran) is infrastructure, not the chapter:
    the chapter is tried once more and succeeds; the retry is in the chapter's log."""
    import concurrent.futures as cf

    real, calls = run._execute, []

    def flaky(task, output, log_path):
        calls.append(task.chapter.name)
        if len(calls) == 1:
            return {
                "kind": "kernel_start",
                "message": "RuntimeError: Kernel died before replying to kernel_info",
                "cell_index": None,
                "cell_count": None,
                "first_line": "",
            }
        return real(task, output, log_path)

    monkeypatch.setattr(run, "_execute", flaky)
    site = make_site(tmp_path)
    with cf.ThreadPoolExecutor(max_workers=1) as in_process:
        results = build(site, chapters=["data_quality"], executor=in_process)
    assert [r.status for r in results] == ["ok", "ok"]
    assert calls == ["data_quality"] * 3
    log = (site.reports / "2017" / "executed" / "01_data_quality.log").read_text(encoding="utf-8")
    assert "retrying once" in log
