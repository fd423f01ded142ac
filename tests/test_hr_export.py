"""The HR system's export ``personal.csv`` (issue 19): a small hand-made export whose every
figure is worked out here, each bad-input path, the disclosure rule at 10 and 11 employees,
a printed table reconciled against the export, and the example export against the 2019 print."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.examples.hr import example_rows, write_example_hr
from analysis.exceptions import RawDataError
from analysis.facts.catalog import as_exported
from analysis.facts.pipeline import clean, load_table
from analysis.facts.series import series
from analysis.facts.sources.hr import recompute
from analysis.facts.sources.hr import staff_figures as sf
from analysis.facts.sources.hr.statistics import HEADER, TABLE_COLUMNS
from analysis.texts import t

from conftest import copy_shipped_raw

HEAD = ";".join(HEADER)


def rows(temporary_r2: int = 0) -> list[str]:
    """Four rows of December 2020, full-time 160 h. Women: r1 (6) and r2 (4 + ``temporary_r2``);
    men: r3 (16) and r4 (9)."""
    return [
        "202012;A;K;30–49 år;6;0;600;30;10;550;4;160;1",
        f"202012;A;K;29 år eller yngre;4;{temporary_r2};500;20;0;470;2;160;0",
        "202012;B;M;29 år eller yngre;15;1;1 600;48;16;1 500;10;160;1",
        "202012;B;M;50 år eller äldre;9;0;900;72;40;800;6;160;0",
    ]


def write(folder: Path, lines: list[str], year: int = 2020, header: str = HEAD, encoding: str = "utf-8") -> Path:
    target = folder / str(year) / "personal.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(("\r\n".join([header, *lines]) + "\r\n").encode(encoding))
    return target


def cleaned(tmp_path: Path, lines: list[str], **kw) -> tuple[pd.DataFrame, pd.DataFrame]:
    raw = tmp_path / "raw"
    write(raw, lines, **kw)
    result = clean(raw_dir=raw, processed_dir=tmp_path / "processed")
    return result.facts, result.findings


def value(facts: pd.DataFrame, table: str, item: str, year: int = 2020) -> float:
    found = facts[(facts["table"] == table) & (facts["item"] == item) & (facts["year"] == year)]
    assert len(found) == 1, (table, item)
    return float(found["value"].iloc[0])


def test_every_figure_of_a_small_export(tmp_path):
    facts, findings = cleaned(tmp_path, rows(temporary_r2=1))
    # ordinary 600 + 500 + 1600 + 900 = 3600 h; sick 30 + 20 + 48 + 72 = 170 h; long 10 + 16 + 40 = 66 h
    assert value(facts, "sick_leave", "Totalt") == pytest.approx(170 / 3600 * 100)
    assert value(facts, "sick_leave", "Lång") == pytest.approx(66 / 3600 * 100)
    assert value(facts, "sick_leave", "Kort") == pytest.approx((170 - 66) / 3600 * 100)
    assert value(facts, "hr_figures", sf.LONG_SHARE) == pytest.approx(66 / 170 * 100)
    # women 11 employees: (30 + 20) / (600 + 500); men 25: (48 + 72) / (1600 + 900)
    assert value(facts, "sick_leave_by_sex", "Kvinnor") == pytest.approx(50 / 1100 * 100)
    assert value(facts, "sick_leave_by_sex", "Män") == pytest.approx(4.8)
    # ages: 29 or younger 21 employees (r2, r3): 68 / 2100; 30–49 (6) and 50 or older (9) withheld
    assert value(facts, "sick_leave_by_age", "29 år eller yngre") == pytest.approx(68 / 2100 * 100)
    assert math.isnan(value(facts, "sick_leave_by_age", "30–49 år"))
    assert math.isnan(value(facts, "sick_leave_by_age", "50 år eller äldre"))
    assert value(facts, "sick_leave_by_unit", "A") == pytest.approx(50 / 1100 * 100)
    assert value(facts, "sick_leave_by_unit", "B") == pytest.approx(4.8)
    # full-time equivalents (550 + 470 + 1500 + 800) / 160; employees 36; turnover 2 / 34 × 100
    assert value(facts, "hr_figures", sf.FTE) == pytest.approx(3320 / 160)
    assert value(facts, "hr_figures", sf.EMPLOYEES) == 36
    assert value(facts, "key_figures", sf.TURNOVER) == pytest.approx(2 / 34 * 100)
    assert value(facts, "key_figures", sf.EXTRA_TIME) == 22
    mine = facts[facts["section"] == "HR-system"]
    assert mine["derived"].all() and mine["note"].str.startswith("derived: ").all()
    assert mine["source"].eq("2020/personal.csv (rader 2–5, 4 rader)").all()
    assert findings[findings["check"] == "hr_vs_table"].empty


def test_the_processed_table_and_the_raw_file_record(tmp_path):
    facts, _ = cleaned(tmp_path, rows(), encoding="cp1252")
    table = load_table("hr_monthly", [2020], tmp_path / "processed", tmp_path / "raw")
    assert list(table.columns) == list(TABLE_COLUMNS) and len(table) == 4
    assert table["ordinary_hours"].sum() == 3600 and not table["synthetic"].any()
    assert table["source"].iloc[0] == "2020/personal.csv:2"
    files = pd.read_csv(tmp_path / "processed" / "raw_files.csv")
    record = files[files["file"] == "2020/personal.csv"].iloc[0]
    assert record["table"] == "hr_monthly" and record["encoding"] == "cp1252" and record["rows"] == 4


@pytest.mark.parametrize("temporary_r2, shown", [(0, False), (1, True)])
def test_groups_of_10_are_withheld_and_of_11_shown(tmp_path, temporary_r2, shown):
    facts, _ = cleaned(tmp_path, rows(temporary_r2))
    women, men = value(facts, "sick_leave_by_sex", "Kvinnor"), value(facts, "sick_leave_by_sex", "Män")
    unit_a, unit_b = value(facts, "sick_leave_by_unit", "A"), value(facts, "sick_leave_by_unit", "B")
    if shown:  # 11 women: shown, and so the men
        assert (women, men) == (pytest.approx(50 / 1100 * 100), pytest.approx(4.8))
        assert (unit_a, unit_b) == (pytest.approx(50 / 1100 * 100), pytest.approx(4.8))
        return
    # 10 women: withheld. The men (25) stay shown: 4,80 % above the total 4,72 % only says that
    # the women are below 4,72 %; without the groups' hours their figure does not follow
    assert math.isnan(women) and math.isnan(unit_a)
    assert (men, unit_b) == (pytest.approx(4.8), pytest.approx(4.8))
    comments = facts[facts["table"] == "sick_leave_by_sex"].set_index("item")["comment"]
    assert comments.to_dict() == {"Kvinnor": "withheld", "Män": ""}
    withheld = facts[facts["comment"] != ""]
    assert (withheld["original_value"] == "–").all()
    # no fact carries a group's hours or head count
    assert set(facts[facts["section"] == "HR-system"]["unit"]) <= {"percent", "count", "hours"}
    assert not facts[(facts["unit"] == "hours") & (facts["table"] != "key_figures")].shape[0]


def test_a_division_of_10_gets_no_sick_leave_figure(tmp_path):
    facts, _ = cleaned(tmp_path, ["202012;A;K;30–49 år;10;0;1 600;30;10;1 500;0;160;0"])
    mine = facts[facts["section"] == "HR-system"]
    sick = mine[mine["table"].str.startswith("sick_leave") | (mine["item"] == sf.LONG_SHARE)]
    assert sick["value"].isna().all() and (sick["comment"] != "").all()
    assert value(facts, "hr_figures", sf.FTE) == 1500 / 160  # not a sick-leave figure


def ages(sick: tuple[int, int, int]) -> list[str]:
    """December 2020, one unit: 8 employees of 29 or younger, 90 of 30–49 and 82 of 50 or
    older, 160 h each, with ``sick`` hours of sick leave per group."""
    young, middle, old = sick
    return [
        f"202012;A;K;29 år eller yngre;8;0;1 280;{young};0;1 200;0;160;0",
        f"202012;A;K;30–49 år;90;0;14 400;{middle};0;13 500;0;160;0",
        f"202012;A;M;50 år eller äldre;82;0;13 120;{old};0;12 300;0;160;0",
    ]


def test_the_complement_of_a_withheld_group_is_shown_where_nothing_gives_it_away(tmp_path):
    """Issue 27, point 1: ages of 8, 90 and 82 employees at 7,5 %, 3,5 % and 5,0 %; the total
    4,36 % lies between the two shown, so the 8's figure could be anything from 0 to 100 %:
    the 8 are withheld, the 90 and the 82 shown, and the page's seven figures say so."""
    from analysis.chapters import staff_export

    facts, _ = cleaned(tmp_path, ages((96, 504, 656)))
    assert value(facts, "sick_leave", "Totalt") == pytest.approx(1256 / 28800 * 100)
    assert math.isnan(value(facts, "sick_leave_by_age", "29 år eller yngre"))
    assert value(facts, "sick_leave_by_age", "30–49 år") == pytest.approx(3.5)
    assert value(facts, "sick_leave_by_age", "50 år eller äldre") == pytest.approx(5.0)
    comments = facts[facts["table"] == "sick_leave_by_age"].set_index("item")["comment"].to_dict()
    assert comments == {"29 år eller yngre": "withheld", "30–49 år": "", "50 år eller äldre": ""}
    html = staff_export.seven_table(facts, 2020, "sv").to_html()
    assert "3,50" in html and "5,00" in html and "7,50" not in html
    assert not staff_export.has_complement(facts, 2020)


def test_the_complement_is_withheld_where_the_figures_shown_give_the_group_away(tmp_path):
    """The same ages, every group at 5,0 %: the total 5,00 % and the 90's 5,00 % and the 82's
    5,00 % say that the 8 are at 5,00 % too, so the smallest shown group (the 82) is withheld."""
    from analysis.chapters import staff_export

    facts, _ = cleaned(tmp_path, ages((64, 720, 656)))
    comments = facts[facts["table"] == "sick_leave_by_age"].set_index("item")["comment"].to_dict()
    assert comments == {"29 år eller yngre": "withheld", "30–49 år": "", "50 år eller äldre": "withheld_complement"}
    assert math.isnan(value(facts, "sick_leave_by_age", "50 år eller äldre"))
    assert staff_export.has_complement(facts, 2020)
    assert t("disclosure.complement_recomputable", "sv") in staff_export.disclosure_line("sv", True)


def test_suppress_withholds_a_complement_by_computing_whether_it_is_needed():
    frame = pd.DataFrame({"group": ["a", "b", "c"], "percent": [7.5, 3.5, 5.0], "size": [8, 90, 82]})
    assert sf.suppress(frame, total=4.36)["disclosure"].tolist() == ["withheld", "shown", "shown"]
    # b and c on the same side of the total: a lies below it, anywhere from 0 to 4,36 %
    one_side = sf.suppress(frame.assign(percent=[1.0, 4.5, 5.0]), total=4.36)
    assert one_side["disclosure"].tolist() == ["withheld", "shown", "shown"]
    # b and c at the total as the page shows it (two decimals): a is at it too
    same = sf.suppress(frame.assign(percent=[5.0, 5.001, 4.998]), total=5.0)
    assert same["disclosure"].tolist() == ["withheld", "shown", "withheld_complement"]
    assert same["percent"].isna().tolist() == [True, False, True]
    assert sf.suppress(frame.assign(size=[5, 40, 9]), total=4.36)["disclosure"].tolist() == [
        "withheld",
        "shown",
        "withheld",
    ]
    # a total of 0 %: every group is at 0 %, whatever is withheld; no complement would help
    zero = sf.suppress(frame.assign(percent=[0.0, 0.0, 0.0]), total=0.0)
    assert zero["disclosure"].tolist() == ["withheld", "shown", "shown"]


def test_the_interval_a_withheld_figure_can_take():
    assert recompute.interval(4.36, [None, 3.5, 5.0], 0) == (0.0, 100.0)
    assert recompute.interval(4.36, [None, 4.5, 5.0], 0) == (0.0, 4.36)
    assert recompute.interval(4.36, [None, 4.0, 3.5], 0) == (4.36, 100.0)
    assert recompute.interval(5.0, [None, 5.0, 5.004], 0) == (5.0, 5.0)
    assert recompute.interval(5.0, [None, 5.0, None], 0) == (0.0, 100.0)  # another withheld
    assert recompute.interval(None, [None, 5.0, 5.0], 0) == (0.0, 100.0)  # no total published
    assert recompute.interval(5.0, [None, 5.0, float("nan")], 0) == (5.0, 5.0)  # a group without hours
    assert recompute.complements(5.0, [None, 5.0, 5.0], [8, 90, 82]) == [2]
    assert recompute.complements(5.0, [None, 5.0, 5.0], [8, None, 82]) == [2]  # unknown sizes last
    assert recompute.complements(4.36, [None, 3.5, 5.0], [8, 90, 82]) == []


def test_a_printed_table_is_a_claim_reconciled_against_the_export(tmp_path):
    raw = tmp_path / "raw"
    write(raw, rows(1))
    # the export: short 2,89 %, long 1,83 %, total 4,72 %; the print: 2,9 / 1,6 / 4,7
    (raw / "2020" / "sjukfranvaro.csv").write_text(
        "Sjukfrånvaro (% av ordinarie arbetstid);Totalt 2020 jan-dec\nKort;2,9 %\nLång;1,6 %\nTotalt;4,7 %\n",
        encoding="utf-8",
    )
    result = clean(raw_dir=raw, processed_dir=tmp_path / "processed")
    found = result.findings[result.findings["check"] == "hr_vs_table"]
    assert found["item"].tolist() == ["Lång"]
    assert found["reported"].iloc[0] == pytest.approx(1.6)
    assert found["recomputed"].iloc[0] == pytest.approx(66 / 36)
    assert "2020/sjukfranvaro.csv:3" in found["source"].iloc[0]
    points = series(result.facts, "sick_leave", "Lång", "percent")
    assert points["value"].tolist() == [pytest.approx(66 / 36)] and points["kind"].tolist() == ["hr_export"]
    printed = result.facts[result.facts["source"].str.startswith("2020/sjukfranvaro.csv")]
    assert not as_exported(result.facts)[printed.index].any()


def test_a_later_export_restating_a_printed_year_is_a_finding(tmp_path):
    raw = tmp_path / "raw"
    copy_shipped_raw(raw)
    shutil.rmtree(raw / "2017")
    # the 2020 export holds December 2019 too: 4,72 % where the 2019 report printed 4,0 %
    write(raw, rows(1) + [line.replace("202012", "201912", 1) for line in rows(1)])
    result = clean(raw_dir=raw, processed_dir=tmp_path / "processed")
    restated = result.findings[(result.findings["check"] == "restated_figure") & (result.findings["year"] == 2019)]
    assert "Totalt" in restated["item"].tolist()


BAD = [
    (HEAD + ";Personnummer", rows()[0] + ";191212121212", 1, "Personnummer", "unknown column"),
    (HEAD.replace(";Extratid (h)", ""), rows()[0].replace(";4;160", ";160"), 1, "Extratid (h)", "missing column"),
    (HEAD, rows()[0].replace("202012", "2020-12"), 2, "Månad", "YYYYMM"),
    (HEAD, rows()[0].replace("202012", "202101"), 2, "Månad", "after the report year"),
    (HEAD, rows()[0].replace(";K;", ";X;"), 2, "Kön", "K or M"),
    (HEAD, rows()[0].replace("30–49 år", "30–50 år"), 2, "Åldersgrupp", "Åldersgrupp"),
    (HEAD, rows()[0].replace(";600;", ";sexhundra;"), 2, "Ordinarie arbetstid (h)", "text where a number"),
    (HEAD, rows()[0].replace(";600;", ";;"), 2, "Ordinarie arbetstid (h)", "empty cell"),
    (HEAD, rows()[0].replace(";6;0;", ";-6;0;"), 2, "Anställda tillsvidare", "negative"),
    (HEAD, rows()[0].replace(";6;0;", ";6,5;0;"), 2, "Anställda tillsvidare", "whole number"),
    (HEAD, rows()[0].replace(";600;", ";600 kr;"), 2, "Ordinarie arbetstid (h)", "unknown unit"),
    (HEAD, rows()[0].replace(";30;10;", ";30;40;"), 2, "Sjukfrånvaro 60 dagar eller mer (h)", "more hours"),
    (HEAD, rows()[0].replace(";600;30;", ";20;30;"), 2, "Sjukfrånvaro (h)", "more hours"),
    (HEAD, rows()[0].replace(";160;", ";0;"), 2, "Heltid (h)", "more than 0"),
    (HEAD, rows()[0] + "\r\n" + rows()[0].replace(";A;", ";a;"), 3, "Enhet", "line 2"),
    (HEAD, rows()[0] + "\r\n" + rows()[1].replace(";160;", ";168;"), 3, "Heltid (h)", "differs"),
    (HEAD, rows()[0] + ";extra", 2, None, "long row"),
]


@pytest.mark.parametrize("header, body, line, column, words", BAD, ids=[b[4] for b in BAD])
def test_bad_input_stops_with_file_line_column_and_writes_nothing(tmp_path, header, body, line, column, words):
    processed = tmp_path / "processed"
    with pytest.raises(RawDataError) as err:
        cleaned(tmp_path, body.split("\r\n"), header=header)
    assert err.value.path.endswith("2020/personal.csv") and err.value.line == line
    assert err.value.column == column and words in str(err.value)
    assert not processed.exists() or not any(processed.glob("*.parquet"))


def test_a_hyphen_in_the_age_group_and_a_bom_are_read(tmp_path):
    lines = [r.replace("30–49", "30-49") for r in rows()]
    facts, _ = cleaned(tmp_path, lines, encoding="utf-8-sig")
    assert math.isnan(value(facts, "sick_leave_by_age", "30–49 år"))  # read, and withheld (6)


def test_the_example_export_reproduces_the_2019_print(tmp_path):
    raw = tmp_path / "raw"
    copy_shipped_raw(raw)
    write_example_hr(raw, 2019)
    result = clean(raw_dir=raw, processed_dir=tmp_path / "processed")
    facts = result.facts[result.facts["section"] == "HR-system"]
    printed = {
        ("sick_leave", "Totalt"): 4.0,
        ("sick_leave", "Kort"): 2.2,
        ("sick_leave", "Lång"): 1.8,
        ("sick_leave_by_sex", "Kvinnor"): 2.44,
        ("sick_leave_by_sex", "Män"): 4.67,
        ("key_figures", "Personalomsättning"): 13.0,
    }
    for (table, item), expected in printed.items():
        assert value(facts, table, item, 2019) == pytest.approx(expected, abs=1e-9), item
    assert result.findings[result.findings["check"].isin(["hr_vs_table", "key_figure_vs_tables"])].empty
    table = load_table("hr_monthly", [2019], tmp_path / "processed", raw)
    assert table["synthetic"].all() and table["unit"].str.startswith("Exempeldata ").all()


def test_the_example_rows_are_seeded_and_exact():
    first, again, other = example_rows(2020), example_rows(2020), example_rows(2020, seed=7)
    assert first == again and first != other
    women = [r for r in other if r["sex"] == "K"]
    assert sum(r["ordinary"] for r in women) == 10_050_000 and sum(r["sick"] for r in women) == 245_220
    assert sum(r["long"] for r in other) == 60_210_0 and all(r["long"] <= r["sick"] for r in other)
    assert sum(r["departures"] for r in other) == 26
    for month in range(1, 13):
        assert sum(r["permanent"] for r in other if r["month"] == month) == 200


def test_the_example_command_writes_a_year_and_refuses_data_raw(tmp_path, capsys):
    from analysis.publishing.cli.commands import main

    assert main(["example-hr", "-y", "2020", "--out", str(tmp_path)]) == 0
    text = (tmp_path / "2020" / "personal.csv").read_bytes().decode("cp1252")
    assert text.splitlines()[1].split(";")[1].startswith("Exempeldata ")
    assert main(["example-hr", "-y", "2020", "--out", str(tmp_path)]) == 2  # exists: --force
    assert main(["example-hr", "-y", "2020", "--out", str(tmp_path / "x" / "..")]) == 2
    assert main(["example-hr", "-y", "2021", "--out", "data/raw"]) == 2
    assert "refusing to write example data" in capsys.readouterr().err
