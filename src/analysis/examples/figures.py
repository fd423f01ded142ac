"""The figures the example ledgers reproduce exactly, with their sources.

Every amount is an integer in öre (1 kr = 100 öre). The reports print the cost-type table
in whole mnkr and the investment table in tenths of mnkr; the example ledger books those
printed figures as exact amounts (95 mnkr → 95 000 000,00 kr). Nothing here is a figure of
the reports that the reports do not give: where a year lacks a figure (the 2018 budget, the
2018 cost types other than MT service och underhåll) the example ledger books nothing.

``tests/test_example_ledger.py`` checks these constants against the shipped exports.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.facts.sources.investment_register.figures import SUBROWS
from analysis.facts.sources.ledger.mapping import MT_SERVICE

#: öre per mnkr
MNKR = 100_000_000

#: The MT cost type, as the readers' contract names it (``kontoplan.csv``).
MT = MT_SERVICE


@dataclass(frozen=True)
class YearFigures:
    """What one example year reproduces (amounts in öre; ``None``: the year has none)."""

    year: int
    #: cost type → outcome (the cost types other than MT service och underhåll)
    outcome: dict[str, int]
    #: cost type → budget; empty: the year's ledger has no budget at all
    budget: dict[str, int]
    #: outcome of MT service och underhåll (split over the MT categories)
    mt_outcome: int
    #: budget of MT service och underhåll, or None
    mt_budget: int | None
    #: Sterilteknik's deviation budget − outcome, or None (no constraint)
    sterilteknik_deviation: int | None
    #: investment row → outcome (booked on investment accounts with its objects)
    investments: dict[str, int]
    #: where the figures come from
    sources: tuple[str, ...]


def _mnkr(value: str) -> int:
    """``"11,7"`` (mnkr, as printed) → öre, exactly (no float)."""
    whole, _, decimals = value.partition(",")
    sign = -1 if whole.startswith("-") else 1
    decimals = (decimals + "00000000")[:8]
    return sign * (abs(int(whole)) * MNKR + int(decimals))


YEAR_2019 = YearFigures(
    year=2019,
    # data/raw/2019/kostnader_per_kostnadslag.csv (Årsrapport 2019, Ekonomi – Årets resultat)
    outcome={
        "Personalkostnader": _mnkr("95"),
        "Avskrivningskostnader": _mnkr("19"),
        "PC-utrullning": _mnkr("10"),
        "Övriga kostnader": _mnkr("75"),
    },
    budget={
        "Personalkostnader": _mnkr("108"),
        "Avskrivningskostnader": _mnkr("16"),
        "PC-utrullning": _mnkr("10"),
        "Övriga kostnader": _mnkr("65"),
    },
    mt_outcome=_mnkr("19"),
    mt_budget=_mnkr("12"),
    # data/raw/2019/nyckeltal.csv: Sterilteknik, avvikelse −2,6 mnkr ("underskott på totalt 2,6 mnkr")
    sterilteknik_deviation=_mnkr("-2,6"),
    # data/raw/2019/investeringar.csv, column "Utfall totalt" of the sub-rows of IT and MT
    investments={
        "Datacenter (nät och server)": _mnkr("11,7"),
        "Skrivare": _mnkr("1,4"),
        "Telefoni": _mnkr("0,2"),
        "Video": _mnkr("1,4"),
        "Tyst vårdmiljö": _mnkr("1,5"),
        "Närsjukvården": _mnkr("15,2"),
        "Länssjukvården": _mnkr("39,1"),
    },
    sources=(
        "data/raw/2019/kostnader_per_kostnadslag.csv (Utfall 2019, Budget 2019)",
        "data/raw/2019/nyckeltal.csv (Sterilteknik, avvikelse −2,6 mnkr)",
        "data/raw/2019/investeringar.csv (Utfall totalt of the sub-rows)",
    ),
)

YEAR_2018 = YearFigures(
    year=2018,
    outcome={},
    budget={},
    # derived: 19 mnkr (2019) / 1,42 ("+42 % mot 2018", data/raw/2019/nyckeltal.csv) = 13,38 → 13,4 mnkr;
    # 19 / 13,4 − 1 = +41,8 %, which the report prints as 42 %
    mt_outcome=_mnkr("13,4"),
    mt_budget=None,
    sterilteknik_deviation=None,
    investments={},
    sources=(
        "derived: MT service och underhåll 2019 outcome 19 mnkr / 1,42 (nyckeltal.csv: +42 % mot 2018) ≈ 13,4 mnkr",
    ),
)

#: The years the generator can write, and what each reproduces.
YEARS: dict[int, YearFigures] = {2018: YEAR_2018, 2019: YEAR_2019}

#: Investment rows and the category (parent row of ``investeringar.csv``) they belong to:
#: the register's sub-rows, in the printed order.
INVESTMENT_PARENT = dict(SUBROWS)
