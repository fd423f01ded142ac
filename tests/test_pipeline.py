"""The cleaning run: years, manifest of raw files, merging years, loading, and never
writing data/raw (analysis.facts.pipeline)."""

from __future__ import annotations

import hashlib
import json
import os
import stat

import pandas as pd
import pytest

from analysis.exceptions import ProcessedDataMissing, RawDataError, UnknownYearError
from analysis.facts.pipeline import available_years, check_year, clean, load_facts, load_quality, load_raw_files
from analysis.facts.schema import FACT_COLUMNS, FINDING_COLUMNS

from conftest import snapshot

SICK = ["Sjukfrånvaro (% av ordinarie arbetstid);Totalt {y} jan-dec", "Kort;2,2 %", "Lång;1,8 %", "Totalt;{total} %"]
COSTS = ["Kostnadslag (mnkr);Utfall {y};Budget {y};Avvikelse", "Personal;95;108;13", "Totalt;95;108;13"]


@pytest.fixture
def two_years(make_raw):
    """Tiny raw exports for report years 2030 and 2031; 2031 has one finding (its sick
    leave Totalt 4,3 % is not 2,2 + 1,8)."""
    for year, total in ((2030, "4,0"), (2031, "4,3")):
        make_raw(year, "sjukfranvaro.csv", [line.format(y=year, total=total) for line in SICK])
        raw = make_raw(year, "kostnader_per_kostnadslag.csv", [line.format(y=year) for line in COSTS])
    return raw


def run(raw, tmp_path, years=None):
    return clean(years, raw_dir=raw, processed_dir=tmp_path / "processed")


# --- years ---------------------------------------------------------------------------------


def test_available_years(two_years, tmp_path):
    (two_years / "2032").mkdir()  # empty: no exports
    (two_years / "notes").mkdir()  # not a year
    (two_years / "2033").mkdir()
    (two_years / "2033" / "README.txt").write_text("x")  # no export files
    assert available_years(two_years) == [2030, 2031]
    assert available_years(tmp_path / "nowhere") == []


@pytest.mark.parametrize("year", [2030, "2031"])
def test_check_year_accepts_known_years(two_years, year):
    assert check_year(year, two_years) == int(year)


@pytest.mark.parametrize("year", [2029, "2032", "tjugotrettio", None, "20301"])
def test_check_year_lists_available_years(two_years, year):
    with pytest.raises(UnknownYearError) as info:
        check_year(year, two_years)
    assert "available years: 2030, 2031" in str(info.value)
    assert info.value.available == [2030, 2031]


def test_clean_of_an_unknown_year_writes_nothing(two_years, tmp_path):
    with pytest.raises(UnknownYearError):
        run(two_years, tmp_path, years=[2030, 2040])
    assert not (tmp_path / "processed").exists()


# --- the outputs -----------------------------------------------------------------------------


def test_outputs_and_their_columns(two_years, tmp_path):
    result = run(two_years, tmp_path)
    processed = tmp_path / "processed"
    for stem in ("facts", "quality", "raw_files"):
        assert (processed / f"{stem}.parquet").is_file()
        assert (processed / f"{stem}.csv").is_file()
    assert (processed / "manifest.json").is_file()
    facts = load_facts(processed_dir=processed)
    assert list(facts.columns) == FACT_COLUMNS
    pd.testing.assert_frame_equal(facts, result.facts.sort_values("report_year", kind="stable", ignore_index=True))
    quality = load_quality(processed_dir=processed)
    assert list(quality.columns) == FINDING_COLUMNS
    assert list(quality["report_year"]) == [2031]
    assert list(quality["check"]) == ["total_vs_rows"]
    # No temporary files are left beside the outputs.
    assert not [p for p in processed.iterdir() if p.name.endswith(".tmp")]


def test_raw_files_record(two_years, tmp_path):
    result = run(two_years, tmp_path)
    files = load_raw_files(processed_dir=tmp_path / "processed")
    assert (
        sorted(files["file"])
        == sorted(result.raw_files["file"])
        == [
            "2030/kostnader_per_kostnadslag.csv",
            "2030/sjukfranvaro.csv",
            "2031/kostnader_per_kostnadslag.csv",
            "2031/sjukfranvaro.csv",
        ]
    )
    row = files[files["file"] == "2030/sjukfranvaro.csv"].iloc[0]
    path = two_years / "2030" / "sjukfranvaro.csv"
    assert row["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert row["bytes"] == path.stat().st_size
    assert row["rows"] == 3
    assert row["encoding"] == "utf-8"
    assert row["table"] == "sick_leave"
    assert set(files["status"]) == {"new"}


# --- manifest: what changed since the previous run ---------------------------------------------


def test_first_run_reports_every_file_new(two_years, tmp_path):
    result = run(two_years, tmp_path)
    assert result.changes == {
        "2030/kostnader_per_kostnadslag.csv": "new",
        "2030/sjukfranvaro.csv": "new",
        "2031/kostnader_per_kostnadslag.csv": "new",
        "2031/sjukfranvaro.csv": "new",
    }


def test_second_run_reports_every_file_unchanged(two_years, tmp_path):
    run(two_years, tmp_path)
    result = run(two_years, tmp_path)
    assert len(result.changes) == 4
    assert set(result.changes.values()) == {"unchanged"}
    manifest = json.loads((tmp_path / "processed" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["last_run"]["years"] == [2030, 2031]
    assert set(manifest["last_run"]["changes"].values()) == {"unchanged"}
    assert sorted(manifest["files"]) == sorted(result.changes)


def test_modified_file_is_reported_changed_and_only_it(two_years, tmp_path):
    run(two_years, tmp_path)
    path = two_years / "2031" / "sjukfranvaro.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Kort;2,2 %", "Kort;2,5 %"), encoding="utf-8")
    result = run(two_years, tmp_path)
    assert result.changes == {
        "2030/kostnader_per_kostnadslag.csv": "unchanged",
        "2030/sjukfranvaro.csv": "unchanged",
        "2031/kostnader_per_kostnadslag.csv": "unchanged",
        "2031/sjukfranvaro.csv": "changed",
    }
    facts = load_facts(2031, processed_dir=tmp_path / "processed")
    kort = facts[(facts["table"] == "sick_leave") & (facts["item"] == "Kort")]
    assert kort["value"].tolist() == [pytest.approx(2.5)]
    assert load_quality(processed_dir=tmp_path / "processed").empty  # 2,5 + 1,8 = 4,3


def test_removed_file_is_reported_removed(two_years, tmp_path):
    run(two_years, tmp_path)
    (two_years / "2030" / "sjukfranvaro.csv").unlink()
    result = run(two_years, tmp_path)
    assert result.changes["2030/sjukfranvaro.csv"] == "removed"
    assert {k: v for k, v in result.changes.items() if k != "2030/sjukfranvaro.csv"} == {
        "2030/kostnader_per_kostnadslag.csv": "unchanged",
        "2031/kostnader_per_kostnadslag.csv": "unchanged",
        "2031/sjukfranvaro.csv": "unchanged",
    }
    facts = load_facts(2030, processed_dir=tmp_path / "processed")
    assert "sick_leave" not in set(facts["table"])
    manifest = json.loads((tmp_path / "processed" / "manifest.json").read_text(encoding="utf-8"))
    assert "2030/sjukfranvaro.csv" not in manifest["files"]


def test_cleaning_one_year_keeps_the_other_years_outputs(two_years, tmp_path):
    run(two_years, tmp_path)
    processed = tmp_path / "processed"
    before_2031 = load_facts(2031, processed_dir=processed)
    path = two_years / "2030" / "sjukfranvaro.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Lång;1,8 %", "Lång;1,9 %").replace("Totalt;4,0 %", "Totalt;4,1 %"),
        encoding="utf-8",
    )
    result = run(two_years, tmp_path, years=2030)
    assert result.changes == {"2030/kostnader_per_kostnadslag.csv": "unchanged", "2030/sjukfranvaro.csv": "changed"}
    assert set(result.facts["report_year"]) == {2030}
    facts = load_facts(processed_dir=processed)
    assert sorted(facts["report_year"].unique()) == [2030, 2031]
    pd.testing.assert_frame_equal(load_facts(2031, processed_dir=processed), before_2031)
    lang = facts[(facts["report_year"] == 2030) & (facts["item"] == "Lång")]
    assert lang["value"].tolist() == [pytest.approx(1.9)]
    # 2031's finding and files survive a run of 2030 alone.
    assert list(load_quality(processed_dir=processed)["report_year"]) == [2031]
    assert sorted(load_raw_files(processed_dir=processed)["report_year"].unique()) == [2030, 2031]
    manifest = json.loads((processed / "manifest.json").read_text(encoding="utf-8"))
    assert "2031/sjukfranvaro.csv" in manifest["files"]
    # ...and a later run of both years sees 2031 as unchanged, 2030 as unchanged now.
    assert set(run(two_years, tmp_path).changes.values()) == {"unchanged"}


def test_a_year_whose_folder_is_gone_is_dropped(two_years, tmp_path):
    run(two_years, tmp_path)
    for path in (two_years / "2031").iterdir():
        path.unlink()
    (two_years / "2031").rmdir()
    run(two_years, tmp_path)
    assert sorted(load_facts(processed_dir=tmp_path / "processed")["report_year"].unique()) == [2030]


# --- unknown exports -------------------------------------------------------------------------


def test_unknown_export_name_is_an_error(two_years, tmp_path):
    (two_years / "2030" / "budget_per_manad.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(RawDataError) as info:
        run(two_years, tmp_path)
    assert "budget_per_manad.csv" in str(info.value)
    assert "unknown export" in str(info.value)
    assert "kostnader_per_kostnadslag" in str(info.value)  # lists the known names


def test_the_same_export_twice_is_an_error(two_years, tmp_path):
    (two_years / "2030" / "sjukfranvaro.xlsx").write_bytes(b"")
    with pytest.raises(RawDataError, match="twice"):
        run(two_years, tmp_path)


def test_other_files_in_a_year_folder_are_ignored(two_years, tmp_path):
    (two_years / "2030" / "README.md").write_text("notes", encoding="utf-8")
    (two_years / "2030" / ".DS_Store").write_bytes(b"\x00\x01")
    assert len(run(two_years, tmp_path).raw_files) == 4


# --- load_facts / load_quality -----------------------------------------------------------------


@pytest.mark.parametrize(
    "years, expected",
    [(None, [2030, 2031]), (2030, [2030]), ("2031", [2031]), ([2031, 2030], [2030, 2031]), ([2030], [2030])],
)
def test_load_facts_filters_by_year(two_years, tmp_path, years, expected):
    run(two_years, tmp_path)
    facts = load_facts(years, processed_dir=tmp_path / "processed")
    assert sorted(facts["report_year"].unique()) == expected
    assert list(facts.index) == list(range(len(facts)))


@pytest.mark.parametrize("year", [2029, "1999", "abc"])
def test_unknown_year_lists_the_available_years(two_years, tmp_path, year):
    run(two_years, tmp_path)
    with pytest.raises(UnknownYearError) as info:
        load_facts(year, processed_dir=tmp_path / "processed")
    assert "available years: 2030, 2031" in str(info.value)
    assert info.value.available == [2030, 2031]


def test_load_quality_unknown_year_lists_the_cleaned_years(two_years, tmp_path):
    """The years to list are those cleaned, also those without findings (2030)."""
    run(two_years, tmp_path)
    with pytest.raises(UnknownYearError) as info:
        load_quality(2029, processed_dir=tmp_path / "processed")
    assert "available years: 2030, 2031" in str(info.value)


def test_load_quality_of_a_year_without_findings_is_empty(two_years, tmp_path):
    """2030 was cleaned and has no findings: its findings are an empty table, not an
    unknown year (the shipped 2017 report is such a year)."""
    run(two_years, tmp_path)
    quality = load_quality(2030, processed_dir=tmp_path / "processed")
    assert quality.empty
    assert list(quality.columns) == FINDING_COLUMNS
    assert len(load_quality([2030, 2031], processed_dir=tmp_path / "processed")) == 1


def test_missing_raw_file_record_names_how_to_make_it(tmp_path):
    with pytest.raises(ProcessedDataMissing) as info:
        load_raw_files(processed_dir=tmp_path / "processed")
    assert "clean" in str(info.value)


@pytest.mark.parametrize("loader", [load_facts, load_quality])
def test_missing_processed_data_is_cleaned_first(project, loader, capsys):
    frame = loader(2019, processed_dir=project.processed, raw_dir=project.raw)
    assert set(frame["report_year"]) <= {2019}
    assert (project.processed / "facts.parquet").exists()
    assert capsys.readouterr().err.splitlines() == ["2019: not cleaned yet; cleaned now"]


# --- data/raw is never written -------------------------------------------------------------------


def test_cleaning_never_writes_raw(project):
    before = snapshot(project.raw)
    dirs_before = sorted(str(p.relative_to(project.raw)) for p in project.raw.rglob("*"))
    clean(raw_dir=project.raw, processed_dir=project.processed)
    clean(raw_dir=project.raw, processed_dir=project.processed, years=2019)
    assert snapshot(project.raw) == before  # bytes and mtimes
    assert sorted(str(p.relative_to(project.raw)) for p in project.raw.rglob("*")) == dirs_before


def _make_read_only(folder):
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _make_writable(folder):
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root writes read-only files anyway: chmod cannot prove that cleaning does not write raw"
)
def test_cleaning_works_on_read_only_raw(project):
    _make_read_only(project.raw)
    try:
        before = snapshot(project.raw)
        result = clean(raw_dir=project.raw, processed_dir=project.processed)
        assert len(result.raw_files) == 14
        assert snapshot(project.raw) == before
    finally:
        _make_writable(project.raw)


def test_default_folders_follow_lansteknik_root(isolated_root):
    """With no folders given, clean() uses $LANSTEKNIK_ROOT/data/{raw,processed}."""
    result = clean(years=2019)
    assert (isolated_root / "data" / "processed" / "facts.parquet").is_file()
    assert set(result.facts["report_year"]) == {2019}
    assert len(load_facts(2019)) == len(result.facts)
