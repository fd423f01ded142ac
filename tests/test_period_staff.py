"""The staff part of a period report (issue 26): January to month N from the HR export's
months, beside the previous year's same months, with the 10-employee rule on the period."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from analysis.chapters import common, period_staff
from analysis.facts.sources.hr import staff_figures as sf
from analysis.facts.sources.hr.statistics import TABLE_COLUMNS

MONTHS = range(1, 13)


def export(year: int, months=MONTHS, report_year: int | None = None, women=lambda m: 12, scale: float = 1.0):
    """One row per month and sex of ``year``: women (unit A, ``women(m)`` employees, 30–49 år)
    and 20 men (unit B, 50 år eller äldre); sick hours grow with the month, so a later month
    changes every figure."""
    report_year = year if report_year is None else report_year
    rows = []
    for m in months:
        for sex, unit, age, heads, sick in (
            ("K", "A", "30–49 år", women(m), 10.0),
            ("M", "B", "50 år eller äldre", 20, 30.0),
        ):
            rows.append(
                {
                    **{"report_year": report_year, "year": year, "month": m, "unit": unit, "sex": sex},
                    **{"age_group": age, "permanent": heads, "temporary": 1, "ordinary_hours": 150.0 * heads},
                    **{"sick_hours": sick * m * scale, "sick_long_hours": sick * m * scale / 3},
                    **{"worked_hours": 140.0 * heads * scale, "extra_hours": 2.0 * m * scale, "fulltime_hours": 160.0},
                    **{"departures": 0, "source": f"{report_year}/personal.csv:{m + 1}", "synthetic": False},
                }
            )
    return pd.DataFrame(rows).astype(TABLE_COLUMNS)


def value(facts: pd.DataFrame, table: str, item: str, year: int) -> float:
    found = facts[(facts["year"] == year) & (facts["table"] == table) & (facts["item"] == item)]
    assert len(found) == 1, (table, item, year)
    return float(found["value"].iloc[0])


def test_the_period_rows_are_months_1_to_n_of_the_year():
    rows = pd.concat([export(2020), export(2021)], ignore_index=True)
    picked = period_staff.period_rows(rows, 2021, 4)
    assert sorted(set(picked["month"])) == [1, 2, 3, 4] and set(picked["year"]) == {2021}
    assert len(picked) == 8
    with pytest.raises(ValueError):
        period_staff.period_rows(rows, 2021, 13)


def test_the_figures_of_months_1_to_n_equal_a_computation_from_the_rows():
    rows = export(2021)
    facts = period_staff.period_facts(rows, 2021, 4)
    first = rows[rows["month"] <= 4]
    expected = first["sick_hours"].sum() / first["ordinary_hours"].sum() * 100
    assert value(facts, "sick_leave", sf.TOTAL, 2021) == pytest.approx(expected)
    women = first[first["sex"] == "K"]
    assert value(facts, "sick_leave_by_sex", "Kvinnor", 2021) == pytest.approx(
        women["sick_hours"].sum() / women["ordinary_hours"].sum() * 100
    )
    share = first["sick_long_hours"].sum() / first["sick_hours"].sum() * 100
    assert value(facts, sf.STAFF_TABLE, sf.LONG_SHARE, 2021) == pytest.approx(share)
    fte = (first.groupby("month")["worked_hours"].sum() / 160.0).mean()
    assert value(facts, sf.STAFF_TABLE, sf.FTE, 2021) == pytest.approx(fte)
    assert value(facts, sf.KEY_FIGURES, sf.EXTRA_TIME, 2021) == pytest.approx(first["extra_hours"].sum())
    assert "202101–202104, 4 mån." in facts["note"].iloc[0]


def test_rows_after_month_n_are_not_used():
    rows = export(2021)
    later = rows.copy()
    later.loc[later["month"] > 4, ["sick_hours", "sick_long_hours", "worked_hours", "extra_hours"]] *= 7
    later.loc[later["month"] > 4, "permanent"] = 1  # small groups after the period: no effect
    pd.testing.assert_frame_equal(period_staff.period_facts(rows, 2021, 4), period_staff.period_facts(later, 2021, 4))


def test_the_previous_year_is_its_same_months_only():
    rows = pd.concat([export(2020, scale=2.0), export(2021)], ignore_index=True)
    facts = period_staff.period_facts(rows, 2021, 8)
    before = rows[(rows["year"] == 2020) & (rows["month"] <= 8)]
    expected = before["sick_hours"].sum() / before["ordinary_hours"].sum() * 100
    assert value(facts, "sick_leave", sf.TOTAL, 2020) == pytest.approx(expected)
    assert value(facts, sf.KEY_FIGURES, sf.EXTRA_TIME, 2020) == pytest.approx(before["extra_hours"].sum())
    figures = period_staff.to_date(facts, 2021)
    assert figures["extra_time"]["change"] == pytest.approx(-before["extra_hours"].sum() / 2)
    assert figures["fte"]["before"] == pytest.approx(2 * figures["fte"]["now"])


def test_a_previous_month_comes_from_its_own_export_before_a_later_one():
    own, restated = export(2020, report_year=2020), export(2020, report_year=2021, scale=3.0)
    rows = pd.concat([own, restated, export(2021)], ignore_index=True)
    picked = period_staff.period_rows(rows, 2020, 4)
    assert set(picked["report_year"]) == {2020} and len(picked) == 8
    carried = pd.concat([restated, export(2021)], ignore_index=True)  # no 2020 export: the 2021 one's months
    assert set(period_staff.period_rows(carried, 2020, 4)["report_year"]) == {2021}


def test_a_previous_year_without_all_the_months_is_not_compared():
    rows = pd.concat([export(2020, months=range(3, 13)), export(2021)], ignore_index=True)
    facts = period_staff.period_facts(rows, 2021, 4)
    assert set(facts["year"]) == {2021}
    assert period_staff.to_date(facts, 2021)["fte"]["before"] is None
    (line,) = period_staff.notes(rows, 2021, 4, "sv")
    assert "mars, apr." in line and "2020" in line
    assert "2020" in period_staff.notes(export(2021), 2021, 4, "en")[0]


def test_the_10_employee_rule_applies_to_the_periods_mean_group_size():
    # women: 9 employees + 1 temporary in months 1–4 (mean 10: withheld), 19 + 1 later (year mean 16,7: shown)
    rows = export(2021, women=lambda m: 9 if m <= 4 else 19)
    facts = period_staff.period_facts(rows, 2021, 4)
    assert period_staff.figure(facts, "sick_leave_by_sex", "Kvinnor", 2021) == (None, sf.WITHHELD)
    assert math.isnan(value(facts, "sick_leave_by_sex", "Kvinnor", 2021))
    year = pd.DataFrame(sf.year_facts(rows, 2021, "x"))
    assert not math.isnan(value(year, "sick_leave_by_sex", "Kvinnor", 2021))
    # months 1–5: mean (4 × 10 + 20) / 5 = 12: shown
    five = period_staff.period_facts(rows, 2021, 5)
    assert period_staff.figure(five, "sick_leave_by_sex", "Kvinnor", 2021)[1] == "shown"


def captured(monkeypatch, *args) -> str:
    """The HTML and Markdown that :func:`period_staff.show` displays."""
    shown = []
    monkeypatch.setattr(period_staff, "display", shown.append)
    monkeypatch.setattr(common, "display", shown.append)
    period_staff.show(*args)
    texts = [o.to_html() if hasattr(o, "to_html") else o.data for o in shown]
    return "\n".join(texts)


def test_show_renders_the_withheld_group_and_the_previous_year(monkeypatch):
    rows = pd.concat([export(2020), export(2021, women=lambda m: 9)], ignore_index=True)
    text = captured(monkeypatch, rows, 2021, 4, "sv")
    assert "## Sjukfrånvaro januari–april 2021" in text and "Årsarbetare och extratid januari–april 2021" in text
    assert "januari–april 2020" in text and "2021/personal.csv" in text and "2020/personal.csv" in text
    women = re.search(r"Sjukfrånvaro, kvinnor</td>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)<", text)
    assert women and women.groups()[0] == "×" and "%" in women.groups()[1]
    assert "× betyder" in text and "medelvärdet av dess anställda vid månadsskiftena januari–april" in text
    assert "Extratid" in text and "\u00a0h" in text


def test_show_without_the_previous_year_or_the_years_export(monkeypatch):
    text = captured(monkeypatch, export(2021), 2021, 8, "en")
    assert "Sick leave January–August 2021" in text and "no months January–August 2020" in text
    assert re.search(r"Total sick leave</td>\s*<td[^>]*>[0-9.]+%</td>\s*<td[^>]*>–<", text)
    empty = captured(monkeypatch, export(2020), 2021, 8, "sv")
    assert 'class="note missing"' in empty and "Årsarbetare och extratid" not in empty


def test_key_figures_of_the_period(monkeypatch):
    rows = pd.concat([export(2020, scale=2.0), export(2021)], ignore_index=True)
    figures = {f.key: f for f in period_staff.key_figures(rows, 2021, 4, "sv")}
    assert set(figures) == {
        "staff_period_sick_leave_total_percent",
        "staff_period_fte_count",
        "staff_period_extra_time_hours",
    }
    first = rows[(rows["year"] == 2021) & (rows["month"] <= 4)]
    total = figures["staff_period_sick_leave_total_percent"]
    assert total.value == pytest.approx(first["sick_hours"].sum() / first["ordinary_hours"].sum() * 100)
    assert figures["staff_period_extra_time_hours"].value == pytest.approx(first["extra_hours"].sum())
    assert all(f.derived and "2021/personal.csv" in f.formula for f in figures.values())
    assert not any("2020/personal.csv" in f.formula for f in figures.values())
    assert "januari–april 2021" in total.formula and "januari–april 2021" in total.label
    small = period_staff.key_figures(export(2021, women=lambda m: 2).assign(permanent=3), 2021, 4, "en")
    assert small[0].value is None and small[1].value is not None


def test_a_year_whose_export_lacks_months_of_the_period_says_so():
    rows = pd.concat([export(2020), export(2021, months=range(1, 7))], ignore_index=True)
    assert period_staff.months_lacking(rows, 2021, 8) == [7, 8]
    assert "saknar juli, aug." in period_staff.notes(rows, 2021, 8, "sv")[0]
    facts = period_staff.period_facts(rows, 2021, 8)
    assert "202101–202106, 6 mån." in facts.loc[facts["year"] == 2021, "note"].iloc[0]
    assert "202001–202008" in facts.loc[facts["year"] == 2020, "note"].iloc[0]
