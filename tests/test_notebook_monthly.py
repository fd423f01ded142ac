"""The MT chapter notebook on a year with a monthly ledger table: the shipped raw exports
cleaned into a tmp project, then a ``ledger_monthly.parquet`` written beside the facts from
a fixture frame (GENERATED FIXTURE DATA: made up here, marked synthetic, never the region's
ledger). The notebook must show the monthly section, the forecast with its back-test and the
Exempeldata banner, and record the monthly key figures."""

from __future__ import annotations

import nbformat
import pandas as pd
import papermill as pm
import pytest

from analysis import paths
from analysis.facts.pipeline import clean, load_monthly
from analysis.facts.schema import MONTHLY_STEM, typed_monthly
from analysis.presentation import keyfigures
from notebook_outputs import outputs_text
from test_monthly_sections import row

pytestmark = pytest.mark.notebooks

NOTEBOOK = paths.notebooks_dir() / "03_mt_maintenance_growth.ipynb"
MT = "MT service och underhåll"


def fixture_ledger() -> pd.DataFrame:
    """GENERATED FIXTURE DATA: 2019 month by month, MT 1,5 mnkr a month (1,0 Sterilteknik,
    0,5 EKG) against a budget of 1,0, staff costs 10,0 against 10,0; synthetic=True."""
    rows = []
    for month in range(1, 13):
        for cost_type, category, outcome, budget in (
            (MT, "Sterilteknik", 1.0, 0.6),
            (MT, "EKG", 0.5, 0.4),
            ("Personalkostnader", "", 10.0, 10.0),
        ):
            rows.append(row(month, cost_type, outcome, budget, category, rows=10, synthetic=True))
    return typed_monthly(pd.DataFrame(rows))


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The notebook run once on the tmp project with the fixture ledger (2019, Swedish)."""
    root = tmp_path_factory.mktemp("monthly-notebook")
    processed = root / "processed"
    clean(raw_dir=None, processed_dir=processed)
    frame = fixture_ledger()
    frame.to_parquet(processed / f"{MONTHLY_STEM}.parquet", index=False)
    frame.to_csv(processed / f"{MONTHLY_STEM}.csv", index=False)
    assert len(load_monthly(2019, processed)) == len(frame)  # fresh: the cleaning does not run again
    out = root / "mt_2019.ipynb"
    pm.execute_notebook(
        str(NOTEBOOK),
        str(out),
        kernel_name="python3",
        progress_bar=False,
        parameters=dict(year=2019, lang="sv", processed_dir=str(processed), forecast_month=8),
    )
    return nbformat.read(str(out), as_version=4)


def test_the_monthly_key_figures_are_the_fixture_sums(executed):
    kf = keyfigures.as_dict(keyfigures.read(executed))
    assert kf["mt_monthly_months"] == 12
    assert kf["mt_monthly_outcome_msek"] == pytest.approx(18.0)
    assert kf["mt_monthly_budget_msek"] == pytest.approx(12.0)
    assert kf["mt_monthly_deviation_msek"] == pytest.approx(-6.0)
    assert kf["mt_forecast_msek"] == pytest.approx(18.0) and kf["mt_forecast_month"] == 8
    assert kf["mt_forecast_low_msek"] == pytest.approx(18.0) and kf["mt_forecast_high_msek"] == pytest.approx(18.0)
    assert kf["mt_forecast_within"] is True
    assert kf["mt_outcome_msek"] == 19  # the printed table still drives the year's figures
    derived = [f for f in keyfigures.read(executed)["figures"] if f["key"].startswith("mt_forecast_msek")]
    assert derived[0]["derived"] and "medelvärdet" in derived[0]["formula"]


def test_the_page_shows_banner_section_forecast_and_categories(executed):
    text = outputs_text(executed)
    assert "Exempeldata: huvudboken för 2019" in text
    assert text.index("Exempeldata") < text.index("MT-underhåll per månad (huvudbok)")
    assert "Huvudboken har MT service och underhåll för 12 månader" in text
    assert "Prognos för helåret" in text and "n = 8 månader" in text and "Efterhandskontroll" in text
    assert "Sterilteknik" in text and "Utrustningskategori" in text
    assert "Uppgift saknas för 2019: MT-underhåll per månad" not in text
    assert "Traceback" not in text
