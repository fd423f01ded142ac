"""Swedish pages in Swedish: no English message of the project and no "rows" on any page of
the shipped years (the example ledger's pages: ``test_example_ledger_end_to_end.py``), and a
source reference's words in the page's language."""

from __future__ import annotations

import pytest

from analysis.publishing.pages.page_language import in_language
from page_language import english_fragments, english_on

pytestmark = pytest.mark.notebooks


def test_no_swedish_page_has_an_english_message_or_rows(built_reports):
    assert len(english_fragments()) > 200  # the English catalog's own phrases
    pages = sorted(p for p in built_reports.reports.rglob("*.html") if "executed" not in p.parts)
    found = {str(p.relative_to(built_reports.reports)): english_on(p.read_text(encoding="utf-8")) for p in pages}
    assert {k: v for k, v in found.items() if v} == {}


def test_an_english_message_on_a_swedish_page_is_found():
    page = "<p>Divisionens resultat.</p><p>Of the five cost types, one came in better than budget.</p>"
    assert english_on(page) and english_on("<td>huvudbok.csv (132 rows)</td>")


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("sv", "<td>2019/huvudbok.csv (1 132 rows)</td>", "<td>2019/huvudbok.csv (1 132 rader)</td>"),
        ("sv", "<td>huvudbok.se (576 #TRANS rows)</td>", "<td>huvudbok.se (576 #TRANS-rader)</td>"),
        ("sv", "<td>investeringsprojekt.csv (lines 2–4)</td>", "<td>investeringsprojekt.csv (rader 2–4)</td>"),
        ("en", "<td>huvudbok.se (576 #TRANS rows)</td>", "<td>huvudbok.se (576 #TRANS rows)</td>"),
    ],
)
def test_a_source_reference_is_in_the_pages_language(lang, text, expected):
    assert in_language(text, lang) == expected
