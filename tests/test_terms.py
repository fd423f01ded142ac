"""One term for each thing in the Swedish texts, as docs/chapter-conventions.md decides:
"kostnadsslag" (never "kostnadslag"), and "årsrapport" for the printed document (never
"årsredovisning", "rapporten" alone). Reads the catalog and the table titles; runs nothing."""

from __future__ import annotations

import re

import pytest

from analysis.facts.catalog import SPECS
from analysis.texts import messages

#: pattern -> the term to use instead
DRIFT = {
    r"(?<![sS])[kK]ostnadslag": "kostnadsslag",
    r"[åÅ]rsredovisning": "årsrapport",
    r"(?<![\wåäöÅÄÖ])[rR]apporten(s)?(?![\wåäö])": "årsrapporten",
}


def texts() -> dict[str, str]:
    found = dict(messages("sv"))
    found.update({f"table title {s.table}": s.title for s in SPECS})
    return found


@pytest.mark.parametrize("pattern", DRIFT)
def test_the_swedish_texts_keep_one_term(pattern):
    drift = {key: text for key, text in texts().items() if re.search(pattern, text)}
    assert drift == {}, f"use {DRIFT[pattern]!r}"


def test_a_drifting_term_is_found():
    assert re.search(next(iter(DRIFT)), "Utfall per kostnadslag")
    assert not re.search(next(iter(DRIFT)), "Utfall per kostnadsslag")
