"""Four report years on file, 2018–2021: GENERATED FIXTURE DATA, NOT REPORT FIGURES.

:func:`raw_2018_to_2021` writes, into a folder under pytest's ``tmp_path``, a copy of the
shipped ``data/raw/2019`` beside generated 2018, 2020 and 2021 years with known, made-up
numbers chosen so that every table adds up. Nothing here is ever written under the
project's ``data/raw``.

- 2018: investments only (no cost-type table): the year is on file, but no cost type has a
  table value for it. The 2019 report's "+42 % mot 2018" still gives MT a 2018 value
  derived from that stated change; the growth over the period is computed from table
  values only, so it runs from 2019.
- 2019: the shipped report (MT service och underhåll 19, Totalt 218).
- 2020: the cost-type table of :mod:`fixture_years` (MT renamed "MT-service och underhåll",
  21; Totalt 219) and its key figures.
- 2021: a cost-type table with a prior-year column Utfall 2020 that agrees with the 2020
  report: Personalkostnader 104, Avskrivningskostnader 21, PC-utrullning 9,
  MT-service och underhåll 25, Övriga kostnader 68, Totalt 227; the result +3 and
  "+19 % mot 2020" for MT (21 → 25 is +19,05 %: checked).

So MT runs 19,0 → 21,0 → 25,0 mnkr: +31,6 % since 2019, on average ((25 / 19)^(1/2) − 1)
× 100 = +14,7 % a year; the total 218 → 227: +4,1 %, on average +2,0 % a year.
"""

from __future__ import annotations

from pathlib import Path

from fixture_years import ALIASES, COSTS_2020, INVESTMENTS_2020, KEY_FIGURES_2020, copy_shipped_years

from conftest import write_export

INVESTMENTS_2018 = [
    "Överordnad;Typ av investering (Mkr);Av regionstyrelsen beslutad ram 2018;Utfall beslut före 2018;"
    "Utfall beslut inför 2018;Utfall totalt",
    ";IT;20;5;8;13",
    ";MT;50;30;12;42",
    ";Totalt;70;35;20;55",
]
COSTS_2021 = [
    "Kostnadslag (mnkr);Utfall 2021;Budget 2021;Avvikelse;Utfall 2020",
    "Personalkostnader;104;106;2;100",
    "Avskrivningskostnader;21;21;0;20",
    "PC-utrullning;9;10;1;8",
    "MT-service och underhåll;25;23;-2;21",
    "Övriga kostnader;68;70;2;70",
    "Totalt;227;230;3;219",
]
INVESTMENTS_2021 = [
    "Överordnad;Typ av investering (Mkr);Av regionstyrelsen beslutad ram 2021;Utfall beslut före 2021;"
    "Utfall beslut inför 2021;Utfall totalt",
    ";IT;30;8;12;20",
    ";MT;60;42;10;52",
    ";Totalt;90;50;22;72",
]
KEY_FIGURES_2021 = [
    "Avsnitt;Post;Överordnad;Avser år;Mått;Värde;Enhet;Avstämning mot;Kommentar",
    "Ekonomi – Årets resultat;Resultat;;2021;utfall;+3;mnkr;{costs_by_cost_type|Totalt|deviation};",
    "Ekonomi – MT-service och underhåll;MT-service och underhåll;;2021;förändring %;19;%;;mot 2020",
]
#: The MT cost per year from the tables, and the total of the cost-type table.
MT = {2019: 19.0, 2020: 21.0, 2021: 25.0}
TOTAL = {2019: 218.0, 2020: 219.0, 2021: 227.0}


def raw_2018_to_2021(raw: Path) -> Path:
    """``raw`` (under tmp_path) with the generated 2018, the shipped 2019, and the generated
    2020 and 2021 years, and the alias list."""
    copy_shipped_years(raw, (2019,))
    write_export(raw / "2018" / "investeringar.csv", INVESTMENTS_2018)
    write_export(raw / "2020" / "kostnader_per_kostnadslag.csv", COSTS_2020, encoding="cp1252")
    write_export(raw / "2020" / "investeringar.csv", INVESTMENTS_2020)
    write_export(raw / "2020" / "nyckeltal.csv", KEY_FIGURES_2020)
    write_export(raw / "2021" / "kostnader_per_kostnadslag.csv", COSTS_2021, encoding="cp1252")
    write_export(raw / "2021" / "investeringar.csv", INVESTMENTS_2021)
    write_export(raw / "2021" / "nyckeltal.csv", KEY_FIGURES_2021)
    write_export(raw / "aliases.csv", ALIASES)
    return raw
