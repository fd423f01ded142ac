"""Reading raw exports: encodings, CSV structure, XLSX (analysis.facts.sources.reading)."""

from __future__ import annotations

import hashlib

import pytest

from analysis.exceptions import RawDataError
from analysis.facts.catalog import spec_for
from analysis.facts.sources.printed.tables import clean_table
from analysis.facts.sources.reading import read_raw

COSTS = [
    "Kostnadslag (mnkr);Utfall 2030;Budget 2030;Avvikelse",
    "Personalkostnader;95;108;13",
    "Övriga kostnader;75;65;-10",
    "MT service och underhåll;19;12;-7",
    "Totalt;189;185;-4",
]


# --- encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize("encoding, reported", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252")])
def test_encodings_are_detected_and_text_is_the_same(tmp_path, write_csv, encoding, reported):
    path = write_csv(tmp_path / "kostnader_per_kostnadslag.csv", COSTS, encoding)
    raw = read_raw(path)
    assert raw.encoding == reported
    assert raw.header == ["Kostnadslag (mnkr)", "Utfall 2030", "Budget 2030", "Avvikelse"]
    assert [r.cells["Kostnadslag (mnkr)"] for r in raw.rows] == [
        "Personalkostnader",
        "Övriga kostnader",
        "MT service och underhåll",
        "Totalt",
    ]
    assert [r.line for r in raw.rows] == [2, 3, 4, 5]
    assert raw.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_bom_does_not_end_up_in_the_first_column_name(tmp_path, write_csv):
    path = write_csv(tmp_path / "resultat_per_verksamhetsomrade.csv", ["Vo;2030", "Totalt;1"], "utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    raw = read_raw(path)
    assert raw.header[0] == "Vo"
    assert "\ufeff" not in "".join(raw.header)


def test_cp1252_is_not_mistaken_for_latin1(tmp_path, write_csv):
    """Windows-1252 has characters latin-1 lacks (– en dash, € euro sign at 0x96/0x80)."""
    path = write_csv(tmp_path / "nyckeltal.csv", ["Avsnitt;Post", "Ekonomi – Resultat;Kostnad €"], "cp1252")
    raw = read_raw(path)
    assert raw.encoding == "cp1252"
    assert raw.rows[0].cells == {"Avsnitt": "Ekonomi – Resultat", "Post": "Kostnad €"}


@pytest.mark.parametrize(
    "data, line",
    [
        (b"Kostnadslag;Utfall 2030\nPersonal\x81kostnader;95\n", 2),  # 0x81: undefined in cp1252
        (b"Kostnadslag;Utfall 2030\nA;1\nB;2\nC\x8d;3\n", 4),
        (b"\xef\xbb\xbfKostnadslag;Utfall 2030\n\xc3\xb6vrigt;1\nPersonal\xf6;95\n", 3),  # BOM + bad UTF-8
    ],
)
def test_undecodable_bytes_raise_raw_data_error(tmp_path, data, line):
    path = tmp_path / "kostnader_per_kostnadslag.csv"
    path.write_bytes(data)
    with pytest.raises(RawDataError) as info:
        read_raw(path)
    err = info.value
    assert err.path == str(path)
    assert err.line == line
    assert "decode" in str(err)
    assert "kostnader_per_kostnadslag.csv" in str(err)
    assert f"line {line}" in str(err)


def test_missing_file_raises_raw_data_error(tmp_path):
    with pytest.raises(RawDataError, match="not found"):
        read_raw(tmp_path / "investeringar.csv")


# --- CSV structure ---------------------------------------------------------------------------


def test_blank_lines_are_skipped_and_line_numbers_are_file_lines(tmp_path, write_csv):
    path = write_csv(tmp_path / "x.csv", ["A;B", "a;1", "", ";", "b;2", " ; ", "c;3"])
    raw = read_raw(path)
    assert [(r.line, r.cells["A"]) for r in raw.rows] == [(2, "a"), (5, "b"), (7, "c")]


def test_windows_line_endings(tmp_path, write_csv):
    path = write_csv(tmp_path / "x.csv", ["A;B", "a;1", "b;2"], newline="\r\n")
    raw = read_raw(path)
    assert raw.header == ["A", "B"]
    assert [(r.line, r.cells) for r in raw.rows] == [(2, {"A": "a", "B": "1"}), (3, {"A": "b", "B": "2"})]


def test_header_names_are_stripped(tmp_path, write_csv):
    raw = read_raw(write_csv(tmp_path / "x.csv", [" A ;B  ", "a;1"]))
    assert raw.header == ["A", "B"]
    assert raw.rows[0].cells == {"A": "a", "B": "1"}


@pytest.mark.parametrize(
    "lines, problem, line, column, value",
    [
        ("", "file is empty", None, None, None),
        (["", "   ", ""], "file is empty", None, None, None),
        (["A,B,C", "a,1,2"], "wrong delimiter", 1, None, "A,B,C"),
        (["A\tB", "a\t1"], "wrong delimiter", 1, None, "A\tB"),
        (["A", "a"], "single column", 1, None, "A"),
        (["A;B", ""], "no data rows", None, None, None),
        (["A;B;C", "a;1;2", "b;1"], "short row", 3, "C", "b;1"),
        (["A;B;C", "a;1;2;3"], "long row", 2, None, "a;1;2;3"),
        (["A;B;A", "a;1;2"], "duplicate column name", 1, "A", None),
        (["A;;C", "a;1;2"], "empty column name", 1, None, None),
    ],
)
def test_structure_errors(tmp_path, write_csv, lines, problem, line, column, value):
    path = write_csv(tmp_path / "investeringar.csv", lines)
    with pytest.raises(RawDataError) as info:
        read_raw(path)
    err = info.value
    message = str(err)
    assert problem in message
    assert str(path) in message
    assert err.line == line
    assert err.column == column
    assert err.value == value
    if line is not None:
        assert f"line {line}" in message
    if column is not None:
        assert repr(column) in message
    if value is not None:
        assert repr(value) in message


def test_quoted_cells_may_contain_semicolons(tmp_path, write_csv):
    raw = read_raw(write_csv(tmp_path / "x.csv", ["A;B", '"a; b";1']))
    assert raw.rows[0].cells == {"A": "a; b", "B": "1"}


# --- XLSX ------------------------------------------------------------------------------------

INVESTMENTS_CSV = [
    "Typ av investering (Mkr);Av regionstyrelsen beslutad ram 2030;Utfall beslut före 2030;Utfall 2030;Summa",
    "IT;9;12;4;16",
    "MT;45;11,5;18;29,5",
    "Totalt;54;23,5;22;45,5",
]
INVESTMENTS_XLSX = [
    [
        "Typ av investering (Mkr)",
        "Av regionstyrelsen beslutad ram 2030",
        "Utfall beslut före 2030",
        "Utfall 2030",
        "Summa",
    ],
    ["IT", 9, 12, 4, 16],
    ["MT", 45, 11.5, 18, 29.5],
    ["Totalt", 54, 23.5, 22, 45.5],
]


def write_xlsx(path, rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_xlsx_cells_arrive_as_numbers(tmp_path):
    path = write_xlsx(tmp_path / "investeringar.xlsx", INVESTMENTS_XLSX)
    raw = read_raw(path)
    assert raw.encoding == "xlsx"
    assert raw.header == INVESTMENTS_XLSX[0]
    assert [r.line for r in raw.rows] == [2, 3, 4]
    assert raw.rows[1].cells["Utfall beslut före 2030"] == 11.5
    assert raw.rows[2].cells["Typ av investering (Mkr)"] == "Totalt"


def test_xlsx_gives_the_same_facts_as_the_csv(tmp_path, write_csv):
    spec = spec_for("investeringar")
    from_csv = clean_table(
        read_raw(write_csv(tmp_path / "csv" / "investeringar.csv", INVESTMENTS_CSV, "cp1252")),
        spec,
        2030,
        "2030/investeringar",
    )
    (tmp_path / "xlsx").mkdir()
    from_xlsx = clean_table(
        read_raw(write_xlsx(tmp_path / "xlsx" / "investeringar.xlsx", INVESTMENTS_XLSX)),
        spec,
        2030,
        "2030/investeringar",
    )
    assert len(from_csv) == 3 * 4
    # The printed text differs ("11,5" in the CSV, the number 11.5 in Excel); all else is equal.
    cols = [c for c in from_csv.columns if c != "original_value"]
    assert from_xlsx[cols].equals(from_csv[cols])
    totals = from_xlsx[from_xlsx["item"] == "Totalt"].set_index("measure")["value"]
    assert totals.to_dict() == {
        "frame": 54.0,
        "outcome_prior_decisions": 23.5,
        "outcome_current_decisions": 22.0,
        "outcome": 45.5,
    }


def test_xlsx_trailing_empty_cells_and_rows_are_ignored(tmp_path):
    rows = [
        ["Kostnadslag (mnkr)", "Utfall 2030", "Budget 2030", "Avvikelse", None],
        ["Personal", 95, 108, 13, None],
        [None, None, None, None, None],
        ["Totalt", 95, 108, 13],
    ]
    raw = read_raw(write_xlsx(tmp_path / "kostnader_per_kostnadslag.xlsx", rows))
    assert raw.header == rows[0][:4]
    assert [(r.line, r.cells["Kostnadslag (mnkr)"]) for r in raw.rows] == [(2, "Personal"), (4, "Totalt")]


def test_xlsx_value_outside_the_header_is_an_error(tmp_path):
    rows = [["Kostnadslag (mnkr)", "Utfall 2030"], ["Personal", 95], ["Totalt", 95, 7]]
    with pytest.raises(RawDataError) as info:
        read_raw(write_xlsx(tmp_path / "kostnader_per_kostnadslag.xlsx", rows))
    assert info.value.line == 3
    assert info.value.value == 7


def test_broken_xlsx_is_a_raw_data_error(tmp_path):
    path = tmp_path / "investeringar.xlsx"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(RawDataError, match="not a readable XLSX") as info:
        read_raw(path)
    assert "investeringar.xlsx" in str(info.value)


def test_empty_xlsx_is_a_raw_data_error(tmp_path):
    with pytest.raises(RawDataError, match="empty"):
        read_raw(write_xlsx(tmp_path / "investeringar.xlsx", []))


def test_unreadable_file_raises_raw_data_error(tmp_path, write_csv, make_unreadable):
    """A file the user may not read is a raw-data problem to report, not a crash."""
    path = write_csv(tmp_path / "investeringar.csv", INVESTMENTS_CSV)
    make_unreadable(path)
    with pytest.raises(RawDataError) as info:
        read_raw(path)
    assert str(path) in str(info.value)
