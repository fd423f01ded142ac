"""The chapters' tables in Excel (``reports/<year>/<chapter>.xlsx``) and the key figures of
all years (``reports/nyckeltal.xlsx``/``.csv``), opened again with openpyxl."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from analysis.publishing.downloads import workbook
from analysis.publishing.pages.page_tables import page_tables

PAGE = """<main><h2>Kostnader</h2><table class="chapter-table"><caption>Kostnader per kostnadslag, mnkr</caption>
<thead><tr><th>Post</th><th>Utfall</th><th>Andel, %</th></tr></thead><tbody>
<tr><th scope="row">=HYPERLINK("http://example.invalid","klicka")</th><td>1&nbsp;234,5</td><td>43,6</td></tr>
<tr><th scope="row">@SUM(A1)</th><td>-3</td><td>–</td></tr>
</tbody></table>
<details class="chart-values"><table class="chart-values"><thead><tr><th>x</th></tr></thead>
<tbody><tr><td>1</td></tr></tbody></table></details>
</main>"""


def test_numbers_are_numbers_and_formula_text_stays_text(tmp_path):
    tables = page_tables(PAGE)
    assert [t.title for t in tables] == ["Kostnader"]  # a chart's values are not a table of the chapter
    target = workbook.write_workbook(tables, tmp_path / "c.xlsx", "Källa", lambda label, numbers: "2019/x.csv:2")
    sheet = load_workbook(target)["Kostnader"]
    assert [c.value for c in sheet[1]] == ["Post", "Utfall (mnkr)", "Andel, %", "Källa"]
    first = sheet[2]
    assert first[0].value == '=HYPERLINK("http://example.invalid","klicka")' and first[0].data_type == "s"
    assert first[0].quotePrefix and sheet["A3"].data_type == "s"
    assert first[1].value == 1234.5 and first[1].number_format == "#,##0.0"
    assert first[2].value == 43.6 and first[3].value == "2019/x.csv:2"
    assert sheet["B3"].value == -3 and sheet["C3"].value is None
    for row in sheet.iter_rows():
        assert all(c.data_type != "f" for c in row)


def test_parse_number_reads_swedish_print():
    assert workbook.parse_number("-4,8 mnkr") == (-4.8, 1, "mnkr")
    assert workbook.parse_number("+42 %") == (42.0, 0, "%")
    assert workbook.parse_number("−5 †") == (-5.0, 0, "")
    assert workbook.parse_number("2019/x.csv:2") is None


def test_sheet_names_are_valid_and_unique():
    used: set[str] = set()
    assert workbook.sheet_name("a/b: c?", used) == "a b, c"
    long = "x" * 40  # one word longer than Excel allows: the only name that is cut inside a word
    assert workbook.sheet_name(long, used) == "x" * 31 and workbook.sheet_name(long, used) == "x" * 29 + " 2"


HYPERLINK = '=HYPERLINK("http://example.invalid/x","PC-utrullning")'


@pytest.mark.notebooks
def test_a_built_chapter_workbook_holds_the_facts_and_a_formula_label_as_text(tmp_path):
    """2019's cost chapter built from a copy of the shipped exports whose cost-type table
    labels a row with an ``=HYPERLINK(…)`` formula: the workbook's numbers are the facts'
    values, the label arrives as a string cell, and no cell is a formula."""
    from analysis.facts.pipeline import load_facts
    from analysis.publishing.batch.build import run_batch

    from conftest import copy_shipped_raw

    raw = copy_shipped_raw(tmp_path / "raw")
    export = raw / "2019" / "kostnader_per_kostnadslag.csv"
    text = export.read_bytes().decode("cp1252")
    quoted = '"' + HYPERLINK.replace('"', '""') + '"'
    export.write_bytes(text.replace("\nPC-utrullning;", f"\n{quoted};").encode("cp1252"))
    results = run_batch(
        years=[2019],
        chapters=["cost_development"],
        raw_dir=raw,
        processed_dir=tmp_path / "processed",
        reports_dir=tmp_path / "reports",
    )
    assert all(r.ok for r in results), [(r.chapter, r.error) for r in results]
    book = load_workbook(tmp_path / "reports" / "2019" / "cost_development.xlsx")
    assert all(c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row)
    sheet = book["Utfall mot budget"]  # the heading in whole words within Excel's 31 characters
    rows = {row[0].value: row for row in table_rows(sheet)}
    assert rows[HYPERLINK][0].data_type == "s" and rows[HYPERLINK][0].quotePrefix
    facts = load_facts([2019], tmp_path / "processed", raw)
    outcome = facts[
        (facts["table"] == "costs_by_cost_type") & (facts["measure"] == "outcome") & (facts["year"] == 2019)
    ]
    expected = dict(zip(outcome["item"], outcome["value"]))
    assert HYPERLINK in expected
    assert {label: row[1].value for label, row in rows.items()} == pytest.approx(expected)
    assert rows["Personalkostnader"][1].number_format == "#,##0"
    header = [c.value for c in sheet[1]]
    assert "mnkr" in header[1] and header[-1] == "Källa"
    assert rows["Personalkostnader"][-1].value.startswith("2019/kostnader_per_kostnadslag.csv:")


def table_rows(sheet):
    """The rows of a sheet's table: from row 2 to the empty row above its notes."""
    for row in sheet.iter_rows(min_row=2):
        if all(c.value is None for c in row):
            return
        yield row


def below_table(sheet) -> list[str]:
    """The texts below a sheet's table: its title, caption and footnotes."""
    rows = list(sheet.iter_rows(min_row=2))
    end = next((i for i, row in enumerate(rows) if all(c.value is None for c in row)), len(rows))
    return [str(c.value) for row in rows[end:] for c in row if c.value is not None]


#: The long headings and captions of the shipped pages (Excel allows 31 characters).
TITLES = [
    "Utfall mot budget per kostnadslag",
    "Utfall mot budget per verksamhetsområde",
    "Avvikelser som rapportens text förklarar",
    "Resultat per verksamhetsområde (VO) över åren",
    "Utfall på tidigare års och årets beslut",
    "Investeringsärenden: genomförda mot planerade",
    "Verksamhetsområdet VO Medicinsk Teknik",
    "Tillväxt jämfört med andra kostnadsslag",
    "Sjukfrånvaro för kvinnor och män",
    "Kontroller av summor och avvikelser",
]


def _whole_words(name: str, title: str) -> bool:
    words = {w.strip(",").casefold() for w in title.replace(":", " ").split()} | {"vo", "&", "mot"}
    return all(w.strip(",").casefold() in words for w in name.split())


def test_sheet_names_are_whole_words_within_31_characters():
    used: set[str] = set()
    for title in TITLES:
        name = workbook.sheet_name(title, used)
        assert len(name) <= 31 and name == name.strip() and _whole_words(name, title), (title, name)
    assert workbook.sheet_name("Sjukfrånvaro för kvinnor och män", set()) == "Sjukfrånvaro för kvinnor & män"
    assert workbook.sheet_name("Tillväxt jämfört med andra kostnadsslag", set()) == "Tillväxt mot andra kostnadsslag"
    assert workbook.sheet_name("Avvikelser som rapportens text förklarar", set()) == "Avvikelser som rapportens text"
    # the same heading twice: the second is named by its caption's words, not "(2)"
    used = set()
    assert workbook.sheet_name("Över åren", used) == "Över åren"
    second = workbook.sheet_name("Över åren", used, "Förändring mellan år i följd (härlett)")
    assert second == "Över åren, förändring mellan år"


UNITS_PAGE = """<main><h2>MT i siffror</h2><table class="chapter-table"><caption>Kostnadsslaget MT</caption>
<thead><tr><th>Uppgift</th><th>År</th><th>Värde</th><th>Källa (fil:rad)</th></tr></thead><tbody>
<tr><th scope="row">Utfall</th><td>2019</td><td>19,0 mnkr</td><td>2019/k.csv:5</td></tr>
<tr><th scope="row">Andel</th><td>2019</td><td>8,7 %</td><td>härlett</td></tr>
<tr><th scope="row">Övertid</th><td>2017</td><td>1 880 h</td><td>2017/n.csv:20</td></tr>
<tr><th scope="row">Övertid</th><td>2017</td><td>förändring -40 % mot 2016</td><td>2017/n.csv:21</td></tr>
<tr><th scope="row">Saknas</th><td>–</td><td>–</td><td></td></tr>
</tbody></table></main>"""


def test_one_unit_per_column_years_as_integers_numbers_as_numbers(tmp_path):
    target = workbook.write_workbook(page_tables(UNITS_PAGE), tmp_path / "u.xlsx", "Källa", None)
    sheet = load_workbook(target)["MT i siffror"]
    header = [c.value for c in sheet[1]]
    assert header == ["Uppgift", "År", "Värde (mnkr)", "Värde (%)", "Värde (h)", "Värde, avser", "Källa (fil:rad)"]
    rows = [[c.value for c in row] for row in table_rows(sheet)]
    assert rows[0][:6] == ["Utfall", 2019, 19.0, None, None, None]
    assert rows[1][:6] == ["Andel", 2019, None, 8.7, None, None]
    assert rows[2][:6] == ["Övertid", 2017, None, None, 1880.0, None]
    assert rows[3][:6] == ["Övertid", 2017, None, -40.0, None, "förändring mot 2016"]
    assert rows[4][:6] == ["Saknas", None, None, None, None, None]
    assert sheet["B2"].number_format == "0" and sheet["C2"].number_format == "#,##0.0"
    assert sheet["E4"].number_format == "#,##0"
    assert "Kostnadsslaget MT" in below_table(sheet)  # the caption the sheet's name does not say


def test_a_number_inside_a_sentence_stays_text():
    assert workbook.parse_qualified("förändring -40 % mot 2016") == (-40.0, 0, "%", "förändring mot 2016")
    assert workbook.parse_qualified("Resultat -4,8 mnkr (mål 0,0 mnkr)") is None  # two numbers: a sentence
    assert workbook.parse_qualified("December 2019") is None  # no unit
    assert workbook.parse_qualified("19,0 mnkr") is None  # a plain number


NOTES_PAGE = """<main><h2>Kostnader</h2><table class="chapter-table"><thead><tr><th>Post</th><th>Avvikelse</th>
<th>Andel, %**</th></tr></thead><tbody>
<tr><th scope="row">MT</th><td>-5 †</td><td>8,7</td></tr><tr><th scope="row">Totalt</th><td>-5 †</td><td>–</td></tr>
</tbody></table>
<div><p>** Härlett: andel = utfall / utfall Totalt × 100.</p></div><p>Ett stycke utan markör.</p>
<p>* Ingen cell bär denna markör.</p><p>† Den tryckta avvikelsen stämmer inte.</p>
<h3>Nästa avsnitt</h3><p>† Hör till nästa avsnitt.</p></main>"""


def test_footnotes_are_written_out(tmp_path):
    (table,) = page_tables(NOTES_PAGE)
    share, printed = "** Härlett: andel = utfall / utfall Totalt × 100.", "† Den tryckta avvikelsen stämmer inte."
    assert table.notes == [share, printed]  # not the paragraph without a marker, nor one after the next heading
    sheet = load_workbook(workbook.write_workbook([table], tmp_path / "n.xlsx", "Källa", None))["Kostnader"]
    assert below_table(sheet) == table.notes
    assert sheet["B2"].value == -5 and sheet["B2"].comment.text == "† Den tryckta avvikelsen stämmer inte."
    assert sheet["C1"].comment.text.startswith("** Härlett")


def test_column_widths_fit_their_content(tmp_path):
    label = "Avskrivningar och internräntekostnader (del av VO 17)"
    page = f"""<main><h2>T</h2><table><thead><tr><th>Post</th><th>Utfall</th><th>Text</th></tr></thead><tbody>
<tr><th scope="row">{label}</th><td>1 234,5</td><td>{"ord " * 30}</td></tr></tbody></table></main>"""
    sheet = load_workbook(workbook.write_workbook(page_tables(page), tmp_path / "w.xlsx", "Källa", None))["T"]
    widths = {k: v.width for k, v in sheet.column_dimensions.items()}
    assert widths["A"] >= len(label) and widths["B"] <= 12 and widths["C"] == workbook.MAX_WIDTH
    assert sheet["C2"].alignment.wrap_text


def _facts():
    import pandas as pd

    def fact(table, item, measure, value, source, year=2019, unit="MSEK"):
        return dict(report_year=year, table=table, item=item, measure=measure, value=value, unit=unit,
                    source=source, derived=False, note="")  # fmt: skip

    return pd.DataFrame(
        [
            fact("costs_by_cost_type", "Avskrivningskostnader", "outcome", 19.0, "2019/k.csv:3"),
            fact("costs_by_cost_type", "MT service och underhåll", "outcome", 19.0, "2019/k.csv:5"),
            fact("costs_by_cost_type", "Totalt", "outcome", 218.0, "2019/k.csv:7"),
            fact("costs_by_cost_type", "Totalt", "budget", 211.0, "2019/k.csv:7"),
            fact("investments", "Totalt", "frame", 82.0, "2019/i.csv:11"),
            fact("investments", "Totalt", "outcome", 70.5, "2019/i.csv:11"),
            fact("sick_leave", "Totalt", "percent", 4.0, "2019/s.csv:4", unit="percent"),
            fact("key_figures", "Totalt", "outcome", 70.5, "2019/n.csv:9"),
            fact("result_by_business_area", "Totalt", "outcome", 8.68977, "2017/r.csv:9", year=2017),
        ]
    )


def test_a_row_cites_the_line_with_its_item_and_its_numbers():
    from analysis.publishing.downloads.sources import Sources

    sources = Sources(None)
    sources._facts = _facts()
    assert sources.of_row(2019, "Totalt", [(218.0, 0), (211.0, 0), (-5.0, 0)]) == "2019/k.csv:7"
    assert sources.of_row(2019, "Totalt", [(82.0, 1), (70.5, 1)]) == "2019/i.csv:11"  # the table's, not the text's
    assert sources.of_row(2019, "Totalt", [(4.0, 1)]) == "2019/s.csv:4"
    assert sources.of_row(2019, "Totalt", [(-8.7, 1)]) == "2017/r.csv:9"  # another report's, shown as −value
    assert sources.of_row(2019, "Totalt", [(152.58, 2)]) == ""  # a derived total: no line holds it
    assert sources.of_value(2019, 19.0, "MSEK", item="MT service och underhåll") == "2019/k.csv:5"
    assert sources.of_value(2019, 19.0, "MSEK", label="MT utfall (som rapporterat)") == "2019/k.csv:5"


def _built_sheets(built):
    for path in sorted(built.reports.glob("*/*.xlsx")):
        for sheet in load_workbook(path).worksheets:
            yield f"{path.parent.name}/{path.name} {sheet.title!r}", path, sheet


@pytest.mark.notebooks
def test_built_workbooks_a_controller_can_pass_on(built_reports):
    """Every workbook of both shipped years: sheet names of whole words within 31 characters,
    unique, none numbered; widths fitted; years plain integers; no number stored as text."""
    from analysis.publishing.pages.page_tables import page_tables as tables_of

    years = {"år", "rapport", "fortsätter år", "avser år"}
    for path in sorted(built_reports.reports.glob("*/*.xlsx")):
        book = load_workbook(path)
        tables = tables_of(path.with_suffix(".html").read_text(encoding="utf-8"))
        titles = [t.title for t in tables if t.header and t.rows]
        names = [s.title for s in book.worksheets]
        assert len({n.lower() for n in names}) == len(names), (path, names)
        for name, title in zip(names, titles, strict=True):
            assert len(name) <= 31 and name == name.strip() and not re.search(r"( \(\d+\)| \d)$", name), name
            assert _whole_words(name.split(", ")[0], title), (path.name, name, title)
    for where, _path, sheet in _built_sheets(built_reports):
        header = [str(c.value or "") for c in sheet[1]]
        rows = list(table_rows(sheet))
        for i, head in enumerate(header):
            cells = [r[i] for r in rows if r[i].value is not None]
            longest = max((len(workbook._shown(c)) for c in cells), default=0)
            width = sheet.column_dimensions[sheet.cell(1, i + 1).column_letter].width
            assert width >= min(longest, workbook.MAX_WIDTH), (where, head, width, longest)
            if head.casefold() in years:
                assert all(isinstance(c.value, int) and c.number_format == "0" for c in cells), (where, head)
            texts = [c.value for c in cells if isinstance(c.value, str)]
            numbers = [v for v in texts if workbook.parse_number(v) or workbook.parse_qualified(v)]
            assert not numbers or len(numbers) < len(texts), (where, head, numbers)  # a text column may hold one


@pytest.mark.notebooks
def test_built_workbooks_one_unit_per_column_and_footnotes_written_out(built_reports):
    from analysis.publishing.pages.page_tables import page_tables as tables_of

    mt = load_workbook(built_reports.reports / "2019" / "mt_maintenance_growth.xlsx")["MT i siffror"]
    header = [c.value for c in mt[1]]
    assert header[1:3] == ["Värde (mnkr)", "Värde (%)"]
    values = {r[0].value: (r[1].value, r[2].value) for r in table_rows(mt)}
    assert values["Utfall 2019"] == (19.0, None) and values["Andel av divisionens totala kostnader"] == (None, 8.7)
    staff = load_workbook(built_reports.reports / "2019" / "staff.xlsx")["Övertid och extratid"]
    overtime = [[c.value for c in r] for r in table_rows(staff)]
    assert overtime[0][:3] == [2016, "Övertid", 3128] and overtime[2][3:5] == [-40, "förändring mot 2016"]
    for path in sorted(built_reports.reports.glob("*/*.xlsx")):
        tables = [t for t in tables_of(path.with_suffix(".html").read_text(encoding="utf-8")) if t.header and t.rows]
        for table, sheet in zip(tables, load_workbook(path).worksheets, strict=True):
            written = below_table(sheet)
            assert set(table.notes) <= set(written), (path.name, sheet.title, table.notes)
            for text in [str(c.value) for c in sheet[1]] + [str(c.value) for r in table_rows(sheet) for c in r]:
                mark = workbook.marker(text)
                assert not mark or any(n.startswith(mark + " ") for n in written), (path.name, sheet.title, text)
    cost = load_workbook(built_reports.reports / "2019" / "cost_development.xlsx")["Utfall mot budget"]
    assert any(n.startswith("** Härlett") for n in below_table(cost))
    assert cost["D5"].comment is not None and cost["D5"].comment.text.startswith("†")  # MT: -5 †


@pytest.mark.notebooks
def test_key_figures_download_in_swedish_rounded_as_shown(built_reports):
    import csv
    import io

    from analysis.publishing.downloads.key_figures import COLUMNS
    from analysis.texts import t

    text = (built_reports.reports / "nyckeltal.csv").read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == [t(f"download.col.{c}", "sv") for c in COLUMNS]
    assert not {"year", "chapter", "key", "label", "value", "unit", "derived", "source"} & set(rows[0])
    by = {(r[0], r[2]): dict(zip(COLUMNS, r)) for r in rows[1:]}
    assert {r["unit"] for r in by.values()} <= {"mnkr", "%", "st", "h", "procentenheter", ""}
    assert {r["kind"] for r in by.values()} == {"rapporterat", "härlett"}
    assert all("_" not in r["chapter"] for r in by.values())
    assert by[("2019", "utilisation_total_percent")]["value"] == "86,0"
    assert by[("2019", "utilisation_total_percent")]["full_value"] == "85,97560975609755"
    assert by[("2017", "mt_outcome_msek")]["value"] == "-10,5"
    assert by[("2019", "mt_outcome_msek")]["item"] == "MT service och underhåll"
    sheet = load_workbook(built_reports.reports / "nyckeltal.xlsx").active
    assert [c.value for c in sheet[1]] == rows[0]
    cells = {(r[0].value, r[2].value): r for r in sheet.iter_rows(min_row=2)}
    value = cells[(2019, "utilisation_total_percent")][4]
    assert value.value == 86.0 and value.number_format == "#,##0.0"
    assert cells[(2019, "utilisation_total_percent")][5].value == pytest.approx(85.97560975609755)
