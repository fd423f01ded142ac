"""The scorecard, staff and assignments pages in headless Chromium: symbols read as text
with their words (no colour needed, a screen reader says them), and nothing is fetched
from a network. Reuses the browser fixtures of ``test_browser`` and the session build."""

from __future__ import annotations

import pytest

from test_browser import browser, chapter_result, open_page  # noqa: F401 - fixtures used by name

pytestmark = pytest.mark.browser


def _page(built, open_page, year: int, name: str):  # noqa: F811 - the fixture passed in
    result = chapter_result(built, year, name)
    assert result.ok, result.error
    opened = open_page(built.reports / str(year) / f"{name}.html")
    opened.assert_quiet_and_offline()
    return opened


def test_scorecard_symbols_are_text_with_their_labels(built_reports, open_page):  # noqa: F811
    opened = _page(built_reports, open_page, 2019, "scorecard")
    text = opened.page.inner_text("main")
    for label in ("● Uppnått", "▲ Delvis uppnått", "■ Ej uppnått", "Ej angivet", "↑ Uppåt", "→ Oförändrad"):
        assert label in text, label
    cells = opened.page.locator("main table td", has_text="● Uppnått")
    assert cells.count() >= 8  # one cell per achieved goal (and the counts' column header is a th)
    assert opened.blocked == []


def test_staff_page_says_why_group_figures_are_shown_as_published(built_reports, open_page):  # noqa: F811
    opened = _page(built_reports, open_page, 2019, "staff")
    text = opened.page.inner_text("main")
    assert "Exporterna anger inga gruppstorlekar" in text
    assert "Sjukfrånvaro över åren" in opened.page.inner_text("nav.toc")


def test_assignments_page_shows_statuses_as_words(built_reports, open_page):  # noqa: F811
    opened = _page(built_reports, open_page, 2017, "assignments")
    text = opened.page.inner_text("main")
    assert "Nedprioriterat/senarelagt" in text and "Pågår" in text
