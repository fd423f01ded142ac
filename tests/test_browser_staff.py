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


@pytest.fixture(scope="module")
def built_example_hr(tmp_path_factory):
    """The staff chapter of 2020 built by the batch from the example HR export alone, beside
    the shipped 2017 and 2019."""
    from analysis.examples.hr import write_example_hr
    from analysis.publishing.batch.build import run_batch

    from conftest import Built, Project, copy_shipped_raw

    root = tmp_path_factory.mktemp("built-hr")
    proj = Project(root=root, raw=copy_shipped_raw(root / "raw"), processed=root / "processed")
    write_example_hr(proj.raw, 2020)
    reports = root / "reports"
    results = run_batch([2020], ["staff"], reports_dir=reports, raw_dir=proj.raw, processed_dir=proj.processed)
    return Built(project=proj, reports=reports, results=results)


def test_staff_page_from_the_hr_export_withholds_small_groups(built_example_hr, open_page):  # noqa: F811
    opened = _page(built_example_hr, open_page, 2020, "staff")
    text = opened.page.inner_text("main")
    assert "Exempeldata: HR-exporten för 2020" in text
    assert "10 anställda eller färre" in text
    toc = opened.page.inner_text("nav.toc")
    for heading in ("Sjukfrånvaro: de obligatoriska nyckeltalen", "Sjukfrånvaro per enhet", "Årsarbetare"):
        assert heading in toc, heading
    withheld = opened.page.locator("main table tr", has_text="Exempeldata 08 Divisionsgem Länsteknik")
    assert withheld.count() == 1 and withheld.locator("td").last.inner_text().strip() == "×"  # withheld, not "–"
    assert "× betyder att uppgiften inte visas" in text and "– betyder att underlaget inte ger uppgiften" in text
    assert opened.blocked == []
