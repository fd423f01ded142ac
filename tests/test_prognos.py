"""The division's own full-year forecast ``prognos.csv``: a small file read in both encodings
to the öre, each malformed version refused with file, line, column and value (nothing
written), and a changed file making its year stale."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from analysis.exceptions import RawDataError
from analysis.facts.freshness import raw_checksums, staleness
from analysis.facts.pipeline import clean, load_table
from analysis.facts.sources.division_forecast.prognos import STEM, TABLE_COLUMNS
from analysis.facts.sources.hr.statistics import HEADER as HR_HEADER
from analysis.facts.sources.yearfolders import input_files

HEAD = "Period;Nivå;Namn;Prognos (kr);Kommentar"
ROWS = [
    "202104;Kostnadsslag;Personalkostnader;95 000 000,50;lönerevision i april",
    "202104;Kostnadslag;mt service  och underhåll;19\u00a0123\u00a0456,78 kr;",
    "202104;Verksamhetsområde;15 Medicinsk Teknik;-1 234,05;intäkter över kostnader",
    "202108;kostnadsslag;Personalkostnader;96000000;",
    "202108;Verksamhetsområde;15 Medicinsk Teknik;2 000 000;",
]


def write(raw: Path, lines: list[str], header: str = HEAD, encoding: str = "utf-8", year: int = 2021) -> Path:
    target = raw / str(year) / "prognos.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(("\r\n".join([header, *lines]) + "\r\n").encode(encoding))
    return target


def cleaned(tmp_path: Path, lines: list[str], **kw):
    raw = tmp_path / "raw"
    write(raw, lines, **kw)
    return clean(raw_dir=raw, processed_dir=tmp_path / "processed")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_a_good_file_is_read_to_the_ore(tmp_path, encoding):
    result = cleaned(tmp_path, ROWS, encoding=encoding)
    table = load_table(STEM, [2021], tmp_path / "processed", tmp_path / "raw")
    assert list(table.columns) == list(TABLE_COLUMNS) and len(table) == 5
    assert table["period"].tolist() == [202104, 202104, 202104, 202108, 202108]
    assert table["month"].tolist() == [4, 4, 4, 8, 8] and (table["report_year"] == 2021).all()
    assert table["level"].tolist() == ["cost_type", "cost_type", "business_area", "cost_type", "business_area"]
    # a cost type as kontoplan.csv spells it; a business area as written
    assert table["name"].tolist()[:3] == ["Personalkostnader", "MT service och underhåll", "15 Medicinsk Teknik"]
    assert table["forecast_msek"].tolist() == pytest.approx(
        [95.0000005, 19.12345678, -0.00123405, 96.0, 2.0], abs=1e-12
    )
    assert table["comment"].tolist()[:3] == ["lönerevision i april", "", "intäkter över kostnader"]
    assert table["source"].tolist()[0] == "2021/prognos.csv:2" and table["source"].tolist()[-1] == "2021/prognos.csv:6"
    record = result.raw_files.set_index("file").loc["2021/prognos.csv"]
    data = (tmp_path / "raw" / "2021" / "prognos.csv").read_bytes()
    assert record["table"] == STEM and record["rows"] == 5 and record["sha256"] == hashlib.sha256(data).hexdigest()
    assert record["encoding"] == encoding
    assert result.facts.empty and result.findings[result.findings["source"].str.contains("prognos")].empty


def test_the_comment_column_is_optional_and_the_columns_in_any_order(tmp_path):
    lines = ["Personalkostnader;202104;95 000 000,50;Kostnadsslag", "PC-utrullning;202104;0;kostnadsslag"]
    cleaned(tmp_path, lines, header="Namn;Period;Prognos (kr);Nivå")
    table = load_table(STEM, 2021, tmp_path / "processed", tmp_path / "raw")
    assert table["comment"].tolist() == ["", ""] and table["forecast_msek"].tolist() == [95.0000005, 0.0]
    assert table["name"].tolist() == ["Personalkostnader", "PC-utrullning"]


def test_a_year_without_the_file_has_none_of_its_rows(tmp_path):
    raw, processed = tmp_path / "raw", tmp_path / "processed"
    write(raw, ROWS)
    hr = raw / "2020" / "personal.csv"
    hr.parent.mkdir(parents=True)
    hr.write_text(";".join(HR_HEADER) + "\n202012;A;K;30–49 år;6;0;600;30;10;550;4;160;1\n", encoding="utf-8")
    clean(raw_dir=raw, processed_dir=processed)
    assert load_table(STEM, [2020], processed, raw).empty
    assert list(load_table(STEM, [2020], processed, raw).columns) == list(TABLE_COLUMNS)
    assert set(load_table(STEM, None, processed, raw)["report_year"]) == {2021}


ROW = "202104;Kostnadsslag;Personalkostnader;95 000 000;"
HEADER = "Period;Nivå;Namn;Prognos (kr);Kommentar"
BAD = [
    # header, body, line, column, value, words
    (HEADER + ";Konto", ROW + ";5010", 1, "Konto", HEADER + ";Konto", "unknown column"),
    ("Period;Nivå;Prognos (kr)", "202104;Kostnadsslag;1 000", 1, "Namn", "Period;Nivå;Prognos (kr)", "missing column"),
    (HEADER, ROW.replace("202104", ""), 2, "Period", "", "empty cell"),
    (HEADER, ROW.replace("Kostnadsslag", " "), 2, "Nivå", " ", "empty cell"),
    (HEADER, ROW.replace("Personalkostnader", ""), 2, "Namn", "", "empty cell"),
    (HEADER, ROW.replace("95 000 000", ""), 2, "Prognos (kr)", "", "empty cell"),
    (HEADER, ROW.replace("202104", "2021-04"), 2, "Period", "2021-04", "YYYYMM"),
    (HEADER, ROW.replace("202104", "202113"), 2, "Period", "202113", "YYYYMM"),
    (HEADER, ROW.replace("202104", "202012"), 2, "Period", "202012", "outside the folder's year 2021"),
    (HEADER, ROW.replace("Kostnadsslag", "Konto"), 2, "Nivå", "Konto", "Kostnadsslag or Verksamhetsområde"),
    (HEADER, ROW.replace("Personalkostnader", "Lokalkostnader"), 2, "Namn", "Lokalkostnader", "unknown cost type"),
    (HEADER, ROW.replace("95 000 000", "nittiofem"), 2, "Prognos (kr)", "nittiofem", "not a number"),
    (HEADER, ROW.replace("95 000 000", "95.000.000"), 2, "Prognos (kr)", "95.000.000", "not a number"),
    (HEADER, ROW.replace("95 000 000", "95 mnkr"), 2, "Prognos (kr)", "95 mnkr", "in kr"),
    (HEADER, ROW.replace("95 000 000", "1.234"), 2, "Prognos (kr)", "1.234", "two decimals"),
    (HEADER, ROW.replace("95 000 000", "-95 000 000"), 2, "Prognos (kr)", "-95 000 000", "negative"),
    (HEADER, ROW + "\r\n" + ROW.replace("Personal", "personal"), 3, "Namn", "Personalkostnader", "line 2"),
]


@pytest.mark.parametrize("header, body, line, column, value, words", BAD, ids=[f"{b[5]}-{b[4]}" for b in BAD])
def test_a_malformed_file_is_refused_with_file_line_column_and_value(
    tmp_path, header, body, line, column, value, words
):
    with pytest.raises(RawDataError) as err:
        cleaned(tmp_path, body.split("\r\n"), header=header)
    assert err.value.path.endswith("2021/prognos.csv") and err.value.line == line
    assert (err.value.column, err.value.value) == (column, value) and words in str(err.value)
    assert f"line {line}" in str(err.value) and repr(column) in str(err.value)
    assert not (tmp_path / "processed").exists() or not any((tmp_path / "processed").glob("*.parquet"))


def test_a_long_row_is_refused_by_the_reader(tmp_path):
    with pytest.raises(RawDataError, match="long row") as err:
        cleaned(tmp_path, [ROW + ";extra"])
    assert err.value.path.endswith("2021/prognos.csv") and err.value.line == 2


def test_a_changed_file_changes_the_checksums_and_cleans_the_year_again(tmp_path):
    raw, processed = tmp_path / "raw", tmp_path / "processed"
    path = write(raw, ROWS)
    assert input_files(2021, raw) == {"2021/prognos.csv": path}
    before = raw_checksums(2021, raw)
    clean(raw_dir=raw, processed_dir=processed)
    assert staleness(2021, raw, processed) is None
    write(raw, [ROWS[0].replace("95 000 000,50", "97 500 000")])
    assert raw_checksums(2021, raw)["2021/prognos.csv"] != before["2021/prognos.csv"]
    assert staleness(2021, raw, processed).changed == 1
    table = load_table(STEM, [2021], processed, raw)  # cleaned again first
    assert table["forecast_msek"].tolist() == [97.5]
    assert pd.read_csv(processed / "raw_files.csv").set_index("file").loc["2021/prognos.csv", "rows"] == 1


def test_the_readme_example_reads_as_the_readme_says(tmp_path):
    text = (Path(__file__).resolve().parents[1] / "data" / "raw" / "README.md").read_text(encoding="utf-8")
    section = text.split("## Prognos (`prognos.csv`)", 1)[1].split("\n## ", 1)[0]
    lines = section.split("```\n", 2)[1].strip().splitlines()
    cleaned(tmp_path, lines[1:], header=lines[0], encoding="cp1252")
    table = load_table(STEM, [2021], tmp_path / "processed", tmp_path / "raw")
    assert len(table) == 5 and table["forecast_msek"].iloc[1] == pytest.approx(17.2500005, abs=1e-12)
    assert table["source"].iloc[1] == "2021/prognos.csv:3" and table["comment"].iloc[4] == "Sterilteknik över budget"
