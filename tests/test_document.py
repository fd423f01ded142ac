"""The year's document (``reports/<year>/arsrapport.html``) and its PDF, made by the
batch's hook (:mod:`analysis.publishing.downloads.publish`) from the built chapters."""

from __future__ import annotations

import re
import shutil
import time

import pytest

from analysis.texts import t

pypdf = pytest.importorskip("pypdf", reason="pypdf is a test dependency (requirements.lock)")

from analysis.publishing.batch.notebooks import discover_chapters  # noqa: E402
from analysis.publishing.downloads import publish as downloads  # noqa: E402
from analysis.publishing.pages import page_checks  # noqa: E402


@pytest.fixture(scope="module")
def published(built_reports, tmp_path_factory):
    reports = tmp_path_factory.mktemp("doc") / "reports"
    shutil.copytree(built_reports.reports, reports)
    chromium = shutil.which("chromium")
    started = time.perf_counter()
    downloads.publish(reports, discover_chapters(), [2019], pdf=bool(chromium))
    return reports, time.perf_counter() - started, chromium


def test_document_has_every_chapter_in_order_once(published):
    reports, _seconds, _chromium = published
    page = (reports / "2019" / "arsrapport.html").read_text(encoding="utf-8")
    assert page_checks.offline_problems(page) == [] and page_checks.active_content(page) == []
    titles = re.findall(r'<h1 class="chapter-title" id="c(\d\d)">', page)
    assert titles == [f"{i:02d}" for i in range(1, len(titles) + 1)] and len(titles) == 8
    assert page.count('class="toc document-toc"') == 1 and page.count('id="provenance"') == 1
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for anchor in re.findall(r'href="#([^"]+)"', page):
        assert anchor in ids, anchor
    assert (reports / "2019" / "cost_development.xlsx").exists() and (reports / "nyckeltal.csv").exists()


def test_pdf_is_tagged_with_an_outline(published):
    reports, seconds, chromium = published
    if not chromium:
        pytest.skip("no Chromium: no PDF")
    assert seconds < 10  # workbooks, HTML and PDF of the year
    reader = pypdf.PdfReader(reports / "2019" / "arsrapport.pdf")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"] and root["/Lang"] == "sv"
    page = (reports / "2019" / "arsrapport.html").read_text(encoding="utf-8")
    page = re.sub(r'<a class="anchor-link".*?</a>', "", page)  # hidden "¶" links, not part of the title
    headings = [re.sub(r"<[^>]+>", "", h).split() for h in re.findall(r"<h[12]\b[^>]*>(.*?)</h[12]>", page, re.S)]
    titles = [t.split() for t in outline_titles(reader.outline)]
    assert len(titles) == len(headings)  # one entry per h1/h2
    # (Chromium may repeat a heading's words in its entry, as it did for one heading of 2019)
    assert [t[: len(h)] for t, h in zip(titles, headings)] == headings
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (596, 843)  # A4
    assert len(headings) // 4 <= len(reader.pages) <= 3 * len(headings)
    assert "Länsteknik" in reader.pages[0].extract_text() and "/" in reader.pages[1].extract_text()


def outline_titles(outline, depth: int = 0) -> list[str]:
    """The titles of the outline's two top levels (h1 and h2), in order."""
    titles = []
    for item in outline:
        if isinstance(item, list):
            titles += outline_titles(item, depth + 1) if depth < 1 else []
        else:
            titles.append(item.title)
    return titles


def test_an_unchanged_year_writes_nothing(published):
    reports, _seconds, _chromium = published
    before = {p: p.stat().st_mtime_ns for p in reports.rglob("*") if p.is_file()}
    downloads.publish(reports, discover_chapters(), [2019], pdf=True)
    assert {p: p.stat().st_mtime_ns for p in reports.rglob("*") if p.is_file()} == before


def test_without_chromium_one_line_says_how_and_the_rest_builds(built_reports, tmp_path, monkeypatch, capsys):
    from analysis.publishing.downloads import pdf

    reports = tmp_path / "reports"
    shutil.copytree(built_reports.reports, reports)
    for old in reports.glob("*/arsrapport.*"):
        old.unlink()
    monkeypatch.setattr(pdf, "chromium", lambda: None)
    downloads.publish(reports, discover_chapters(), [2017, 2019], pdf=True)
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "apt-get install chromium" in lines[0]
    assert (reports / "2019" / "arsrapport.html").exists() and (reports / "2017" / "arsrapport.html").exists()
    assert not list(reports.glob("*/arsrapport.pdf"))


def test_key_figures_of_all_years_in_one_download(published):
    import csv
    import json

    from openpyxl import load_workbook

    reports, _seconds, _chromium = published
    with open(reports / "nyckeltal.csv", encoding="utf-8-sig") as handle:  # a BOM: Swedish Excel reads it
        rows = list(csv.DictReader(handle, delimiter=";"))
    col = {name: t(f"download.col.{name}", "sv") for name in ("year", "chapter", "key", "value", "full_value")}
    col |= {"kind": t("download.col.kind", "sv"), "source": t("download.col.source", "sv")}
    assert {r[col["year"]] for r in rows} == {"2017", "2019"}
    assert all(r[col["kind"]] in ("härlett", "rapporterat") and r[col["source"]] and r[col["chapter"]] for r in rows)
    result = {r[col["year"]]: r for r in rows if r[col["key"]] == "result_msek"}
    stamp = json.loads((reports / "2019" / "executed" / "02_cost_development.stamp.json").read_text(encoding="utf-8"))
    recorded = {f["key"]: f["value"] for f in stamp["key_figures"]["figures"]}
    assert float(result["2019"][col["full_value"]].replace(",", ".")) == recorded["result_msek"]
    assert result["2019"][col["value"]] == "-4,8"
    assert result["2019"][col["source"]].startswith("2019/nyckeltal.csv:")
    sheet = load_workbook(reports / "nyckeltal.xlsx").active
    assert sheet.max_row == len(rows) + 1
    values = {(c[0].value, c[2].value): c[4].value for c in sheet.iter_rows(min_row=2)}
    assert values[(2019, "result_msek")] == recorded["result_msek"]
