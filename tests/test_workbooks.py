"""The chapters' tables in Excel (``reports/<year>/<chapter>.xlsx``) and the key figures of
all years (``reports/nyckeltal.xlsx``/``.csv``), opened again with openpyxl."""

from __future__ import annotations

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
    target = workbook.write_workbook(tables, tmp_path / "c.xlsx", "Källa", lambda label: "2019/x.csv:2")
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
    assert workbook.sheet_name("a/b: c?", used) == "a b  c"
    long = "x" * 40
    assert workbook.sheet_name(long, used) == "x" * 31 and workbook.sheet_name(long, used) == "x" * 27 + " (2)"


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
    sheet = book["Utfall mot budget per kostnadsl"]  # the heading, cut to Excel's 31 characters
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
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
