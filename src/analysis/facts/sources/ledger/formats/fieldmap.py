"""Which column or dimension of an export holds which field of the canonical ledger table.

The analyst says it once, in ``kolumner.csv`` beside ``kontoplan.csv`` (read by
:func:`analysis.facts.sources.ledger.mapping.read_mappings`); without that file a CSV's header is
matched against the vocabulary of :mod:`.csv_layouts`, and a SIE file's dimensions are the
specification's and today's defaults below.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: SIE dimension numbers of the canonical codes by default: 1 kostnadsställe (our
#: responsibility, ansvar), 20 and 21 user dimensions (activity, object), 6 projekt.
SIE_DIMENSIONS = {"ansvar": 1, "aktivitet": 20, "objekt": 21, "projekt": 6}


@dataclass(frozen=True)
class FieldMap:
    """``csv_names``: canonical field -> the CSV header that holds it (from ``kolumner.csv``);
    ``sie_dimensions``: canonical code -> SIE dimension number; ``source``: the path of
    ``kolumner.csv`` (where it is or would be), named in the errors on a CSV header.

    The fields of ``csv_names``: ``account``, ``period``, ``date``, ``amount``, ``debit``,
    ``credit``, ``dc_flag``, ``ansvar``, ``aktivitet``, ``objekt``, ``projekt``, ``text``."""

    csv_names: dict[str, str] = field(default_factory=dict)
    sie_dimensions: dict[str, int] = field(default_factory=lambda: dict(SIE_DIMENSIONS))
    source: str = ""
