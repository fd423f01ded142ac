"""The figures a commentary cites: inserted (``{{ key }}``, ``{{ key 2018 }}``) and typed by
hand ("ett underskott på 4,8 mnkr"), and what the year's data say of each.

A figure is a key figure that a chapter recorded (what ``nyckeltal.csv`` lists) or a fact of
the year (a reported or derived value of ``facts.csv``). Each has an identity that stays the
same from one build to the next (:attr:`Figure.ident`), so an approval can record its value
and a later build can tell that the data changed it.

A typed number is a number followed by a unit (mnkr, mkr, tkr, kr, %, procent,
procentenheter; in English MSEK, percent, percentage points). It equals a figure when the
figure, rounded to the written digits, is the written number, with its sign as written or
as its absolute value (people write "ett underskott på 4,8 mnkr" for a result of −4,8 mnkr).
``{= 30 mnkr =}`` marks a number that is not from the data: shown as written, not checked.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from analysis.presentation import formatting
from analysis.presentation.keyfigures import format_figure

#: ``{{ key }}`` / ``{{ key 2018 }}``; ``{= as written =}``.
INSERT = re.compile(r"\{\{\s*([A-Za-z_][\w.]*)\s*(?:\s(\d{4}))?\s*\}\}")
LITERAL = re.compile(r"\{=\s*(.*?)\s*=\}", re.DOTALL)
ANY_MARK = re.compile(rf"{INSERT.pattern}|{LITERAL.pattern}", re.DOTALL)

_MINUS = "-\u2212\u2013"
_NUMBER = rf"(?P<sign>[{_MINUS}+]\s?)?(?P<int>\d{{1,3}}(?:[ \u00a0\u202f]\d{{3}})+|\d+)(?:[,.](?P<dec>\d+))?"
#: unit as written -> (kind, factor to the figures' unit)
UNITS = {
    "mnkr": ("money", 1.0),
    "mkr": ("money", 1.0),
    "msek": ("money", 1.0),
    "miljoner kronor": ("money", 1.0),
    "tkr": ("money", 1e-3),
    "ksek": ("money", 1e-3),
    "kr": ("money", 1e-6),
    "sek": ("money", 1e-6),
    "%": ("percent", 1.0),
    "procent": ("percent", 1.0),
    "percent": ("percent", 1.0),
    "procentenheter": ("points", 1.0),
    "percentage points": ("points", 1.0),
}
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
TYPED = re.compile(rf"(?<![\w,.]){_NUMBER}[ \u00a0\u202f]?(?P<unit>{_UNIT})(?![\w])", re.IGNORECASE)
KIND_OF_UNIT = {"MSEK": "money", "percent": "percent", "percentage points": "points"}


@dataclass(frozen=True)
class Figure:
    """A figure of the data that a commentary can cite."""

    ident: str  # ``key:<chapter>:<key>:<year>`` or ``fact:<table>:<item>:<measure>:<year>``
    label: str
    value: object
    unit: str
    text: str  # as the pages format it
    year: int
    key: str = ""
    chapter: str = ""
    href: str = ""  # where the figure is shown: its chapter's section

    @property
    def kind(self) -> str | None:
        return KIND_OF_UNIT.get(self.unit)

    @property
    def number(self) -> float | None:
        value = self.value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(float(value)):
            return None
        return float(value)


def key_figures(chapter: str, year: int, recorded: Iterable[Mapping], lang: str, href=None) -> list[Figure]:
    """Figures of a chapter's recorded key figures (their JSON), with their section links."""
    out = []
    for f in recorded:
        key = str(f.get("key", ""))
        out.append(
            Figure(
                ident=f"key:{chapter}:{key}:{int(year)}",
                label=str(f.get("label") or key),
                value=f.get("value"),
                unit=str(f.get("unit") or ""),
                text=format_figure(f, lang),
                year=int(year),
                key=key,
                chapter=chapter,
                href=href(chapter, key) if href else "",
            )
        )
    return out


def facts(frame, year: int, lang: str, measure_label=None) -> list[Figure]:
    """Figures of the year's facts (its report's reported and derived values) in MSEK and percent."""
    if frame is None or frame.empty:
        return []
    rows = frame[(frame["report_year"] == int(year)) & frame["unit"].isin(["MSEK", "percent"])]
    out = []
    for row in rows.itertuples(index=False):
        if row.value is None or (isinstance(row.value, float) and math.isnan(row.value)):
            continue
        measure = measure_label(row.measure) if measure_label else row.measure
        label = f"{row.item}, {measure}" + (f" {int(row.year)}" if int(row.year) != int(year) else "")
        decimals = None if _missing(row.decimals) else int(row.decimals)
        out.append(
            Figure(
                ident=f"fact:{row.table}:{row.item}:{row.measure}:{int(row.year)}",
                label=label,
                value=float(row.value),
                unit=row.unit,
                text=formatting.value(row.value, row.unit, decimals, lang),
                year=int(year),
            )
        )
    return out


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@dataclass(frozen=True)
class Typed:
    """A number with a unit, as typed in a commentary."""

    text: str
    value: float  # signed, as written, in the figures' unit (MSEK for money)
    tolerance: float  # half a unit of the last written digit, in the figures' unit
    kind: str
    start: int


def typed_numbers(text: str) -> list[Typed]:
    """Every number with a unit in ``text`` (the ``{{ }}`` and ``{= =}`` marks left out)."""
    found = []
    for match in TYPED.finditer(text):
        whole = re.sub(r"[ \u00a0\u202f]", "", match.group("int"))
        decimals = match.group("dec") or ""
        kind, factor = UNITS[match.group("unit").lower()]
        number = float(f"{whole}.{decimals}" if decimals else whole)
        sign = (match.group("sign") or "").strip()
        if sign and sign in _MINUS:
            number = -number
        tolerance = 0.5 * 10 ** (-len(decimals)) * factor
        found.append(Typed(" ".join(match.group(0).split()), number * factor, tolerance, kind, match.start()))
    return found


def equals(figure: Figure, typed: Typed) -> int:
    """2 when the figure is the typed number with its sign, 1 as absolute values, 0 if not."""
    value = figure.number
    if value is None or figure.kind != typed.kind:
        return 0
    slack = typed.tolerance + 1e-9 * max(1.0, abs(value))
    if abs(value - typed.value) <= slack:
        return 2
    return 1 if abs(abs(value) - abs(typed.value)) <= slack else 0


def match(typed: Typed, figures: Iterable[Figure]) -> Figure | None:
    """The figure a typed number cites: a key figure before a fact, a signed match before an
    absolute one, the closest first."""
    scored = [(equals(f, typed), f) for f in figures]
    hits = [(score, f) for score, f in scored if score]
    if not hits:
        return None
    return max(hits, key=lambda h: (bool(h[1].key), h[0], -abs(h[1].number - typed.value)))[1]


def nearest(typed: Typed, figures: Iterable[Figure], n: int = 3) -> list[Figure]:
    """The ``n`` figures of the typed number's kind closest to it (as absolute values)."""
    same = [f for f in figures if f.kind == typed.kind and f.number is not None]
    unique = {f.ident: f for f in sorted(same, key=lambda f: abs(abs(f.number) - abs(typed.value)))}
    return list(unique.values())[:n]


def nearest_keys(key: str, keys: Iterable[str], n: int = 3) -> list[str]:
    """The ``n`` known keys most like ``key`` (difflib), the closest first."""
    keys = sorted(set(keys))
    close = difflib.get_close_matches(key, keys, n=n, cutoff=0.0)
    return close[:n]


def changed(old: object, new: object) -> bool:
    """Whether a figure's value differs from the one an approval recorded."""
    if isinstance(old, (int, float)) and isinstance(new, (int, float)) and not isinstance(old, bool):
        return not math.isclose(float(old), float(new), rel_tol=1e-9, abs_tol=1e-9)
    return old != new
