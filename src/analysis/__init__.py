"""Annual-report analysis for division Länsteknik.

The subpackages follow the flow of the data, each importing only those before it:

- :mod:`analysis.facts`: the raw exports → the facts and findings in ``data/processed``
  (readers, numbers, catalog, vocabulary, clean, derive, validate, pipeline, store);
- :mod:`analysis.texts`: every Swedish and English text, in gettext catalogs;
- :mod:`analysis.presentation`: number formats, tables, charts, recorded key figures;
- :mod:`analysis.chapters`: one module per chapter notebook (and what they share);
- :mod:`analysis.publishing`: the batch, the HTML pages and ``python -m analysis``.

:mod:`analysis.paths` is the one module that knows the project's folders and
:mod:`analysis.exceptions` holds the errors shown to users. ``pyproject.toml`` states the
layers as an import-linter contract, which the tests check.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("lansteknik-analysis")
except PackageNotFoundError:  # pragma: no cover - only when not installed
    __version__ = "0+unknown"

from analysis.facts.pipeline import available_years, clean, load_facts, load_monthly, load_quality  # noqa: E402

__all__ = ["__version__", "available_years", "clean", "load_facts", "load_monthly", "load_quality"]
