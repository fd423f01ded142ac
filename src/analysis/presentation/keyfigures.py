"""Key figures recorded in an executed chapter notebook, machine-readable.

A chapter calls :func:`record` once; the figures become a display output with the MIME
type :data:`~analysis.presentation.outputs.KEY_FIGURES_MIME` (no text/plain, so nothing
shows in the HTML). Tests, the batch index and later summaries read them back with
:func:`read` without re-computing anything.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from analysis.presentation import formatting
from analysis.presentation.outputs import KEY_FIGURES_MIME
from analysis.texts import t


@dataclass(frozen=True)
class KeyFigure:
    """One key figure of a chapter; ``formula`` says how a derived one was computed.

    ``headline=False`` marks a figure recorded for programs (which table or view a chapter
    used, for instance) that the year index does not show to readers.
    """

    key: str
    label: str
    value: float | int | str | None
    unit: str = ""
    derived: bool = False
    formula: str = ""
    headline: bool = True
    #: The decimals the print gives the figure (None: as few as show a reported value exactly,
    #: one for a derived MSEK or percent value).
    decimals: int | None = None

    def as_json(self) -> dict:
        data = asdict(self)
        if isinstance(self.value, float) and math.isnan(self.value):
            data["value"] = None
        return data


def payload(chapter: str, year: int, lang: str, figures: Iterable[KeyFigure]) -> dict:
    """The JSON document recorded for a chapter."""
    return {"chapter": chapter, "year": int(year), "lang": lang, "figures": [f.as_json() for f in figures]}


def record(chapter: str, year: int, lang: str, figures: Iterable[KeyFigure]) -> None:
    """Display the key figures as a named JSON output of the running notebook.

    Returns None, so that a notebook cell ending with this call shows nothing else."""
    from IPython.display import display

    display({KEY_FIGURES_MIME: payload(chapter, year, lang, figures)}, raw=True)


def read(notebook: Path | str | dict) -> dict | None:
    """The recorded key figures of an executed notebook (path or nbformat dict), or None."""
    import nbformat

    nb = notebook if isinstance(notebook, dict) else nbformat.read(str(notebook), as_version=4)
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data", {})
            if KEY_FIGURES_MIME in data:
                return data[KEY_FIGURES_MIME]
    return None


def as_dict(recorded: dict) -> dict[str, float | int | str | None]:
    """``{key: value}`` of a recorded payload, for assertions and summaries."""
    return {f["key"]: f["value"] for f in recorded["figures"]}


#: Unit suffixes of key-figure keys; ``<stem>_<suffix>`` has its change against the previous
#: year with a value in ``<stem>_change_<suffix>`` (see the chapters' series sections).
CHANGE_SUFFIXES = ("msek", "percent", "points", "count")


def change_figures(figure: Mapping, figures: list[Mapping]) -> dict[str, Mapping]:
    """The recorded change figures of ``figure`` (amount, percent, points, period), by kind."""
    key = str(figure.get("key", ""))
    stem, _, suffix = key.rpartition("_")
    if suffix not in CHANGE_SUFFIXES or not stem or stem.endswith("_change"):
        return {}
    by_key = {f.get("key"): f for f in figures}
    found = {}
    for kind in (*CHANGE_SUFFIXES, "period"):
        change = by_key.get(f"{stem}_change_{kind}")
        if change is not None and (kind == "period" or change.get("value") is not None):
            found[kind] = change
    return found if set(found) - {"period"} else {}


def change_of(figure: Mapping, figures: list[Mapping], lang: str = "sv") -> dict | None:
    """The change against the previous year with a value that the chapter computed for
    ``figure`` from the series (``<stem>_change_*``): its text, period and formulas."""
    found = change_figures(figure, figures)
    if not found:
        return None
    parts = []
    for kind in ("msek", "count", "points", "percent"):
        change = found.get(kind)
        if change is None:
            continue
        text = format_figure(change, lang)
        value = change.get("value")
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            text = "+" + text
        parts.append(text)
    period = found.get("period", {}).get("value") or ""
    formulas = [c.get("formula") for c in found.values() if c.get("formula")]
    return {"text": " / ".join(parts), "period": str(period), "formula": "; ".join(formulas)}


def format_figure(figure: Mapping, lang: str = "sv") -> str:
    """A recorded key figure's value as readers see it (Swedish number format)."""
    value, unit = figure.get("value"), figure.get("unit") or ""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return formatting.MISSING.get(lang, "–")
    if unit == "percentage points" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{formatting.value(value, '', 1, lang)}\u00a0{t('page.percentage_points', lang)}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"{value}\u00a0{unit}".strip() if unit else str(value)
    known = {"MSEK", "percent", "hours", "count", ""}
    decimals = None if unit in known and unit else (0 if float(value).is_integer() else 1)
    if figure.get("decimals") is not None:
        decimals = int(figure["decimals"])
    elif unit in ("MSEK", "percent") and not figure.get("derived"):  # as printed: 42 %, -4,8 mnkr
        decimals = formatting.decimals_needed([value], most=1)
    try:
        text = formatting.value(value, unit if unit in known else "", decimals, lang)
    except ValueError:
        text = str(value)
    return text if unit in known else f"{text}\u00a0{unit}"
