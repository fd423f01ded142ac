"""Chapter 3, growth of MT maintenance: the MT cost against its budget, its growth on the
previous year, its share of the division's costs and its growth beside the other cost types.

A report shows MT in one of two ways, and :func:`figures` says which (``view``):

- ``"cost_type"``: the cost type "MT service och underhåll" in ``costs_by_cost_type``
  (costs positive, deviation = budget − outcome), with growth and the Sterilteknik part of
  the deviation from the report's text (``key_figures``);
- ``"business_area"``: only the business area VO "15 Medicinsk Teknik" in
  ``result_by_business_area`` (net costs negative, deviation = outcome − budget). It covers
  other costs than the cost type and is never mixed with it.

``years`` takes the MT cost of every report year up to the chapter's from the series
(renamed rows through the alias list) and computes the growth from the tables where the
previous year has a table value; the report's stated change is then shown beside it,
checked or contradicted. Where only the stated change exists, it is used and marked as
stated in the report.

Every deviation keeps the reported value; the recomputed one is derived beside it. ``views``
holds the pure functions of the facts, ``text`` the sentences and key figures, ``display``
the tables and charts: a view there returns the object a notebook cell shows, or None after
showing the one-line note of :func:`analysis.chapters.common.missing`.
"""

from analysis.chapters.mt.display import (
    business_area_view,
    check_sentences,
    check_table,
    check_view,
    outcome_budget_chart,
    overview_table,
    overview_view,
    sterile_view,
    yearly_chart,
)
from analysis.chapters.mt.growth import (
    claims_checked,
    claims_frame,
    claims_view,
    mt_claim,
    mt_series,
    show_derived_points,
    year_figures,
    year_points,
)
from analysis.chapters.mt.growth import growth_comparison as comparison_over_years
from analysis.chapters.mt.growth_display import growth_chart, growth_table, growth_view
from analysis.chapters.mt.monthly import (
    category_chart,
    category_frame,
    category_view,
    forecast_view,
    monthly_key_figures,
    monthly_rows,
    monthly_table,
    outlook,
    show_monthly_intro,
)
from analysis.chapters.mt.text import claim_sentence, growth_sentences, key_figures, summary
from analysis.chapters.mt.views import (
    BUSINESS_AREA,
    CHAPTER,
    COST_TABLE,
    COST_TYPE,
    HIGHLIGHT,
    KF_TABLE,
    MARK,
    MONEY_DECIMALS,
    NET_COST,
    OTHER_COSTS,
    STERILE,
    TOTAL,
    VO_TABLE,
    MtFigures,
    business_area_figures,
    business_area_item,
    business_area_table,
    chapter_findings,
    column_sums,
    cost_item,
    cost_type_figures,
    deviation_check,
    figures,
    growth_comparison,
    implied_previous,
    implied_previous_range,
    recompute_deviation,
    sterile_parts,
    tables_used,
)
