"""Chapter 2, cost development: outcome against budget per cost type or business area,
read in one sign convention; the largest deviations; the result; changes against the
previous year as the report's text states them.

The reports print their tables in different sign conventions (see ``data/raw/README.md``):

- ``net_result`` (2017, per business area): income +, net costs −, deviation = outcome − budget;
- ``cost_positive`` (2019, per cost type): costs +, deviation = budget − outcome.

:func:`normalised` turns either into one view: costs positive (a business area with net
income gets a negative net cost), deviation positive when better than budget. A cost
obtained by flipping the printed sign is marked derived, with its formula. Reported
figures are never corrected: a printed deviation that disagrees with budget − outcome is
shown as printed, with the recomputed value beside it.

``views`` selects and normalises the facts (pure, DataFrame in, DataFrame out), ``text``
builds the sentences and key figures, ``display`` the tables, charts and notebook cells.
"""
from analysis.chapters.costs.views import CHAPTER, COST_TYPE, BUSINESS_AREA, KEY_FIGURES, DEVIATION_TABLES, COST_SIGN, RESULT_ITEM, NET_COST_ITEMS, UNIT, VIEW_COLUMNS, CHANGE_COLUMNS, RESULT_COLUMNS, EXPLAINED_COLUMNS, load, display_decimals, _year, _line, _cost_key_figures, tables_present, tables_used, empty_view, normalised, primary_view, Drivers, drivers, TotalDeviation, total_deviation, flagged_items, Result, result, _reconcile_table, result_rows, changes, net_cost_change, explained_deviations, chapter_findings  # noqa: F401
from analysis.chapters.costs.text import signed_number, signed_msek, drivers_sentence, count_sentence, convention_note, _state, result_paragraph, _reconciled, changes_sentence, summary, key_figures  # noqa: F401
from analysis.chapters.costs.display import deviation_frame, deviation_table, table_notes, show_notes, show_intro, explained_view, show_result, show_changes, chart_data, deviation_chart, result_table, changes_table, explained_table  # noqa: F401
