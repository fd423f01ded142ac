"""Ledger exports (issue 11, ``docs/ledger.md``): SIE 4 files and ledger/budget CSVs read with
DuckDB, mapped with the analyst's mapping files, aggregated to the monthly table.

- :mod:`.formats`: the readers, one module per export format (SIE 4, ledger CSV in our
  layout or an ERP's), all into one canonical table;
- :mod:`.mapping`: ``kontoplan.csv``, ``ansvar.csv``, ``objekt.csv``;
- :mod:`.aggregate`: the monthly table, derived facts and findings;
- :mod:`.year`: a year's ledger files and :func:`read_ledger`, which the cleaning calls.
"""

from analysis.facts.sources.ledger.mapping import MAPPING_FILES
from analysis.facts.sources.ledger.year import LedgerResult, is_ledger_file, ledger_files, mapping_paths, read_ledger

__all__ = ["MAPPING_FILES", "LedgerResult", "is_ledger_file", "ledger_files", "mapping_paths", "read_ledger"]
