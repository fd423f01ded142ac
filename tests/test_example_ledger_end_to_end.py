"""The example generator, the ledger readers, the cleaning and the chapters together.

The generator's SYNTHETIC ledgers (written under ``tmp_path`` only) are cleaned as an analyst
would clean a real year's ledger: the derived cost-type table equals the printed 2019 table,
the reconciliation against the printed table finds nothing, an account left out of the
chart of accounts is a finding with its amount, and the chapters built from the ledger show
the same 2019 cost-type figures as the chapters built from the table export, each marked
"Exempeldata".
"""

from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser

import pandas as pd
import pytest

from analysis.examples import write_example_ledger
from analysis.facts.pipeline import clean, load_monthly
from analysis.publishing.batch.build import run_batch
from page_language import english_on

from conftest import SHIPPED_RAW

PRINTED_2019 = {  # the 2019 report's table Kostnader per kostnadslag (mnkr), as the shipped export holds it
    "Personalkostnader": (95, 108),
    "Avskrivningskostnader": (19, 16),
    "PC-utrullning": (10, 10),
    "MT service och underhåll": (19, 12),
    "Övriga kostnader": (75, 65),
    "Totalt": (218, 211),
}


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """SYNTHETIC example ledgers of 2018 and 2019 (6 000 rows a year), both formats."""
    out = tmp_path_factory.mktemp("example-ledger")
    write_example_ledger(out, [2018, 2019], rows=6000, seed=7)
    return out


def _costs(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    rows = facts[(facts["table"] == "costs_by_cost_type") & (facts["year"] == year) & (facts["report_year"] == year)]
    return rows.pivot_table(index="item", columns="measure", values="value", aggfunc="first")


@pytest.mark.parametrize("kind", ["sie", "csv"])
def test_the_ledger_gives_the_printed_cost_table(example, tmp_path, kind):
    result = clean(raw_dir=example / kind, processed_dir=tmp_path / "processed")
    costs = _costs(result.facts, 2019)
    for item, (outcome, budget) in PRINTED_2019.items():
        assert costs.loc[item, "outcome"] == pytest.approx(outcome, abs=1e-9), item
        assert costs.loc[item, "budget"] == pytest.approx(budget, abs=1e-9), item
    derived = result.facts[(result.facts["table"] == "costs_by_cost_type") & (result.facts["year"] == 2019)]
    assert derived["derived"].all() and derived["note"].str.startswith("derived: ").all()
    outcome = derived[derived["measure"] == "outcome"]
    assert outcome["source"].str.fullmatch(r"2019/huvudbok\.(?:se|csv) \(6 000 .*\)").all(), outcome["source"]
    budget_files = {"sie": "huvudbok.se", "csv": "budget.csv"}
    assert derived[derived["measure"] == "budget"]["source"].str.startswith(f"2019/{budget_files[kind]} (").all()
    # 2018 has only MT maintenance: that row, and no Totalt that would be a part of the costs
    assert _costs(result.facts, 2018).index.tolist() == ["MT service och underhåll"]
    assert _costs(result.facts, 2018).loc["MT service och underhåll", "outcome"] == pytest.approx(13.4)
    checks = set(result.findings["check"])
    assert not checks & {"unmapped_account", "unmapped_object", "unmapped_responsibility", "unbalanced_voucher"}
    assert "stated_change" not in checks  # +42 % against 13,4 → 19 (+41,8 %) agrees within rounding
    monthly = load_monthly(2019, processed_dir=tmp_path / "processed", raw_dir=example / kind)
    assert monthly["synthetic"].all() and sorted(monthly["month"].unique()) == list(range(1, 13))
    mt = monthly[monthly["cost_type"] == "MT service och underhåll"]
    assert mt["outcome"].sum() == pytest.approx(19.0) and mt["budget"].sum() == pytest.approx(12.0)


def test_reconciled_with_the_printed_table_and_an_unmapped_account(example, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(example / "sie", raw)
    shutil.copy2(SHIPPED_RAW / "2019" / "kostnader_per_kostnadslag.csv", raw / "2019")
    agreed = clean(years=[2019], raw_dir=raw, processed_dir=tmp_path / "p1")
    assert "ledger_vs_table" not in set(agreed.findings["check"])
    table = agreed.facts[(agreed.facts["table"] == "costs_by_cost_type") & (agreed.facts["measure"] != "percent")]
    assert not table["derived"].any()  # the printed table stays the table; the ledger is reconciled with it

    chart = (raw / "kontoplan.csv").read_bytes().decode("cp1252").splitlines()
    mt_line = next(line for line in chart[1:] if line.endswith(";MT service och underhåll"))
    (raw / "kontoplan.csv").write_bytes("\r\n".join(line for line in chart if line != mt_line).encode("cp1252"))
    broken = clean(years=[2019], raw_dir=raw, processed_dir=tmp_path / "p2").findings
    unmapped = broken[broken["check"] == "unmapped_account"]
    assert len(unmapped) >= 1 and unmapped["reported"].abs().sum() > 0
    totals = unmapped.groupby("measure")["reported"].sum()  # the MT accounts' totals, in MSEK
    assert totals["outcome"] == pytest.approx(19.0, abs=0.01) and totals["budget"] == pytest.approx(12.0, abs=0.01)
    off = broken[(broken["check"] == "ledger_vs_table") & (broken["item"] == "MT service och underhåll")]
    assert not off.empty


class _Rows(HTMLParser):
    """The cells of every table row of a page, as text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _cost_rows(page: str) -> dict[str, tuple[str, str]]:
    """Outcome and budget as shown in the first table with the cost types."""
    found = {}
    for row in _Rows(page).rows:
        if row and row[0] in PRINTED_2019 and row[0] not in found and len(row) >= 3:
            found[row[0]] = (row[1], row[2])
    return found


@pytest.mark.notebooks
def test_chapters_from_the_ledger_show_the_printed_figures_marked_as_example(example, tmp_path, built_reports):
    raw = tmp_path / "raw"
    shutil.copytree(example / "sie", raw)
    shutil.rmtree(raw / "2018")
    reports = tmp_path / "reports"
    results = run_batch(years=[2019], raw_dir=raw, processed_dir=tmp_path / "processed", reports_dir=reports)
    assert all(r.ok for r in results), [(r.chapter, r.error) for r in results]

    ledger_page = (reports / "2019" / "cost_development.html").read_text(encoding="utf-8")
    table_page = (built_reports.reports / "2019" / "cost_development.html").read_text(encoding="utf-8")
    # the same figures; the ledger's sums to one decimal (kronor to the öre), the print's as printed
    number = lambda cells: tuple(float(c.replace(",", ".")) for c in cells)
    assert {k: number(v) for k, v in _cost_rows(ledger_page).items()} == {
        k: number(v) for k, v in _cost_rows(table_page).items()
    }
    assert _cost_rows(ledger_page)["Totalt"] == ("218,0", "211,0")
    # the cost-type chart's source line names the ledger it is derived from, not the report
    alts = [html.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', ledger_page)]
    cost_type_chart = next(a for a in alts if "kostnadsslag" in a.split(".")[0])
    assert "Källa: Huvudboksexporten 2019/huvudbok.se; Kostnader per kostnadsslag, härlett" in cost_type_chart
    table_alts = [html.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', table_page)]
    assert not any("Huvudboksexporten" in a for a in table_alts)
    for result in results:
        page = result.html.read_text(encoding="utf-8")
        assert re.search(r'class="banner example-data"[^>]*>Exempeldata', page), result.chapter
        assert english_on(page) == [], result.chapter  # "huvudbok.se (576 #TRANS-rader)", never "rows"
    for page in (built_reports.reports / "2019").glob("*.html"):
        assert "example-data" not in page.read_text(encoding="utf-8"), page.name
    mt_page = (reports / "2019" / "mt_maintenance_growth.html").read_text(encoding="utf-8")
    assert "Helårsprognos" in mt_page and "Sterilteknik" in mt_page
