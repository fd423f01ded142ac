"""Publishing: run the chapter notebooks as a batch and turn them into offline HTML.

``cli`` is ``python -m analysis``; ``batch`` plans (``plan``: fingerprints, what is
unchanged), runs (``run``: kernels, failures) and schedules the chapters of every year;
``html_export`` renders an executed notebook with the page ``templates/``, and
``index_pages`` writes the year and root indexes.

The top layer: may import everything below it (facts, presentation, texts), while nothing
below imports it.
"""

import sys as _sys

# nbformat validates with jsonschema, whose format checkers import ``rfc3987_syntax`` when it
# is installed; that module compiles ~40 lark grammars at import (2 s) only to check the
# formats "iri" and "iri-reference", which the notebook schemas do not use. jsonschema skips
# that checker on ImportError. Set here, before anything of the batch (the build, its fork
# server, its workers, the zygote) imports nbformat.
if "jsonschema" not in _sys.modules:
    _sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
