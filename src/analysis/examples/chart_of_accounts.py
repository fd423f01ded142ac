"""The example ledgers' chart of accounts, responsibilities, activities and objects.

A plausible chart for a Swedish region's IT and MT division (the numbering follows the
kommun-BAS habit: 1xxx assets, 2xxx liabilities, 3xxx income, 4xxx–8xxx costs), written as
the mapping files ``kontoplan.csv``, ``ansvar.csv`` and ``objekt.csv`` the readers use. The
names are invented for the example; the business areas are those the 2017 report prints
(``08 Divisionsgem Länsteknik`` …), the investment rows those of the 2019 report.
"""

from __future__ import annotations

from analysis.examples.figures import MT
from analysis.examples.investments import PROJECTS as INVESTMENT_PROJECTS

#: account → name (the names end up in #KONTO and in each row's text)
ACCOUNTS: dict[int, str] = {
    1229: "Ackumulerade avskrivningar inventarier",
    1251: "Pågående investering IT-utrustning",
    1261: "Pågående investering medicinteknisk utrustning",
    2440: "Leverantörsskulder",
    2910: "Upplupna löner och sociala avgifter",
    4610: "Konsulttjänster",
    5010: "Månadslön",
    5050: "Övertidsersättning",
    5060: "Semesterlön",
    5510: "Arbetsgivaravgifter",
    5610: "Pensionskostnader",
    5810: "Utbildning och kurser",
    5910: "Övriga personalkostnader",
    6110: "Lokalhyra",
    6212: "Mobiltelefoni",
    6230: "Datakommunikation",
    6410: "Service och underhåll MT-utrustning",
    6420: "Reservdelar MT-utrustning",
    6430: "Externa reparationer MT-utrustning",
    6450: "Förbrukningsmaterial",
    6541: "Datorer PC-utrullning",
    6542: "Installationstjänster PC-utrullning",
    6550: "Programlicenser",
    6560: "Drifttjänster externa",
    7110: "Resor och logi",
    7831: "Avskrivning inventarier",
    7832: "Avskrivning datorer och IT-utrustning",
    7834: "Avskrivning medicinteknisk utrustning",
    8410: "Internränta",
}

#: ``kontoplan.csv``: inclusive account ranges → cost type (no overlaps)
KONTOPLAN: tuple[tuple[int, int, str], ...] = (
    (1250, 1259, "Investering IT"),
    (1260, 1269, "Investering MT"),
    (3000, 3999, "Intäkter"),
    (4000, 4999, "Övriga kostnader"),
    (5000, 5999, "Personalkostnader"),
    (6000, 6399, "Övriga kostnader"),
    (6400, 6439, MT),
    (6440, 6539, "Övriga kostnader"),
    (6540, 6549, "PC-utrullning"),
    (6550, 7799, "Övriga kostnader"),
    (7800, 7899, "Avskrivningskostnader"),
    (7900, 8999, "Övriga kostnader"),
)

#: responsibility code → (its name in the SIE file, business area in ``ansvar.csv``,
#: weight of its staff in the personnel and other costs)
ANSVAR: dict[str, tuple[str, str, float]] = {
    "0800": ("Divisionsledning", "08 Divisionsgem Länsteknik", 0.05),
    "0810": ("Ekonomi och stab", "08 Divisionsgem Länsteknik", 0.04),
    "0900": ("Kompetenscentrum", "09 Kompetenscentrum", 0.15),
    "0910": ("Förvaltningsobjekt", "09 Kompetenscentrum", 0.10),
    "1000": ("Vårdsystem", "10 Vårdssystem", 0.05),
    "1500": ("Medicinsk teknik, ledning", "15 Medicinsk Teknik", 0.04),
    "1510": ("Medicinsk teknik, Sunderbyn", "15 Medicinsk Teknik", 0.08),
    "1520": ("Medicinsk teknik, länet", "15 Medicinsk Teknik", 0.05),
    "1530": ("Sterilteknik", "15 Medicinsk Teknik", 0.06),
    "1600": ("Verksamhetssystem", "16 Verksamhetsystem", 0.07),
    "1700": ("Infrastruktur", "17 Infrastruktur och drift", 0.12),
    "1710": ("Drift", "17 Infrastruktur och drift", 0.09),
    "1800": ("Teknikakuten", "18 Teknikakuten", 0.10),
}

#: activity code (dimension 20) → name
ACTIVITIES: dict[str, str] = {
    "100": "Drift",
    "200": "Förvaltning",
    "300": "Utveckling",
    "400": "Projekt",
    "500": "Service och underhåll",
}

#: object code (dimension 21) → (name, MT category or investment row in ``objekt.csv``)
OBJECTS: dict[str, tuple[str, str]] = {
    "ST01": ("Autoklaver", "Sterilteknik"),
    "ST02": ("Diskdesinfektorer", "Sterilteknik"),
    "ST03": ("Endoskopdiskar", "Sterilteknik"),
    "EK01": ("EKG-apparater", "EKG"),
    "EK02": ("Arbetsprov EKG", "EKG"),
    "EN01": ("Endoskop", "Endoskopi"),
    "EN02": ("Endoskopitorn", "Endoskopi"),
    "PO01": ("Patientmonitorer", "Patientövervakning"),
    "PO02": ("Telemetri", "Patientövervakning"),
    "RB01": ("Röntgenutrustning", "Röntgen/bild"),
    "RB02": ("Ultraljud", "Röntgen/bild"),
    "DI01": ("Dialysmaskiner", "Dialys"),
    "OM01": ("Infusionspumpar", "Övrig MT"),
    "OM02": ("Övrig medicinteknisk utrustning", "Övrig MT"),
    "IN01": ("Trådlöst nät", "Datacenter (nät och server)"),
    "IN02": ("Servrar och lagring", "Datacenter (nät och server)"),
    "SK01": ("Skrivare", "Skrivare"),
    "TE01": ("Telefoni", "Telefoni"),
    "VI01": ("Videokonferens", "Video"),
    "TV01": ("Tyst vårdmiljö", "Tyst vårdmiljö"),
    "NS01": ("MT-investeringar Närsjukvården", "Närsjukvården"),
    "LS01": ("MT-investeringar Länssjukvården", "Länssjukvården"),
    # the example register's projects (object = project), booked on when it is written too
    **{code: (name, subrow) for code, name, subrow, *_ in INVESTMENT_PROJECTS},
}

#: MT category → (share of the MT costs before the seeded noise, responsibilities and weights)
MT_CATEGORIES: dict[str, tuple[float, dict[str, float]]] = {
    "Sterilteknik": (0.30, {"1530": 1.0}),
    "EKG": (0.08, {"1510": 0.6, "1520": 0.4}),
    "Endoskopi": (0.14, {"1510": 0.7, "1520": 0.3}),
    "Patientövervakning": (0.14, {"1510": 0.6, "1520": 0.4}),
    "Röntgen/bild": (0.16, {"1510": 0.8, "1520": 0.2}),
    "Dialys": (0.08, {"1510": 0.5, "1520": 0.5}),
    "Övrig MT": (0.10, {"1510": 0.4, "1520": 0.3, "1500": 0.1, "1800": 0.1, "0800": 0.1}),
}

#: account weights of the MT service and maintenance costs
MT_ACCOUNTS = {6410: 0.6, 6420: 0.25, 6430: 0.15}

#: investment row → (account, objects, responsibility)
INVESTMENT_BOOKING: dict[str, tuple[int, tuple[str, ...], str]] = {
    "Datacenter (nät och server)": (1251, ("IN01", "IN02"), "1700"),
    "Skrivare": (1251, ("SK01",), "1800"),
    "Telefoni": (1251, ("TE01",), "1700"),
    "Video": (1251, ("VI01",), "1710"),
    "Tyst vårdmiljö": (1251, ("TV01",), "1000"),
    "Närsjukvården": (1261, ("NS01",), "1500"),
    "Länssjukvården": (1261, ("LS01",), "1500"),
}

#: cost type → (account weights, responsibility weights; None: every responsibility by staff)
COST_BOOKING: dict[str, tuple[dict[int, float], dict[str, float] | None]] = {
    "Personalkostnader": ({5010: 0.58, 5050: 0.03, 5060: 0.05, 5510: 0.2, 5610: 0.1, 5810: 0.02, 5910: 0.02}, None),
    "Avskrivningskostnader": ({7831: 0.1, 7832: 0.65, 7834: 0.25}, {"1700": 0.6, "1710": 0.15, "1800": 0.25}),
    "PC-utrullning": ({6541: 0.7, 6542: 0.3}, {"1800": 0.7, "1700": 0.3}),
    "Övriga kostnader": (
        {4610: 0.15, 6110: 0.12, 6212: 0.08, 6230: 0.1, 6450: 0.05, 6550: 0.3, 6560: 0.1, 7110: 0.03, 8410: 0.07},
        None,
    ),
}


def kontoplan_rows() -> list[list[str]]:
    """``kontoplan.csv``: header and one row per account range."""
    return [["Konto från", "Konto till", "Kostnadslag"]] + [[str(a), str(b), kind] for a, b, kind in KONTOPLAN]


def ansvar_rows() -> list[list[str]]:
    """``ansvar.csv``: header and one row per responsibility."""
    return [["Ansvar", "Verksamhetsområde"]] + [[code, area] for code, (_, area, _) in ANSVAR.items()]


def objekt_rows() -> list[list[str]]:
    """``objekt.csv``: header and one row per object."""
    return [["Objekt", "MT-kategori"]] + [[code, category] for code, (_, category) in OBJECTS.items()]


def cost_type_of(account: int) -> str:
    """The cost type ``kontoplan.csv`` gives an account, or "" (balance accounts)."""
    return next((kind for a, b, kind in KONTOPLAN if a <= account <= b), "")
