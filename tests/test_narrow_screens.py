"""Every built page at 390 CSS px, as a phone shows it, and at 1280 px (issue 28, points 1
and 5), measured in Chromium without screenshots:

- no word is cut across lines (except after a hyphen, slash, underscore, colon or full stop,
  or at a ``<wbr>``), and no text box whose text wraps is narrower than 4 characters
  ("0"s of its font): the 2019 year index squeezed its key figures to three before;
- chart text is at least 9 px: a chart is a PNG whose smallest text is
  :data:`~analysis.presentation.table_cells.CHART_TEXT_PT` points at the dpi in its
  ``pHYs`` chunk, so it is ``pt · dpi/72 · shown/natural`` px as shown (5 px before);
- no page scrolls sideways; a wide table scrolls in its region with its first column kept;
- at 1280 px every table cell of text is left-aligned and every number right-aligned.
"""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import pytest

from analysis.publishing.pages.table_cells import CHART_TEXT_PT, MIN_CHART_TEXT_PX, is_number, png_size

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("no Chromium binary on PATH (Debian: apt-get install chromium)", allow_module_level=True)

NARROW = 390

#: Words cut across lines, the narrowest wrapping text box (in "0"s), charts as shown.
MEASURE = """() => {
  const probe = document.createElement('span');
  probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;left:0;top:0';
  probe.textContent = '0000';
  document.body.appendChild(probe);
  const cut = [], boxes = [];
  const range = document.createRange();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el === probe || el.closest('style, script, .visually-hidden, .skip-link')) continue;
    if (!node.textContent.trim() || el.getClientRects().length === 0) continue;
    const text = node.textContent;
    let lines = 0, top = null, wordTop = null, start = 0;
    for (let i = 0; i < text.length; i++) {
      if (/\\s/.test(text[i])) { wordTop = null; start = i + 1; continue; }
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      if (!rect.width && !rect.height) continue;
      const y = Math.round(rect.top);
      if (top === null || Math.abs(y - top) > 2) { lines++; top = y; }
      if (wordTop !== null && Math.abs(y - wordTop) > 2 && !/[-–\\/_:.]/.test(text[i - 1])) {
        cut.push(text.slice(start).split(/\\s/)[0].slice(0, 40));
      }
      wordTop = y;
    }
    if (lines > 1) {
      let box = el;
      while (getComputedStyle(box).display.startsWith('inline') && box.parentElement) box = box.parentElement;
      const s = getComputedStyle(box);
      probe.style.font = s.font;
      const width = box.getBoundingClientRect().width - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
      boxes.push({chars: 4 * width / probe.getBoundingClientRect().width, text: text.trim().slice(0, 40)});
    }
  }
  probe.remove();
  boxes.sort((a, b) => a.chars - b.chars);
  const charts = [...document.querySelectorAll('main img')]
    .map(img => [img.naturalWidth, img.getBoundingClientRect().width]);
  const root = document.documentElement;
  return {cut: [...new Set(cut)], narrowest: boxes[0] || null, charts, sideways: root.scrollWidth > root.clientWidth};
}"""

#: The body cells of each table of the main text: (column, text, alignment).
CELLS = """() => [...document.querySelectorAll('main table')].map(table =>
  [...table.querySelectorAll(':scope > tbody > tr')].flatMap(row =>
    [...row.children].map((cell, column) =>
      [column, cell.tagName, cell.innerText.trim(), getComputedStyle(cell).textAlign])))"""
_YEAR = re.compile(r"^(19|20)\d\d$")
_NEITHER = {"", "–", "-", "—", "…"}

_PNG = re.compile(r'<img\b[^>]*\bsrc="data:image/png;base64,([^"]+)"')


def pages(reports: Path) -> list[Path]:
    return sorted(p for p in reports.rglob("*.html") if "executed" not in p.parts)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        except Exception as exc:  # noqa: BLE001 - any launch failure means: no browser here
            pytest.skip(f"Chromium at {CHROMIUM} did not start: {str(exc).splitlines()[0]}")
        yield chromium
        chromium.close()


def opened(browser, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    return context.new_page()


def chart_dpi(path: Path) -> list[float]:
    """The dpi of each chart of the page's main text, in order (from its PNG's ``pHYs``)."""
    main = path.read_text(encoding="utf-8").split("<main", 1)[-1]
    return [png_size(base64.b64decode(data[:8192]))[1] or 72.0 for data in _PNG.findall(main)]


def test_every_page_reads_at_390_px(browser, built_reports):
    page = opened(browser, NARROW)
    problems, narrowest, smallest, charts = {}, 99.0, 99.0, 0
    for path in pages(built_reports.reports):
        page.goto(path.resolve().as_uri(), wait_until="load")
        found = page.evaluate(MEASURE)
        name = str(path.relative_to(built_reports.reports))
        box = found["narrowest"]
        if box:
            narrowest = min(narrowest, box["chars"])
        shown = [
            shown / natural * CHART_TEXT_PT * dpi / 72
            for (natural, shown), dpi in zip(found["charts"], chart_dpi(path))
        ]
        charts += len(shown)
        smallest = min([smallest, *shown])
        if (
            found["cut"]
            or found["sideways"]
            or (box and box["chars"] < 4)
            or any(px < MIN_CHART_TEXT_PX for px in shown)
        ):
            problems[name] = {"cut": found["cut"][:5], "narrowest": box, "sideways": found["sideways"], "charts": shown}
    assert problems == {}
    assert charts >= 10 and narrowest >= 4 and smallest >= MIN_CHART_TEXT_PX  # 2,0 characters and 4,8 px before


def test_a_wide_table_scrolls_in_its_region_with_its_first_column_kept(browser, built_reports):
    page = opened(browser, NARROW)
    page.goto((built_reports.reports / "2019" / "scorecard.html").resolve().as_uri(), wait_until="load")
    kept = page.evaluate(
        """() => {
      const region = [...document.querySelectorAll('main .table-scroll')].find(r => r.scrollWidth > r.clientWidth + 50);
      const first = region.querySelector('tbody tr > :first-child');
      const before = first.getBoundingClientRect().left;
      region.scrollLeft = 200;
      return [before, first.getBoundingClientRect().left, region.scrollLeft];
    }"""
    )
    assert kept[2] > 0 and abs(kept[0] - kept[1]) < 1  # the region scrolled, its first column stayed


def misaligned(cells: list) -> list[str]:
    """The cells of one table against the rule: a column of numbers (not years) right-aligned,
    any other column's text left-aligned."""
    columns: dict[int, list[tuple[str, str]]] = {}
    for column, tag, text, align in cells:
        if tag == "TD" and text not in _NEITHER:
            columns.setdefault(column, []).append((text, align))
    wrong = []
    for found in columns.values():
        numbers = all(is_number(text) for text, _ in found) and not all(_YEAR.match(text) for text, _ in found)
        for text, align in found:
            if numbers != (align in ("right", "end")):
                wrong.append(f"{'number' if numbers else 'text'} {align}: {text[:40]}")
    return wrong


def test_text_cells_left_and_numbers_right_on_every_page(browser, built_reports):
    """Every table of every page; the year's document right-aligned all its text before
    (its Styler rules lost their ids), the data-quality tables did on every page."""
    page = opened(browser, 1280)
    wrong, cells = {}, 0
    for path in pages(built_reports.reports):
        page.goto(path.resolve().as_uri(), wait_until="load")
        for table in page.evaluate(CELLS):
            cells += len(table)
            if found := misaligned(table):
                wrong.setdefault(str(path.relative_to(built_reports.reports)), []).extend(found)
    assert {name: found[:5] for name, found in wrong.items()} == {}
    assert cells > 1000
