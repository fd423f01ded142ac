"""Cleaning a raw export into facts: units, signs, columns, keys (analysis.facts.sources.printed.tables)."""

from __future__ import annotations

import pytest

from analysis.exceptions import RawDataError
from analysis.facts.catalog import spec_for
from analysis.facts.schema import FACT_COLUMNS, empty_facts
from analysis.facts.sources.printed.tables import clean_table
from analysis.facts.sources.reading import read_raw


def clean_lines(tmp_path, write_csv, name: str, lines: list[str], year: int = 2030, encoding: str = "utf-8"):
    path = write_csv(tmp_path / str(year) / name, lines, encoding)
    stem = name.rsplit(".", 1)[0]
    return clean_table(read_raw(path), spec_for(stem), year, f"{year}/{name}")


def value_of(facts, item, measure, year=None):
    rows = facts[(facts["item"] == item) & (facts["measure"] == measure)]
    if year is not None:
        rows = rows[rows["year"] == year]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def costs(header_label="Kostnadslag (mnkr)", cells=("95", "108", "13")):
    return [f"{header_label};Utfall 2030;Budget 2030;Avvikelse", "Personalkostnader;" + ";".join(cells)]


# --- the facts frame -----------------------------------------------------------------------


def test_fact_columns_and_types(tmp_path, write_csv):
    facts = clean_lines(tmp_path, write_csv, "kostnader_per_kostnadslag.csv", costs())
    assert list(facts.columns) == FACT_COLUMNS
    assert list(empty_facts().columns) == FACT_COLUMNS
    assert facts.dtypes.to_dict() == empty_facts().dtypes.to_dict()
    assert str(facts["value"].dtype) == "float64"
    assert str(facts["year"].dtype) == "int64"
    assert facts["derived"].dtype == bool
    assert not facts["derived"].any()
    assert set(facts["note"]) == {""}


def test_one_fact_per_cell_with_source_line(tmp_path, write_csv):
    facts = clean_lines(
        tmp_path,
        write_csv,
        "kostnader_per_kostnadslag.csv",
        ["Kostnadslag (mnkr);Utfall 2030;Budget 2030;Avvikelse", "Personalkostnader;95;108;13", "", "Totalt;95;108;13"],
    )
    assert len(facts) == 6
    row = value_of(facts, "Totalt", "budget")
    assert row["source"] == "2030/kostnader_per_kostnadslag.csv:4"
    assert row["value"] == 108.0
    assert row["table"] == "costs_by_cost_type"
    assert row["domain"] == "costs"
    assert row["sign_convention"] == "cost_positive"
    assert row["year"] == 2030 and row["report_year"] == 2030
    assert row["parent"] == ""


def test_year_of_a_column_comes_from_its_header(tmp_path, write_csv):
    facts = clean_lines(
        tmp_path,
        write_csv,
        "it_investeringar_specifikation.csv",
        ["Specifikation av IT-investeringar (Mkr);Utfall 2030;Utfall 2029;Utfall 2028", "Servrar;2;4;", "Totalt;2;4;3"],
    )
    assert sorted(facts[facts["item"] == "Totalt"]["year"]) == [2028, 2029, 2030]
    assert set(facts["report_year"]) == {2030}
    # An empty cell is no fact (not a zero).
    assert len(facts[facts["item"] == "Servrar"]) == 2


def test_signs_and_printed_values_are_kept(tmp_path, write_csv):
    facts = clean_lines(tmp_path, write_csv, "kostnader_per_kostnadslag.csv", costs(cells=("19", "12", "\u22127")))
    row = value_of(facts, "Personalkostnader", "deviation")
    assert row["value"] == -7.0
    assert row["original_value"] == "\u22127"
    assert row["decimals"] == 0


# --- units -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "unit, factor",
    [("kr", 1e-6), ("tkr", 1e-3), ("mkr", 1.0), ("mnkr", 1.0), ("Mkr", 1.0), ("MSEK", 1.0), ("Tkr", 1e-3)],
)
def test_money_units_in_the_header_are_normalised_to_msek(tmp_path, write_csv, unit, factor):
    facts = clean_lines(
        tmp_path, write_csv, "kostnader_per_kostnadslag.csv", costs(f"Kostnadslag ({unit})", ("95 500", "108", "-12,5"))
    )
    assert set(facts["unit"]) == {"MSEK"}
    assert set(facts["original_unit"]) == {unit}
    assert value_of(facts, "Personalkostnader", "outcome")["value"] == pytest.approx(95500 * factor)
    deviation = value_of(facts, "Personalkostnader", "deviation")
    assert deviation["value"] == pytest.approx(-12.5 * factor)
    assert deviation["original_value"] == "-12,5"
    assert deviation["decimals"] == 1


def test_default_unit_of_a_table_without_unit_in_header(tmp_path, write_csv):
    """The VO table is printed in kronor without saying so: kr -> MSEK."""
    facts = clean_lines(
        tmp_path,
        write_csv,
        "resultat_per_verksamhetsomrade.csv",
        [
            "Vo;2030;Årsbudget 2030;Avvikelse utfall mot budget;Årsprognos 2030;Avvikelse utfall mot prognos",
            "15 Medicinsk Teknik;-10\u00a0487\u00a0147;-10\u00a0003\u00a0200;-483\u00a0947;"
            "-9\u00a0910\u00a0400;-576\u00a0747",
        ],
    )
    row = value_of(facts, "15 Medicinsk Teknik", "outcome")
    assert row["value"] == pytest.approx(-10.487147)
    assert row["unit"] == "MSEK"
    assert row["original_unit"] == "kr"
    assert row["original_value"] == "-10\u00a0487\u00a0147"


def test_unit_suffix_in_a_cell_wins_over_the_header(tmp_path, write_csv):
    facts = clean_lines(
        tmp_path, write_csv, "kostnader_per_kostnadslag.csv", costs("Kostnadslag (tkr)", ("95 mkr", "108", "13"))
    )
    outcome = value_of(facts, "Personalkostnader", "outcome")
    assert outcome["value"] == pytest.approx(95.0)
    assert outcome["original_unit"] == "mkr"
    budget = value_of(facts, "Personalkostnader", "budget")
    assert budget["value"] == pytest.approx(0.108)
    assert budget["original_unit"] == "tkr"


def test_percent_is_normalised(tmp_path, write_csv):
    facts = clean_lines(
        tmp_path,
        write_csv,
        "sjukfranvaro.csv",
        [
            "Sjukfrånvaro (% av ordinarie arbetstid);Totalt 2030 jan-dec;Totalt 2029 jan-dec",
            "Kort;2,2 %;2,4%",
            "Totalt;4,0\u00a0%;3,8 %",
        ],
    )
    assert set(facts["unit"]) == {"percent"}
    assert set(facts["original_unit"]) == {"%"}
    row = value_of(facts, "Totalt", "percent", 2030)
    assert row["value"] == pytest.approx(4.0)
    assert row["decimals"] == 1


@pytest.mark.parametrize(
    "unit, normalised, value",
    [
        ("%", "percent", 13.0),
        ("procent", "percent", 13.0),
        ("h", "hours", 13.0),
        ("st", "count", 13.0),
        ("mnkr", "MSEK", 13.0),
        ("tkr", "MSEK", 0.013),
        ("kr", "MSEK", 13e-6),
    ],
)
def test_key_figure_units(tmp_path, write_csv, unit, normalised, value):
    facts = clean_lines(
        tmp_path,
        write_csv,
        "nyckeltal.csv",
        [
            "Avsnitt;Post;Avser år;Mått;Värde;Enhet",
            f"Medarbetare – Personalomsättning;Personalomsättning;2030;antal;13;{unit}",
        ],
    )
    row = facts.iloc[0]
    assert row["unit"] == normalised
    assert row["value"] == pytest.approx(value)
    assert row["original_unit"] == unit


@pytest.mark.parametrize(
    "lines, bad",
    [
        (costs("Kostnadslag (euro)"), "euro"),
        (costs(cells=("95", "108 dollar", "13")), "dollar"),
        (costs(cells=("95", "108", "12a3")), "a3"),
    ],
)
def test_unknown_unit_is_an_error(tmp_path, write_csv, lines, bad):
    with pytest.raises(RawDataError) as info:
        clean_lines(tmp_path, write_csv, "kostnader_per_kostnadslag.csv", lines)
    message = str(info.value)
    assert "unknown unit" in message
    assert repr(bad) in message or bad in str(info.value.value)
    assert "kostnader_per_kostnadslag.csv" in message
    assert "line 2" in message


def test_unknown_unit_in_key_figures_names_the_unit_column(tmp_path, write_csv):
    with pytest.raises(RawDataError) as info:
        clean_lines(
            tmp_path,
            write_csv,
            "nyckeltal.csv",
            ["Avsnitt;Post;Avser år;Mått;Värde;Enhet", "Ekonomi;Resultat;2030;utfall;1;mark"],
        )
    assert info.value.column == "Enhet"
    assert info.value.value == "mark"
    assert "unknown unit" in str(info.value)


# --- structural errors -------------------------------------------------------------------------


def _raises(tmp_path, write_csv, name, lines):
    with pytest.raises(RawDataError) as info:
        clean_lines(tmp_path, write_csv, name, lines)
    return info.value


def test_text_where_a_number_must_be(tmp_path, write_csv):
    err = _raises(tmp_path, write_csv, "kostnader_per_kostnadslag.csv", costs(cells=("95", "saknas", "13")))
    assert "text where a number must be" in str(err)
    assert (err.line, err.column, err.value) == (2, "Budget 2030", "saknas")
    assert "'saknas'" in str(err) and "'Budget 2030'" in str(err)


def test_missing_label_column(tmp_path, write_csv):
    err = _raises(
        tmp_path,
        write_csv,
        "kostnader_per_kostnadslag.csv",
        ["Typ;Utfall 2030;Budget 2030;Avvikelse", "Personal;1;2;1"],
    )
    assert "missing required column" in str(err)
    assert err.line == 1
    assert err.value == "Typ;Utfall 2030;Budget 2030;Avvikelse"


def test_missing_value_column(tmp_path, write_csv):
    err = _raises(
        tmp_path, write_csv, "kostnader_per_kostnadslag.csv", ["Kostnadslag;Utfall 2030;Avvikelse", "Personal;1;1"]
    )
    assert "missing required column" in str(err)
    assert "budget" in str(err).lower()
    assert err.line == 1


def test_unknown_column(tmp_path, write_csv):
    err = _raises(
        tmp_path,
        write_csv,
        "kostnader_per_kostnadslag.csv",
        ["Kostnadslag;Utfall 2030;Budget 2030;Avvikelse;Kommentar", "P;1;2;1;x"],
    )
    assert "unknown column" in str(err)
    assert (err.line, err.column) == (1, "Kommentar")


def test_duplicate_key(tmp_path, write_csv):
    err = _raises(
        tmp_path,
        write_csv,
        "kostnader_per_kostnadslag.csv",
        ["Kostnadslag;Utfall 2030;Budget 2030;Avvikelse", "P;1;2;1", "Q;1;1;0", "P;3;3;0"],
    )
    assert "duplicate key" in str(err)
    assert "line 2" in err.problem
    assert (err.line, err.column, err.value) == (4, "Kostnadslag", "P")


def test_same_label_under_different_parents_is_no_duplicate(tmp_path, write_csv):
    facts = clean_lines(
        tmp_path,
        write_csv,
        "investeringar.csv",
        [
            "Överordnad;Typ av investering (Mkr);Av regionstyrelsen beslutad ram 2030;"
            "Utfall beslut före 2030;Utfall beslut inför 2030;Utfall totalt",
            ";IT;10;1;2;3",
            "IT;Övrigt;;1;2;3",
            ";MT;10;1;2;3",
            "MT;Övrigt;;1;2;3",
        ],
    )
    assert sorted(facts[facts["item"] == "Övrigt"]["parent"].unique()) == ["IT", "MT"]


def test_empty_row_label(tmp_path, write_csv):
    err = _raises(
        tmp_path,
        write_csv,
        "kostnader_per_kostnadslag.csv",
        ["Kostnadslag;Utfall 2030;Budget 2030;Avvikelse", "P;1;2;1", " ;1;2;1"],
    )
    assert "empty row label" in str(err)
    assert err.line == 3


KEY_HEADER = "Avsnitt;Post;Överordnad;Avser år;Mått;Värde;Enhet;Avstämning mot;Kommentar"


def test_key_figures_long_format(tmp_path, write_csv):
    facts = clean_lines(
        tmp_path,
        write_csv,
        "nyckeltal.csv",
        [
            KEY_HEADER,
            "Ekonomi – Årets resultat;Resultat;;2030;utfall;\u22124,8;mnkr;{costs_by_cost_type|Totalt|deviation};",
            "Medarbetare – Extra tid;Övertid;;2029;timmar;3128;h;;",
            "Investeringar – IT;Skrivare;IT;2030;Utfall;1,4;mnkr;;",
            "Balanserad styrning – Medarbetare;Sjukfrånvaro totalt;;2030;mål;3;%;;",
            "Okänt avsnitt;X;;2030;antal;5;st;;",
        ],
    )
    assert list(facts["measure"]) == ["outcome", "hours", "outcome", "target", "count"]
    assert list(facts["domain"]) == ["costs", "staff", "investments", "staff", "other"]
    assert list(facts["year"]) == [2030, 2029, 2030, 2030, 2030]
    first = facts.iloc[0]
    assert first["value"] == pytest.approx(-4.8)
    assert first["reconcile"] == "{costs_by_cost_type|Totalt|deviation}"
    assert first["section"] == "Ekonomi – Årets resultat"
    assert first["table"] == "key_figures"
    assert first["sign_convention"] == "favourable_positive"
    assert facts.iloc[2]["parent"] == "IT"


@pytest.mark.parametrize(
    "row, problem, column, value",
    [
        ("Ekonomi;Resultat;;2030;medelvärde;1;mnkr;;", "unknown measure", "Mått", "medelvärde"),
        ("Ekonomi;Resultat;;30;utfall;1;mnkr;;", "four digits", "Avser år", "30"),
        ("Ekonomi;Resultat;;2030;utfall;ett;mnkr;;", "text where a number must be", "Värde", "ett"),
        ("Ekonomi;Resultat;;2030;utfall;;mnkr;;", "missing value", "Värde", ""),
    ],
)
def test_key_figure_row_errors(tmp_path, write_csv, row, problem, column, value):
    err = _raises(tmp_path, write_csv, "nyckeltal.csv", [KEY_HEADER, row])
    assert problem in str(err)
    assert (err.line, err.column, err.value) == (2, column, value)


def test_key_figure_duplicate_key(tmp_path, write_csv):
    err = _raises(
        tmp_path,
        write_csv,
        "nyckeltal.csv",
        [KEY_HEADER, "Ekonomi;Resultat;;2030;utfall;1;mnkr;;", "Ekonomi;Resultat;;2030;utfall;2;mnkr;;"],
    )
    assert "duplicate key" in str(err)
    assert err.line == 3


@pytest.mark.parametrize(
    "header, row, problem, column",
    [
        ("Avsnitt;Post;Avser år;Mått;Värde", "a;b;2030;utfall;1", "missing required column", "Enhet"),
        ("Avsnitt;Post;Avser år;Mått;Värde;Enhet;Källa", "a;b;2030;utfall;1;mnkr;x", "unknown column", "Källa"),
    ],
)
def test_key_figure_header_errors(tmp_path, write_csv, header, row, problem, column):
    err = _raises(tmp_path, write_csv, "nyckeltal.csv", [header, row])
    assert problem in str(err)
    assert (err.line, err.column) == (1, column)
