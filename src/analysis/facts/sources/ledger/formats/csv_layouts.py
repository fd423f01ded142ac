"""The header vocabulary of ledger CSVs: which column of an ERP's export is which field.

Where each export's header is understood:

- our own layout, ``Period;Konto;Ansvar;Aktivitet;Objekt;Belopp;Text``;
- **Raindance** (``KONTO_ID;ANS_ID;VERK_ID;PROJ_ID;MOTP_ID;UTFALL_V`` or ``UTF_V``,
  ``VERDATUM``, ``RADTEXT``; ``KST_ID`` where the responsibility is a cost centre);
- **Unit4 Business World (Agresso)** (``account``, ``period``, ``amount``, ``dc_flag``,
  ``voucher_date``, ``trans_date``, ``description``; its ``dim_1``…``dim_7`` mean different
  things in each installation, so the analyst names them in ``kolumner.csv``:
  :class:`~analysis.facts.sources.ledger.formats.fieldmap.FieldMap`);
- **Visma** and the like (``Kontonr``, ``Bokföringsdatum``, ``Verifikationsdatum``,
  ``Kostnadsställe``, ``Debet``/``Kredit``, ``D/K``).

Names are matched without regard to case, spaces, underscores or diacritics
(:func:`normalise`). Columns the chapters do not use (voucher number, registration date,
``Verksamhet``, ``Motpart``, ``Fri``, anything unknown) are read past and listed
(:attr:`Layout.not_used`); a required field missing, or two columns for one field, is a
:class:`~analysis.exceptions.RawDataError` on the header naming the file that would map it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from analysis.exceptions import RawDataError
from analysis.facts.sources.ledger.files import FIELD_FILE
from analysis.facts.sources.ledger.formats.fieldmap import FieldMap

#: field -> the header names that mean it (any case, spaces, underscores and diacritics).
VOCABULARY: dict[str, tuple[str, ...]] = {
    "account": ("Konto", "Kontonr", "KONTO_ID", "KTO_ID", "account"),
    "period": ("Period", "Månad"),
    "date": ("Datum", "Bokföringsdatum", "Verifikationsdatum", "VERDATUM", "voucher_date", "trans_date"),
    "amount": ("Belopp", "Nettobelopp", "Utfall", "UTFALL_V", "UTF_V", "amount"),
    "debit": ("Debet", "debit"),
    "credit": ("Kredit", "credit"),
    "dc_flag": ("D/K", "DK", "dc_flag"),
    "ansvar": ("Ansvar", "Kostnadsställe", "KST_ID", "ANS_ID"),
    "aktivitet": ("Aktivitet",),
    "objekt": ("Objekt",),
    "projekt": ("Projekt", "PROJ_ID"),
    "text": ("Text", "RADTEXT", "description"),
    # recognised, and read past: the chapters do not use them
    "verksamhet": ("Verksamhet", "VERK_ID"),
    "motpart": ("Motpart", "MOTP_ID"),
    "fri": ("Fri",),
}
#: The fields the canonical table takes, beside the period (or date), account and amount.
CODES = ("ansvar", "aktivitet", "objekt", "projekt")
#: How the fields are named in messages and in ``kolumner.csv``'s ``Fält`` column.
LABELS = {
    "account": "Konto",
    "period": "Period",
    "date": "Datum",
    "amount": "Belopp",
    "debit": "Debet",
    "credit": "Kredit",
    "dc_flag": "D/K",
    "ansvar": "Ansvar",
    "aktivitet": "Aktivitet",
    "objekt": "Objekt",
    "projekt": "Projekt",
    "text": "Text",
}
AMOUNT_FIELDS = ("amount", "debit", "credit", "dc_flag")
#: ``kolumner.csv``'s column for a field the export has no column of: the vocabulary does not
#: look for it (``D/K;-`` where Unit4's ``dc_flag`` only repeats the sign of ``amount``).
NONE = "-"


def normalise(name: str) -> str:
    """A header name as compared: no case, spaces, underscores, quotes or diacritics."""
    decomposed = unicodedata.normalize("NFKD", name.strip().strip('"'))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in plain.casefold() if not c.isspace() and c != "_")


_ALIASES = {normalise(alias): name for name, aliases in VOCABULARY.items() for alias in aliases}


@dataclass(frozen=True)
class Layout:
    """A CSV header understood: the names as in the file, the field each used column holds
    (field -> column index) and the names read past."""

    header: tuple[str, ...]
    used: dict[str, int]
    not_used: tuple[str, ...]

    def name(self, field: str) -> str:
        """The header name of a used field."""
        return self.header[self.used[field]]


def split_header(header: str) -> tuple[str, ...]:
    """The header line's names (semicolon-separated, quotes and outer spaces removed)."""
    return tuple(h.strip().strip('"').strip() for h in header.split(";"))


def resolve(path: Path, header: str, fields: FieldMap | None = None, kind: str = "ledger") -> Layout:
    """Which column holds which field: those ``kolumner.csv`` names first, the vocabulary
    for the rest. RawDataError (line 1, the header as value) for a named column the file
    lacks, a required field missing or two columns for one field."""
    names = split_header(header)
    fields = fields or FieldMap()
    err = _Refusal(path, header, fields)
    used = _named(names, fields, err, required_only=kind == "budget")
    free = [i for i in range(len(names)) if i not in used.values()]
    found: dict[str, list[int]] = {}
    for i in free:
        field = _ALIASES.get(normalise(names[i]))
        if field is not None:
            found.setdefault(field, []).append(i)
    for field in (f for f, column in fields.csv_names.items() if column == NONE):
        found.pop(field, None)
    if "account" not in used:
        used["account"] = _one(found, "account", names, err)
        if used["account"] is None:
            raise err("missing the account (Konto, Kontonr, KONTO_ID, KTO_ID, account)", "Konto")
    _choose_time(used, found, names, err)
    _choose_amount(used, found, names, err)
    for field in (*CODES, "text"):
        if field not in used:
            used[field] = _one(found, field, names, err)
    used = {f: i for f, i in used.items() if i is not None}
    not_used = tuple(n for i, n in enumerate(names) if i not in used.values())
    return Layout(names, used, not_used)


class _Refusal:
    """Makes the one-line header errors: file, header, what is wrong, the file that maps it."""

    def __init__(self, path: Path, header: str, fields: FieldMap):
        self.path, self.header = path, header
        self.where = fields.source or f"{FIELD_FILE} beside kontoplan.csv"

    def __call__(self, problem: str, column: str | None = None) -> RawDataError:
        return RawDataError(
            self.path, f"{problem}; name the column in {self.where}", line=1, column=column, value=self.header
        )


def _named(names: tuple[str, ...], fields: FieldMap, err: _Refusal, required_only: bool) -> dict[str, int | None]:
    """The columns ``kolumner.csv`` names; a budget may lack the named codes and Text."""
    by_name = {normalise(n): i for i, n in enumerate(names)}
    used: dict[str, int | None] = {}
    for field, column in ((f, c) for f, c in fields.csv_names.items() if c != NONE):
        index = by_name.get(normalise(column))
        if index is None and required_only and field in (*CODES, "text"):
            used[field] = None
            continue
        if index is None:
            raise err(f"no column {column!r}, which {FIELD_FILE} names for {LABELS[field]}", column)
        if sum(normalise(n) == normalise(column) for n in names) > 1:
            raise err(f"ambiguous: {column!r} twice in the header", column)
        used[field] = index
    return used


def _one(found: dict[str, list[int]], field: str, names: tuple[str, ...], err: _Refusal) -> int | None:
    """The one column the vocabulary found for ``field`` (None without one); two are ambiguous."""
    hits = found.get(field, [])
    if len(hits) > 1:
        both = " and ".join(repr(names[i]) for i in hits)
        raise err(f"ambiguous: {both} are both {LABELS[field]}", names[hits[1]])
    return hits[0] if hits else None


def _choose_time(used: dict, found: dict, names: tuple[str, ...], err: _Refusal) -> None:
    """The period, else a date: a date column beside a period is read past."""
    if "period" in used or "date" in used:
        return
    period = _one(found, "period", names, err)
    if period is not None:
        used["period"] = period
        return
    date = _one(found, "date", names, err)
    if date is None:
        raise err("missing the period (Period, Månad) or a date (Datum, Bokföringsdatum, …)", "Period")
    used["date"] = date


def _choose_amount(used: dict, found: dict, names: tuple[str, ...], err: _Refusal) -> None:
    """A signed amount (with an optional D/K flag), or debit and credit."""
    named = {f for f in AMOUNT_FIELDS if f in used}
    if named & {"debit", "credit"} and "amount" not in used:
        for field, other in (("debit", "credit"), ("credit", "debit")):
            if field not in used:
                used[field] = _one(found, field, names, err)
            if used[field] is None:
                raise err(f"missing {LABELS[field]} beside {LABELS[other]}", LABELS[field])
        return
    if "amount" not in used:
        amount = _one(found, "amount", names, err)
        debit, credit = _one(found, "debit", names, err), _one(found, "credit", names, err)
        if amount is not None and (debit is not None or credit is not None):
            other = names[debit if debit is not None else credit]
            raise err(f"ambiguous: the amount is both {names[amount]!r} and {other!r}", other)
        if amount is None:
            if (debit is None) != (credit is None):
                field, other = ("credit", "debit") if credit is None else ("debit", "credit")
                raise err(f"missing {LABELS[field]} beside {LABELS[other]}", LABELS[field])
            if debit is None:
                raise err("missing the amount (Belopp, Utfall, …; or Debet and Kredit)", "Belopp")
            used["debit"], used["credit"] = debit, credit
            return
        used["amount"] = amount
    if "dc_flag" not in used:
        used["dc_flag"] = _one(found, "dc_flag", names, err)
