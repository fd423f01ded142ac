"""Writing a year's example ledger as SIE 4E (CP437) and as ledger and budget CSV files.

The formats are those of ``docs/ledger.md``. Both declare themselves synthetic: the SIE file
in ``#PROGRAM`` and ``#FNAMN``, every CSV row in its ``Text`` column, which starts with
``Exempeldata``. The SIE file's ``#TRANS`` lines and the ledger CSV's rows are the same rows
in the same order. Lines end in CR LF, as the region's Windows tools write them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from analysis.examples import chart_of_accounts, render
from analysis.examples.plan import KINDS
from analysis.examples.spread import Combo, Ledger

SIE_ENCODING = "cp437"
PROGRAM = '#PROGRAM "Lansteknik exempeldata" 1.0'
FNAMN = '#FNAMN "Exempeldata (syntetisk huvudbok)"'
MARK = "Exempeldata"
LEDGER_HEADER = ["Period", "Konto", "Ansvar", "Aktivitet", "Objekt", "Belopp", "Text"]
BUDGET_HEADER = ["Period", "Konto", "Ansvar", "Objekt", "Belopp", "Text"]
_KTYP = {"1": "T", "2": "S", "3": "I"}


def _dimensions(combo: Combo) -> str:
    """``{1 "1530" 20 "500" 21 "ST01"}``: the combo's non-empty dimensions."""
    _, ansvar, act, obj = combo
    items = [f'{dim} "{code}"' for dim, code in ((1, ansvar), (20, act), (21, obj)) if code]
    return "{" + " ".join(items) + "}"


def sie_header(year: int) -> str:
    """The SIE file up to the budget: flags, company, fiscal year, dimensions, objects, accounts."""
    lines = ["#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", PROGRAM, f"#GEN {year + 1}0115", FNAMN]
    lines += [f"#RAR 0 {year}0101 {year}1231", '#DIM 1 "Ansvar"', '#DIM 20 "Aktivitet"', '#DIM 21 "Objekt"']
    lines += [f'#OBJEKT 1 "{code}" "{name}"' for code, (name, _, _) in chart_of_accounts.ANSVAR.items()]
    lines += [f'#OBJEKT 20 "{code}" "{name}"' for code, name in chart_of_accounts.ACTIVITIES.items()]
    lines += [f'#OBJEKT 21 "{code}" "{name}"' for code, (name, _) in chart_of_accounts.OBJECTS.items()]
    for account, name in chart_of_accounts.ACCOUNTS.items():
        lines += [f'#KONTO {account} "{name}"', f"#KTYP {account} {_KTYP.get(str(account)[0], 'K')}"]
    return "\r\n".join(lines) + "\r\n"


def write_sie(ledger: Ledger, path: Path) -> None:
    """``huvudbok.se``: header, ``#PBUDGET`` per period/account/objects, ``#VER`` blocks."""
    enc = SIE_ENCODING
    booked = render.table([f"{c[0]} {_dimensions(c)} " for c in ledger.combos], enc)
    texts = render.table([f' "{MARK} {chart_of_accounts.ACCOUNTS[c[0]]}"\r\n' for c in ledger.combos], enc)
    vtexts = render.table([f' "{text}"\r\n{{\r\n' for text, _, _ in KINDS.values()], enc)
    with open(path, "wb") as out:
        out.write(sie_header(ledger.year).encode(enc))
        n = len(ledger.budget_amount)
        out.write(
            render.join(
                [
                    render.constant("#PBUDGET 0 ", n),
                    render.digits(ledger.budget_period),
                    render.constant(" ", n),
                    booked[ledger.budget_combo],
                    render.amount(ledger.budget_amount, "."),
                    render.constant("\r\n", n),
                ]
            )
        )
        for chunk in render.chunks(ledger.rows, lambda s: _sie_rows(ledger, s, booked, texts, vtexts)):
            out.write(chunk)


def _sie_rows(ledger: Ledger, s: slice, booked, texts, vtexts) -> bytes:
    """The ``#VER``/``#TRANS`` lines of the rows in ``s``."""
    combo, date, first = ledger.combo[s], ledger.date[s], ledger.first[s]
    n = len(combo)
    where = np.flatnonzero(first)
    m = len(where)
    ver = render.join_matrix(
        [
            render.constant("#VER A ", m),
            render.digits(ledger.voucher[s][where]),
            render.constant(" ", m),
            render.digits(date[where], 8),
            vtexts[ledger.kind[s][where]],
        ]
    )
    head = np.zeros((n, ver.shape[1]), dtype=render.WORD)
    head[where] = ver
    tail = np.zeros((n, 1), dtype=render.WORD)
    tail[ledger.last[s]] = render.constant("}\r\n", 1)
    parts = [head, render.constant("#TRANS ", n), booked[combo], render.amount(ledger.amount[s], ".")]
    parts += [render.constant(" ", n), render.digits(date, 8), texts[combo], tail]
    return render.join(parts)


def write_ledger_csv(ledger: Ledger, path: Path, encoding: str) -> None:
    """``huvudbok.csv``: ``Period;Konto;Ansvar;Aktivitet;Objekt;Belopp;Text``, decimal comma."""
    booked = render.table([f"{c[0]};{c[1]};{c[2]};{c[3]};" for c in ledger.combos], encoding)
    texts = render.table([f";{MARK} {chart_of_accounts.ACCOUNTS[c[0]]}\r\n" for c in ledger.combos], encoding)

    def rows(s: slice) -> bytes:
        """The CSV lines of the rows in ``s``."""
        combo = ledger.combo[s]
        n = len(combo)
        period = render.digits(ledger.date[s] // 100)
        amount = render.amount(ledger.amount[s], ",")
        return render.join([period, render.constant(";", n), booked[combo], amount, texts[combo]])

    with open(path, "wb") as out:
        out.write(render.csv_line(LEDGER_HEADER).encode(encoding))
        for chunk in render.chunks(ledger.rows, rows):
            out.write(chunk)


def write_budget_csv(ledger: Ledger, path: Path, encoding: str) -> None:
    """``budget.csv``: ``Period;Konto;Ansvar;Objekt;Belopp;Text``, the same budget as ``#PBUDGET``."""
    combos = ledger.combos
    booked = render.table([f"{c[0]};{c[1]};{c[3]};" for c in combos], encoding)
    texts = render.table([f";{MARK} budget {chart_of_accounts.ACCOUNTS[c[0]]}\r\n" for c in combos], encoding)
    n = len(ledger.budget_amount)
    period = render.digits(ledger.budget_period)
    combo = ledger.budget_combo
    body = render.join(
        [period, render.constant(";", n), booked[combo], render.amount(ledger.budget_amount, ","), texts[combo]]
    )
    with open(path, "wb") as out:
        out.write(render.csv_line(BUDGET_HEADER).encode(encoding) + body)


def write_mapping(folder: Path, encoding: str) -> list[Path]:
    """``kontoplan.csv``, ``ansvar.csv`` and ``objekt.csv`` in ``folder``."""
    written = []
    for name, rows in (
        ("kontoplan.csv", chart_of_accounts.kontoplan_rows()),
        ("ansvar.csv", chart_of_accounts.ansvar_rows()),
        ("objekt.csv", chart_of_accounts.objekt_rows()),
    ):
        path = folder / name
        path.write_bytes("".join(render.csv_line(r) for r in rows).encode(encoding))
        written.append(path)
    return written
