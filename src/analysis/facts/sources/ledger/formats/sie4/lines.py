"""SIE 4 fields: the regular expressions of the fast path, the header labels, and the
diagnosis of a bad line (which field, which value) once the fast path has found it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.exceptions import RawDataError

_Q = r'"(?:[^"\\]|\\.)*"'  # a quoted string with \" escapes
_TOKEN = rf'{_Q}|[^\s"{{}}]+'
#: An amount as SIE 4B (5.9) allows it: a point as decimal mark, at most two öre digits, none
#: where there are no öre, a minus sign before it, no plus sign; kronor digits may be left out
#: (``.20``, ``-.5``: no rule asks for them, and programs write them so).
AMOUNT = r"-?(?:[0-9]+(?:\.[0-9]{0,2})?|\.[0-9]{1,2})"
AMOUNT_PROBLEM = "not an amount (1234.50, .20: a point, at most two decimals, no + sign)"
# #TRANS account {objects} amount [date [text ...]]: fields as DuckDB regexp_extract groups.
TRANS = (
    rf'^#TRANS\s+"?([0-9]+)"?\s+\{{([^}}]*)\}}\s*({AMOUNT})'
    rf'(?:\s+(?:([0-9]{{8}})|"([0-9]{{8}})"|""|{_Q})(?:\s.*)?)?$'
)
# date: an unquoted transdat, qdate: a quoted one ("20190105"); quantity and signature may follow
TRANS_GROUPS = ["account", "objects", "amount", "date", "qdate"]
# #PSALDO/#PBUDGET year period account {objects} amount [quantity]
PERIOD_LINE = rf'^#P(SALDO|BUDGET)\s+(-?[0-9]+)\s+([0-9]{{6}})\s+"?([0-9]+)"?\s+\{{([^}}]*)\}}\s*({AMOUNT})(?:\s.*)?$'
PERIOD_GROUPS = ["kind", "year", "period", "account", "objects", "amount"]
VER = rf"^#VER\s+(?P<series>{_TOKEN})\s+(?P<number>{_TOKEN})\s+(?P<date>[0-9]{{8}})(?:\s.*)?$"
_DIM = r'(?:[0-9]+|"[0-9]+")'  # a dimension number, quoted or not (BL, Fortnox, Avendo quote it)
OBJECTS = rf"\s*(?:{_DIM}\s+(?:{_TOKEN})\s*)*"
HEADER_LABELS = ("#FORMAT", "#SIETYP", "#RAR", "#PROGRAM", "#FNAMN", "#KONTO", "#DIM", "#OBJEKT", "#RES")
SYNTHETIC_PROGRAM = "lansteknik exempeldata"
SYNTHETIC_NAME = "exempeldata"


def dimension_sql(column: str, dim: int) -> str:
    """SQL extracting the object of dimension ``dim`` from an object list (``1 "150" 21 "ST01"``),
    unquoted and unescaped; ``''`` when the list has none."""
    pattern = rf"^(?:\s*{_DIM}\s+(?:{_TOKEN}))*?\s*(?:{dim}|\"{dim}\")\s+({_TOKEN})"
    raw = f"regexp_extract({column}, '{pattern}', 1)"
    return f"replace(regexp_replace({raw}, '^\"(.*)\"$', '\\1'), '\\\"', '\"')"


def tokens(line: str) -> list[str]:
    """The fields of a SIE line: quoted strings unquoted and unescaped, ``{...}`` kept whole."""
    out = []
    for match in re.finditer(rf"({_Q})|(\{{[^}}]*\}})|(\S+)", line):
        quoted, braces, bare = match.groups()
        out.append(quoted[1:-1].replace('\\"', '"') if quoted else braces or bare)
    return out


def valid_date(text: str) -> bool:
    """Whether ``text`` is a date YYYYMMDD."""
    import datetime as dt

    try:
        dt.datetime.strptime(text, "%Y%m%d")
    except ValueError:
        return False
    return len(text) == 8


def trans_problem(path, number: int, line: str) -> RawDataError:
    """Why a #TRANS line does not match the fast path's pattern: field and value."""
    parts = tokens(line)
    checks = [
        ("kontonr", 1, lambda v: re.fullmatch(r"[0-9]+", v), "not an account number"),
        ("objektlista", 2, lambda v: re.fullmatch(r"\{" + OBJECTS + r"\}", v), "not an object list { }"),
        ("belopp", 3, lambda v: re.fullmatch(AMOUNT, v), AMOUNT_PROBLEM),
        ("transdat", 4, lambda v: v == "" or valid_date(v) or not re.fullmatch(r"[0-9-]+", v), "not a date YYYYMMDD"),
    ]
    for name, index, ok, problem in checks:
        value = parts[index] if index < len(parts) else None
        if value is None and name != "transdat":
            return RawDataError(path, f"malformed #TRANS: {name} missing", line=number, column=name, value=line)
        if value is not None and not ok(value):
            return RawDataError(path, f"malformed #TRANS: {problem}", line=number, column=name, value=value)
    return RawDataError(path, "malformed #TRANS", line=number, value=line)


def period_problem(path, number: int, line: str) -> RawDataError:
    """Why a #PSALDO/#PBUDGET line does not match the fast path's pattern."""
    parts = tokens(line)
    label = parts[0] if parts else "#PSALDO"
    checks = [
        ("årsnr", 1, r"-?[0-9]+", "not a year index"),
        ("period", 2, r"[0-9]{4}(0[1-9]|1[0-2])", "not a period YYYYMM"),
        ("kontonr", 3, r"[0-9]+", "not an account number"),
        ("objektlista", 4, r"\{" + OBJECTS + r"\}", "not an object list { }"),
        ("saldo", 5, AMOUNT, AMOUNT_PROBLEM),
    ]
    for name, index, pattern, problem in checks:
        value = parts[index] if index < len(parts) else None
        if value is None or not re.fullmatch(pattern, value):
            return RawDataError(path, f"malformed {label}: {problem}", line=number, column=name, value=value or line)
    return RawDataError(path, f"malformed {label}", line=number, value=line)


@dataclass
class Header:
    """What the label lines before the vouchers say: format, fiscal year, accounts, objects."""

    format: str = ""
    sietyp: str = ""
    program: str = ""
    company: str = ""
    fiscal_year: tuple[int, int] | None = None  # #RAR 0 start, end (YYYYMMDD)
    accounts: dict[str, str] = field(default_factory=dict)  # account as written ("0351") -> name
    dimensions: dict[int, str] = field(default_factory=dict)
    objects: dict[tuple[int, str], str] = field(default_factory=dict)
    results: dict[str, tuple[float, int]] = field(default_factory=dict)  # #RES 0: account -> (amount, line)

    @property
    def synthetic(self) -> bool:
        """Whether the file declares itself example data (docs/ledger.md)."""
        return self.program.lower().startswith(SYNTHETIC_PROGRAM) or self.company.lower().startswith(SYNTHETIC_NAME)

    def read(self, path, number: int, line: str) -> None:
        """Take in one header line (``#KONTO 5010 "Löner"``); RawDataError when malformed."""
        parts = tokens(line)
        label, args = parts[0].upper(), parts[1:]
        if len(re.findall(r'(?<!\\)"', line)) % 2:  # SoftOne XE: a name whose "ö" became a quote
            raise RawDataError(path, f"{label}: a quoted string is not closed", line=number, column=label, value=line)
        if label == "#RES":
            self._result(path, number, line, args[:3])
        try:
            self._read(label, args)
        except (IndexError, ValueError):
            raise RawDataError(path, f"malformed {label}", line=number, column=label, value=line) from None
        if label == "#FORMAT" and self.format.upper() != "PC8":
            raise RawDataError(
                path, "unknown #FORMAT (SIE 4 files are PC8)", line=number, column="#FORMAT", value=args[0]
            )
        if label == "#SIETYP" and self.sietyp != "4":
            raise RawDataError(path, "only SIE type 4 (4E, 4I) is read", line=number, column="#SIETYP", value=args[0])

    def _result(self, path, number: int, line: str, args: list[str]) -> None:
        """``#RES årsnr konto saldo [kvantitet]``: the fiscal year's (0) balance of a result
        account, the account kept as written (``0351``); RawDataError naming the bad field."""
        for name, index, pattern, problem in (
            ("årsnr", 0, r"-?[0-9]+", "not a year index"),
            ("kontonr", 1, r"[0-9]+", "not an account number"),
            ("saldo", 2, AMOUNT, AMOUNT_PROBLEM),
        ):
            value = args[index] if index < len(args) else None
            if value is None or not re.fullmatch(pattern, value):
                raise RawDataError(
                    path, f"malformed #RES: {problem}", line=number, column=name, value=line if value is None else value
                )
        if int(args[0]) == 0:
            self.results[args[1]] = (float(args[2]), number)

    def _read(self, label: str, args: list[str]) -> None:
        if label == "#FORMAT":
            self.format = args[0]
        elif label == "#SIETYP":
            self.sietyp = args[0]
        elif label == "#PROGRAM":
            self.program = args[0]
        elif label == "#FNAMN":
            self.company = args[0]
        elif label == "#RAR" and int(args[0]) == 0:
            start, end = args[1], args[2]
            if not (valid_date(start) and valid_date(end)) or start > end:
                raise ValueError(start)
            self.fiscal_year = (int(start), int(end))
        elif label == "#KONTO":
            if not re.fullmatch(r"[0-9]+", args[0]):  # "Kontonummer skall vara numeriskt" (SIE 4B)
                raise ValueError(args[0])
            self.accounts[args[0]] = args[1]
        elif label == "#DIM":
            self.dimensions[int(args[0])] = args[1]
        elif label == "#OBJEKT":
            self.objects[(int(args[0]), args[1])] = args[2]
