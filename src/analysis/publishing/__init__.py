"""Publishing: run the chapter notebooks as a build and turn them into offline pages and downloads.

Four rooms and a data model, each importing only those after it (``cli`` > ``batch`` >
``downloads`` > ``pages`` > ``model``, an import-linter contract):

- :mod:`.cli`: ``python -m analysis``;
- :mod:`.batch`: the build: ``build`` (``run_batch``), ``plan`` (fingerprints, what is
  unchanged), ``schedule``, ``worker`` and ``execute`` (one chapter), ``stopping``,
  ``zygote`` and ``forked_kernels``, ``notebooks``, ``record``, ``jupyter_setup``;
- :mod:`.downloads`: workbooks, the PDF and the key figures, made from the pages;
- :mod:`.pages`: ``html_export`` (a chapter page, with ``templates/``), ``page_checks``,
  ``accessible``, ``page_tables``, ``index_pages``, ``document``;
- :mod:`.model`: ``Chapter``, the statuses, ``ChapterTask``, ``ChapterFiles``,
  ``ChapterResult``, ``YearPlan``.

The top layer: may import everything below it (chapters, examples, presentation, texts,
facts), while nothing below imports it. This file imports no room (only ``sys``, for the
setting below).
"""

import sys as _sys

# nbformat validates with jsonschema, whose format checkers import ``rfc3987_syntax`` when it
# is installed; that module compiles ~40 lark grammars at import (2 s) only to check the
# formats "iri" and "iri-reference", which the notebook schemas do not use. jsonschema skips
# that checker on ImportError. Set here, before anything of the batch (the build, its fork
# server, its workers, the zygote) imports nbformat.
if "jsonschema" not in _sys.modules:
    _sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
