"""The chapter notebook "MT-underhållets tillväxt", executed with papermill for each shipped
year and once in English; its recorded key figures are checked against the facts table."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill as pm
import pytest

from analysis import paths
from analysis.facts.pipeline import clean
from analysis.presentation import keyfigures
from notebook_outputs import outputs_text

pytestmark = pytest.mark.notebooks

NOTEBOOK = paths.notebooks_dir() / "03_mt_maintenance_growth.ipynb"
MT = "MT service och underhåll"


@pytest.fixture(scope="module")
def processed(tmp_path_factory) -> tuple[Path, object]:
    """The shipped raw exports cleaned into a tmp processed folder, once for this module."""
    folder = tmp_path_factory.mktemp("mt-notebook") / "processed"
    return folder, clean(raw_dir=None, processed_dir=folder)


@pytest.fixture(scope="module")
def run(processed, tmp_path_factory):
    """Execute the notebook once per (year, lang); results cached for the module."""
    folder, _result = processed
    done: dict[tuple[int, str], dict] = {}

    def execute(year: int, lang: str = "sv") -> dict:
        if (year, lang) not in done:
            out = tmp_path_factory.mktemp("mt-out") / f"mt_{year}_{lang}.ipynb"
            pm.execute_notebook(
                str(NOTEBOOK),
                str(out),
                kernel_name="python3",
                progress_bar=False,
                parameters=dict(year=year, lang=lang, processed_dir=str(folder)),
            )
            done[(year, lang)] = nbformat.read(str(out), as_version=4)
        return done[(year, lang)]

    return execute


def _fact(facts, **keys) -> float:
    rows = facts
    for col, val in keys.items():
        rows = rows[rows[col] == val]
    assert len(rows) == 1, keys
    return float(rows["value"].iloc[0])


def test_2019_key_figures_match_the_facts(run, processed):
    _folder, result = processed
    facts = result.facts[result.facts["report_year"] == 2019]
    recorded = keyfigures.read(run(2019))
    assert recorded["chapter"] == "mt_maintenance_growth" and recorded["year"] == 2019
    kf = keyfigures.as_dict(recorded)
    cost = lambda m, derived=False: _fact(facts, table="costs_by_cost_type", item=MT, measure=m, derived=derived)
    assert kf["view"] == "cost_type"
    assert kf["mt_outcome_msek"] == cost("outcome") == 19
    assert kf["mt_budget_msek"] == cost("budget") == 12
    assert kf["mt_deviation_msek"] == cost("deviation") == -5
    assert kf["mt_deviation_recomputed_msek"] == cost("budget") - cost("outcome") == -7
    assert kf["mt_share_of_costs_percent"] == pytest.approx(cost("percent", derived=True))
    assert kf["mt_growth_percent"] == _fact(facts, table="key_figures", item=MT, measure="change_percent") == 42
    assert kf["mt_implied_previous_outcome_msek"] == pytest.approx(19 / 1.42)
    assert (
        kf["mt_sterile_deviation_msek"]
        == _fact(facts, table="key_figures", item="Sterilteknik", measure="deviation")
        == -2.6
    )
    assert kf["other_costs_growth_percent"] == 20 and kf["net_cost_growth_percent"] == 9
    assert kf["mt_quality_findings"] == 1
    derived = {f["key"]: f for f in recorded["figures"] if f["derived"]}
    assert {"mt_deviation_recomputed_msek", "mt_share_of_costs_percent", "mt_implied_previous_outcome_msek"} <= set(
        derived
    )
    assert all(f["formula"] for f in derived.values() if f["value"] is not None)


def test_2019_shows_the_deviation_finding_reported_and_recomputed(run):
    text = outputs_text(run(2019))
    assert "MT-underhållets tillväxt 2019" in text
    assert "Avvikelsen kontrollräknad" in text
    assert "-5,0" in text and "-7,0" in text
    assert "Räknat som budget − utfall blir avvikelsen −7,0" in text
    assert "Uppgift saknas för 2019: tabell per verksamhetsområde" in text
    assert "Traceback" not in text


def test_2017_key_figures_are_the_business_area(run, processed):
    _folder, result = processed
    facts = result.facts[result.facts["report_year"] == 2017]
    nb = run(2017)
    kf = keyfigures.as_dict(keyfigures.read(nb))
    vo = lambda m: _fact(facts, table="result_by_business_area", item="15 Medicinsk Teknik", measure=m)
    assert kf["view"] == "business_area" and kf["mt_item"] == "15 Medicinsk Teknik"
    assert kf["mt_outcome_msek"] == pytest.approx(vo("outcome"))
    assert kf["mt_budget_msek"] == pytest.approx(vo("budget"))
    assert kf["mt_deviation_msek"] == pytest.approx(vo("deviation"))
    assert kf["mt_deviation_recomputed_msek"] == pytest.approx(vo("outcome") - vo("budget"))
    assert kf["mt_cost_msek"] == pytest.approx(-vo("outcome"))
    vos = facts[
        (facts["table"] == "result_by_business_area")
        & (facts["measure"] == "outcome")
        & (facts["item"] != "Totalt")
        & (facts["value"] < 0)
    ]
    assert kf["mt_share_of_costs_percent"] == pytest.approx(-vo("outcome") / -vos["value"].sum() * 100)
    for key in (
        "mt_growth_percent",
        "mt_implied_previous_outcome_msek",
        "mt_sterile_deviation_msek",
        "net_cost_growth_percent",
    ):
        assert kf[key] is None
    text = outputs_text(nb)
    assert "verksamhetsområdet VO 15 Medicinsk Teknik" in text
    assert "10,49" in text
    assert "Uppgift saknas för 2017: förändring av MT-kostnaden" in text


def test_english_headings(run):
    nb = run(2019, "en")
    text = outputs_text(nb)
    for heading in (
        "Growth of MT maintenance, 2019",
        "The deviation, recomputed",
        "Growth compared with other cost types",
        "Data quality",
    ):
        assert heading in text
    for swedish in ("Avvikelsen kontrollräknad", "Tillväxt jämfört med andra kostnadsslag", "Datakvalitet"):
        assert swedish not in text
    assert keyfigures.read(nb)["lang"] == "en"
