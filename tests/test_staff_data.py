"""Staff figures, balanced scorecard, assignments and internal control (issue 12): every
transcribed figure, symbol and title found on its line of the report text
(``tests/fixtures/reports/``), the codes of the coded tables, and their validation."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.exceptions import RawDataError
from analysis.facts.pipeline import clean, load_facts
from analysis.facts.sources.reading import read_raw
from analysis.facts.vocabulary import CODES, decode

REPORTS = Path(__file__).parent / "fixtures" / "reports"
NOT_STATED = "ej angivet"


def report_lines(year: int) -> list[str]:
    """The report's text, one string per line (line n is ``[n - 1]``)."""
    return (REPORTS / f"arsrapport-{year}-lansteknik.txt").read_text(encoding="utf-8").splitlines()


def seed(year: int, line: int) -> str:
    return report_lines(year)[line - 1]


@pytest.fixture(scope="module")
def facts(shipped_clean):
    project, _result = shipped_clean
    return load_facts(processed_dir=project.processed)


@pytest.fixture(scope="module")
def shipped_raw(shipped_clean):
    project, _result = shipped_clean
    return project.raw


def _one(facts, report_year, table, item, measure, year=None, parent=None) -> pd.Series:
    rows = facts[
        (facts["report_year"] == report_year)
        & (facts["table"] == table)
        & (facts["item"] == item)
        & (facts["measure"] == measure)
        & ((facts["year"] == year) if year else True)
        & ((facts["parent"] == parent) if parent is not None else True)
        & ~facts["derived"]
    ]
    assert len(rows) == 1, rows[["table", "item", "measure", "year", "source"]]
    return rows.iloc[0]


# --- staff figures -------------------------------------------------------------------------------

# (report year, table, item, measure, year, value, unit, printed as in the report, report line)
STAFF = [
    (2017, "key_figures", "Övertid", "hours", 2016, 3128.0, "hours", "från 3128h", 283),
    (2017, "key_figures", "Övertid", "hours", 2017, 1880.0, "hours", "till 1880 h", 283),
    (2017, "key_figures", "Övertid", "change_percent", 2017, -40.0, "percent", "minskat med 40%", 283),
    (2017, "key_figures", "Sjukfrånvaro totalt", "percent", 2016, 3.49, "percent", "3,49% 2016", 311),
    (2017, "key_figures", "Sjukfrånvaro totalt", "percent", 2017, 3.41, "percent", "3,41% 2017", 311),
    (2017, "key_figures", "Sjukfrånvaro totalt", "target", 2017, 3.0, "percent", "total sjukfrånvaro på 3%", 311),
    (2017, "key_figures", "Ärenden i rehabbevakningslistan", "count", 2017, 2.0, "count", "har 2 antal ärenden", 325),
    (2017, "key_figures", "Ärenden i rehabbevakningslistan", "target", 2017, 0.0, "count", "Målet är noll", 325),
    (2019, "sick_leave", "Kort", "percent", 2019, 2.2, "percent", "Kort: 2,2 %", 202),
    (2019, "sick_leave", "Lång", "percent", 2019, 1.8, "percent", "Lång: 1,8 %", 204),
    (2019, "sick_leave", "Totalt", "percent", 2019, 4.0, "percent", "Totalt 4,0 %", 206),
    (2019, "sick_leave", "Kort", "percent", 2018, 2.4, "percent", "Kort: 2,4%", 210),
    (2019, "sick_leave", "Lång", "percent", 2018, 1.4, "percent", "Lång: 1,4 %", 212),
    (2019, "sick_leave", "Totalt", "percent", 2018, 3.8, "percent", "Totalt: 3,8 %", 214),
    (2019, "sick_leave_by_sex", "Kvinnor", "percent", 2019, 2.44, "percent", "Kvinnor\t2,44%", 217),
    (2019, "sick_leave_by_sex", "Kvinnor", "percent", 2018, 2.07, "percent", "\t2,07%", 217),
    (2019, "sick_leave_by_sex", "Män", "percent", 2019, 4.67, "percent", "Män\t4,67%", 218),
    (2019, "sick_leave_by_sex", "Män", "percent", 2018, 4.47, "percent", "\t4,47%", 218),
    (2019, "key_figures", "Sjukfrånvaro totalt", "percent", 2019, 4.0, "percent", "uppgår till 4 % under 2019", 239),
    (2019, "key_figures", "Sjukfrånvaro totalt", "target", 2019, 3.0, "percent", "målet på 3 %", 239),
    (2019, "key_figures", "Personalomsättning", "percent", 2019, 13.0, "percent", "omsättning uppnår 13 %", 232),
    (2019, "key_figures", "Extratid", "change_percent", 2019, 14.0, "percent", "ökat med 14 %", 220),
]


@pytest.mark.parametrize(
    "report_year, table, item, measure, year, value, unit, printed, line",
    STAFF,
    ids=[f"{r[0]}-{r[1]}-{r[2]}-{r[3]}-{r[4]}" for r in STAFF],
)
def test_staff_figure_as_printed(facts, report_year, table, item, measure, year, value, unit, printed, line):
    assert printed in seed(report_year, line)
    fact = _one(facts, report_year, table, item, measure, year)
    assert fact["value"] == pytest.approx(value)
    assert fact["unit"] == unit
    assert fact["domain"] == "staff"


def test_each_staff_figure_is_in_one_export_only(facts):
    """The prose figures stay in nyckeltal.csv; no staff figure is also in another export."""
    staff = facts[(facts["domain"] == "staff") & ~facts["derived"]]
    key = ["report_year", "item", "measure", "year"]
    assert not staff.duplicated(key).any(), staff[staff.duplicated(key, keep=False)]
    assert set(staff["table"]) == {"key_figures", "sick_leave", "sick_leave_by_sex"}


def test_2017_prints_no_staff_table(facts):
    """The 2017 report's staff charts (årsarbetare, antal anställda, sjukfrånvaro) were lost in
    the text export: no short/long, by-sex or head-count figure is transcribed for 2017."""
    lines = report_lines(2017)
    charts = [n for n, text in enumerate(lines, start=1) if text.strip() in ("Antal anställda", "Sjukfrånvaro")]
    assert charts and all(not lines[n].strip() and not lines[n + 1].strip() for n in charts)
    assert not ((facts["report_year"] == 2017) & facts["table"].isin(["sick_leave", "sick_leave_by_sex"])).any()


# --- balanced scorecard --------------------------------------------------------------------------

# Each styrkort.csv row (in order) is this report line.
SCORECARD_LINES = {
    2017: [67, 68, 119, 120, 121, 122, 123, 124, 125, 126, 129, 130, 131, 132, 205, 206, 207, 208, 209, 212]
    + [260, 261, 262, 263, 264, 267, 268, 269, 332, 335, 336],
    2019: [52, 53, 56, 57, 58, 59, 60, 61, 62, 63, 66, 67, 68, 69, 164, 165, 169, 170, 171, 172, 173, 244, 245],
}
# A goal split over a page break (2017, lines 209 and 212), joined in the export.
SPLIT_GOAL = (2017, 209, 212)


def _scorecard_rows(report_year: int) -> list[tuple[int, dict]]:
    raw = read_raw(Path(__file__).parents[1] / "data" / "raw" / str(report_year) / "styrkort.csv")
    return list(zip(SCORECARD_LINES[report_year], (row.cells for row in raw.rows), strict=True))


def _table_rows(report_year: int) -> list[int]:
    """The report lines of every scorecard table row: after a "Divisionens mål" header, to the
    next empty line."""
    found, inside = [], False
    for number, text in enumerate(report_lines(report_year), start=1):
        if text.startswith("Divisionens mål"):
            inside = True
        elif not text.strip():
            inside = False
        elif inside:
            found.append(number)
    return found


@pytest.mark.parametrize("report_year", [2017, 2019])
def test_every_scorecard_row_is_transcribed(report_year):
    assert SCORECARD_LINES[report_year] == _table_rows(report_year)


@pytest.mark.parametrize("report_year", [2017, 2019])
def test_scorecard_cells_as_printed(report_year):
    previous_goal = None
    for line, row in _scorecard_rows(report_year):
        goal, measure, target, fulfilment, trend = (cell.strip() for cell in seed(report_year, line).split("\t")[:5])
        if (report_year, line) in ((SPLIT_GOAL[0], SPLIT_GOAL[1]), (SPLIT_GOAL[0], SPLIT_GOAL[2])):
            parts = seed(report_year, SPLIT_GOAL[1]).split("\t")[0], seed(report_year, SPLIT_GOAL[2]).split("\t")[0]
            assert row["Mål"] == parts[0].removesuffix("-") + parts[1]
        elif goal:
            assert row["Mål"] == goal
        else:  # an empty cell continues the goal of the line above, or is not stated at a table's top
            continued = line - 1 in SCORECARD_LINES[report_year]
            assert row["Mål"] == (previous_goal if continued else NOT_STATED), line
        assert measure.startswith(row["Styrmått"]) if measure else row["Styrmått"] == NOT_STATED, line
        assert row["Målvärde"] == (target or NOT_STATED), line
        assert row["Måluppfyllelse"] == (fulfilment if fulfilment in "●▲■" and fulfilment else NOT_STATED), line
        assert row["Kommentar"] == ("inget nytt värde" if fulfilment == "(inget nytt värde)" else ""), line
        assert row["Utveckling"] == (trend or NOT_STATED), line
        assert row["Avser år"] == str(report_year)
        previous_goal = row["Mål"]


def test_scorecard_measure_labels_leave_out_the_explanations():
    """Where a measure cell goes on with an explanation, the export has the label only."""
    label = dict(_scorecard_rows(2019))[171]["Styrmått"]
    assert label == "Total Sjukfrånvaro"
    assert "Målsättning är för den totala sjukfrånvaron" in seed(2019, 171)


@pytest.mark.parametrize(
    "symbol, code, value", [("●", "achieved", 1.0), ("▲", "partly_achieved", 0.5), ("■", "not_achieved", 0.0)]
)
def test_fulfilment_symbols_count_as_in_the_2019_report(facts, symbol, code, value):
    """As many facts of each fulfilment code as the report prints the symbol; the symbol kept."""
    printed = sum(text.count(symbol) for text in report_lines(2019))
    rows = facts[(facts["table"] == "scorecard") & (facts["measure"] == "fulfilment") & (facts["report_year"] == 2019)]
    coded = rows[rows["value"] == value]
    assert printed > 0 and len(coded) == printed
    assert set(coded["original_value"]) == {symbol}
    assert {decode("fulfilment", v) for v in coded["value"]} == {code}


def test_not_stated_rows_have_no_value(facts):
    card = facts[facts["table"] == "scorecard"]
    fulfilment = card[card["measure"] == "fulfilment"]
    not_stated = fulfilment[fulfilment["original_value"] == NOT_STATED]
    assert not_stated["value"].isna().all()
    assert decode("fulfilment", float("nan")) == "not_stated"
    # 2017: no symbol survived the text export; 2019: 7 of 23 rows without a symbol.
    assert (fulfilment.loc[fulfilment["report_year"] == 2017, "original_value"] == NOT_STATED).all()
    assert len(not_stated[not_stated["report_year"] == 2019]) == 7
    # "(inget nytt värde)" is not stated, with the words kept in comment.
    label = "Följs med kontrollmätt (MAU: trakasserier och kränkningar)"
    harassment = _one(facts, 2017, "scorecard", label, "fulfilment")
    assert math.isnan(harassment["value"]) and harassment["comment"] == "inget nytt värde"


def test_trend_arrows_as_printed(facts):
    trend = facts[(facts["table"] == "scorecard") & (facts["measure"] == "trend") & (facts["report_year"] == 2019)]
    by_arrow = trend.groupby("original_value")["value"].agg(["first", "size"]).to_dict("index")
    assert by_arrow["⬆"] == {"first": 1.0, "size": 6}  # lines 57, 58, 60–63
    assert by_arrow["↑"] == {"first": 1.0, "size": 3}  # lines 68, 69, 245
    assert by_arrow["➔"]["first"] == 0.0 and by_arrow["→"]["first"] == 0.0
    assert by_arrow["↓"] == {"first": -1.0, "size": 2}  # lines 164, 244
    assert sum(v["size"] for v in by_arrow.values()) == 23


def test_scorecard_fact_layout(facts):
    row = _one(facts, 2019, "scorecard", "Divisionen når ekonomi i balans.", "fulfilment")
    assert row["parent"] == "Verksamheten är anpassad till den aktuella intäktsnivån"
    assert row["section"] == "Balanserad styrning – Ekonomi"
    assert (row["original_value"], row["value"], row["unit"]) == ("▲", 0.5, "code")
    assert row["source"] == "2019/styrkort.csv:23"
    target = _one(facts, 2019, "scorecard", "Divisionen når ekonomi i balans.", "target_label")
    assert target["original_value"] == "Resultat 0" and math.isnan(target["value"])
    assert "Resultat 0" in seed(2019, 244)


# --- assignments and internal control ------------------------------------------------------------

# (report year, title, status as exported, report line of the title, report line and words of the status)
ASSIGNMENTS = [
    (2017, "Vård på distans", "pågår", 485, 489, "Länsteknik deltar i projektet"),
    (2017, "Framtidens vårdadministrativa stöd", "pågår", 491, 499, "Länsteknik deltar i de aktiviteter"),
    (2017, "Nationell lösning 1177 per telefon", "pågår", 501, 507, "det pågående projektet som löper enligt plan"),
    (2017, "Tyst vårdmiljö", "pågår", 509, 513, "projektet som löper enligt plan"),
    (2017, "Dataskyddsförordningen", NOT_STATED, 515, 521, "varit involverade i arbetet"),
    (2017, "MTU i icke professionell miljö", "genomfört", 523, 529, "slutrapport för uppdraget är föredragen"),
    (2017, "Service support MT-/Dental-utrustningarna", "genomfört", 531, 537, "slutrapport med förslag"),
    (2017, "Arkitektur", "pågår", 539, 543, "kommer att pågå under 2018"),
    (2017, "Förbereda för ett eventuellt införande av Office 365", "pågår", 545, 561, "inte slutfört utan fortlöper"),
    (2017, "Mobilstrategi", "pågår", 563, 573, "under året påbörjat"),
    (2017, "Dynamisk IT-arbetsplats", "pågår", 575, 583, "Uppdraget fortsätter 2018"),
    (2017, "Övertagande av ansvar för all AV-teknik", "nedprioriterat/senarelagt", 585, 589, "omprioriterats"),
    (
        2017,
        "Regionens behov av lagring och återsökning av undersökningsdata",
        NOT_STATED,
        591,
        595,
        "uppdrag för 2018 är utarbetat",
    ),
    (2017, "Operatörsbyte telekommunikationstjänster", NOT_STATED, 601, 605, "inte blev något operatörsbyte"),
    (2017, "Införa operativsystemet Windows 10", "ej genomfört", 607, 611, "Breddinförandet har inte kunnat påbörjas"),
    (2017, "Övertagande av investeringsansvar", "genomfört", 615, 631, "Uppdraget är genomfört"),
    (2017, "Systemförvaltningsetableringar", "pågår", 633, 643, "överförs och planeras in 2018"),
    (
        2019,
        "Regionens behov av lagring och återsökning av ultraljudsbilder",
        "nedprioriterat/senarelagt",
        333,
        339,
        "Nedprioriterat",
    ),
    (2019, "Arkitektur", NOT_STATED, 341, 350, "påbörjade och genomförda"),
    (2019, "Integration", "pågår", 356, 365, "påbörjat under 2019"),
    (
        2019,
        "Övertagande av investeringsplanering och tillhörande driftbudget",
        "nedprioriterat/senarelagt",
        367,
        373,
        "hamnat lite i viloläge",
    ),
    (2019, "Förvaltningsetableringar inom MT", "nedprioriterat/senarelagt", 375, 379, "kommer att återupptas"),
    (2019, "Styrning av utveckling i Datacenter", "nedprioriterat/senarelagt", 381, 387, "prioriterats ned"),
    (2019, "Ekonomisk uppföljningsmodell per förvaltningsobjekt", NOT_STATED, 389, 399, "ska arbetas fram efter"),
    (2019, "Förbättrad förstudiemetodik", NOT_STATED, 401, 405, "framtaget ett förslag"),
]
# (report year, title, year the work continues in, report line, words)
CONTINUES = [
    (2017, "Arkitektur", 2018, 543, "under 2018"),
    (2017, "Förbereda för ett eventuellt införande av Office 365", 2018, 561, "fortlöper 2018"),
    (2017, "Dynamisk IT-arbetsplats", 2018, 583, "fortsätter 2018"),
    (2017, "Övertagande av ansvar för all AV-teknik", 2018, 589, "flyttas till nästa år"),
    (2017, "Regionens behov av lagring och återsökning av undersökningsdata", 2018, 595, "för 2018"),
    (2017, "Systemförvaltningsetableringar", 2018, 643, "planeras in 2018"),
    (2019, "Regionens behov av lagring och återsökning av ultraljudsbilder", 2020, 339, "återupptas 2020"),
    (2019, "Integration", 2020, 365, "klart under 2020"),
    (2019, "Övertagande av investeringsplanering och tillhörande driftbudget", 2020, 373, "återupptas under 2020"),
    (2019, "Förvaltningsetableringar inom MT", 2020, 379, "återupptas under 2020"),
    (2019, "Styrning av utveckling i Datacenter", 2020, 387, "återupptas under 2020"),
]
STATUS_CODES = {"genomfört": "completed", "pågår": "in_progress", "nedprioriterat/senarelagt": "postponed"}
STATUS_CODES.update({"ej genomfört": "not_done", NOT_STATED: "not_stated"})


@pytest.mark.parametrize(
    "report_year, title, status, title_line, status_line, words",
    ASSIGNMENTS,
    ids=[f"{r[0]}-{r[1][:30]}" for r in ASSIGNMENTS],
)
def test_assignment_title_and_status_as_in_the_report(
    facts, report_year, title, status, title_line, status_line, words
):
    heading = seed(report_year, title_line)
    assert heading == (f"Uppdrag: {title}" if report_year == 2017 else title)
    assert words in seed(report_year, status_line)
    fact = _one(facts, report_year, "assignments", title, "status")
    assert fact["original_value"] == status
    assert decode("status", fact["value"]) == STATUS_CODES[status]


def test_every_assignment_is_transcribed(facts):
    exported = facts[(facts["table"] == "assignments") & (facts["measure"] == "status")]
    for year in (2017, 2019):
        listed = [r[1] for r in ASSIGNMENTS if r[0] == year]
        assert exported.loc[exported["report_year"] == year, "item"].tolist() == listed
    headings = [text for text in report_lines(2017) if text.startswith("Uppdrag: ")]
    assert len(headings) == 17 == len([r for r in ASSIGNMENTS if r[0] == 2017])


def test_assignment_sections(facts):
    status = facts[(facts["table"] == "assignments") & (facts["measure"] == "status")]
    sections = status.groupby(["report_year", "section"]).size().to_dict()
    assert sections == {
        (2017, "Återrapportering av särskilda verksamhetsuppdrag"): 13,
        (2017, "Förvaltning"): 2,  # report line 597
        (2017, "Övrigt"): 2,  # report line 613
        (2019, "Återrapportering av uppdrag"): 8,  # report line 331
    }


@pytest.mark.parametrize(
    "report_year, title, year, line, words", CONTINUES, ids=[f"{r[0]}-{r[1][:30]}" for r in CONTINUES]
)
def test_continues_in_as_in_the_report(facts, report_year, title, year, line, words):
    assert words in seed(report_year, line)
    fact = _one(facts, report_year, "assignments", title, "continues_in")
    assert (fact["value"], fact["unit"]) == (year, "year")


def test_only_the_stated_continuations(facts):
    continues = facts[(facts["table"] == "assignments") & (facts["measure"] == "continues_in")]
    assert sorted(zip(continues["report_year"], continues["item"])) == sorted((r[0], r[1]) for r in CONTINUES)
    av = _one(facts, 2017, "assignments", "Övertagande av ansvar för all AV-teknik", "continues_in")
    assert av["original_value"] == "nästa år"


def test_internal_control_as_in_the_report(facts):
    rows = facts[facts["table"] == "internal_control"]
    assert set(rows["report_year"]) == {2019} and set(rows["measure"]) == {"status"}
    assert "Avser år\t\t2019" in seed(2019, 409)
    for line, (_, fact) in zip((411, 412, 414, 415, 416), rows.iterrows(), strict=True):
        activity, _method, performed = seed(2019, line).split("\t")[:3]
        assert fact["item"] == activity.strip()
        assert fact["comment"] == performed.strip()
        expected = "completed" if performed.startswith("December") else "in_progress"  # "Löpande under året"
        assert decode("status", fact["value"]) == expected


def test_status_codes_are_the_documented_ones():
    assert {code for code, _v in CODES["status"].values()} == set(STATUS_CODES.values())
    assert [decode("status", v) for v in (1.0, 2.0, 3.0, 4.0)] == ["completed", "in_progress", "postponed", "not_done"]


# --- validation ----------------------------------------------------------------------------------

YEAR = 2030
KEY_HEADER = "Avsnitt;Post;Överordnad;Avser år;Mått;Värde;Enhet;Avstämning mot;Kommentar"
CARD_HEADER = "Perspektiv;Mål;Styrmått;Avser år;Målvärde;Måluppfyllelse;Utveckling;Kommentar"


@pytest.fixture
def run(tmp_path, write_csv):
    """``run({file: lines})``: clean made-up exports of report year 2030, return the result."""

    def run_files(files: dict[str, list[str]]):
        shutil.rmtree(tmp_path / "raw", ignore_errors=True)
        for name, lines in files.items():
            write_csv(tmp_path / "raw" / str(YEAR) / name, lines)
        return clean(raw_dir=tmp_path / "raw", processed_dir=tmp_path / "processed")

    return run_files


def test_short_plus_long_not_total_is_a_finding(run):
    sick = ["Sjukfrånvaro (% av ordinarie arbetstid);Totalt 2030 jan-dec", "Kort;2,2 %", "Lång;1,8 %", "Totalt;4,3 %"]
    findings = run({"sjukfranvaro.csv": sick}).findings
    assert len(findings) == 1
    f = findings.iloc[0]
    assert (f["check"], f["table"], f["item"], f["measure"]) == ("total_vs_rows", "sick_leave", "Totalt", "percent")
    assert (f["reported"], f["recomputed"]) == (pytest.approx(4.3), pytest.approx(4.0))
    assert f["source"] == "2030/sjukfranvaro.csv:4"


def test_short_plus_long_within_rounding_is_no_finding(run):
    sick = ["Sjukfrånvaro (% av ordinarie arbetstid);Totalt 2030 jan-dec", "Kort;2,2 %", "Lång;1,8 %", "Totalt;4,1 %"]
    assert run({"sjukfranvaro.csv": sick}).findings.empty  # 2,15…2,25 + 1,75…1,85 reaches 4,05


def _overtime(change: str) -> list[str]:
    formula = "({key_figures|Övertid|hours|2030} / {key_figures|Övertid|hours|2029} - 1) * 100"
    return [
        KEY_HEADER,
        "Medarbetare – Extra tid;Övertid;;2029;timmar;3128;h;;",
        "Medarbetare – Extra tid;Övertid;;2030;timmar;1880;h;;",
        f"Medarbetare – Extra tid;Övertid;;2030;förändring %;{change};%;{formula};mot 2029",
    ]


def test_overtime_change_against_the_hours(run):
    assert run({"nyckeltal.csv": _overtime("-40")}).findings.empty  # −39,9 % printed −40 %
    findings = run({"nyckeltal.csv": _overtime("-30")}).findings
    found = findings[findings["check"] == "key_figure_vs_tables"]
    assert len(found) == 1
    assert found.iloc[0]["recomputed"] == pytest.approx((1880 / 3128 - 1) * 100, abs=0.05)
    assert found.iloc[0]["reported"] == -30.0


def _assignments_and_count(count: str, ref: str) -> dict[str, list[str]]:
    return {
        "uppdrag.csv": [
            "Avsnitt;Uppdrag;Avser år;Status;Fortsätter år",
            "Uppdrag;A;2030;genomfört;",
            "Uppdrag;B;2030;pågår;2031",
            "Uppdrag;C;2030;genomfört;",
            "Uppdrag;D;2030;ej angivet;",
        ],
        "nyckeltal.csv": [KEY_HEADER, f"Uppdrag;Genomförda uppdrag;;2030;antal;{count};st;{ref};"],
    }


def test_a_printed_count_is_checked_against_the_list(run):
    assert run(_assignments_and_count("2", "{count:assignments|status|completed}")).findings.empty
    assert run(_assignments_and_count("4", "{count:assignments|status}")).findings.empty
    findings = run(_assignments_and_count("3", "{count:assignments|status|completed}")).findings
    assert len(findings) == 1
    f = findings.iloc[0]
    assert (f["check"], f["severity"], f["reported"], f["recomputed"]) == ("count_vs_list", "warning", 3.0, 2.0)
    assert f["source"] == "2030/nyckeltal.csv:2"


def test_a_bad_count_reference_names_the_line(run):
    with pytest.raises(RawDataError) as err:
        run(_assignments_and_count("2", "{count:assignments|status|finished}"))
    assert (err.value.line, err.value.column) == (2, "Avstämning mot")
    assert "finished" in str(err.value)


def test_the_shipped_data_gives_no_new_finding(shipped_clean):
    _project, result = shipped_clean
    new_tables = {"scorecard", "assignments", "internal_control", "sick_leave", "sick_leave_by_sex"}
    assert not result.findings["table"].isin(new_tables).any()
    staff = result.findings[result.findings["item"].isin(["Övertid", "Sjukfrånvaro totalt", "Extratid"])]
    assert staff.empty
    assert len(result.findings) == 6  # the 2019 cost and investment findings (tests/test_shipped_data.py)


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cells, column, value, problem",
    [
        ("Ekonomi;Mål;Mått;2030;0;✓;↑;", "Måluppfyllelse", "✓", "unknown fulfilment code"),
        ("Ekonomi;Mål;Mått;2030;0;;↑;", "Måluppfyllelse", None, "empty cell"),
        ("Ekonomi;Mål;Mått;2030;;●;↑;", "Målvärde", None, "empty cell"),
        ("Ekonomi;Mål;Mått;2030;0;●;↗;", "Utveckling", "↗", "unknown trend code"),
        ("Ekonomi;Mål;Mått;30;0;●;↑;", "Avser år", "30", "four digits"),
    ],
)
def test_a_bad_scorecard_cell_names_file_line_column_and_value(run, cells, column, value, problem):
    with pytest.raises(RawDataError) as err:
        run({"styrkort.csv": [CARD_HEADER, "Ekonomi;Mål;Annat mått;2030;0;●;↑;", cells]})
    assert err.value.path.endswith("styrkort.csv")
    assert (err.value.line, err.value.column, err.value.value) == (3, column, value)
    assert problem in err.value.problem


def test_a_repeated_or_unknown_column_is_refused(run):
    with pytest.raises(RawDataError, match="duplicate row"):
        run({"styrkort.csv": [CARD_HEADER, "Ekonomi;Mål;Mått;2030;0;●;↑;", "Ekonomi;Mål;Mått;2030;1;▲;↑;"]})
    with pytest.raises(RawDataError, match="unknown column") as err:
        run({"uppdrag.csv": ["Avsnitt;Uppdrag;Avser år;Status;Ansvarig", "Uppdrag;A;2030;pågår;X"]})
    assert err.value.column == "Ansvarig"
    with pytest.raises(RawDataError, match="missing required column"):
        run({"uppdrag.csv": ["Avsnitt;Uppdrag;Avser år", "Uppdrag;A;2030"]})


def test_words_and_stable_codes_are_accepted_for_symbols(run):
    card = [CARD_HEADER, "Ekonomi;M;A;2030;0;delvis uppnått;↓;", "Ekonomi;M;B;2030;0;achieved;→;"]
    facts = run({"styrkort.csv": card}).facts
    fulfilment = facts[facts["measure"] == "fulfilment"].set_index("item")
    assert fulfilment.loc["A", "value"] == 0.5 and fulfilment.loc["A", "original_value"] == "delvis uppnått"
    assert fulfilment.loc["B", "value"] == 1.0 and fulfilment.loc["B", "original_value"] == "achieved"
