"""Chapter 05 from the HR export (issue 19): the monthly views, and the notebook built from
the example export (the printed 2019 figures) and from a hand-made export with withheld
groups (nothing on the page from which a withheld figure could be recomputed)."""

from __future__ import annotations

import json
import re

import nbformat
import numpy as np
import pandas as pd
import papermill as pm
import pytest

from analysis import paths
from analysis.chapters import staff_export
from analysis.examples.hr import write_example_hr
from analysis.facts.pipeline import clean
from analysis.facts.sources.hr.statistics import TABLE_COLUMNS
from analysis.presentation import keyfigures
from notebook_outputs import outputs_text
from test_hr_export import rows, write

from conftest import copy_shipped_raw

NOTEBOOK = paths.notebooks_dir() / "05_staff.ipynb"


def month_rows(report_year: int, worked: float, fulltime: float = 160.0) -> pd.DataFrame:
    """Twelve months of one row each: ``worked`` hours against ``fulltime`` hours."""
    frame = pd.DataFrame(
        {
            **{"report_year": report_year, "year": report_year, "month": range(1, 13), "unit": "A"},
            **{"sex": "K", "age_group": "30–49 år", "permanent": 20, "temporary": 1, "ordinary_hours": 3000.0},
            **{"sick_hours": 90.0, "sick_long_hours": 10.0, "worked_hours": worked, "extra_hours": 5.0},
            **{"fulltime_hours": fulltime, "departures": 0, "source": "x", "synthetic": False},
        }
    )
    return frame.astype(TABLE_COLUMNS)


def test_monthly_joins_the_previous_export_for_the_rolling_12_months():
    both = pd.concat([month_rows(2019, 1600.0), month_rows(2020, 3200.0)], ignore_index=True)
    data = staff_export.monthly(both, 2020)
    assert data["fte"].tolist() == [20.0] * 12
    # January 2020: 11 months of 10 and one of 20 over 12 months
    assert data["fte_12"].iloc[0] == pytest.approx((11 * 1600 + 3200) / (12 * 160))
    assert data["fte_12"].iloc[-1] == pytest.approx(20.0)
    assert data["permanent"].tolist() == [20] * 12 and data["extra"].sum() == 60


def test_monthly_without_a_previous_year_has_the_rolling_figure_in_december_only():
    data = staff_export.monthly(month_rows(2020, 1600.0), 2020)
    assert np.isnan(data["fte_12"].iloc[:11]).all() and data["fte_12"].iloc[11] == pytest.approx(10.0)
    assert staff_export.monthly(month_rows(2019, 1600.0), 2020).empty


def _run(raw, processed, out, year=2020, lang="sv"):
    pm.execute_notebook(
        str(NOTEBOOK),
        str(out),
        kernel_name="python3",
        progress_bar=False,
        parameters=dict(year=year, lang=lang, raw_dir=str(raw), processed_dir=str(processed)),
    )
    return nbformat.read(str(out), as_version=4)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """A 2020 folder with only the example HR export, beside the shipped 2017 and 2019."""
    root = tmp_path_factory.mktemp("hr-example")
    raw = copy_shipped_raw(root / "raw")
    write_example_hr(raw, 2020)
    clean(raw_dir=raw, processed_dir=root / "processed")
    return root, raw


@pytest.mark.notebooks
def test_the_chapter_from_the_example_export_shows_the_2019_print(example, tmp_path):
    root, raw = example
    nb = _run(raw, root / "processed", tmp_path / "out.ipynb")
    figures = keyfigures.as_dict(keyfigures.read(nb))
    printed = {"total": 4.0, "short": 2.2, "long": 1.8, "women": 2.44, "men": 4.67}
    for name, value in printed.items():
        assert figures[f"sick_leave_{name}_percent"] == pytest.approx(value, abs=1e-9), name
    assert figures["staff_turnover_percent"] == pytest.approx(13.0)
    assert figures["sick_leave_total_change_points"] == pytest.approx(0.0)  # against the 2019 print
    text = outputs_text(nb)
    for shown in ("2,44\u00a0%", "4,67\u00a0%", "Exempeldata", "Årsarbetare", "Antal anställda", "Extratid per månad"):
        assert shown in text, shown
    assert "2020/personal.csv" in text and "de obligatoriska nyckeltalen" in text


@pytest.mark.notebooks
def test_english_headings_of_the_export_sections(example, tmp_path):
    root, raw = example
    text = outputs_text(_run(raw, root / "processed", tmp_path / "en.ipynb", lang="en"))
    for heading in ("Sick leave: the mandatory key figures", "Sick leave by unit", "Full-time equivalents"):
        assert heading in text


@pytest.mark.notebooks
def test_a_withheld_group_cannot_be_recomputed_from_the_page(tmp_path):
    """10 women (unit A) are withheld; ages 30–49 (6) and 50 or older (9) are withheld.
    Neither their percentages nor their hours appear anywhere. The 25 men (unit B) are shown
    (issue 27): 4,80 % beside the total 4,72 % says only that the women are below it."""
    raw = tmp_path / "raw"
    write(raw, rows(temporary_r2=0))
    nb = _run(raw, tmp_path / "processed", tmp_path / "out.ipynb")
    text = outputs_text(nb)
    figures = keyfigures.read(nb)
    visible = re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", " ", text, flags=re.S))
    everything = visible + json.dumps(figures)
    withheld = {  # percentages (as shown and as recorded), sick-leave hours, ordinary hours
        "women / unit A": (r"4[,.]5(?:5|45)", r"50(?:,0+)? h", r"1[  ]?100"),
        "men / unit B hours": (r"120(?:,0+)? h", r"2[  ]?500"),
        "30–49": (r"5[,.]00?\s?%", r"30(?:,0+)? h", r"600"),
        "50 or older": (r"8[,.]00?\s?%", r"72(?:,0+)? h", r"900"),
    }
    for group, marks in withheld.items():
        for mark in marks:
            assert re.search(rf"(?<![\w,.]){mark}(?![\w])", everything) is None, (group, mark)
    assert "10 anställda eller färre" in text
    by_key = keyfigures.as_dict(figures)
    assert by_key["sick_leave_women_percent"] is None and by_key["sick_leave_men_percent"] == pytest.approx(4.8)
    assert "4,80\u00a0%" in visible and "skulle kunna räknas fram" not in text
    assert by_key["sick_leave_total_percent"] == pytest.approx(170 / 36)
