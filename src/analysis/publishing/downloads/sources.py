"""The source column of the downloads: for a row or a key figure of a chapter, the file:line
of the reported figure in the facts, or the formula of a derived one (the facts are loaded
once, only when a download is written).

A row's source is the line that holds the row's item *and* its numbers: an item such as
``Totalt`` is in many tables (costs, investments, sick leave), and a value such as 19 mnkr in
many lines, so neither alone names the line. A row's numbers are matched as the page rounds
them, and also with the sign turned (a page that shows net costs as −(printed value) says so
in a footnote); the line that holds most of them is the row's source. A key figure's source
is the fact with its value and unit whose item the chapter names (``mt_item`` for
``mt_outcome_msek``) or, failing that, whose item shares words with the figure's label.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis import paths

#: Units whose figures are found again in the facts by their value; a count or a text is
#: the chapter's own (its source is the chapter page, where it is counted from the tables).
VALUE_UNITS = frozenset({"MSEK", "percent", "hours"})
#: The table of the figures stated in the report's text (``nyckeltal.csv``).
TEXT_TABLE = "key_figures"


class Sources:
    """The source of a row or figure from the facts: file:line of a reported figure, the
    formula of a derived one (loaded once, only when a workbook is written)."""

    def __init__(self, processed_dir: Path | None) -> None:
        self._dir, self._facts = processed_dir, None

    def facts(self):
        if self._facts is None:
            import pandas as pd  # only when a workbook is written: the build's start stays light

            path = Path(self._dir or paths.processed_dir()) / "facts.parquet"
            self._facts = pd.read_parquet(path) if path.exists() else pd.DataFrame()
        return self._facts

    def of_row(self, year: int, label: str, numbers=()) -> str:
        """The line(s) of the row ``label`` that shows ``numbers`` ((value, decimals) as the
        page rounds them): of all lines with that item, in any report, those holding most of
        the numbers (the page's own year first); '' when none holds one. A row without
        numbers: the one line of its item in the year's tables (the text's line when there is
        no other)."""
        facts = self.facts()
        if facts.empty or not label:
            return ""
        rows = facts[(facts["item"] == label) & ~facts["derived"].astype(bool)]
        if rows.empty:
            return ""
        if not numbers:
            return _only_line(rows[rows["report_year"] == int(year)])
        scores: dict[str, tuple[int, int, int]] = {}
        for source, group in rows.groupby("source", sort=False):
            values = [float(v) for v in group["value"] if v == v]
            score = sum(max((_match(f, v, d) for f in values), default=0) for v, d in numbers)
            own_year = int((group["report_year"] == int(year)).any())
            scores[str(source)] = (score, own_year, int((group["table"] != TEXT_TABLE).any()))
        best = max(scores.values())
        if best[0] == 0:
            return ""
        return "; ".join(sorted(s for s, score in scores.items() if score == best))

    def of_item(self, year: int, label: str) -> str:
        """The line of the item ``label`` in the year's tables (a row without numbers)."""
        return self.of_row(year, label, ())

    def fact_of_value(self, year: int, value, unit: str, item: str = "", label: str = "") -> dict | None:
        """The reported fact of ``year`` with ``value`` and ``unit`` that a key figure comes
        from: the one whose item is ``item`` (the item the chapter names), else the one whose
        item shares most words with ``label``, the report text's own statement first."""
        facts = self.facts()
        if facts.empty or unit not in VALUE_UNITS or not isinstance(value, (int, float)) or isinstance(value, bool):
            return None
        rows = facts[(facts["report_year"] == int(year)) & (facts["unit"] == unit)]
        rows = rows[((rows["value"] - float(value)).abs() < 1e-9) & ~rows["derived"].astype(bool)]
        if rows.empty:
            return None
        ranked = sorted(
            rows.to_dict("records"),
            key=lambda f: (-(4 * (f["item"] == item) + _shared_words(label, f["item"])), f["table"] != TEXT_TABLE),
        )
        return ranked[0]

    def of_value(self, year: int, value, unit: str, item: str = "", label: str = "") -> str:
        found = self.fact_of_value(year, value, unit, item, label)
        return str(found["source"]) if found else ""


def _match(fact: float, shown: float, decimals: int) -> int:
    """2 when ``fact`` rounds to ``shown`` (at ``decimals``), 1 when ``-fact`` does, else 0."""
    tolerance = 0.5 * 10 ** -int(decimals) + 1e-9
    if abs(fact - shown) <= tolerance:
        return 2
    return 1 if shown and abs(-fact - shown) <= tolerance else 0


def _only_line(rows) -> str:
    """The one source line of ``rows``; of several, the one outside the report's text."""
    lines = list(dict.fromkeys(str(s) for s in rows["source"]))
    if len(lines) > 1:
        lines = list(dict.fromkeys(str(s) for s in rows.loc[rows["table"] != TEXT_TABLE, "source"]))
    return lines[0] if len(lines) == 1 else ""


def _words(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"\w+", str(text).casefold()) if len(w) >= 2}


def _shared_words(label: str, item: str) -> int:
    """How many words (by their first five letters) ``label`` and ``item`` share."""
    return len(_words(label) & _words(item))
