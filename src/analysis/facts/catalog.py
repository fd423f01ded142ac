"""What each raw export is: its table id, domain, columns, unit and sign convention.

An export is recognised by its file name (without extension, CSV or XLSX). Column
headers are matched by regular expressions, so next year's export (``Utfall 2020``)
reads with the same spec. A named group ``year`` in a header pattern gives the year a
column is about; otherwise it is the report year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """A value column of a wide export and the measure it holds."""

    pattern: str
    measure: str
    #: The unit of this column's cells where it is not the table's (a head count beside percentages).
    unit: str | None = None
    #: An optional column may be absent from an export; a required one (the default) may not.
    optional: bool = False

    def match(self, header: str) -> re.Match | None:
        return re.fullmatch(self.pattern, " ".join(header.split()), flags=re.IGNORECASE)


@dataclass(frozen=True)
class TableSpec:
    """How to read one kind of export into facts."""

    table: str
    file_stem: str
    domain: str
    title: str
    section: str
    label: str
    unit: str
    sign_convention: str
    columns: tuple[Column, ...] = ()
    parent: str | None = None
    totals_add_up: bool = True
    long_format: bool = False
    # Coded tables (facts/sources/printed/coded.py): values are codes of printed symbols or words, one fact
    # per row and value column; ``roles`` maps other headers to the facts column they fill
    # ("section", "year", "comment"); a section cell is prefixed with ``section_prefix``.
    coded: bool = False
    roles: tuple[tuple[str, str], ...] = ()
    section_prefix: str = ""


#: The ``section`` of facts derived from a year's ledger (the general-ledger export): derived
#: by summing, yet a figure of the systems' exports, so a prose figure is checked against it
#: as against a printed table.
LEDGER_SECTION = "Huvudbok"


def as_exported(facts):
    """Which facts (rows of a facts frame) the systems' exports give: those reported, and the
    sums of a year's ledger (derived by summing, section :data:`LEDGER_SECTION`). Chapters
    and checks read these as the tables; the other derived facts are their own results."""
    exported = ~facts["derived"].astype(bool) | (facts["section"] == LEDGER_SECTION) | hr_exported(facts)
    return (exported | is_register(facts)) & ~hr_claims(facts) & ~register_claims(facts)


#: The ``section`` of the facts computed from a year's HR export (``personal.csv``,
#: :mod:`analysis.facts.sources.hr.statistics`): derived by summing, yet the source of the
#: year's staff figures. Where the year also prints one of them (``sjukfranvaro.csv``, a key
#: figure), the printed figure is a claim reconciled against the export (finding
#: ``hr_vs_table``), and the series take the export's figure.
HR_SECTION = "HR-system"
#: The printed tables whose figures an HR export gives too (the other tables it writes,
#: such as ``sick_leave_by_age``, are its own results).
HR_PRINTED_TABLES = ("sick_leave", "sick_leave_by_sex", "key_figures")
_HR_KEY = ("table", "item", "measure", "year", "report_year")


def hr_exported(facts):
    """The figures of a year's HR export that stand for a printed table's (a group's figure
    withheld by the disclosure rule, NaN, stands for nothing)."""
    return (facts["section"] == HR_SECTION) & facts["table"].isin(HR_PRINTED_TABLES) & facts["value"].notna()


def hr_claims(facts):
    """Printed facts that a year's HR export gives too (same table, item, measure, year and
    report year): claims reconciled against the export, no longer the table's figure."""
    exported = facts[hr_exported(facts)]
    keys = set(zip(*(exported[c] for c in _HR_KEY)))
    printed = ~facts["derived"].astype(bool)
    if not keys:  # no HR export among the facts: no claim
        return printed & False
    return printed & facts.index.isin(facts.index[[k in keys for k in zip(*(facts[c] for c in _HR_KEY))]])


#: The ``section`` of the ``investments`` facts computed from a year's investment register
#: (``investeringsprojekt.csv`` and ``investeringsram.csv``, :mod:`analysis.facts.sources.investment_register`):
#: derived by summing the projects, yet the source of the year's investment figures. Where the
#: year also has the printed ``investeringar.csv``, that table is a claim reconciled against
#: them (finding ``printed_vs_register``), and the series take the register's figures.
REGISTER_SECTION = "Investeringsregister"


def is_register(facts):
    """Which facts (rows of a facts frame) a year's investment register gives (section
    :data:`REGISTER_SECTION`)."""
    return facts["section"] == REGISTER_SECTION


def register_claims(facts):
    """The printed ``investments`` facts of a report year that has an investment register:
    claims reconciled against the register (``printed_vs_register``), no longer the table's figures."""
    years = set(facts.loc[is_register(facts), "report_year"])
    printed = ~facts["derived"].astype(bool) & (facts["table"] == "investments")
    return printed & facts["report_year"].isin(years)


def is_ledger_source(source: str) -> bool:
    """Whether a fact's ``source`` names a year's ledger or its budget (``2019/huvudbok.se (…)``)."""
    return bool(re.match(r"\d{4}/(?:huvudbok\.(?:se|si|sie|csv)|budget\.csv)\b", source, flags=re.IGNORECASE))


# Header pattern of a label column may carry the unit in parentheses: "Typ av investering (Mkr)".
UNIT_IN_HEADER = re.compile(r"\((?P<unit>[^()]+)\)\s*$")

SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        table="result_by_business_area",
        file_stem="resultat_per_verksamhetsomrade",
        domain="costs",
        title="Resultat per verksamhetsområde (VO)",
        section="Ekonomi – Periodens utfall, Resultatutveckling",
        label=r"Vo|VO|Verksamhetsområde",
        unit="kr",
        sign_convention="net_result",
        columns=(
            Column(r"(?:Utfall )?(?P<year>\d{4})", "outcome"),
            Column(r"Årsbudget (?P<year>\d{4})", "budget"),
            Column(r"Avvikelse utfall mot budget", "deviation"),
            Column(r"Årsprognos (?P<year>\d{4})", "forecast"),
            Column(r"Avvikelse utfall mot prognos", "deviation_vs_forecast"),
        ),
    ),
    TableSpec(
        table="costs_by_cost_type",
        file_stem="kostnader_per_kostnadslag",
        domain="costs",
        title="Kostnader per kostnadsslag",
        section="Ekonomi – Årets resultat",
        label=r"Kostnadslag(?: \(.*\))?",
        unit="mnkr",
        sign_convention="cost_positive",
        columns=(
            Column(r"Utfall (?P<year>\d{4})", "outcome"),
            Column(r"Budget (?P<year>\d{4})", "budget"),
            Column(r"Avvikelse", "deviation"),
        ),
    ),
    TableSpec(
        table="investments",
        file_stem="investeringar",
        domain="investments",
        title="Investeringar: beslutad ram och utfall",
        section="Investeringar",
        label=r"Typ av investering(?: \(.*\))?",
        parent=r"Överordnad",
        unit="mnkr",
        sign_convention="amount_positive",
        columns=(
            Column(r"Av regionstyrelsen beslutad ram (?P<year>\d{4})", "frame"),
            Column(r"Utfall beslut före \d{4}", "outcome_prior_decisions"),
            Column(r"Utfall (?:beslut inför )?(?P<year>\d{4})", "outcome_current_decisions"),
            Column(r"Summa|Utfall totalt", "outcome"),
        ),
    ),
    TableSpec(
        table="it_investment_history",
        file_stem="it_investeringar_specifikation",
        domain="investments",
        title="Specifikation av IT-investeringar per år",
        section="Investeringar – IT-investeringar",
        label=r"Specifikation av IT-investeringar(?: \(.*\))?",
        unit="mnkr",
        sign_convention="amount_positive",
        columns=(Column(r"Utfall (?P<year>\d{4})", "outcome"),),
    ),
    TableSpec(
        table="sick_leave",
        file_stem="sjukfranvaro",
        domain="staff",
        title="Sjukfrånvaro, kort och lång",
        section="Medarbetare – Sjukfrånvaro",
        label=r"Sjukfrånvaro(?: \(.*\))?",
        unit="%",
        sign_convention="amount_positive",
        columns=(Column(r"Totalt (?P<year>\d{4}) jan-dec", "percent"),),
    ),
    TableSpec(
        table="sick_leave_by_sex",
        file_stem="sjukfranvaro_per_kon",
        domain="staff",
        title="Sjukfrånvaro per kön, ackumulerat",
        section="Medarbetare – Sjukfrånvaro",
        label=r"Ack per",
        unit="%",
        sign_convention="amount_positive",
        totals_add_up=False,
        columns=(
            Column(r"(?P<year>\d{4})(?:0[1-9]|1[0-2])", "percent"),
            # Optional head count of each group ("Antal" for the report year, "Antal 201912"):
            # the chapters withhold a group's figure below the disclosure threshold.
            Column(r"Antal(?: (?P<year>\d{4})(?:0[1-9]|1[0-2])?)?", "count", unit="st", optional=True),
        ),
    ),
    TableSpec(
        table="scorecard",
        file_stem="styrkort",
        domain="scorecard",
        title="Styrkort: mål, mått och måluppfyllelse",
        section="Balanserad styrning",
        label=r"Styrmått",
        parent=r"Mål",
        unit="",
        sign_convention="coded",
        coded=True,
        roles=(("Perspektiv", "section"), ("Avser år", "year"), ("Kommentar", "comment")),
        section_prefix="Balanserad styrning – ",
        columns=(
            Column(r"Målvärde", "target_label"),
            Column(r"Måluppfyllelse", "fulfilment"),
            Column(r"Utveckling", "trend"),
        ),
    ),
    TableSpec(
        table="assignments",
        file_stem="uppdrag",
        domain="assignments",
        title="Uppdrag: återrapportering",
        section="(per rad: kolumnen Avsnitt)",
        label=r"Uppdrag",
        unit="",
        sign_convention="coded",
        coded=True,
        roles=(("Avsnitt", "section"), ("Avser år", "year")),
        columns=(Column(r"Status", "status"), Column(r"Fortsätter år", "continues_in")),
    ),
    TableSpec(
        table="internal_control",
        file_stem="intern_kontroll",
        domain="assignments",
        title="Internkontroll: kontrollaktiviteter",
        section="(per rad: kolumnen Avsnitt)",
        label=r"Kontrollaktivitet",
        unit="",
        sign_convention="coded",
        coded=True,
        roles=(("Avsnitt", "section"), ("Avser år", "year"), ("Utfört", "comment")),
        columns=(Column(r"Status", "status"),),
    ),
    TableSpec(
        table="key_figures",
        file_stem="nyckeltal",
        domain="key_figures",
        title="Nyckeltal ur årsrapportens text",
        section="(per rad: kolumnen Avsnitt)",
        label=r"Post",
        parent=r"Överordnad",
        unit="",
        sign_convention="favourable_positive",
        long_format=True,
    ),
)

# Long-format (key figures) columns: header -> role.
KEY_FIGURE_COLUMNS = {
    "Avsnitt": "section",
    "Post": "item",
    "Överordnad": "parent",
    "Avser år": "year",
    "Mått": "measure",
    "Värde": "value",
    "Enhet": "unit",
    "Avstämning mot": "reconcile",
    "Kommentar": "comment",
}
KEY_FIGURE_REQUIRED = ("Avsnitt", "Post", "Avser år", "Mått", "Värde", "Enhet")

KEY_FIGURE_DOMAINS = {
    "ekonomi": "costs",
    "periodens": "costs",
    "verksamhetens": "costs",
    "investeringar": "investments",
    "medarbetare": "staff",
}


def key_figure_domain(section: str) -> str:
    """The domain of a key figure, from the first known word of its section."""
    for word in re.findall(r"\w+", section.lower()):
        if word in KEY_FIGURE_DOMAINS:
            return KEY_FIGURE_DOMAINS[word]
    return "other"


TOTAL_LABELS = {"totalt", "summa", "total"}


def spec_for(stem: str) -> TableSpec | None:
    """The spec whose export file has this name (without extension), or None."""
    return next((s for s in SPECS if s.file_stem == stem.lower()), None)


def spec_by_table(table: str) -> TableSpec:
    """The spec of a table id."""
    return next(s for s in SPECS if s.table == table)


#: Titles of what the ledger readers record beside the tables: the ledger and budget files
#: (raw files, findings) and the mapping files kept beside the year folders.
LEDGER_TITLES = {
    "ledger": "Huvudbok",
    "ledger_budget": "Budget ur huvudboksexporten",
    "mapping": "Mappningsfil (konto, ansvar, objekt)",
}


#: Titles of what the HR export (``personal.csv``) adds: its processed table and its own facts tables.
HR_TITLES = {
    "hr_monthly": "HR-statistik per månad, enhet, kön och åldersgrupp (personal.csv)",
    "sick_leave_by_age": "Sjukfrånvaro per åldersgrupp (HR-exporten)",
    "sick_leave_by_unit": "Sjukfrånvaro per enhet (HR-exporten)",
    "hr_figures": "Årsarbetare, anställda och avgångar (HR-exporten)",
}


def table_title(table: str) -> str:
    """The title of a table id as the chapters show it: the spec's, or the ledger's files'."""
    if table in LEDGER_TITLES:
        return LEDGER_TITLES[table]
    if table in HR_TITLES:
        return HR_TITLES[table]
    spec = next((s for s in SPECS if s.table == table), None)
    return spec.title if spec else table


def coded_tables() -> tuple[str, ...]:
    """The table ids whose values are codes (no arithmetic checks apply to them)."""
    return tuple(s.table for s in SPECS if s.coded)


def is_total(label: str) -> bool:
    """Whether a row label marks a total row ("Totalt")."""
    return label.strip().lower() in TOTAL_LABELS
