"""The SYNTHETIC example project of the period reports (issue 26): ledgers of 2018 and
2019 in SIE, the shipped 2019 tables beside them, HR exports of both years and the
division's own forecast ``prognos.csv`` for the tertial and the delårsrapport. The tests'
``built_periods`` and ``make bench-periods`` build it; never written into ``data/raw``."""

from __future__ import annotations

from pathlib import Path

from analysis.examples.hr import write_example_hr
from analysis.examples.writer import write_example_ledger

#: The division's own forecast in the example (SYNTHETIC): the tertial's and the delårsrapport's.
PROGNOS = """Period;Nivå;Namn;Prognos (kr);Kommentar
201904;Kostnadsslag;Personalkostnader;100 000 000;exempel
201908;Kostnadsslag;Personalkostnader;92 000 000;exempel
201908;Kostnadsslag;Övriga kostnader;71 000 000;
201908;Kostnadsslag;Avskrivningskostnader;19 250 000;
201908;Kostnadsslag;MT service och underhåll;30 000 000;långt över det statistiska
201908;Kostnadsslag;PC-utrullning;7 000 000,50;
"""
YEARS = (2018, 2019)


def write_period_example(root: Path, tables_from: Path, rows: int = 3000, seed: int = 7) -> Path:
    """The example under ``root`` (the shipped tables copied from ``tables_from``); its raw folder."""
    write_example_ledger(root, list(YEARS), rows, seed=seed, tables_from=tables_from)
    raw = root / "sie"
    for year in YEARS:
        write_example_hr(raw, year)
    (raw / str(YEARS[-1]) / "prognos.csv").write_text(PROGNOS, encoding="utf-8")
    return raw
