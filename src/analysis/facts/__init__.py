"""From the raw exports to the facts: read, derive, validate, follow over the years, store.

- :mod:`.sources`: one reader per source system (printed tables, ledger, HR, investment
  register) over :mod:`.sources.reading`, each filling the shared columns of :mod:`.schema`
  (columns, dtypes, intervals, empty frames); what the readers share: :mod:`.catalog`
  (what each export holds), :mod:`.vocabulary` (measures, units, codes), :mod:`.numbers`
  (Swedish number formats);
- then the steps: :mod:`.derive` (derived facts with their formulas) → :mod:`.validate`
  (every figure stated twice recomputed) → :mod:`.series` (one value per year, the changes,
  the cross-year checks; renamed rows through :mod:`.aliases`) → :mod:`.pipeline` (runs them
  for the years asked for and writes ``data/processed``; ``load_facts`` and friends);
- beside them: :mod:`.store` (atomic writes under a lock), :mod:`.freshness` (re-cleans a
  year whose raw files changed; checked once per notebook run), :mod:`.manifest` (what each
  cleaning read), :mod:`.sources.yearfolders` (the years and their raw files),
  :mod:`.checksums` (SHA-256 of raw files, remembered in ``.cache/``).

The lowest layer but one: may import only :mod:`analysis.paths`, :mod:`analysis.exceptions`
and :mod:`analysis.version`, nothing of texts, presentation, chapters or publishing; the
readers in :mod:`.sources` never import a later step (``pyproject.toml``). This file imports
nothing, so that ``import analysis.facts.numbers`` stays light.
"""
