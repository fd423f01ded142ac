"""The period reports' pages in Chromium (issue 26): every page of the tertial, the month
report and the delårsrapport, and the annual report beside them, meets WCAG 2.1 AA as
axe-core checks it at 1280 and 320 CSS px, with no sideways scrolling, every chart with its
values as a table, a skip link, and the pages in Swedish (``built_periods``: SYNTHETIC example
ledgers). The checks are those of :mod:`test_accessibility`."""

from __future__ import annotations

import pytest

from test_accessibility import WIDTHS, check, contexts, pages_of, problems  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", WIDTHS)
def test_every_period_page_meets_wcag_21_aa(built_periods, contexts, width):  # noqa: F811
    pages = [p for p in pages_of(built_periods.reports) if p.parent.name != "2019" or p.name == "index.html"]
    assert len(pages) >= 3 * 8 + 1, pages  # three periods' chapters, document and index, and the root
    report = {}
    for path in pages:
        facts = check(contexts[width], path)
        assert facts["lang"] == "sv"
        if found := problems(facts):
            report[str(path.relative_to(built_periods.reports))] = found
    assert report == {}


def test_the_delarsrapport_cost_page_shows_its_charts_and_movement(built_periods, contexts):  # noqa: F811
    page = contexts[1280]
    page.goto((built_periods.reports / "2019-08" / "cost_development.html").resolve().as_uri(), wait_until="load")
    heading = page.locator("h1").first.inner_text()
    assert heading == "Kostnadsutveckling, Delårsrapport per 31 augusti 2019"
    assert page.locator("main img").count() == page.locator("main details.chart-values table").count() == 2
    movement = page.locator("h3", has_text="Hur prognosen för kostnaderna 2019 har rört sig")
    assert movement.count() == 1 and movement.is_visible()
    captions = page.locator("main table caption", has_text="Prognoser för kostnaderna 2019 per periodrapport")
    assert captions.count() == 2  # the table, and the chart's values as a table
