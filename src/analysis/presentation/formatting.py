"""Numbers formatted for the chapters' readers: Swedish by default, English on request.

Babel gives the locale's separators (non-breaking space and decimal comma in Swedish);
money is shown in mnkr (MSEK in English), scaled here, not by Babel's compact form.
"""

from __future__ import annotations

import math

from babel.numbers import format_decimal

LOCALES = {"sv": "sv_SE", "en": "en_GB"}
MONEY_UNIT = {"sv": "mnkr", "en": "MSEK"}
MISSING = {"sv": "–", "en": "–"}


def _locale(lang: str) -> str:
    if lang not in LOCALES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LOCALES)}")
    return LOCALES[lang]


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float | None, decimals: int = 0, lang: str = "sv", signed: bool = False) -> str:
    """``1 234,5`` (sv) or ``1,234.5`` (en); ``+`` before positives when ``signed``."""
    if _missing(value):
        return MISSING[lang]
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    if signed:
        pattern = "+" + pattern + ";-" + pattern
    text = format_decimal(round(float(value), decimals) + 0.0, format=pattern, locale=_locale(lang))
    return text.replace("\u2212", "-")


def msek(value: float | None, decimals: int = 1, lang: str = "sv", signed: bool = False) -> str:
    """Money in million SEK: ``1 234,5 mnkr`` / ``1,234.5 MSEK``."""
    if _missing(value):
        return MISSING[lang]
    return f"{number(value, decimals, lang, signed)}\u00a0{MONEY_UNIT[lang]}"


def percent(value: float | None, decimals: int = 0, lang: str = "sv", signed: bool = False) -> str:
    """A value already in percent: ``13 %`` (sv) / ``13%`` (en)."""
    if _missing(value):
        return MISSING[lang]
    return number(value, decimals, lang, signed) + ("\u00a0%" if lang == "sv" else "%")


def value(value: float | None, unit: str, decimals: int | None = None, lang: str = "sv", signed: bool = False) -> str:
    """Format by the facts table's normalised unit (MSEK, percent, hours, count)."""
    if unit == "MSEK":
        return msek(value, 1 if decimals is None else decimals, lang, signed)
    if unit == "percent":
        return percent(value, 1 if decimals is None else decimals, lang, signed)
    suffix = {"hours": {"sv": "h", "en": "h"}, "count": {"sv": "st", "en": ""}}.get(unit, {})
    text = number(value, 0 if decimals is None else decimals, lang, signed)
    return f"{text}\u00a0{suffix[lang]}" if suffix.get(lang) else text


def axis_formatter(unit: str, lang: str = "sv", decimals: int = 0):
    """A function for ``ax.yaxis.set_major_formatter`` (becomes a FuncFormatter)."""

    def fmt(tick: float, _pos: int | None = None) -> str:
        if unit == "MSEK":
            return number(tick, decimals, lang)
        if unit == "percent":
            return percent(tick, decimals, lang)
        return number(tick, decimals, lang)

    return fmt


#: Small counts in words, as Swedish and English prose writes them (neuter in Swedish:
#: "ett kostnadsslag", "ett verksamhetsområde").
COUNT_WORDS = {
    "sv": ("noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"),
    "en": ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
}


def count_words(n: int, lang: str = "sv") -> str:
    """``5`` → ``fem`` / ``five``: a count of 0–12 in words, a larger one in figures."""
    words = COUNT_WORDS.get(lang, COUNT_WORDS["sv"])
    return words[n] if 0 <= n < len(words) else number(n, 0, lang)


def decimals_needed(values, most: int = 3) -> int:
    """The fewest decimals (up to ``most``) that show every value exactly as it is."""
    finite = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    for decimals in range(most + 1):
        if all(abs(v - round(v, decimals)) < 1e-9 * max(1.0, abs(v)) for v in finite):
            return decimals
    return most
