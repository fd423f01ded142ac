"""The division's own full-year forecast ``<year>/prognos.csv`` (``data/raw/README.md``,
"Prognos"): the forecast of the year's costs the division makes at the tertial (April) and
the delårsrapport (August), per cost type and per business area.

- :mod:`.prognos`: reads and checks the file, the processed table ``division_forecast``
  (no facts, no findings: the period chapters show it beside the statistical forecast).

May import :mod:`analysis.exceptions`, the facts layer's ``schema`` and ``numbers``,
:mod:`analysis.facts.sources.reading` and ``exports``, and the ledger mapping's cost types
(:data:`analysis.facts.sources.ledger.mapping.COST_TYPES`, the names ``kontoplan.csv`` maps
to); never a later step of the facts. This file imports nothing.
"""
