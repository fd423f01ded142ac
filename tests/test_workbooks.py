"""The chapters' tables in Excel (``reports/<year>/<chapter>.xlsx``) and the key figures of
all years (``reports/nyckeltal.xlsx``/``.csv``), opened again with openpyxl."""

from __future__ import annotations

from openpyxl import load_workbook

from analysis.publishing import workbook

PAGE = """<main><h2>Kostnader</h2><table class="chapter-table"><caption>Kostnader per kostnadslag, mnkr</caption>
<thead><tr><th>Post</th><th>Utfall</th><th>Andel, %</th></tr></thead><tbody>
<tr><th scope="row">=HYPERLINK("http://example.invalid","klicka")</th><td>1&nbsp;234,5</td><td>43,6</td></tr>
<tr><th scope="row">@SUM(A1)</th><td>-3</td><td>–</td></tr>
</tbody></table>
<details class="chart-values"><table class="chart-values"><thead><tr><th>x</th></tr></thead>
<tbody><tr><td>1</td></tr></tbody></table></details>
</main>"""


def test_numbers_are_numbers_and_formula_text_stays_text(tmp_path):
    tables = workbook.page_tables(PAGE)
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
