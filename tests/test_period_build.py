"""Period reports built by the batch (issue 26): ``run_batch(months=…)`` and
``python -m analysis build --month N`` on SYNTHETIC example ledgers (``built_periods``: 2019 as
months 4, 6 and 8 and its annual report, in one run).

What a user relies on: each period in ``reports/<year>-<MM>/`` with its index, chapters and
document, named as a region names them; the root index listing them under the year; the
annual report never touched by a period build; the forecast's movement over three periods
beside the outcome; the division's own forecast beside the statistical one; a re-run with
nothing changed runs nothing; a failure keeps the previous pages; refusals in one line.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from analysis.publishing.batch.build import run_batch
from analysis.publishing.model import FAILED, SKIPPED, UNCHANGED

from conftest import PERIOD_MONTHS, SHIPPED_RAW, copy_shipped_raw, snapshot

pytestmark = pytest.mark.notebooks

PERIOD_CHAPTERS = {"summary", "data_quality", "cost_development", "mt_maintenance_growth", "investment_pace", "staff"}


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def main_of(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("<main", 1)[1].split("</main>", 1)[0]


def figures(reports: Path, folder: str, stem: str) -> dict:
    stamp = json.loads((reports / folder / "executed" / f"{stem}.stamp.json").read_text(encoding="utf-8"))
    return {f["key"]: f["value"] for f in stamp["key_figures"]["figures"]}


def test_every_period_and_the_annual_report_built_in_one_run(built_periods):
    assert {r.status for r in built_periods.results} == {"ok"}, [
        (r.period.folder, r.chapter, r.error) for r in built_periods.results if not r.ok
    ]
    folders = {r.period.folder for r in built_periods.results}
    assert folders == {"2019-04", "2019-06", "2019-08", "2019"}
    for folder, document, title in (
        ("2019-04", "tertialrapport", "Tertialrapport 1 2019"),
        ("2019-06", "manadsrapport", "Månadsrapport per juni 2019"),
        ("2019-08", "delarsrapport", "Delårsrapport per 31 augusti 2019"),
    ):
        found = built_periods.reports / folder
        assert {p.stem for p in found.glob("*.html")} == PERIOD_CHAPTERS | {"index", document}
        assert f"<title>{title}, Länsteknik</title>" in (found / "index.html").read_text(encoding="utf-8")
        page = (found / "cost_development.html").read_text(encoding="utf-8")
        assert f"<title>Kostnadsutveckling – Länsteknik, {title}</title>" in page
        assert f"Kostnadsutveckling, {title}" in text(page)
        assert title in (found / f"{document}.html").read_text(encoding="utf-8")


def test_the_root_index_lists_the_periods_under_their_year(built_periods):
    page = (built_periods.reports / "index.html").read_text(encoding="utf-8")
    row = page.split('<th scope="row" class="year">', 1)[1].split("</tr>", 1)[0]
    links = re.findall(r'<a class="period-link" href="([^"]+)">([^<]+)</a>', row)
    assert links == [
        ("2019-04/index.html", "Tertialrapport 1 2019"),
        ("2019-06/index.html", "Månadsrapport per juni 2019"),
        ("2019-08/index.html", "Delårsrapport per 31 augusti 2019"),
    ]
    assert '<a href="2019/index.html">2019</a>' in row


def _movement_rows(page: Path) -> list[list[str]]:
    main = main_of(page)
    section = main.split("Hur prognosen för kostnaderna 2019 har rört sig", 1)[1]
    table = section.split("<table", 1)[1].split("</table>", 1)[0]
    return [[text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in table.split("<tr")[2:]]


def test_the_forecast_movement_over_three_periods_beside_the_outcome(built_periods):
    reports = built_periods.reports
    earlier = [figures(reports, f, "02_cost_development") for f in ("2019-04", "2019-06", "2019-08")]
    assert [e["costs_forecast_month"] for e in earlier] == [4, 6, 8]
    rows = _movement_rows(reports / "2019" / "cost_development.html")
    assert [r[0] for r in rows] == [
        "Tertialrapport 1 2019",
        "Månadsrapport per juni 2019",
        "Delårsrapport per 31 augusti 2019",
    ]
    annual = json.loads((reports / "2019" / "executed" / "02_cost_development.stamp.json").read_text("utf-8"))
    assert annual["fingerprint"]["periods"].keys() == {"2019-04", "2019-06", "2019-08"}
    for row, figure in zip(rows, earlier):
        shown = float(row[1].replace(",", ".").replace("\u2212", "-"))
        assert shown == pytest.approx(figure["costs_forecast_msek"], abs=0.05)
        year_outcome = float(row[3].replace(" ", "").replace("\u00a0", "").replace(",", "."))
        held = figure["costs_forecast_low_msek"] <= year_outcome <= figure["costs_forecast_high_msek"]
        assert row[5] == ("ja" if held else "nej")  # within the rounding of the shown outcome
    delar = _movement_rows(reports / "2019-08" / "cost_development.html")
    assert [r[0] for r in delar] == [
        "Tertialrapport 1 2019",
        "Månadsrapport per juni 2019",
        "Delårsrapport per 31 augusti 2019",
    ]
    assert len(delar[0]) == 3  # a period does not know the outcome yet: forecast and interval only
    assert "details" in main_of(reports / "2019-08" / "cost_development.html").split("har rört sig", 1)[1]


def test_the_divisions_own_forecast_beside_the_statistical_one(built_periods):
    main = main_of(built_periods.reports / "2019-08" / "cost_development.html")
    table = [t for t in main.split("<table")[1:] if "Divisionens prognos" in t][0]
    cells = [[text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in table.split("<tr")[2:]]
    rows = {row[0]: row[1:] for row in cells}  # forecast, interval, budget, deviation, own, difference, inside
    mt = rows["MT service och underhåll"]
    assert mt[4] == "30,0" and mt[6] == "nej"  # 30 MSEK, far above the statistical interval
    assert rows["Personalkostnader"][4] == "92,0"
    assert rows["Totalt"][4] == "219,3"  # derived: the five cost types' sum
    tertial = main_of(built_periods.reports / "2019-04" / "cost_development.html")
    assert "Divisionens prognos" in tertial  # 201904 has one cost type
    assert "prognos.csv har ingen prognos" not in tertial


def test_a_rerun_with_nothing_changed_runs_nothing_and_the_annual_report_is_untouched(built_periods, tmp_path):
    folders = {"reports_dir": built_periods.reports, "raw_dir": built_periods.raw}
    everything = {k: v for k, v in snapshot(built_periods.reports).items() if k != ".lock"}
    results = run_batch(years=[2019], months=PERIOD_MONTHS, processed_dir=built_periods.processed, **folders)
    assert {r.status for r in results} == {UNCHANGED}
    assert {k: v for k, v in snapshot(built_periods.reports).items() if k != ".lock"} == everything  # none written
    copy = tmp_path / "reports"
    shutil.copytree(built_periods.reports, copy)
    before = snapshot(copy / "2019")
    results = run_batch(
        years=[2019],
        months=[8],
        force=True,
        reports_dir=copy,
        raw_dir=built_periods.raw,
        processed_dir=built_periods.processed,
    )
    assert {r.period.folder for r in results} == {"2019-08"} and all(r.ok for r in results)
    assert snapshot(copy / "2019") == before  # byte for byte, not even rewritten


def test_a_failed_period_keeps_its_previous_pages(built_periods, tmp_path):
    raw, reports = tmp_path / "raw", tmp_path / "reports"
    shutil.copytree(built_periods.raw, raw)
    shutil.copytree(built_periods.reports, reports)
    processed = tmp_path / "processed"
    shutil.copytree(built_periods.processed, processed)
    before = snapshot(reports / "2019-08")
    bad = raw / "2019" / "prognos.csv"
    bad.write_text(bad.read_text(encoding="utf-8") + "201908;Kostnadsslag;Lokaler;1 000;\n", encoding="utf-8")
    results = run_batch(years=[2019], months=[8], reports_dir=reports, raw_dir=raw, processed_dir=processed)
    cleaning = next(r for r in results if r.chapter == "data_quality")
    assert cleaning.status == FAILED and "prognos.csv" in cleaning.error["message"]
    assert "Lokaler" in cleaning.error["message"]
    assert {r.status for r in results if r.chapter not in ("data_quality", "summary")} == {SKIPPED}
    after = snapshot(reports / "2019-08")
    pages = [k for k in before if k.endswith(".html") and "/" not in k and k != "index.html"]
    assert pages and all(after[k] == before[k] for k in pages)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "build", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_the_command_line_refuses_a_printed_only_year_and_a_month_past_the_ledger(built_periods, tmp_path):
    raw = copy_shipped_raw(tmp_path / "raw")
    done = _cli("-y", "2019", "--month", "8", "--raw-dir", str(raw), "--reports-dir", str(tmp_path / "r"), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"error: 2019: a period report needs a ledger (SIE or CSV) in {raw / '2019'}; the year has printed tables only"
    ]
    assert not (tmp_path / "r" / "2019-08").exists()
    done = _cli("-y", "2019", "--month", "0", cwd=tmp_path)
    assert done.returncode == 2 and "month must be 1–12, not '0'" in done.stderr
    assert SHIPPED_RAW.is_dir()
