"""Annual-report analysis for division Länsteknik.

The modules follow the flow of the data: ``readers`` (raw exports) → ``clean`` →
``validate`` → ``pipeline`` (writes ``data/processed``) → the chapter modules
(``costs``, ``mt``, ``investments``) → ``charts``/``tables``/``text`` → ``batch``.
"""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("lansteknik-analysis")
except PackageNotFoundError:  # pragma: no cover - only when not installed
    __version__ = "0+unknown"

from analysis.facts.pipeline import available_years, clean, load_facts, load_quality  # noqa: E402

__all__ = ["__version__", "available_years", "clean", "load_facts", "load_quality"]
