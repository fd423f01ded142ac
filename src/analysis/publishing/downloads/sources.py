"""The source column of the downloads: for a label or a value of a chapter, the file:line of
the reported figure in the facts, or the formula of a derived one (the facts are loaded
once, only when a download is written)."""

from __future__ import annotations

from pathlib import Path

from analysis import paths

#: Units whose figures are found again in the facts by their value; a count or a text is
#: the chapter's own (its source is the chapter page, where it is counted from the tables).
VALUE_UNITS = frozenset({"MSEK", "percent", "hours"})


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

    def of_item(self, year: int, label: str) -> str:
        facts = self.facts()
        if facts.empty or not label:
            return ""
        rows = facts[(facts["report_year"] == int(year)) & (facts["item"] == label)]
        return _sources(rows)

    def of_value(self, year: int, value, unit: str) -> str:
        facts = self.facts()
        if facts.empty or unit not in VALUE_UNITS or not isinstance(value, (int, float)) or isinstance(value, bool):
            return ""
        rows = facts[(facts["report_year"] == int(year)) & (facts["unit"] == unit)]
        rows = rows[(rows["value"] - float(value)).abs() < 1e-9]
        return _sources(rows.sort_values("table", key=lambda s: s != "key_figures").head(1))


def _sources(rows) -> str:
    reported = rows[~rows["derived"].astype(bool)]
    if not reported.empty:
        return "; ".join(dict.fromkeys(str(s) for s in reported["source"]))
    return "; ".join(dict.fromkeys(str(n) for n in rows["note"] if str(n) not in ("", "nan", "None")))
