"""The investment register (issue 19): ``investeringsram.csv`` (the board's frame per category)
and ``investeringsprojekt.csv`` (one row per project), ``data/raw/README.md``.

- :mod:`.register`: reads and checks both files, the processed table ``investment_projects``;
- :mod:`.figures`: what they add to the facts (table ``investments``, derived, section
  ``Investeringsregister``, with ``behind_plan``) and the findings against a printed
  ``investeringar.csv`` of the same year, the ledger's investment accounts and the prose.

May import :mod:`analysis.exceptions`, the facts layer's ``schema``, ``numbers``, ``catalog``
and ``vocabulary``, and :mod:`analysis.facts.sources.reading` and ``exports``; never a later
step of the facts. This file imports nothing.
"""
