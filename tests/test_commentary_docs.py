"""``docs/commentary.md`` lists the keys a commentary can insert as the chapters record them:
generated from a build of the shipped years, so the list cannot go stale.
``UPDATE_DOCS=1 .venv/bin/python -m pytest tests/test_commentary_docs.py`` rewrites it."""

from __future__ import annotations

import os

import pytest

from analysis.publishing.batch.notebooks import discover_chapters
from analysis.publishing.downloads.commentary_keys import END, START, key_table, replace_keys

from conftest import ROOT

pytestmark = pytest.mark.notebooks

DOC = ROOT / "docs" / "commentary.md"


def test_the_documented_keys_are_the_ones_the_chapters_record(built_reports):
    table = key_table(built_reports.reports, discover_chapters())
    text = DOC.read_text(encoding="utf-8")
    expected = replace_keys(text, table)
    if os.environ.get("UPDATE_DOCS"):
        DOC.write_text(expected, encoding="utf-8")
    assert START in text and END in text
    assert "`result_msek`" in table and "`mt_growth_percent`" in table and "`sick_leave_total_percent`" in table
    assert text == expected, (
        "the key list is stale: UPDATE_DOCS=1 .venv/bin/python -m pytest tests/test_commentary_docs.py"
    )
