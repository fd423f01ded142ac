"""Key figures recorded in an executed chapter notebook, machine-readable.

A chapter calls :func:`record` once; the figures become a display output with the MIME
type :data:`MIME` (no text/plain, so nothing shows in the HTML). Tests, the batch index
and later summaries read them back with :func:`read` without re-computing anything.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

MIME = "application/vnd.lansteknik.key-figures+json"


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

    display({MIME: payload(chapter, year, lang, figures)}, raw=True)


def read(notebook: Path | str | dict) -> dict | None:
    """The recorded key figures of an executed notebook (path or nbformat dict), or None."""
    import nbformat

    nb = notebook if isinstance(notebook, dict) else nbformat.read(str(notebook), as_version=4)
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data", {})
            if MIME in data:
                return data[MIME]
    return None


def as_dict(recorded: dict) -> dict[str, float | int | str | None]:
    """``{key: value}`` of a recorded payload, for assertions and summaries."""
    return {f["key"]: f["value"] for f in recorded["figures"]}
