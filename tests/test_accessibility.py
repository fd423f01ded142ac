"""Every built page against WCAG 2.1 AA, as axe-core checks it, at 1280 and 320 CSS px.

axe-core 4.14.1 is vendored (``tests/vendor/axe-core``, MPL-2.0), so the test runs offline
and without Node.js. One Chromium for the module, one context per width (the pages' own
Content-Security-Policy forbids scripts: the context bypasses it to inject axe); the
shipped years are built once per session (``built_reports``, ``built_reports_en``).

Besides axe: no page scrolls sideways at 320 px (WCAG 1.4.10 Reflow), every scrolling
region is focusable and labelled, every chart has its values as a table, English pages
say ``lang="en"``. The planted-violation tests show that each check can fail.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("no Chromium binary on PATH (Debian: apt-get install chromium)", allow_module_level=True)

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (1280, 320)

#: What the page tells about itself after loading: sideways scrolling, regions, charts.
PAGE_FACTS = """() => {
  const root = document.documentElement;
  const regions = [...document.querySelectorAll('.table-scroll')];
  return {
    lang: root.lang,
    sideways: root.scrollWidth > root.clientWidth,
    unreachable: [...document.querySelectorAll('*')].filter(el => {
      const s = getComputedStyle(el);
      return (s.overflowX === 'auto' || s.overflowX === 'scroll') && el.scrollWidth > el.clientWidth
        && !(el.tabIndex >= 0 && (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')));
    }).map(el => el.outerHTML.slice(0, 120)),
    regions: regions.length,
    images: document.querySelectorAll('main img').length,
    chartTables: document.querySelectorAll('main details.chart-values table').length,
    skip: !!document.querySelector('a.skip-link[href="#main"]') && !!document.getElementById('main'),
  };
}"""


@pytest.fixture(scope="module")
def contexts():
    """One browser, a context (and page) per width, reused by every test of the module."""
    with sync_api.sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        except Exception as exc:  # noqa: BLE001 - any launch failure means: no browser here
            pytest.skip(f"Chromium at {CHROMIUM} did not start: {str(exc).splitlines()[0]}")
        pages = {}
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
            context.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort()
            )
            pages[width] = context.new_page()
        yield pages
        browser.close()


def check(page, path: Path) -> dict:
    """Open ``path``, run axe (the WCAG 2.1 A/AA rules) and read the page's facts."""
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.evaluate(AXE)
    result = page.evaluate("o => axe.run(document, o)", {"runOnly": {"type": "tag", "values": TAGS}})
    facts = page.evaluate(PAGE_FACTS)
    facts["violations"] = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
    ]
    return facts


def pages_of(reports: Path) -> list[Path]:
    return sorted(p for p in reports.rglob("*.html") if "executed" not in p.parts)


def problems(facts: dict) -> list[str]:
    found = list(facts["violations"])
    if facts["sideways"]:
        found.append("the page scrolls sideways")
    found += [f"scrolling box without focus or label: {x}" for x in facts["unreachable"]]
    if facts["images"] != facts["chartTables"]:
        found.append(f"{facts['images']} charts, {facts['chartTables']} value tables")
    if not facts["skip"]:
        found.append("no skip link to #main")
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_meets_wcag_21_aa(built_reports, contexts, width):
    pages = pages_of(built_reports.reports)
    assert len(pages) >= 2 * 9 + 1, pages  # both years' chapters and indexes, and the root
    report = {}
    for path in pages:
        facts = check(contexts[width], path)
        assert facts["lang"] == "sv"
        if found := problems(facts):
            report[str(path.relative_to(built_reports.reports))] = found
    assert report == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_english_pages_meet_wcag_21_aa(built_reports_en, contexts, width):
    report = {}
    for path in pages_of(built_reports_en.reports):
        facts = check(contexts[width], path)
        if facts["lang"] != "en":
            report[str(path)] = [f"lang={facts['lang']!r}"]
        if found := problems(facts):
            report[str(path.relative_to(built_reports_en.reports))] = found
    assert report == {}


def planted(source: Path, target: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def test_a_planted_violation_is_found(built_reports, contexts, tmp_path):
    """A chapter whose first table region lost its label and focus, and with an image
    without alternative text: axe and the reflow check report them."""
    source = built_reports.reports / "2019" / "cost_development.html"
    page = planted(source, tmp_path / "a.html", '<main class="chapter-body" id="main" tabindex="-1">', "<main>")
    text = page.read_text(encoding="utf-8").replace('role="region" tabindex="0"', "", 1)
    text = text.replace("<main>", '<main id="main"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">', 1)
    text = text.replace("</main>", '<pre style="white-space: pre">' + "x" * 400 + "</pre></main>", 1)
    page.write_text(text, encoding="utf-8")
    facts = check(contexts[320], page)
    ids = {v.split(" ")[0] for v in facts["violations"]}
    assert {"image-alt", "scrollable-region-focusable"} <= ids, facts["violations"]
    assert facts["sideways"]
    assert problems(facts)
