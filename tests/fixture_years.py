"""Generated fixture years for the series tests: GENERATED FIXTURE DATA, NOT REPORT FIGURES.

:func:`raw_with_2020` writes, into a folder under pytest's ``tmp_path``, a copy of the
shipped ``data/raw/2017`` and ``data/raw/2019`` and a generated ``2020`` report year with
known, made-up numbers chosen so that every table adds up. Nothing here is ever written
under the project's ``data/raw``.

The generated 2020 year:

- ``kostnader_per_kostnadslag.csv``: Utfall 2020, Budget 2020, Avvikelse and a prior-year
  column Utfall 2019. The MT row is renamed "MT-service och underhåll" (21 in 2020) and its
  Utfall 2019 is printed 20,0, beyond the rounding of the 19 the 2019 report printed (a
  restated figure); every other 2019 figure agrees with the 2019 report.
- ``investeringar.csv``: frame and outcome of IT, MT and Totalt (Totalt frame 90, outcome 66).
- ``nyckeltal.csv`` (optional): "+42 % mot 2019" for MT-service och underhåll (the tables say
  19 → 21, about +10,5 %: contradicted), −7 % for Övriga kostnader (75 → 70, −6,7 %: agrees)
  and +5 % for Personalkostnader (95 → 100, +5,3 %: agrees).
- ``aliases.csv`` (optional, beside the year folders): the old name "MT service och
  underhåll" of costs_by_cost_type is now "MT-service och underhåll".
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SHIPPED_RAW, write_export

COSTS_2020 = [
    "Kostnadslag (mnkr);Utfall 2020;Budget 2020;Avvikelse;Utfall 2019",
    "Personalkostnader;100;105;5;95",
    "Avskrivningskostnader;20;19;-1;19",
    "PC-utrullning;8;10;2;10",
    "MT-service och underhåll;21;20;-1;20,0",
    "Övriga kostnader;70;72;2;75",
    "Totalt;219;226;7;218",
]
INVESTMENTS_2020 = [
    "Överordnad;Typ av investering (Mkr);Av regionstyrelsen beslutad ram 2020;Utfall beslut före 2020;"
    "Utfall beslut inför 2020;Utfall totalt",
    ";IT;30;6;10;16",
    ";MT;60;40;10;50",
    ";Totalt;90;46;20;66",
]
KEY_FIGURES_2020 = [
    "Avsnitt;Post;Överordnad;Avser år;Mått;Värde;Enhet;Avstämning mot;Kommentar",
    "Ekonomi – Årets resultat;Resultat;;2020;utfall;+7;mnkr;{costs_by_cost_type|Totalt|deviation};",
    "Ekonomi – MT-service och underhåll;MT-service och underhåll;;2020;förändring %;42;%;;mot 2019",
    "Ekonomi – Övriga kostnader;Övriga kostnader;;2020;förändring %;-7;%;;mot 2019",
    "Ekonomi – Personalkostnader;Personalkostnader;;2020;förändring %;+5;%;;mot 2019",
]
ALIASES = ["Tabell;Tidigare namn;Namn", "costs_by_cost_type;MT service och underhåll;MT-service och underhåll"]


def copy_shipped_years(raw: Path, years: tuple[int, ...] = (2017, 2019)) -> Path:
    """Copy the shipped report years into ``raw`` (bytes and mtimes kept)."""
    for year in years:
        shutil.copytree(SHIPPED_RAW / str(year), raw / str(year), copy_function=shutil.copy2)
    return raw


def raw_with_2020(
    raw: Path, *, key_figures: list[str] | None = KEY_FIGURES_2020, aliases: list[str] | None = ALIASES, costs=None
) -> Path:
    """``raw`` (under tmp_path) with the shipped 2017 and 2019 and the generated 2020 year.

    ``key_figures=None`` leaves out 2020's nyckeltal.csv, ``aliases=None`` the alias list;
    ``costs`` replaces the generated cost-type export (lines)."""
    copy_shipped_years(raw)
    write_export(raw / "2020" / "kostnader_per_kostnadslag.csv", costs or COSTS_2020, encoding="cp1252")
    write_export(raw / "2020" / "investeringar.csv", INVESTMENTS_2020)
    if key_figures is not None:
        write_export(raw / "2020" / "nyckeltal.csv", key_figures)
    if aliases is not None:
        write_export(raw / "aliases.csv", aliases)
    return raw
