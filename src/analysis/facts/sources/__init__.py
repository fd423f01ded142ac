"""The source systems' readers: a year folder's exports → rows in the shared columns of
:mod:`analysis.facts.schema`, one subpackage per system.

- :mod:`.printed`: the annual report's printed tables (``tables``, ``coded``);
- :mod:`.ledger`: the general ledger, SIE 4 or CSV (``year``, ``mapping``, ``aggregate``,
  ``files`` and the format readers in ``formats``);
- :mod:`.hr`: the HR system's ``personal.csv`` (``statistics``, ``staff_figures``);
- :mod:`.investment_register`: the register's frame and projects (``register``, ``figures``);
- :mod:`.reading` (a CSV or XLSX as text with its file lines), :mod:`.exports` (the
  ``Export`` a system's reader gives the cleaning) and :mod:`.systems` (the explicit list of
  the systems, which the pipeline reads).

May import :mod:`analysis.exceptions`, :mod:`analysis.paths` and the shared modules of the
facts layer (``schema``, ``numbers``, ``catalog``, ``vocabulary``, ``checksums``), never a
later step (``derive``, ``validate``, ``series``, ``aliases``, ``pipeline``, ``freshness``,
``yearfolders``, ``store``: an import-linter contract in ``pyproject.toml``). This file
imports nothing, so that importing one reader imports no other.
"""
