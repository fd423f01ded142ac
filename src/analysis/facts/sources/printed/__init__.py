"""The annual report's printed tables, as exported to CSV or XLSX (``resultat_per_verksamhetsomrade``,
``kostnader_per_kostnadslag``, ``investeringar``, ``sjukfranvaro``, ``nyckeltal``, ...).

- :mod:`.tables`: a raw export (read by :mod:`analysis.facts.sources.reading`) and its
  ``catalog`` spec → facts: money in MSEK, the sign as printed, the printed value and unit kept;
- :mod:`.coded`: the tables whose values are symbols and words (scorecard, assignments,
  internal control), as the codes of :mod:`analysis.facts.vocabulary`.

May import :mod:`analysis.exceptions`, the facts layer's ``schema``, ``numbers``, ``catalog``
and ``vocabulary``, and :mod:`analysis.facts.sources.reading`; never a later step of the
facts. This file imports nothing.
"""
