"""Exceptions raised by the analysis package."""

from __future__ import annotations

from pathlib import Path


class AnalysisError(Exception):
    """Base class: an error the user can act on, shown without a traceback."""


class RawDataError(AnalysisError):
    """A raw export cannot be read or does not have the expected structure."""

    def __init__(
        self,
        path: Path | str,
        problem: str,
        *,
        line: int | None = None,
        column: str | None = None,
        value: object = None,
    ):
        self.path = str(path)
        self.problem = problem
        self.line = line
        self.column = column
        self.value = value
        super().__init__(self._message())

    def _message(self) -> str:
        where = [self.path]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        text = f"{', '.join(where)}: {self.problem}"
        if self.value is not None:
            text += f" (value: {self.value!r})"
        return text


class UnknownYearError(AnalysisError):
    """A report year was asked for that has no raw data."""

    def __init__(self, year: object, available: list[int]):
        self.year = year
        self.available = available
        years = ", ".join(str(y) for y in available) or "none"
        super().__init__(f"no report data for year {year!r}; available years: {years}")


class ProcessedDataMissing(AnalysisError):
    """The processed facts have not been built yet."""
