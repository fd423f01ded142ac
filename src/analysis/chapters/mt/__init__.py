"""Chapter 3, growth of MT maintenance: the MT cost against its budget, its growth on the
previous year, its share of the division's costs and its growth beside the other cost types.

A report shows MT in one of two ways, and :func:`figures` says which (``view``):

- ``"cost_type"``: the cost type "MT service och underhåll" in ``costs_by_cost_type``
  (costs positive, deviation = budget − outcome), with growth and the Sterilteknik part of
  the deviation from the report's text (``key_figures``);
- ``"business_area"``: only the business area VO "15 Medicinsk Teknik" in
  ``result_by_business_area`` (net costs negative, deviation = outcome − budget). It covers
  other costs than the cost type and is never mixed with it.

Every deviation keeps the reported value; the recomputed one is derived beside it. ``views``
holds the pure functions of the facts, ``text`` the sentences and key figures, ``display``
the tables and charts: a view there returns the object a notebook cell shows, or None after
showing the one-line note of :func:`analysis.chapters.common.missing`.
"""
from analysis.chapters.mt.views import CHAPTER, COST_TABLE, VO_TABLE, KF_TABLE, COST_TYPE, BUSINESS_AREA, STERILE, NET_COST, OTHER_COSTS, TOTAL, MONEY_DECIMALS, HIGHLIGHT, MARK, MtFigures, _fact, _value, _half, tables_used, chapter_findings, business_area_item, recompute_deviation, implied_previous, implied_previous_range, cost_type_figures, business_area_table, business_area_figures, figures, growth_comparison, deviation_check, column_sums, sterile_parts  # noqa: F401
from analysis.chapters.mt.text import _money, _pct, _join, _deviation_formula, _verdict, _capital, _in_sentence, _growth_name, growth_sentences, summary, key_figures, check_sentences  # noqa: F401
from analysis.chapters.mt.display import overview_table, overview_view, check_table, check_view, outcome_budget_chart, growth_table, growth_view, growth_chart, yearly_chart, sterile_view, business_area_view  # noqa: F401
