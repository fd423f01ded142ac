"""From the raw exports to the facts: read, clean, derive, validate and store.

``readers`` decode a raw export (encoding, delimiter, rows with their file lines),
``numbers`` parse Swedish number formats, ``catalog`` and ``vocabulary`` say what each
export holds and what its labels mean, ``clean`` turns rows into facts (money in MSEK,
the printed value kept), ``derive`` adds the derived facts with their formulas,
``validate`` recomputes every figure stated twice, ``pipeline`` runs the steps for the
years asked for and ``store`` writes ``data/processed`` atomically under a lock.

May import only :mod:`analysis.paths`, :mod:`analysis.exceptions` and the package root's
version: nothing about chapters, presentation or publishing.
"""
