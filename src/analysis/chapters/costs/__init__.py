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

``years`` shows the same tables over every report year up to the chapter's, with the
changes between them and the result per year (:mod:`analysis.chapters.over_the_years`).

``views`` selects and normalises the facts (pure, DataFrame in, DataFrame out), ``text``
builds the sentences and key figures, ``display`` the tables, charts and notebook cells.
"""

from analysis.chapters.costs.display import (
    changes_table,
    chart_data,
    deviation_chart,
    deviation_frame,
    deviation_table,
    explained_table,
    explained_view,
    result_table,
    show_changes,
    show_intro,
    show_notes,
    show_result,
    table_notes,
)
from analysis.chapters.costs.monthly import (
    cost_rows,
    forecast_view,
    monthly_deviation_chart,
    monthly_deviation_table,
    monthly_key_figures,
    outlook,
    show_monthly_intro,
)
from analysis.chapters.costs.result import Result, changes, explained_deviations, net_cost_change, result, result_rows
from analysis.chapters.costs.text import (
    changes_sentence,
    convention_note,
    count_sentence,
    drivers_sentence,
    key_figures,
    result_paragraph,
    signed_msek,
    signed_number,
    summary,
)
from analysis.chapters.costs.views import (
    BUSINESS_AREA,
    CHANGE_COLUMNS,
    CHAPTER,
    COST_SIGN,
    COST_TYPE,
    DEVIATION_TABLES,
    EXPLAINED_COLUMNS,
    KEY_FIGURES,
    NET_COST_ITEMS,
    RESULT_COLUMNS,
    RESULT_ITEM,
    UNIT,
    VIEW_COLUMNS,
    Drivers,
    TotalDeviation,
    chapter_findings,
    display_decimals,
    drivers,
    empty_view,
    flagged_items,
    load,
    normalised,
    primary_view,
    tables_present,
    tables_used,
    total_deviation,
)
from analysis.chapters.costs.years import (
    item_changes,
    result_changes,
    result_chart,
    result_years,
    show_result_years,
    show_table_years,
    show_years_intro,
    table_years,
    total_changes,
    values_frame,
    years_key_figures,
    years_of,
)
