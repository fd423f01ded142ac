"""Parsing numbers as Swedish exports print them.

Handles plain, non-breaking (U+00A0), narrow no-break (U+202F) and thin (U+2009) spaces
as thousands separators, decimal comma (or point), U+2212 and en-dash minus, a leading
plus, and a trailing percent sign or unit (``2,4%``, ``14,7 mkr``, ``3128h``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_SPACES = "[ \u00a0\u202f\u2009]"
_NUMBER = re.compile(
    r"^(?P<sign>[+\-\u2212\u2013])?" + _SPACES + r"*"
    r"(?P<int>\d{1,3}(?:" + _SPACES + r"\d{3})+|\d+)"
    r"(?:[,.](?P<dec>\d+))?" + _SPACES + r"*(?P<unit>[^\d\s\u00a0\u202f\u2009].*)?$"
)


@dataclass(frozen=True)
class ParsedNumber:
    """A number read from an export: its value, printed decimals and unit suffix."""

    value: float
    decimals: int
    unit: str | None


class NotANumber(ValueError):
    """The text is not a number in any accepted format."""


def parse_number(text: str) -> ParsedNumber | None:
    """Parse one cell; None for an empty cell, NotANumber for anything unreadable."""
    stripped = text.strip().strip("\u00a0\u202f\u2009")
    if stripped == "":
        return None
    match = _NUMBER.match(stripped)
    if match is None:
        raise NotANumber(text)
    digits = re.sub(_SPACES, "", match["int"])
    decimals = match["dec"] or ""
    value = float(f"{digits}.{decimals}" if decimals else digits)
    if match["sign"] in ("-", "\u2212", "\u2013"):
        value = -value
    unit = match["unit"].strip() if match["unit"] else None
    return ParsedNumber(value=value, decimals=len(decimals), unit=unit)


def half_unit(decimals: int) -> float:
    """Half of the last printed digit: the rounding error a printed value can carry."""
    return 0.5 * 10.0 ** (-decimals)


def format_swedish(value: float, decimals: int = 0, *, sep: str = " ") -> str:
    """Format a number as the exports print it (the inverse of :func:`parse_number`)."""
    if math.isnan(value):
        raise ValueError("cannot format NaN")
    text = f"{abs(value):,.{decimals}f}".replace(",", "\x00").replace(".", ",")
    text = text.replace("\x00", sep)
    return ("-" if value < 0 and float(text.replace(sep, "").replace(",", ".")) != 0 else "") + text
