"""Annual-report analysis for division Länsteknik.

The subpackages follow the flow of the data, each importing only those below it
(``publishing`` > ``chapters`` | ``examples`` > ``presentation`` > ``texts`` > ``facts`` >
``exceptions`` | ``paths`` | ``version``):

- :mod:`analysis.facts`: the raw exports → the facts and findings in ``data/processed``
  (the source systems' readers in ``facts.sources`` into ``facts.schema``, then derive,
  validate, series, pipeline; store, freshness, manifest beside them);
- :mod:`analysis.texts`: every Swedish and English text, in gettext catalogs;
- :mod:`analysis.presentation`: number formats, tables, charts, disclosure, recorded key figures;
- :mod:`analysis.chapters`: one module or subpackage per chapter notebook, and what they share;
- :mod:`analysis.examples`: the SYNTHETIC example data (ledgers, HR export, investment register);
- :mod:`analysis.publishing`: the build (``batch``), the HTML pages (``pages``), the
  downloads (``downloads``), ``python -m analysis`` (``cli``) and their data model (``model``).

:mod:`analysis.paths` is the one module that knows the project's folders,
:mod:`analysis.exceptions` holds the errors shown to users and :mod:`analysis.version` the
package's version. ``pyproject.toml`` states the
layers as import-linter contracts, which the tests check. This module imports nothing of
its subpackages until asked: the pipeline's entry points below are imported when first used.
"""

from analysis.version import package_version

#: The pipeline's entry points, imported when first used (PEP 562): ``python -m analysis``
#: then reaches its stop handling before pandas is imported, so that a Ctrl-C in that
#: second is one line too, not a traceback from inside an import.
_PIPELINE = ("available_years", "clean", "load_facts", "load_monthly", "load_quality")

__all__ = ["__version__", *_PIPELINE]


def __getattr__(name: str):
    if name == "__version__":  # importlib.metadata costs 30 ms: only when asked
        return package_version()
    if name in _PIPELINE:
        from analysis.facts import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
