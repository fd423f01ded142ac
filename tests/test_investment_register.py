"""The investment register's reader (facts/sources/investment_register/register.py, issue 19): a small
hand-made frame and register whose every figure is worked out here, each bad input, the
reconciliations (printed table, prose, ledger) and the example register against the 2019 print."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import paths
from analysis.examples.investments import write_example_investments
from analysis.exceptions import RawDataError
from analysis.facts.pipeline import clean, load_facts, load_quality, load_table
from analysis.facts.schema import empty_facts
from analysis.facts.sources.investment_register import register as reg

HEADER = reg.PROJECT_HEADER
FRAME = "Kategori;Beslutad ram (kr)\nIT;10 000 000\nMT;20 000 000\n"
#: Projekt;Benämning;Kategori;Delkategori;Beslutsår;Beslutat belopp;Plan år;Utfall år;Utfall tidigare år;Status
PROJECTS = [
    "P1;Nät;IT;Datacenter (nät och server);2019;5 000 000;2 000 000;1 500 000;1 000 000;Pågående",
    "P2;Skrivare;IT;Skrivare;2020;1 000 000;800 000;900 000;0;Pågående",
    "P3;Röntgen;MT;Länssjukvården;2018;10 000 000;4 000 000;2 500 000;3 000 000;Försenat",
    "P4;EKG;MT;Närsjukvården;2020;3 000 000;3 000 000;3 000 000;0;Levererat",
]


def write(folder: Path, projects=PROJECTS, frame=FRAME, encoding="utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "investeringsram.csv").write_bytes(frame.encode(encoding))
    text = ";".join(HEADER) + "\n" + "\n".join(projects) + "\n"
    (folder / "investeringsprojekt.csv").write_bytes(text.encode(encoding))
    return folder


def read(folder: Path, year: int = 2020, **context):
    return reg.read(year, folder, {"facts": empty_facts(), "monthly": None, **context})


def figure(facts: pd.DataFrame, item: str, measure: str, parent: str = "") -> float:
    sel = facts[(facts["item"] == item) & (facts["parent"] == parent) & (facts["measure"] == measure)]
    assert len(sel) == 1, (item, parent, measure)
    return float(sel["value"].iloc[0])


@pytest.fixture
def cleaned(tmp_path):
    raw = tmp_path / "raw"
    write(raw / "2020", encoding="cp1252")
    clean(raw_dir=raw, processed_dir=tmp_path / "p")
    return raw, tmp_path / "p"


def test_hand_made_register_every_figure(cleaned):
    raw, processed = cleaned
    facts = load_facts([2020], processed, raw)
    mine = facts[facts["table"] == "investments"]
    assert mine["derived"].all() and (mine["note"] != "").all()
    # IT: P1 (decided 2019) 1,5 + P2 (2020) 0,9; frame 10; 2,4 / 10 × 100 = 24 %
    assert figure(mine, "IT", "frame") == 10.0
    assert figure(mine, "IT", "outcome_prior_decisions") == pytest.approx(1.5)
    assert figure(mine, "IT", "outcome_current_decisions") == pytest.approx(0.9)
    assert figure(mine, "IT", "outcome") == pytest.approx(2.4)
    assert figure(mine, "IT", "percent") == pytest.approx(24.0)
    assert figure(mine, "Datacenter (nät och server)", "outcome", "IT") == pytest.approx(1.5)
    assert figure(mine, "Skrivare", "outcome_current_decisions", "IT") == pytest.approx(0.9)
    # MT: P3 (2018) 2,5 + P4 (2020) 3,0; frame 20; 5,5 / 20 × 100 = 27,5 %
    assert figure(mine, "MT", "outcome_prior_decisions") == pytest.approx(2.5)
    assert figure(mine, "MT", "outcome_current_decisions") == pytest.approx(3.0)
    assert figure(mine, "MT", "percent") == pytest.approx(27.5)
    assert figure(mine, "Länssjukvården", "outcome", "MT") == pytest.approx(2.5)
    # Totalt: frame 30, 4,0 + 3,9 = 7,9; 7,9 / 30 × 100
    assert figure(mine, "Totalt", "frame") == 30.0
    assert figure(mine, "Totalt", "outcome") == pytest.approx(7.9)
    assert figure(mine, "Totalt", "percent") == pytest.approx(7.9 / 30 * 100)
    # behind plan, decided before 2020: P1 2,0 − 1,5 = 0,5; P3 4,0 − 2,5 = 1,5
    assert figure(mine, "IT", "behind_plan") == pytest.approx(0.5)
    assert figure(mine, "MT", "behind_plan") == pytest.approx(1.5)
    assert figure(mine, "Totalt", "behind_plan") == pytest.approx(2.0)
    assert load_quality(2020, processed, raw).empty


def test_processed_projects_and_raw_files(cleaned):
    raw, processed = cleaned
    projects = load_table("investment_projects", [2020], processed, raw)
    assert list(projects.columns) == list(reg.PROJECT_COLUMNS)
    by = projects.set_index("project")
    assert by.loc["P1", "behind_plan_kr"] == 500_000 and by.loc["P2", "behind_plan_kr"] == -100_000
    assert bool(by.loc["P1", "earlier_decision"]) and not bool(by.loc["P4", "earlier_decision"])
    assert (projects["outcome_from"] == "register").all() and not projects["synthetic"].any()
    assert by.loc["P3", "source"] == "2020/investeringsprojekt.csv:4"
    files = pd.read_csv(processed / "raw_files.csv", keep_default_na=False)
    mine = files[files["report_year"] == 2020].set_index("file")
    assert mine.loc["2020/investeringsprojekt.csv", "rows"] == 4
    assert mine.loc["2020/investeringsprojekt.csv", "encoding"] == "cp1252"  # the frame is ASCII: utf-8
    assert mine.loc["2020/investeringsram.csv", "table"] == "investment_frame"


def test_outcome_from_the_ledger_and_register_vs_ledger(tmp_path):
    """P1 without Utfall år takes the ledger's 1 600 000; P2 900 000 against the ledger's
    950 000 and P3, P4 without ledger rows (0 kr) are findings; P1 is not compared."""
    rows = [PROJECTS[0].replace(";1 500 000;", ";;"), *PROJECTS[1:]]
    objects = {"P1": (1_600_000.0, 3), "P2": (950_000.0, 2)}
    result = read(write(tmp_path / "2020", rows), investment_objects=objects)
    projects = result.tables["investment_projects"].set_index("project")
    assert projects.loc["P1", "outcome_kr"] == 1_600_000 and projects.loc["P1", "outcome_from"] == "ledger"
    findings = result.findings[0]
    assert sorted(findings["item"]) == ["P2 Skrivare", "P3 Röntgen", "P4 EKG"]
    p2 = findings[findings["item"] == "P2 Skrivare"].iloc[0]
    assert p2["check"] == "register_vs_ledger"
    assert (p2["reported"], p2["recomputed"]) == pytest.approx((0.9, 0.95))
    assert figure(result.facts[0], "IT", "outcome_prior_decisions") == pytest.approx(1.6)


def test_ledger_investment_money_without_a_project_is_a_finding(tmp_path):
    """X9 and rows without an object hold investment money the register does not account for;
    a krona's rounding on Q1 does not count."""
    register = {"P1": 1_500_000.0, "P2": 900_000.0, "P3": 2_500_000.0, "P4": 3_000_000.0}  # as Utfall år
    objects = {**{p: (kr, 1) for p, kr in register.items()}, "X9": (250_000.0, 4), "": (-12_000.0, 1), "Q1": (0.4, 1)}
    result = read(write(tmp_path / "2020"), investment_objects=objects)
    found = result.findings[0]
    found = found[found["check"] == "ledger_without_project"]
    assert list(found["item"]) == ["–", "X9"]
    x9 = found[found["item"] == "X9"].iloc[0]
    assert (x9["reported"], x9["recomputed"]) == pytest.approx((0.25, 0.0))
    assert "250 000 kr in 4 rows" in x9["message"] and "object X9" in x9["message"]
    assert x9["source"] == "ledger, 2020/investeringsprojekt.csv"


def test_the_ledger_objects_reach_the_reader_with_the_monthly_rows(tmp_path):
    monthly = pd.DataFrame()
    monthly.attrs["investment_objects"] = {"P1": (1_500_000.0, 1)}
    result = read(write(tmp_path / "2020"), monthly=monthly)
    assert len(result.findings[0]) == 3  # P2, P3, P4 have no ledger rows


def printed(folder: Path, it_outcome: str) -> None:
    (folder / "investeringar.csv").write_text(
        "Överordnad;Typ av investering (Mkr);Av regionstyrelsen beslutad ram 2020;Utfall beslut före 2020;"
        f"Utfall beslut inför 2020;Utfall totalt\n;IT;10;1,5;0,9;{it_outcome}\n;MT;20;2,5;3;5,5\n"
        f";Totalt;30;4;3,9;7,9\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize(("it_outcome", "found"), [("2,4", False), ("2", False), ("2,6", True)])
def test_printed_table_is_a_claim_reconciled_against_the_register(tmp_path, it_outcome, found):
    """2 (no decimals: 1,5 to 2,5) covers 2,4; 2,6 does not."""
    raw = tmp_path / "raw"
    printed(write(raw / "2020"), it_outcome)
    clean(raw_dir=raw, processed_dir=tmp_path / "p")
    quality = load_quality(2020, tmp_path / "p", raw)
    claims = quality[quality["check"] == "printed_vs_register"]
    assert len(claims) == int(found)
    if found:
        assert (claims["item"].iloc[0], claims["reported"].iloc[0]) == ("IT", 2.6)
        assert claims["recomputed"].iloc[0] == pytest.approx(2.4)
    facts = load_facts([2020], tmp_path / "p", raw)
    percent = facts[(facts["measure"] == "percent") & (facts["item"] == "IT")]
    assert len(percent) == 1 and percent["value"].iloc[0] == pytest.approx(24.0)  # the register's


def test_prose_lag_against_the_register(tmp_path):
    """The text's "30 mnkr behind plan" for MT against the register's 1,5 (P3: 4,0 − 2,5)."""
    facts = empty_facts()
    prose = dict.fromkeys(facts.columns, "") | {"year": 2020, "report_year": 2020, "table": "key_figures"}
    prose |= {"domain": "investments", "item": "Investeringar beslutade före 2020", "parent": "MT"}
    prose |= {"measure": "behind_plan", "value": 30.0, "unit": "MSEK", "decimals": 0, "source": "x:23"}
    prose |= {"derived": False, "original_unit": "mnkr"}
    context = pd.DataFrame([prose]).astype(facts.dtypes.to_dict())
    findings = read(write(tmp_path / "2020"), facts=context).findings[0]
    assert list(findings["check"]) == ["key_figure_vs_register"]
    assert (findings["reported"].iloc[0], findings["recomputed"].iloc[0]) == pytest.approx((30.0, 1.5))


BAD_FRAME = [
    ("Kategori;Ram\nIT;1\nMT;2\n", None, None, "missing column"),
    ("Kategori;Beslutad ram (kr)\nXX;1\nMT;2\n", 2, "Kategori", "IT or MT"),
    ("Kategori;Beslutad ram (kr)\nIT;1\nIT;2\n", 3, "Kategori", "twice"),
    ("Kategori;Beslutad ram (kr)\nIT;1\n", None, "Kategori", "no row for MT"),
    ("Kategori;Beslutad ram (kr)\nIT;tio\nMT;2\n", 2, "Beslutad ram (kr)", "not a number"),
    ("Kategori;Beslutad ram (kr)\nIT;-1\nMT;2\n", 2, "Beslutad ram (kr)", "negative"),
    ("Kategori;Beslutad ram (kr)\nIT;27 mkr\nMT;2\n", 2, "Beslutad ram (kr)", "in kr"),
]


@pytest.mark.parametrize(("frame", "line", "column", "problem"), BAD_FRAME)
def test_bad_frame(tmp_path, frame, line, column, problem):
    with pytest.raises(RawDataError, match=problem) as err:
        read(write(tmp_path / "2020", frame=frame))
    assert err.value.path.endswith("investeringsram.csv")
    assert (err.value.line, err.value.column) == (line, column) or line is None


def bad(column: int, value: str, row: int = 0) -> list[str]:
    cells = PROJECTS[row].split(";")
    cells[column] = value
    return [";".join(cells) if i == row else p for i, p in enumerate(PROJECTS)]


BAD_PROJECTS = [
    (bad(3, "Servrar"), "Delkategori", "unknown sub-row"),
    (bad(3, "Närsjukvården"), "Delkategori", "sub-row of MT, not of IT"),
    (bad(2, "OT"), "Kategori", "IT or MT"),
    (bad(4, "19"), "Beslutsår", "not a year"),
    (bad(4, "2021"), "Beslutsår", "after the report year"),
    (bad(5, "fem"), "Beslutat belopp (kr)", "not a number"),
    (bad(6, ""), "Plan år (kr)", "empty"),
    (bad(6, "-5"), "Plan år (kr)", "negative"),
    (bad(7, "1,5 mkr"), "Utfall år (kr)", "in kr"),
    (bad(7, ""), "Utfall år (kr)", "no ledger"),
    (bad(8, ""), "Utfall tidigare år (kr)", "empty"),
    (bad(0, ""), "Projekt", "without a code"),
    (bad(0, "p2"), "Projekt", "twice"),  # line 3's P2, beside line 2's p2
]


@pytest.mark.parametrize(("projects", "column", "problem"), BAD_PROJECTS, ids=[p for *_, p in BAD_PROJECTS])
def test_bad_register_names_file_line_column(tmp_path, projects, column, problem):
    with pytest.raises(RawDataError, match=problem) as err:
        read(write(tmp_path / "2020", projects))
    assert err.value.path.endswith("investeringsprojekt.csv")
    assert err.value.line == (3 if problem == "twice" else 2) and err.value.column == column


def test_bad_register_structure(tmp_path):
    folder = write(tmp_path / "2020")
    (folder / "investeringsprojekt.csv").write_text("Projekt;Benämning\nP1;x\n", encoding="utf-8")
    with pytest.raises(RawDataError, match="missing column 'Kategori'"):
        read(folder)
    write(folder, [])
    with pytest.raises(RawDataError, match="no data rows"):
        read(folder)
    (folder / "investeringsram.csv").unlink()
    with pytest.raises(RawDataError, match="without investeringsram.csv"):
        read(folder)


def test_bad_input_stops_the_cleaning_and_writes_nothing(tmp_path):
    raw = tmp_path / "raw"
    write(raw / "2020", bad(4, "2021"))
    with pytest.raises(RawDataError, match="line 2, column 'Beslutsår'.*2021"):
        clean(raw_dir=raw, processed_dir=tmp_path / "p")
    assert not (tmp_path / "p" / "facts.parquet").exists()


def test_example_register_reproduces_the_2019_print(tmp_path):
    """Beside the shipped 2019 exports: frame 27 / 55, Totalt 51,6 / 18,9 / 70,5, MT 44,9 / 9,4 /
    54,3 and every sub-row as printed; IT is the sum of its sub-rows (6,7 / 9,5 / 16,2), the
    print's IT row 5,2 / 14,7 leaves Tyst vårdmiljö out: two printed_vs_register findings."""
    raw = tmp_path / "raw"
    shutil.copytree(paths.raw_dir() / "2019", raw / "2019")
    write_example_investments(raw / "2019", 2019, encoding="cp1252")
    clean(raw_dir=raw, processed_dir=tmp_path / "p")
    facts = load_facts([2019], tmp_path / "p", raw)
    mine = facts[(facts["section"] == "Investeringsregister")]
    print_ = facts[(facts["table"] == "investments") & ~facts["derived"]]
    for _, fact in print_.iterrows():
        ours = figure(mine, fact["item"], fact["measure"], fact["parent"])
        if fact["item"] != "IT":
            assert round(ours, 1) == fact["value"], (fact["item"], fact["measure"])
    assert [
        figure(mine, "IT", m) for m in ("frame", "outcome_prior_decisions", "outcome_current_decisions", "outcome")
    ] == pytest.approx([27.0, 6.7, 9.5, 16.2])
    assert figure(mine, "MT", "behind_plan") == pytest.approx(30.0)  # "ca 30 mnkr efter plan"
    quality = load_quality(2019, tmp_path / "p", raw)
    claims = quality[quality["check"].str.contains("register")]
    assert sorted(zip(claims["check"], claims["item"], claims["measure"])) == [
        ("printed_vs_register", "IT", "outcome"),
        ("printed_vs_register", "IT", "outcome_prior_decisions"),
    ]
    projects = load_table("investment_projects", [2019], tmp_path / "p", raw)
    assert projects["synthetic"].all() and projects["name"].str.startswith("Exempeldata: ").all()


def test_example_register_command_and_its_refusals(tmp_path, capsys):
    from analysis.exceptions import AnalysisError
    from analysis.publishing.cli.commands import main

    assert main(["example-investments", "-y", "2020", "--out", str(tmp_path), "--encoding", "utf-8"]) == 0
    assert (tmp_path / "2020" / "investeringsprojekt.csv").read_text(encoding="utf-8").count("Exempeldata: ") == 17
    assert main(["example-investments", "-y", "2020", "--out", str(tmp_path)]) != 0  # exists: --force
    assert "exists; --force replaces it" in capsys.readouterr().err
    with pytest.raises(AnalysisError, match="refusing to write example data into the raw data folder"):
        write_example_investments(paths.raw_dir() / "2020", 2020)
    assert not (paths.raw_dir() / "2020").exists()
