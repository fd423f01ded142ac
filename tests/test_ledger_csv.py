"""The ledger and budget CSV readers and the mapping files: encodings, Swedish numbers and
every bad value or header with file, line, column and value."""

from __future__ import annotations

import pytest
from tests.ledger_files import write_csv

from analysis.exceptions import RawDataError
from analysis.facts.sources.ledger.formats.engine import connect
from analysis.facts.sources.ledger.formats.ledger_csv import read_csv_part
from analysis.facts.sources.ledger.mapping import read_accounts, read_codes

HEADER = "Period;Konto;Ansvar;Aktivitet;Objekt;Belopp;Text\n"


def load(path, kind="ledger"):
    con = connect()
    part = read_csv_part(con, path, kind, 2019, "grain")
    rows = con.execute("SELECT period, account, ansvar, objekt, amount, rows FROM grain ORDER BY ALL").fetchall()
    return part, rows


def test_utf8_bom_and_swedish_number_forms(tmp_path):
    text = (
        HEADER + "201901;5010;150;;ST01;1\u00a0234,50;Exempeldata lön\n"
        "201901;5010;150;;ST01;\u22121\u202f000;Exempeldata\n"
        "\n"
        "201902;5010;150;;;-2 000 000,25;Exempeldata å\n"
        "201902;5010;150;;;12;Exempeldata\n"
    )
    part, rows = load(write_csv(tmp_path / "huvudbok.csv", "\ufeff" + text))
    assert part.encoding == "utf-8-sig" and part.rows == 4 and part.synthetic
    assert rows == [(201901, "5010", "150", "ST01", 234.5, 2), (201902, "5010", "150", "", -1999988.25, 2)]


def test_windows_1252_with_euro_and_dash(tmp_path):
    text = HEADER + "201903;6010;170;;EKG1;-500,00;Återbetalning – 5 € för kö\n"
    path = write_csv(tmp_path / "huvudbok.csv", text, "cp1252")
    part, rows = load(path)
    assert part.encoding == "cp1252" and not part.synthetic
    assert rows == [(201903, "6010", "170", "EKG1", -500.0, 1)]


def test_datum_instead_of_period_and_budget_without_objekt(tmp_path):
    part, rows = load(
        write_csv(tmp_path / "budget.csv", "Datum;Konto;Ansvar;Belopp\n2019-04-30;5010;150;100\n"), "budget"
    )
    assert rows == [(201904, "5010", "150", "", 100.0, 1)]


@pytest.mark.parametrize(
    ("row", "column", "value"),
    [
        ("201901;5010;150;;;1.234,50;x", "Belopp", "1.234,50"),
        ("201901;5010;150;;;12abc;x", "Belopp", "12abc"),
        ("201901;5010;150;;;;x", "Belopp", None),
        ("201813;5010;150;;;1;x", "Period", "201813"),
        ("202001;5010;150;;;1;x", "Period", "202001"),
        ("201901;501;150;;;1;x", "Konto", "501"),
        ("201901;+5010;150;;;1;x", "Konto", "+5010"),
        ("201901;5010000;150;;;1;x", "Konto", "5010000"),
        ("0201901;5010;150;;;1;x", "Period", "0201901"),
    ],
)
def test_bad_value_names_file_line_column_value(tmp_path, row, column, value):
    text = HEADER + "201901;5010;150;;;1;x\n\n" + row + "\n201902;5010;150;;;1;x\n"
    path = write_csv(tmp_path / "huvudbok.csv", text)
    with pytest.raises(RawDataError) as info:
        load(path)
    assert (info.value.path, info.value.line, info.value.column, info.value.value) == (str(path), 4, column, value)


def test_bad_value_in_a_cp1252_file_has_its_line(tmp_path):
    text = HEADER + "201901;5010;150;;;1;kö\n201901;5010;150;;;x1;kö\n"
    with pytest.raises(RawDataError) as info:
        load(write_csv(tmp_path / "huvudbok.csv", text, "cp1252"))
    assert (info.value.line, info.value.column, info.value.value) == (3, "Belopp", "x1")


@pytest.mark.parametrize(
    ("header", "column", "problem"),
    [
        ("Period;Konto;Ansvar", "Belopp", "missing the amount"),
        ("Konto;Belopp", "Period", "missing the period"),
        ("Period;Belopp", "Konto", "missing the account"),
        ("Period;Konto;Konto;Belopp", "Konto", "ambiguous: 'Konto' and 'Konto' are both Konto"),
        ("Period;Konto;Belopp;Utfall", "Utfall", "ambiguous"),
        ("Period;Konto;Belopp;Debet;Kredit", "Debet", "ambiguous: the amount is both 'Belopp' and 'Debet'"),
        ("Period;Konto;Debet", "Kredit", "missing Kredit beside Debet"),
        ("Datum;Bokföringsdatum;Konto;Belopp", "Bokföringsdatum", "ambiguous"),
        ("Period;Konto;Ansvar;KST_ID;Belopp", "KST_ID", "ambiguous: 'Ansvar' and 'KST_ID' are both Ansvar"),
    ],
)
def test_header_errors(tmp_path, header, column, problem):
    path = write_csv(tmp_path / "huvudbok.csv", header + "\n201901;5010;1;2\n")
    with pytest.raises(RawDataError, match=problem) as info:
        load(path)
    assert info.value.line == 1 and info.value.column == column and info.value.value == header
    assert "name the column in kolumner.csv beside kontoplan.csv" in str(info.value) and "\n" not in str(info.value)


def test_unknown_columns_are_read_past_and_listed(tmp_path):
    path = write_csv(tmp_path / "huvudbok.csv", "Period;Ver.nr;Konto;Okänd;Belopp;Okänd\n201901;A1;5010;x;2;y\n")
    part, rows = load(path)
    assert part.not_used == ("Ver.nr", "Okänd", "Okänd") and rows == [(201901, "5010", "", "", 2.0, 1)]


def test_row_with_too_many_fields(tmp_path):
    path = write_csv(tmp_path / "huvudbok.csv", HEADER + "201901;5010;150;;;1;x\n201901;5010;150;;;1;x;extra\n")
    with pytest.raises(RawDataError, match="malformed CSV row") as info:
        load(path)
    assert info.value.line == 3


@pytest.mark.parametrize(
    ("text", "line", "column", "problem"),
    [
        ("5000;5999;Personalkostnader\n5500;6099;Övriga kostnader\n", 3, "Konto från", "overlap"),
        ("5000;5999;Personalkostnader\n6000;6099;Hyror\n", 3, "Kostnadslag", "unknown cost type"),
        ("5000;4999;Personalkostnader\n", 2, "Konto till", "from > to"),
        (";5999;Personalkostnader\n", 2, "Konto från", "4 to 6 digits"),
        ("05000;5999;Personalkostnader\n", 2, "Konto från", "different lengths"),  # 05000 is no 5000
        (
            "5000;5999;Personalkostnader\n60000;60999;Övriga kostnader\n7800;7899;Avskrivningskostnader\n",
            3,
            "Konto från",
            r"different lengths \(4 digits on line 2, 4; 5 digits on line 3\)",
        ),
    ],
)
def test_kontoplan_errors(tmp_path, text, line, column, problem):
    path = write_csv(tmp_path / "kontoplan.csv", "Konto från;Konto till;Kostnadslag\n" + text)
    with pytest.raises(RawDataError, match=problem) as info:
        read_accounts(path)
    assert (info.value.line, info.value.column) == (line, column)


@pytest.mark.parametrize(
    ("text", "line", "problem"), [("150;A\n150;B\n", 3, "duplicate code"), ("150;A\n;B\n", 3, "empty code")]
)
def test_code_file_errors(tmp_path, text, line, problem):
    path = write_csv(tmp_path / "ansvar.csv", "Ansvar;Verksamhetsområde\n" + text, "cp1252")
    with pytest.raises(RawDataError, match=problem) as info:
        read_codes(path, "Ansvar", "Verksamhetsområde", "business_area")
    assert (info.value.line, info.value.column) == (line, "Ansvar")


BLOCK = 1 << 22  # the block size of engine.sha256_and_utf8


def _ascii_rows(size: int) -> str:
    """Whole ASCII data rows of about ``size`` bytes (the header included)."""
    row = "201901;5010;150;;;1;x\n"
    return HEADER + row * ((size - len(HEADER)) // len(row))


def test_utf8_letter_cut_by_the_block_boundary_is_utf8(tmp_path):
    text = _ascii_rows(BLOCK - 40)
    # the two bytes of å straddle the end of the first block
    text += "201902;5010;150;;;2;" + "a" * (BLOCK - len(text.encode()) - 21) + "å\n"
    assert text.encode().index("å".encode()) == BLOCK - 1
    part, rows = load(write_csv(tmp_path / "huvudbok.csv", text))
    assert part.encoding == "utf-8" and rows[-1] == (201902, "5010", "150", "", 2.0, 1)


def test_windows_1252_first_seen_after_the_first_block(tmp_path):
    text = _ascii_rows(BLOCK + 100) + "201903;5010;Kö1;;;3;x\n"
    part, rows = load(write_csv(tmp_path / "huvudbok.csv", text, "cp1252"))
    assert part.encoding == "cp1252" and (201903, "5010", "Kö1", "", 3.0, 1) in rows


def test_a_file_that_turns_from_utf8_to_1252_in_a_code_is_refused_with_its_line(tmp_path):
    text = HEADER + "201901;5010;150;;;1;underhåll\n" + _ascii_rows(BLOCK + 100)[len(HEADER) :]
    path = tmp_path / "huvudbok.csv"
    path.write_bytes(text.encode() + "201903;5010;Kö1;;;3;x\n".encode("cp1252"))
    with pytest.raises(RawDataError, match="malformed CSV row") as info:
        load(path)
    assert info.value.line == text.count("\n") + 1


def test_windows_1252_with_ascii_codes_is_read_once(tmp_path, monkeypatch):
    """The codes read are ASCII, on which Windows-1252 and UTF-8 agree: no transcoded copy
    is read again, and the marking is read from Text as Windows-1252."""
    from analysis.facts.sources.ledger.formats import ledger_csv as csvfile

    def no_transcode(*args):
        raise AssertionError("transcoded although every code read is ASCII")

    monkeypatch.setattr(csvfile, "transcode", no_transcode)
    text = HEADER + "".join(f"2019{m:02d};6010;150;;ST01;1 000,50;Exempeldata underhåll – kö\n" for m in (1, 2))
    part, rows = load(write_csv(tmp_path / "huvudbok.csv", text, "cp1252"))
    assert part.encoding == "cp1252" and part.synthetic
    assert rows == [(201901, "6010", "150", "ST01", 1000.5, 1), (201902, "6010", "150", "ST01", 1000.5, 1)]
