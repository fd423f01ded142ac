"""The year's document (``reports/<year>/arsrapport.html``) and its PDF, made by the
batch's hook (:mod:`analysis.publishing.downloads`) from the built chapters."""

from __future__ import annotations

import re
import shutil
import time

import pytest

from analysis.publishing import downloads, page_checks
from analysis.publishing.notebooks import discover_chapters


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
    data = (reports / "2019" / "arsrapport.pdf").read_bytes()
    assert data.startswith(b"%PDF") and b"/StructTreeRoot" in data and b"/Outlines" in data
    assert seconds < 10
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(reports / "2019" / "arsrapport.pdf")
    assert 10 <= len(reader.pages) <= 80


def test_an_unchanged_year_writes_nothing(published):
    reports, _seconds, _chromium = published
    before = {p: p.stat().st_mtime_ns for p in reports.rglob("*") if p.is_file()}
    downloads.publish(reports, discover_chapters(), [2019], pdf=True)
    assert {p: p.stat().st_mtime_ns for p in reports.rglob("*") if p.is_file()} == before
