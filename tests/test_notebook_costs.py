"""Chapter 2 (cost development): the notebook executed with papermill for each shipped year,
its recorded key figures against the facts table, and one run in English."""

from __future__ import annotations

import json

import nbformat
import pandas as pd
import papermill as pm
import pytest

from analysis import paths
from analysis.facts.pipeline import clean, load_facts, load_quality
from analysis.presentation import keyfigures
from notebook_outputs import outputs_text

NOTEBOOK = paths.notebooks_dir() / "02_cost_development.ipynb"
PRIMARY = {2017: "result_by_business_area", 2019: "costs_by_cost_type"}

pytestmark = pytest.mark.notebooks


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("costs-nb") / "processed"
    clean(raw_dir=None, processed_dir=tmp)
    return tmp


def run(processed, tmp_path, year: int, lang: str) -> nbformat.NotebookNode:
    out = tmp_path / f"costs_{year}_{lang}.ipynb"
    pm.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters=dict(year=year, lang=lang, processed_dir=str(processed)),
        kernel_name="python3",
        progress_bar=False,
    )
    return nbformat.read(str(out), as_version=4)


def images(nb: nbformat.NotebookNode) -> int:
    return sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))


def fact_value(facts: pd.DataFrame, table: str, item: str, measure: str) -> float | None:
    rows = facts[
        (facts["table"] == table)
        & (facts["item"] == item)
        & (facts["measure"] == measure)
        & (facts["parent"] == "")
        & ~facts["derived"]
    ]
    return float(rows["value"].iloc[0]) if len(rows) == 1 else None


def expected(processed, year: int) -> dict:
    """The key figures computed straight from the facts and quality tables."""
    facts = load_facts(year, processed)
    quality = load_quality(None, processed)
    table = PRIMARY[year]
    rows = facts[(facts["table"] == table) & (facts["measure"] == "deviation") & (facts["item"] != "Totalt")]
    best, worst = rows.loc[rows["value"].idxmax()], rows.loc[rows["value"].idxmin()]
    outcome = fact_value(facts, table, "Totalt", "outcome")
    budget = fact_value(facts, table, "Totalt", "budget")
    sign = -1 if year == 2017 else 1  # net_result: costs = −printed value
    cost_items = set(facts.loc[(facts["table"] == "key_figures") & (facts["domain"] == "costs"), "item"])
    own = quality[
        (quality["report_year"] == year)
        & ((quality["table"] == table) | ((quality["table"] == "key_figures") & quality["item"].isin(cost_items)))
    ]
    return {
        "deviation_table": table,
        "result_msek": fact_value(facts, "key_figures", "Resultat", "outcome"),
        "result_table_msek": outcome if year == 2017 else None,
        "result_vs_forecast_msek": fact_value(facts, table, "Totalt", "deviation_vs_forecast")
        if year == 2017
        else None,
        "total_deviation_msek": fact_value(facts, table, "Totalt", "deviation"),
        "total_deviation_recomputed_msek": sign * budget - sign * outcome,
        "largest_favourable_item": best["item"],
        "largest_favourable_value": float(best["value"]),
        "largest_unfavourable_item": worst["item"],
        "largest_unfavourable_value": float(worst["value"]),
        "net_cost_change_percent": fact_value(facts, "key_figures", "Nettokostnad", "change_percent"),
        "n_findings": len(own),
    }


@pytest.mark.parametrize("year", [2017, 2019])
def test_notebook_runs_and_records_the_facts(processed, tmp_path, year):
    nb = run(processed, tmp_path, year, "sv")
    recorded = keyfigures.read(nb)
    assert recorded["chapter"] == "cost_development" and recorded["year"] == year
    got = keyfigures.as_dict(recorded)
    want = expected(processed, year)
    assert set(want) <= set(got)
    for key, value in want.items():
        if isinstance(value, float):
            assert got[key] == pytest.approx(value), key
        else:
            assert got[key] == value, key
    json.dumps(recorded)  # machine-readable
    text = outputs_text(nb)
    assert f"Kostnadsutveckling {year}" in text
    assert images(nb) == 2  # one diverging chart (the year has one of the two deviation tables), the result by year
    if year == 2017:
        assert got["result_msek"] == 8.7 and got["largest_favourable_item"] == "09 Kompetenscentrum"
        assert "Uppgift saknas för 2017: utfall och budget per kostnadsslag." in text
        assert "08 Divisionsgem Länsteknik har nettointäkter" in text
        assert "Inga avvikelser" in text
    else:
        assert got["result_msek"] == -4.8 and got["net_cost_change_percent"] == 9
        assert (got["total_deviation_msek"], got["total_deviation_recomputed_msek"], got["n_findings"]) == (-5, -7, 2)
        assert "Uppgift saknas för 2019: utfall och budget per verksamhetsområde." in text
        assert "-5 †" in text and "Rapporterat" in text and "Omräknat" in text


def test_notebook_in_english(processed, tmp_path):
    nb = run(processed, tmp_path, 2017, "en")
    text = outputs_text(nb)
    for heading in (
        "# Cost development 2017",
        "## How to read the signs",
        "## Outcome against budget by cost type",
        "## Outcome against budget by business area",
        "## Result",
        "## Change against the previous year",
        "## Data quality",
    ):
        assert heading in text, heading
    assert "Kostnadsutveckling" not in text and "Så läses tecknen" not in text
    assert "Not available for 2017: outcome and budget by cost type." in text
    assert keyfigures.read(nb)["lang"] == "en"
