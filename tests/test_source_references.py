"""Every source reference in the downloads points at the row it names.

Each ``<year>/<file>.csv:<line>`` in the chapter workbooks (``reports/<year>/<chapter>.xlsx``)
and in ``reports/nyckeltal.csv`` is opened in the raw exports the build read: the file must
exist, the line must be a data line, the line's item (its first column that is not a
grouping column such as ``Överordnad``) must be the item the row names, and the line must hold
one of the row's numbers as the row shows it (rounded as shown; ``kr`` and ``tkr`` lines in
mnkr; a net cost shown as −(printed value) also counts; ``nästa år`` in a line of report
year Y is Y + 1). A reference of a derived row (one of its texts begins ``härlett``, such as
``härlett: … (2017/nyckeltal.csv:3 → 2019/nyckeltal.csv:2)``) names an input of the derived
figure: its item is checked, not its value.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

REF = re.compile(r"\b(\d{4})/([\w.\-]+\.csv):(\d+)\b")
_NUMBER = re.compile(r"^([+\-−]?)(\d[\d\s\u00a0\u202f]*)(?:,(\d+))?\s*(%|mnkr|mkr|tkr|kr|h|st)?$")
#: Columns of an export that group its lines rather than name their item.
GROUPING = ("överordnad", "avsnitt")
#: ``kr`` and ``tkr`` lines as the downloads show them (mnkr).
SCALES = (1.0, 1e-3, 1e-6)


def _read(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _number(text: str) -> tuple[float, int] | None:
    """A Swedish number of an export or a CSV download (``8 689 770``, ``-4,8``, ``2,4%``)."""
    match = _NUMBER.match(str(text).strip())
    if not match:
        return None
    sign, whole, decimals, _unit = match.groups()
    value = float(re.sub(r"\D", "", whole) + ("." + decimals if decimals else ""))
    return (-value if sign in ("-", "−") else value), len(decimals or "")


def _norm(text: str) -> str:
    text = re.sub(r"^[–-]\s+", "", str(text).replace("\u00a0", " ").strip())
    return " ".join(re.sub(r"\s*[*†‡]+$", "", text).casefold().split())


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"\w+", str(text).casefold()) if len(w) >= 2}


def _names_item(item: str, texts: list[str], context: list[str]) -> bool:
    """The row names ``item``: one of its texts is the item or holds it as whole words, or
    (a row of years or measures under a heading that names the item) every word of the
    item is in the row, its headers or the sheet's title, caption and notes."""
    wanted = _norm(item)
    if not wanted:
        return False
    for text in map(_norm, texts):
        if text == wanted or re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", text):
            return True
    return _stems(item) <= _stems(" ".join([*texts, *context]))


def _holds(fields: list[str], numbers: list[tuple[float, int]], year: int) -> bool:
    """One of the row's numbers (value, decimals shown) is one of the line's, as shown."""
    found = [n[0] for n in map(_number, fields) if n] + [year + 1 for f in fields if _norm(f) == "nästa år"]
    for shown, decimals in numbers:
        tolerance = 0.5 * 10**-decimals + 1e-9
        for value in found:
            for scale in SCALES:
                if abs(value * scale - shown) <= tolerance or (shown and abs(-value * scale - shown) <= tolerance):
                    return True
    return False


def check(raw: Path, ref: re.Match, texts: list[str], numbers, context: list[str], formula: bool) -> str | None:
    """None when the reference points at a line with the row's item (and number); else why not."""
    year, name, line = ref.group(1), ref.group(2), int(ref.group(3))
    path = raw / year / name
    if not path.is_file():
        return f"{ref.group(0)}: no such export"
    lines = _read(path)
    if not 2 <= line <= len(lines):
        return f"{ref.group(0)}: the export has data lines 2–{len(lines)}"
    header, fields = lines[0], lines[line - 1]
    column = next((i for i, h in enumerate(header) if not _norm(h).startswith(GROUPING)), 0)
    item = fields[column] if column < len(fields) else ""
    if not _names_item(item, texts, context):
        return f"{ref.group(0)} holds {item!r}, which the row {texts} does not name"
    if numbers and not formula and not _holds(fields, numbers, int(year)):
        return f"{ref.group(0)} ({';'.join(fields)}) holds none of the row's numbers {numbers}"
    return None


def _decimals(cell) -> int:
    fmt = str(cell.number_format)
    if "." in fmt:
        return len(fmt.partition(".")[2].rstrip("#"))
    if fmt in ("0", "#,##0") or float(cell.value).is_integer():
        return 0
    return len(repr(float(cell.value)).partition(".")[2])


def workbook_rows(path: Path):
    """(sheet, texts, numbers, context) of every row of every table in a workbook."""
    from openpyxl import load_workbook

    for sheet in load_workbook(path).worksheets:
        rows = list(sheet.iter_rows())
        header = [str(c.value or "") for c in rows[0]]
        end = next((i for i, row in enumerate(rows) if i and all(c.value is None for c in row)), len(rows))
        below = [str(c.value) for row in rows[end:] for c in row if c.value is not None]
        for row in rows[1:end]:
            texts = [c.value for c in row if isinstance(c.value, str)]
            numbers = [
                (float(c.value), _decimals(c))
                for c in row
                if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)
            ]
            yield f"{path.parent.name}/{path.name} {sheet.title!r}", texts, numbers, [sheet.title, *header, *below]


def key_figure_rows(path: Path):
    """(where, texts, numbers, context) of every row of ``nyckeltal.csv``."""
    lines = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    for n, fields in enumerate(lines[1:], start=2):
        parsed = [_number(f) for f in fields]
        texts = [f for f, p in zip(fields, parsed) if p is None and f]
        yield f"nyckeltal.csv:{n}", texts, [p for p in parsed if p], lines[0]


def references(built) -> tuple[int, int, list[str]]:
    """(references checked, of them inputs of a derived row, what is wrong) over every download."""
    raw = built.project.raw
    rows = [r for path in sorted(built.reports.glob("*/*.xlsx")) for r in workbook_rows(path)]
    rows += list(key_figure_rows(built.reports / "nyckeltal.csv"))
    checked, inputs, wrong = 0, 0, []
    for where, texts, numbers, context in rows:
        formula = any(_norm(text).startswith(("härlett", "derived")) for text in texts)
        for text in texts:
            for ref in REF.finditer(text):
                checked, inputs = checked + 1, inputs + formula
                problem = check(raw, ref, [t for t in texts if not REF.search(t)] or texts, numbers, context, formula)
                if problem:
                    wrong.append(f"{where}: {problem}")
    return checked, inputs, wrong


@pytest.mark.notebooks
def test_every_source_reference_points_at_the_row_it_names(built_reports):
    assert all(r.ok for r in built_reports.results), [(r.chapter, r.error) for r in built_reports.results]
    checked, inputs, wrong = references(built_reports)
    print(f"source references checked: {checked} ({inputs} of them inputs of a derived row)")
    assert not wrong, f"{len(wrong)} of {checked} references do not point at their row:\n" + "\n".join(wrong)
    assert checked > 300 and inputs > 0


@pytest.mark.notebooks
def test_the_mt_outcome_and_the_totals_cite_their_own_line(built_reports):
    """The 2019 MT outcome is line 5 of the cost-type export (line 3 is depreciation), and
    each table's Totalt cites its own export's Totalt line, not the year's every Totalt."""
    from openpyxl import load_workbook

    text = (built_reports.reports / "nyckeltal.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    mt = next(r for r in rows[1:] if r[0] == "2019" and r[2] == "mt_outcome_msek")
    assert mt[-1] == "2019/kostnader_per_kostnadslag.csv:5" and mt[-2] == "MT service och underhåll"
    expected = {
        "cost_development.xlsx": "2019/kostnader_per_kostnadslag.csv:7",
        "investment_pace.xlsx": "2019/investeringar.csv:11",
        "staff.xlsx": "2019/sjukfranvaro.csv:4",
    }
    for name, line in expected.items():
        book = load_workbook(built_reports.reports / "2019" / name)
        cited = {
            row[-1].value
            for sheet in book.worksheets
            if sheet.cell(1, sheet.max_column).value == "Källa"
            for row in sheet.iter_rows(min_row=2)
            if row[0].value == "Totalt" and row[-1].value
        }
        assert line in cited and all(";" not in c for c in cited), (name, cited)
