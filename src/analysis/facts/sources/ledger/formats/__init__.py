"""The readers of the ledger export formats: one module per format, each reading a file into
the same canonical DuckDB table. They know nothing of the pipeline that calls them (an
import-linter contract in ``pyproject.toml`` keeps it so).

Where each export is read:

- :mod:`.sie4` (a subpackage: reader, line syntax, encoding, balances): SIE 4E and 4I files
  (``huvudbok.se``/``.si``/``.sie``), as any accounting program writes them: Visma, Fortnox,
  Raindance, Unit4 Business World (Agresso), cash-register systems, file generators;
- :mod:`.ledger_csv` (with :mod:`.csv_layouts`, the header vocabulary): a ledger or budget
  CSV (``huvudbok.csv``, ``budget.csv``) in our layout or an ERP's: Raindance, Unit4
  Business World (Agresso), Visma and the like;
- :mod:`.engine`: what they share: the DuckDB connection, text decoding, Swedish numbers.

The canonical table (:data:`GRAIN`): one row per period, account (a code, kept as written:
``0351`` is not 351), responsibility, activity, object and project, with the amount in kr,
the number of source rows and whether the file declares itself example data. Both readers
aggregate into it in the same pass that reads.
"""

#: The canonical grain every format reader fills (DuckDB column definitions).
GRAIN = (
    "period INTEGER, account VARCHAR, ansvar VARCHAR, aktivitet VARCHAR, objekt VARCHAR, projekt VARCHAR, "
    "amount DOUBLE, rows BIGINT, synthetic BOOLEAN"
)
