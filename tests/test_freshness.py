"""Loading the facts re-cleans exactly the years whose raw files changed, and never returns
figures that no longer match the raw exports."""

from __future__ import annotations

import threading

import pytest

from analysis import load_facts, load_quality
from analysis.exceptions import RawDataError
from analysis.facts import freshness, pipeline
from analysis.facts.pipeline import clean, cleaned_from
from analysis.facts.store import read_json

from conftest import snapshot

COSTS_2019 = "2019/kostnader_per_kostnadslag.csv"


def personal_outcome(facts):
    row = facts[
        (facts["table"] == "costs_by_cost_type")
        & (facts["item"] == "Personalkostnader")
        & (facts["measure"] == "outcome")
        & ~facts["derived"]
    ]
    return float(row["value"].iloc[0])


def edit(path, old: str, new: str, encoding: str = "cp1252") -> None:
    text = path.read_bytes().decode(encoding)
    assert old in text
    path.write_bytes(text.replace(old, new, 1).encode(encoding))


def test_current_processed_data_is_read_as_it_is(cleaned_project, capsys):
    before = snapshot(cleaned_project.processed)
    assert pipeline.refresh(None, cleaned_project.raw, cleaned_project.processed) == []
    facts = load_facts(2019, cleaned_project.processed, cleaned_project.raw)
    assert personal_outcome(facts) == 95
    assert snapshot(cleaned_project.processed) == before
    assert capsys.readouterr().err == ""


def test_a_corrected_raw_figure_is_cleaned_again_before_it_is_shown(cleaned_project, capsys):
    edit(cleaned_project.raw / COSTS_2019, "Personalkostnader;95;108;13", "Personalkostnader;99;108;9")
    facts = load_facts(2019, cleaned_project.processed, cleaned_project.raw)
    assert personal_outcome(facts) == 99
    assert capsys.readouterr().err.splitlines() == ["2019: 1 raw file changed since the last cleaning; cleaned again"]
    # the next load finds the data current and says nothing
    assert personal_outcome(load_facts(2019, cleaned_project.processed, cleaned_project.raw)) == 99
    assert capsys.readouterr().err == ""


def test_a_changed_2017_file_does_not_reclean_2019(cleaned_project):
    edit(cleaned_project.raw / "2017" / "investeringar.csv", "MT;45;11;18;29", "MT;46;11;18;29")
    notes = pipeline.refresh(None, cleaned_project.raw, cleaned_project.processed)
    assert [(n.year, n.changed) for n in notes] == [(2017, 1)]
    assert read_json(cleaned_project.processed / "manifest.json")["last_run"]["years"] == [2017]


def test_files_added_and_removed_count_as_changes(cleaned_project):
    (cleaned_project.raw / "2019" / "sjukfranvaro_per_kon.csv").unlink()
    note = freshness.staleness(2019, cleaned_project.raw, cleaned_project.processed)
    assert (note.changed, note.new, note.removed) == (0, 0, 1)
    assert str(note) == "2019: 1 raw file removed since the last cleaning; cleaned again"


def test_a_year_never_cleaned_is_cleaned_first(project):
    notes = pipeline.refresh([2017], project.raw, project.processed)
    assert [str(n) for n in notes] == ["2017: not cleaned yet; cleaned now"]
    assert set(load_facts(None, project.processed, project.raw)["report_year"]) == {2017, 2019}


def test_a_broken_raw_file_raises_its_error_and_never_returns_old_figures(cleaned_project):
    edit(cleaned_project.raw / COSTS_2019, "Personalkostnader;95;108;13", "Personalkostnader;nittiofem;108;13")
    before = snapshot(cleaned_project.processed)
    for loader in (load_facts, load_quality, load_facts):  # every load, not only the first
        with pytest.raises(RawDataError) as info:
            loader(2019, cleaned_project.processed, cleaned_project.raw)
        message = str(info.value)
        assert (
            "kostnader_per_kostnadslag.csv" in message
            and "line 2" in message
            and "Utfall 2019" in message
            and "nittiofem" in message
        )
    assert snapshot(cleaned_project.processed) == before


def test_without_a_raw_folder_the_one_it_was_cleaned_from_is_compared(project, capsys):
    clean(raw_dir=project.raw, processed_dir=project.processed)
    assert cleaned_from(project.processed) == project.raw.resolve()
    edit(project.raw / COSTS_2019, "Personalkostnader;95;108;13", "Personalkostnader;99;108;9")
    assert personal_outcome(load_facts(2019, project.processed)) == 99
    assert "cleaned again" in capsys.readouterr().err


def test_concurrent_loads_of_stale_data_agree(cleaned_project):
    edit(cleaned_project.raw / COSTS_2019, "Personalkostnader;95;108;13", "Personalkostnader;99;108;9")
    seen, errors = [], []

    def load():
        try:
            seen.append(personal_outcome(load_facts(2019, cleaned_project.processed, cleaned_project.raw)))
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=load) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and seen == [99, 99, 99]


def test_a_setup_cell_checks_once_and_the_loads_of_that_run_trust_it(cleaned_project, monkeypatch):
    """Issue 29: the setup cell (``pipeline.trust``) hashes the raw files once; the load_*
    calls after it read without checking again, until the next setup run checks anew."""
    checks = []
    monkeypatch.setattr(pipeline, "staleness", lambda *a: checks.append(a[0]) or freshness.staleness(*a))
    monkeypatch.setattr(freshness, "_TRUSTED", set())
    raw, processed = cleaned_project.raw, cleaned_project.processed
    assert pipeline.trust([2017, 2019], raw, processed) == []
    assert checks == [2017, 2019]
    load_facts(2019, processed, raw)
    load_quality([2017, 2019], processed, raw)
    pipeline.load_monthly(2019, processed, raw)
    assert checks == [2017, 2019]  # trusted: no check after the setup cell's
    load_facts(None, processed, raw)  # every year: both were checked
    assert checks == [2017, 2019]
    # a corrected export: the next setup run checks again and cleans, the loads then trust it
    edit(raw / COSTS_2019, "Personalkostnader;95;108;13", "Personalkostnader;99;108;9")
    assert [n.year for n in pipeline.trust([2019], raw, processed)] == [2019]
    assert personal_outcome(load_facts(2019, processed, raw)) == 99
    assert checks == [2017, 2019, 2019]
    # 2017 is no longer trusted after that run (it checked 2019 only)
    load_facts(2017, processed, raw)
    assert checks == [2017, 2019, 2019, 2017]


def test_the_cleaning_chapter_shows_the_builds_cleaning_and_cleans_outside_a_build(cleaned_project, monkeypatch):
    """Issue 29: the build cleans once before its chapters and tells their kernels which
    cleaning that was; the data-quality chapter then shows that record, while the raw files
    are as it read them, instead of cleaning again. Without the build (JupyterLab), it cleans."""
    raw, processed = cleaned_project.raw, cleaned_project.processed
    made = clean([2017, 2019], raw_dir=raw, processed_dir=processed)
    run = read_json(processed / "manifest.json")["last_run"]["run"]
    before = snapshot(processed)
    monkeypatch.setenv(pipeline.BUILD_CLEANING_ENV, run)
    shown = pipeline.cleaning(2019, raw, processed)
    assert snapshot(processed) == before  # nothing cleaned again
    assert shown.changes == {k: v for k, v in made.changes.items() if k.startswith("2019/")}
    assert len(shown.raw_files) == int((made.raw_files["report_year"] == 2019).sum())
    assert int(shown.facts["derived"].sum()) == int(made.facts[made.facts["report_year"] == 2019]["derived"].sum())
    # a raw file changed since: the record no longer holds, the chapter cleans
    edit(raw / COSTS_2019, "Personalkostnader;95;108;13", "Personalkostnader;99;108;9")
    assert pipeline.cleaning(2019, raw, processed).changes[COSTS_2019] == "changed"
    # another run id (or none: JupyterLab) cleans as well
    monkeypatch.setenv(pipeline.BUILD_CLEANING_ENV, "another build")
    assert set(pipeline.cleaning(2019, raw, processed).changes.values()) == {"unchanged"}
