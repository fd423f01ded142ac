"""The summary chapter: built from the key figures the other chapters recorded, never computed
again; a chapter that failed, was skipped or is missing shows as "not available" with why.

The unit tests use hand-made records; the batch tests build the shipped chapters."""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest

from analysis.chapters import summary
from analysis.presentation.keyfigures import read as read_figures
from analysis.publishing.batch.build import run_batch
from analysis.publishing.batch.notebooks import discover_chapters, select_chapters


def _figure(key, value, unit="", derived=False, formula="", headline=True):
    return {
        "key": key,
        "label": key,
        "value": value,
        "unit": unit,
        "derived": derived,
        "formula": formula,
        "headline": headline,
    }


def _record():
    costs = [
        _figure("deviation_table", "costs_by_cost_type", headline=False),
        _figure("result_msek", -4.8, "MSEK"),
        _figure("result_target_msek", 0.0, "MSEK"),
        _figure("result_change_msek", -13.5, "MSEK", True, "härlett: utfall 2019 − utfall 2017"),
        _figure("result_change_period", "tvåårsförändring 2017→2019", headline=False),
        _figure("largest_unfavourable_item", "Övriga kostnader"),
        _figure("largest_unfavourable_value", -10.0, "MSEK"),
        _figure("largest_favourable_item", "Personalkostnader"),
        _figure("largest_favourable_value", 13.0, "MSEK"),
    ]
    return {
        "year": 2019,
        "lang": "sv",
        "chapters": [
            {
                "number": 1,
                "name": "data_quality",
                "title": "Datakvalitet",
                "status": "ok",
                "href": "data_quality.html",
                "figures": [_figure("findings_error", 6, "count"), _figure("findings_warning", 0, "count")],
                "reason": None,
            },
            {
                "number": 2,
                "name": "cost_development",
                "title": "Kostnadsutveckling",
                "status": "ok",
                "href": "cost_development.html",
                "figures": costs,
                "reason": None,
            },
            {
                "number": 3,
                "name": "mt_maintenance_growth",
                "title": "MT-underhållets tillväxt",
                "status": "failed",
                "href": None,
                "figures": [],
                "reason": "ZeroDivisionError: division by zero",
            },
            {
                "number": 4,
                "name": "investment_pace",
                "title": "Investeringstakt mot plan",
                "status": "skipped",
                "href": None,
                "figures": [],
                "reason": None,
            },
        ],
    }


def _line(rows, key):
    return next(r for r in rows if r["key"] == key)


def test_lines_show_the_recorded_figures_with_their_change_and_link():
    rows = summary.lines(_record(), "sv")
    result = _line(rows, "result")
    assert result["text"] == "Resultat -4,8\u00a0mnkr (mål 0\u00a0mnkr)"
    assert result["change"] == "-13,5\u00a0mnkr (tvåårsförändring 2017→2019)"
    assert result["href"] == "cost_development.html#Resultat"
    assert result["values"] == {"result_msek": -4.8, "result_target_msek": 0.0}
    deviations = _line(rows, "deviations")
    assert "Övriga kostnader -10\u00a0mnkr" in deviations["text"]
    assert deviations["href"] == "cost_development.html#Utfall-mot-budget-per-kostnadsslag"
    assert _line(rows, "quality")["text"].startswith("6\u00a0st fel")
    assert _line(rows, "deviations")["change"] == ""  # no change recorded for it


def test_a_change_without_a_recorded_period_is_shown_alone():
    record = _record()
    costs = record["chapters"][1]
    costs["figures"] = [f for f in costs["figures"] if f["key"] != "result_change_period"]
    assert _line(summary.lines(record, "sv"), "result")["change"] == "-13,5\u00a0mnkr"


def test_a_failed_a_skipped_and_a_missing_chapter_are_not_available_with_the_reason():
    rows = summary.lines(_record(), "sv")
    mt, investments, staff = (_line(rows, k) for k in ("mt_growth", "investments", "sick_leave"))
    assert mt["text"] == "Inte tillgängligt" and mt["reason"] == "ZeroDivisionError: division by zero"
    assert mt["href"] is None and mt["values"] == {}
    assert investments["reason"] == "kapitlet kördes inte"
    assert staff["reason"] == "kapitlet ingår inte i bygget"
    english = summary.lines(_record(), "en")
    assert _line(english, "mt_growth")["text"] == "Not available"


def test_a_figure_the_chapter_did_not_record_is_said_so():
    record = _record()
    record["chapters"][1]["figures"] = [f for f in record["chapters"][1]["figures"] if f["key"] != "result_msek"]
    assert _line(summary.lines(record, "sv"), "result")["text"] == "Kapitlet registrerade ingen uppgift för året"


def test_text_from_the_record_is_escaped():
    record = _record()
    record["chapters"][1]["title"] = "<script>alert(1)</script>"
    record["chapters"][2]["reason"] = "<img src=x onerror=alert(1)>"
    page = summary.table_html(summary.lines(record, "sv"), "sv") + summary.status_html(record, "sv")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_anchor_is_the_id_nbconvert_gives_a_heading():
    assert summary.anchor("Utfall mot budget per verksamhetsområde") == "Utfall-mot-budget-per-verksamhetsomr%C3%A5de"


def test_key_figures_repeat_the_shown_values_under_line_keys():
    rows = summary.lines(_record(), "sv")
    figures = {f.key: f.value for f in summary.key_figures(rows, "sv")}
    assert figures["result.result_msek"] == -4.8
    assert figures["deviations.largest_favourable_item"] == "Personalkostnader"
    assert figures["lines_available"] == 3  # result, deviations, quality


def test_no_record_yet_says_what_to_run(tmp_path):
    record = summary.load(2019, tmp_path)
    assert record["chapters"] == []
    assert "make build" in summary.status_html(record, "sv")


def test_the_summary_is_always_selected_and_first():
    chapters = discover_chapters()
    assert chapters[0].name == "summary" and chapters[0].summarises
    assert [c.name for c in select_chapters(chapters, ["cost_development"])] == [
        "summary",
        "data_quality",
        "cost_development",
    ]


# --- the batch: the summary runs after the others, from their records ---------------------------


def _stamp_figures(reports, year, stem):
    stamp = json.loads((reports / str(year) / "executed" / f"{stem}.stamp.json").read_text(encoding="utf-8"))
    return {f["key"]: f["value"] for f in stamp["key_figures"]["figures"]}


@pytest.mark.notebooks
def test_summary_figures_equal_the_chapters_recorded_figures(built_reports):
    reports = built_reports.reports
    for year in (2017, 2019):
        shown = read_figures(reports / str(year) / "executed" / "00_summary.ipynb")
        shown = {f["key"]: f["value"] for f in shown["figures"]}
        by_chapter = {c.name: c.stem for c in discover_chapters()}
        checked = 0
        for line in summary.LINES:
            if line.chapter not in by_chapter:
                continue
            recorded = _stamp_figures(reports, year, by_chapter[line.chapter])
            for key in line.figures:
                assert shown[f"{line.key}.{key}"] == recorded.get(key), (year, line.key, key)
                checked += 1
        assert checked >= 9
    page = (reports / "2019" / "summary.html").read_text(encoding="utf-8")
    assert "-4,8\u00a0mnkr" in page and "Övriga kostnader" in page
    # the assignments line: 2019's eight assignments, none completed, five continuing into 2020
    assert "Uppdrag 8\u00a0st: genomförda 0\u00a0st, pågår 1\u00a0st, senarelagda 4\u00a0st" in page
    assert "fortsätter nästa år 5\u00a0st" in page


def _failing_copy(tmp_path):
    """The shipped notebooks, with the MT chapter made to fail in its first cell after the
    parameters (a ZeroDivisionError)."""
    from analysis import paths

    folder = tmp_path / "notebooks"
    shutil.copytree(paths.notebooks_dir(), folder)
    path = folder / "03_mt_maintenance_growth.ipynb"
    book = nbformat.read(path, as_version=4)
    book.cells.insert(1, nbformat.v4.new_code_cell("1 / 0  # made to fail by the test"))
    nbformat.write(book, path)
    return folder


@pytest.mark.notebooks
def test_a_failed_chapter_is_not_available_in_the_summary_and_reruns_it(tmp_path, project):
    folders = {"raw_dir": project.raw, "processed_dir": project.processed, "reports_dir": tmp_path / "reports"}
    first = run_batch(years=[2019], **folders)
    assert all(r.ok for r in first), [(r.chapter, r.error) for r in first]
    assert [r.status for r in run_batch(years=[2019], **folders)] == ["unchanged"] * len(first)

    failing = _failing_copy(tmp_path)
    again = {
        r.chapter: r
        for r in run_batch(years=[2019], chapters=["mt_maintenance_growth"], notebooks_dir=failing, **folders)
    }
    assert again["mt_maintenance_growth"].status == "failed"
    assert again["summary"].status == "ok"  # the record changed: the summary ran again
    page = (tmp_path / "reports" / "2019" / "summary.html").read_text(encoding="utf-8")
    assert "Inte tillgängligt" in page and "ZeroDivisionError" in page
    record = json.loads((tmp_path / "reports" / "2019" / "chapters.json").read_text(encoding="utf-8"))
    assert {c["name"]: c["status"] for c in record["chapters"]}["mt_maintenance_growth"] == "failed"
