"""The summary page in headless Chromium: first in the year's index, every line's link opens
the chapter at the heading it names, nothing is fetched from a network. Reuses the browser
fixtures of ``test_browser`` and the session build."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest

from test_browser import browser, chapter_result, open_page  # noqa: F401 - fixtures used by name

pytestmark = pytest.mark.browser

LINKS = """() => [...document.querySelectorAll('table.summary tbody tr')].map(r => {
    const a = r.querySelector('a');
    return {line: r.dataset.line, href: a ? a.getAttribute('href') : null, text: r.innerText};
})"""
TARGET = """(id) => { const e = document.getElementById(id) || document.getElementById(decodeURIComponent(id));
    return e ? {tag: e.tagName, text: e.textContent, missing: !!e.closest('ul.missing-list')} : null; }"""


@pytest.mark.parametrize("year", [2017, 2019])
def test_every_summary_link_opens_its_section(built_reports, open_page, year):  # noqa: F811
    assert chapter_result(built_reports, year, "summary").ok
    opened = open_page(built_reports.reports / str(year) / "summary.html")
    opened.assert_quiet_and_offline()
    rows = opened.page.evaluate(LINKS)
    assert [r["line"] for r in rows] == [
        "result",
        "deviations",
        "mt_growth",
        "investments",
        "sick_leave",
        "scorecard",
        "assignments",
        "quality",
    ]
    linked = [r for r in rows if r["href"]]
    assert len(linked) == len(rows)  # every chapter of the shipped build succeeded
    for row in linked:
        parts = urlsplit(row["href"])
        target = open_page(built_reports.reports / str(year) / unquote(parts.path))
        found = target.page.evaluate(TARGET, parts.fragment)
        # its section, or, for a section the year has no data for, its line in the page's list of those
        assert found and (found["tag"] in ("H2", "H3") or (found["tag"] == "LI" and found["missing"])), (row, found)


def test_summary_is_first_in_the_year_index(built_reports, open_page):  # noqa: F811
    opened = open_page(built_reports.reports / "2019" / "index.html")
    first = opened.page.locator("table.chapters tbody.chapter").first
    assert "Sammanfattning" in first.inner_text()
    assert first.locator("a").first.get_attribute("href") == "summary.html"
