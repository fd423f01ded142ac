"""The ledger in the cleaning: monthly table, derived facts, findings, atomic writes,
raw files untouched, mapping edits make the data stale."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest
from tests.ledger_files import SIE_BODY, write_csv, write_mappings, write_sie

from analysis.exceptions import RawDataError
from analysis.facts.freshness import staleness
from analysis.facts.pipeline import clean, load_monthly
from analysis.facts.schema import MONTHLY_COLUMNS

TABLE = "Kostnadslag (mnkr);Utfall 2019;Budget 2019;Avvikelse\nPersonalkostnader;2;3;1\nTotalt;2;3;1\n"


def checksums(folder):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def raw(tmp_path):
    folder = tmp_path / "raw"
    write_mappings(folder)
    write_sie(folder / "2019" / "huvudbok.se")
    return folder


def test_sie_year_without_table_export(raw, tmp_path):
    before = checksums(raw)
    result = clean(raw_dir=raw, processed_dir=tmp_path / "out")
    assert checksums(raw) == before
    costs = result.facts[result.facts["table"] == "costs_by_cost_type"]
    assert costs["derived"].all() and set(costs["measure"]) == {"outcome"}
    value = dict(zip(costs["item"], costs["value"]))
    assert value["Personalkostnader"] == pytest.approx(1.5) and value["MT service och underhåll"] == pytest.approx(
        0.2500005
    )
    assert "Totalt" not in value  # two of the five cost types: their sum is not the division's total
    row = costs[costs["item"] == "Personalkostnader"].iloc[0]
    assert row["source"] == "2019/huvudbok.se (5 #TRANS rows)" and "periods 201901–201902" in row["note"]
    monthly = load_monthly(2019, processed_dir=tmp_path / "out", raw_dir=raw)
    assert list(monthly.columns) == list(MONTHLY_COLUMNS)
    assert monthly["budget"].isna().all() and not monthly["synthetic"].any()
    by = monthly.set_index(["period", "cost_type"])
    assert by.loc[(201901, "Personalkostnader"), "outcome"] == pytest.approx(1.5)
    assert by.loc[(201901, "Personalkostnader"), "business_area"] == "15 Medicinsk Teknik"
    assert by.loc[(201902, "MT service och underhåll"), "mt_category"] == "EKG"
    assert by.loc[(201902, "Intäkter"), "outcome"] == pytest.approx(-0.05)
    assert monthly["outcome"].sum() == pytest.approx(1.5 + 0.2500005 - 0.05)  # balance accounts left out
    files = result.raw_files.set_index("file")
    assert files.loc["2019/huvudbok.se", "rows"] == 5 and files.loc["kontoplan.csv", "table"] == "mapping"
    assert len(files.loc["2019/huvudbok.se", "sha256"]) == 64


def test_findings_unmapped_and_unbalanced(raw, tmp_path):
    body = SIE_BODY.replace("#TRANS 5010 {", "#TRANS 4999 {").replace("-200000.50", "-200000.00")
    body = body.replace('{1 "170" 21 "EKG1"}', '{1 "999" 21 "XX9"}')
    write_sie(raw / "2019" / "huvudbok.se", body)
    findings = clean(raw_dir=raw, processed_dir=tmp_path / "out").findings.set_index("check")
    account = findings.loc["unmapped_account"]
    assert account["item"] == "4999" and account["reported"] == pytest.approx(1.5)
    assert "Övrigt åäö" in account["message"]
    assert findings.loc["unmapped_object", "item"] == "XX9"
    assert findings.loc["unmapped_object", "reported"] == pytest.approx(0.2500005)
    assert findings.loc["unmapped_responsibility", "item"] == "999"
    voucher = findings.loc["unbalanced_voucher"]
    assert voucher["item"] == "A 2" and voucher["source"] == "2019/huvudbok.se:18"
    assert voucher["reported"] == pytest.approx(0.5e-6)


def test_csv_ledger_against_the_table_export(tmp_path):
    raw = tmp_path / "raw"
    write_mappings(raw)
    ledger = "Period;Konto;Ansvar;Aktivitet;Objekt;Belopp;Text\n201901;5010;150;;;1 400 000,00;Exempeldata\n"
    write_csv(raw / "2019" / "huvudbok.csv", ledger)
    write_csv(
        raw / "2019" / "budget.csv", "Period;Konto;Ansvar;Objekt;Belopp;Text\n201901;5010;150;;3 000 000;Exempeldata\n"
    )
    write_csv(raw / "2019" / "kostnader_per_kostnadslag.csv", TABLE)
    result = clean(raw_dir=raw, processed_dir=tmp_path / "out")
    assert not result.facts["derived"].any() or "ledger" not in " ".join(result.facts["source"])
    found = result.findings[result.findings["check"] == "ledger_vs_table"]
    outcome = found[(found["item"] == "Personalkostnader") & (found["measure"] == "outcome")].iloc[0]
    assert outcome["reported"] == 2 and outcome["recomputed"] == pytest.approx(1.4)
    assert set(found["measure"]) == {"outcome"}  # the budget agrees within the printed rounding
    monthly = pd.read_parquet(tmp_path / "out" / "ledger_monthly.parquet")
    assert monthly["synthetic"].all() and monthly["budget"].sum() == pytest.approx(3.0)


def test_error_writes_nothing_and_keeps_previous_outputs(raw, tmp_path):
    out = tmp_path / "out"
    clean(raw_dir=raw, processed_dir=out)
    before = checksums(out)
    write_sie(raw / "2019" / "huvudbok.se", SIE_BODY.replace("1500000.00 20190131", "15,00 20190131"))
    with pytest.raises(RawDataError, match="belopp"):
        clean(raw_dir=raw, processed_dir=out)
    assert checksums(out) == before


def test_missing_kontoplan_is_an_error(raw, tmp_path):
    (raw / "kontoplan.csv").unlink()
    with pytest.raises(RawDataError, match="kontoplan.csv"):
        clean(raw_dir=raw, processed_dir=tmp_path / "out")


def test_mapping_edit_makes_the_year_stale(raw, tmp_path):
    out = tmp_path / "out"
    clean(raw_dir=raw, processed_dir=out)
    assert staleness(2019, raw, out) is None
    (raw / "objekt.csv").write_text("Objekt;MT-kategori\nST01;Sterilteknik\nEKG1;Patientövervakning\n", "utf-8")
    assert staleness(2019, raw, out).changed == 1
    monthly = load_monthly(2019, processed_dir=out, raw_dir=raw)
    assert "Patientövervakning" in set(monthly["mt_category"])
    assert staleness(2019, raw, out) is None


def test_two_ledgers_in_one_year(raw, tmp_path):
    write_csv(raw / "2019" / "huvudbok.csv", "Period;Konto;Belopp\n201901;5010;1\n")
    with pytest.raises(RawDataError, match="same export twice|second ledger"):
        clean(raw_dir=raw, processed_dir=tmp_path / "out")


def test_chapter_fingerprint_covers_ledger_and_mapping_files(raw, tmp_path):
    from analysis.facts.pipeline import load_raw_files
    from analysis.publishing.batch.plan import raw_inputs, read_inputs

    out = tmp_path / "out"
    clean(raw_dir=raw, processed_dir=out)
    inputs = raw_inputs(2019, raw)
    assert {"2019/huvudbok.se", "kontoplan.csv", "ansvar.csv", "objekt.csv"} <= set(inputs)
    recorded = load_raw_files(2019, out)
    assert dict(zip(recorded["file"], recorded["sha256"])) == inputs  # the cleaning chapter is up to date
    before = read_inputs(2019, raw)
    (raw / "kontoplan.csv").write_text((raw / "kontoplan.csv").read_text("utf-8") + "9000;9099;Intäkter\n", "utf-8")
    assert read_inputs(2019, raw)["kontoplan.csv"] != before["kontoplan.csv"]
