"""Ledger exports (issue 11, ``docs/ledger.md``): SIE 4 files and ledger/budget CSVs read with
DuckDB, mapped with the analyst's mapping files, aggregated to the monthly table.

- :mod:`.formats`: the readers, one module per export format (SIE 4, ledger CSV in our
  layout or an ERP's), all into one canonical table;
- :mod:`.mapping`: ``kontoplan.csv``, ``ansvar.csv``, ``objekt.csv``;
- :mod:`.aggregate`: the monthly table, derived facts and findings;
- :mod:`.files`: which files are a year's ledger and its mapping files (names only, light);
- :mod:`.year`: :func:`~.year.read_ledger`, which the cleaning calls, and what it returns.
"""
