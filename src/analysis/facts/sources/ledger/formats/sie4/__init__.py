"""SIE 4 (4E and 4I) files, as the specification (SIE-gruppen, 4B/4C) allows and as real
accounting programs write them: :mod:`.reader` reads a file in blocks into the canonical
table, :mod:`.lines` is the line syntax (fields, header labels, the diagnosis of a bad
line), :mod:`.encoding` tells PC8 from the UTF-8 or ISO-8859-1 some programs write under
``#FORMAT PC8``, :mod:`.balances` reconciles the ``#TRANS`` sums with the file's own
``#RES`` and ``#PSALDO`` balances."""

from analysis.facts.sources.ledger.formats.sie4.reader import SieFile, read_sie

__all__ = ["SieFile", "read_sie"]
