"""The built chapters and indexes opened in headless Chromium, as managers open them.

Debian's Chromium (``/usr/bin/chromium``) driven by Playwright's sync API; one browser for
the module. Every page must render its charts and tables, log no error, and ask for
nothing but itself: every request is recorded, anything that is not ``file://`` or
``data:`` is aborted and fails the test.

Skipped, with the reason, when Playwright or a Chromium binary is missing or Chromium does
not start.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("no Chromium binary on PATH (Debian: apt-get install chromium)", allow_module_level=True)

from analysis.facts.pipeline import available_years  # noqa: E402
from analysis.publishing.batch.notebooks import discover_chapters  # noqa: E402
from analysis.publishing.pages import html_export  # noqa: E402

from conftest import SHIPPED_RAW  # noqa: E402
from test_html_export import XSS_LABEL, build_with_hostile_label  # noqa: E402

YEARS = available_years(SHIPPED_RAW)
CHAPTERS = discover_chapters()

#: A4 at 96 px/inch: the page, and the width between the print stylesheet's margins.
A4_WIDTH_PX = 794
A4_CONTENT_PX = 672  # 210 mm − 32 mm of side margins (@page in style.css)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        except Exception as exc:  # noqa: BLE001 - any launch failure means: no browser here
            pytest.skip(f"Chromium at {CHROMIUM} did not start: {str(exc).splitlines()[0]}")
        yield chromium
        chromium.close()


@dataclass
class Opened:
    """A page opened in the browser and everything it did while loading."""

    page: object
    url: str
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def assert_quiet_and_offline(self) -> None:
        assert self.console_errors == [], self.console_errors
        assert self.page_errors == [], self.page_errors
        assert self.blocked == [], f"network requests: {self.blocked}"
        assert all(u.startswith(("file://", "data:")) for u in self.requests), self.requests
        # a chapter loads nothing but itself (its charts are data: URIs)
        assert [u for u in self.requests if not u.startswith("data:")] == [self.url], self.requests


@pytest.fixture
def open_page(browser):
    """``open_page(path, media="screen", width=1100)`` -> :class:`Opened`."""
    contexts = []

    def open_(path: Path, media: str = "screen", width: int = 1100) -> Opened:
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page=page, url=Path(path).resolve().as_uri())

        def route(r):
            if r.request.url.startswith(("file://", "data:")):
                r.continue_()
            else:
                opened.blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("request", lambda request: opened.requests.append(request.url))
        page.on("console", lambda m: opened.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: opened.page_errors.append(str(exc)))
        page.emulate_media(media=media)
        page.goto(opened.url, wait_until="load")
        return opened

    yield open_
    for context in contexts:
        context.close()


def chapter_result(built, year: int, name: str):
    found = [r for r in built.results if r.year == year and r.chapter == name]
    assert len(found) == 1, [(r.year, r.chapter) for r in built.results]
    return found[0]


def chart_count(executed: Path) -> int:
    """How many charts the executed notebook shows a reader."""
    book = html_export.prepare_notebook(nbformat.read(str(executed), as_version=4))
    return sum(
        1
        for cell in book.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if "image/png" in output.get("data", {})
    )


IMAGES = """() => [...document.images].map(i => ({
    src: i.src.slice(0, 22), complete: i.complete, natural: [i.naturalWidth, i.naturalHeight],
    box: [i.getBoundingClientRect().width, i.getBoundingClientRect().height],
    visible: i.checkVisibility()}))"""
TABLES = """() => [...document.querySelectorAll('main table')].map(t => ({
    rows: [...t.tBodies].reduce((n, b) => n + b.rows.length, 0),
    cells: t.querySelectorAll('tbody td').length, visible: t.checkVisibility()}))"""
TOC = """() => [...document.querySelectorAll('nav.toc a')].map(a => {
    const id = a.getAttribute('href').slice(1);
    const target = document.getElementById(id) || document.getElementById(decodeURIComponent(id));
    return {href: a.getAttribute('href'), found: !!target && /^H[23]$/.test(target.tagName)};
})"""
LINKS = "() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"
OVERFLOW = """() => ({page: document.documentElement.scrollWidth, body: document.body.clientWidth,
    wide: [...document.querySelectorAll('table, img, pre')].filter(e =>
        e.getBoundingClientRect().right > document.body.getBoundingClientRect().right + 1)
        .map(e => e.tagName + '#' + e.id)})"""


def assert_local_links_resolve(opened: Opened, folder: Path) -> list[Path]:
    """Every link on the page is a fragment on the page or an existing local file."""
    targets = []
    for href in opened.page.evaluate(LINKS):
        parts = urlsplit(href)
        assert not parts.scheme and not parts.netloc, f"link out of the report: {href}"
        if not parts.path:
            continue
        target = (folder / unquote(parts.path)).resolve()
        assert target.is_file(), f"{href} -> {target} does not exist"
        targets.append(target)
    return targets


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_chapter_in_browser(built_reports, open_page, year, chapter):
    result = chapter_result(built_reports, year, chapter.name)
    assert result.ok, result.error
    path = built_reports.reports / str(year) / f"{chapter.name}.html"
    opened = open_page(path)
    page = opened.page
    opened.assert_quiet_and_offline()

    assert page.evaluate("document.documentElement.lang") == "sv"
    assert str(year) in page.title() and chapter.title("sv") in page.title()
    assert page.locator("script").count() == 0

    images = page.evaluate(IMAGES)
    assert len(images) == chart_count(built_reports.reports / str(year) / "executed" / f"{chapter.stem}.ipynb")
    for image in images:
        assert image["src"].startswith("data:image/"), image
        assert image["complete"] and min(image["natural"]) > 0, image
        assert image["visible"] and min(image["box"]) > 0, image

    tables = page.evaluate(TABLES)
    assert any(t["rows"] > 0 and t["cells"] > 0 and t["visible"] for t in tables), tables

    toc = page.evaluate(TOC)
    assert toc and all(entry["found"] for entry in toc), toc
    assert page.locator("footer.provenance").is_visible()
    assert page.locator("footer.provenance table.raw-files tbody tr").count() > 0
    assert_local_links_resolve(opened, path.parent)


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_chapter_prints_on_a4(built_reports, open_page, year, chapter, tmp_path):
    path = built_reports.reports / str(year) / f"{chapter.name}.html"
    opened = open_page(path, media="print", width=A4_CONTENT_PX)
    opened.assert_quiet_and_offline()
    page = opened.page
    overflow = page.evaluate(OVERFLOW)
    assert overflow["page"] <= overflow["body"] + 1 and overflow["wide"] == [], overflow
    assert not page.locator(".breadcrumb").is_visible()
    assert page.locator("nav.toc").is_visible()
    for image in page.evaluate(IMAGES):
        assert image["box"][0] <= A4_CONTENT_PX + 1, image
    pdf = page.pdf(prefer_css_page_size=True, path=str(tmp_path / "chapter.pdf"))
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert boxes, "no pages in the PDF"
    for width, height in boxes:  # A4: 595 × 842 pt
        assert abs(float(width) - 595.3) < 2 and abs(float(height) - 841.9) < 2, (width, height)


def test_year_indexes_in_browser(built_reports, open_page):
    for year in YEARS:
        path = built_reports.reports / str(year) / "index.html"
        opened = open_page(path)
        opened.assert_quiet_and_offline()
        page = opened.page
        assert page.evaluate("document.documentElement.lang") == "sv"
        assert str(year) in page.title()
        targets = assert_local_links_resolve(opened, path.parent)
        assert {t.name for t in targets} >= {f"{c.name}.html" for c in CHAPTERS} | {"index.html"}
        rows = page.locator("table.chapters tbody.chapter")
        assert rows.count() == len(CHAPTERS)
        for i in range(rows.count()):
            assert rows.nth(i).locator(".badge").inner_text() == "klar"
        assert page.locator(".figures dd").count() > 0
        printed = open_page(path, media="print", width=A4_CONTENT_PX)
        overflow = printed.page.evaluate(OVERFLOW)
        assert overflow["page"] <= overflow["body"] + 1 and overflow["wide"] == [], overflow


def test_root_index_in_browser(built_reports, open_page):
    path = built_reports.reports / "index.html"
    opened = open_page(path)
    opened.assert_quiet_and_offline()
    targets = assert_local_links_resolve(opened, path.parent)
    indexes = [t for t in targets if t.name == "index.html"]
    assert sorted(t.parent.name for t in indexes) == [str(y) for y in YEARS]
    # besides: each year's document (HTML; PDF when built with it) and the key figures
    others = sorted(str(t.relative_to(path.parent)) for t in targets if t.name != "index.html")
    assert others == sorted([f"{y}/arsrapport.html" for y in YEARS] + ["nyckeltal.csv", "nyckeltal.xlsx"])


def test_hostile_label_shows_as_plain_text(tmp_path_factory, open_page):
    reports, results = build_with_hostile_label(tmp_path_factory)
    assert all(r.ok for r in results), [(r.chapter, r.error) for r in results]
    for name in ("cost_development", "mt_maintenance_growth"):
        opened = open_page(reports / "2019" / f"{name}.html")
        opened.assert_quiet_and_offline()
        page = opened.page
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.locator("script, [onerror], img[src='x']").count() == 0
        cell = page.locator("main :is(td, th):not(details *)", has_text="<script>window.__xss=1</script>Övrigt")
        assert cell.count() >= 1 and cell.first.is_visible()
        assert cell.first.inner_text().replace("\n", " ").strip() == XSS_LABEL
        assert XSS_LABEL in page.locator("main").inner_text()
