"""Chapter "Investeringstakt mot plan" / "Investment pace against plan".

Pure functions from the facts table (and the validation findings) to the tables,
charts, sentences and key figures of the chapter:

- frame against outcome per category and sub-category (table ``investments``) and the
  use of the frame (the derived fact ``percent`` = outcome / frame × 100);
- outcome on earlier years' decisions against outcome on this year's decisions, and the
  frame not used for this year's decisions (derived: frame − outcome on this year's
  decisions);
- the backlog behind plan (key figure with measure ``behind_plan``);
- investment cases planned and completed (key figures counted in the prose);
- IT investment outcome over the years: ``it_investment_history`` joined with the IT
  row of each report's ``investments`` table, for report years up to the chapter's year.

Reported figures are shown as printed; findings of the validation are shown beside
them, never used to correct them.

``views`` holds the pure functions of the facts, ``text`` the sentences and key figures,
``display`` the tables and charts the notebook shows.
"""
from analysis.chapters.investments.views import IT, MT, TOTAL, CHAPTER, TABLES, MEASURES, BURDEN_ITEM, IT_SECTION, CASE_ITEM, CASE_STATUS_CODES, load, _line, _share, _value, investment_rows, table_decimals, row, Backlog, backlog, cases, CaseSummary, case_summary, Burden, it_frame_burden, it_history, missing_years, it_trend, chapter_findings, SubrowGap, subrow_gaps  # noqa: F401
from analysis.chapters.investments.text import _msek, _pct, _label, utilisation_text, split_text, unused_text, backlog_text, _status_label, cases_text, burden_text, history_source, history_text, quality_text, key_figures  # noqa: F401
from analysis.chapters.investments.display import frame_chart_data, split_chart_data, frame_chart, split_chart, _indented, _nowrap_labels, frame_table, split_table, cases_table, history_chart, show_text, cases_view  # noqa: F401
