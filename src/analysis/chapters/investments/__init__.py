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

- from the year's investment register (``register``, ``register_display``; issue 19): plan
  against outcome per category and project, the earlier decisions' lag behind plan, the
  projects furthest behind plan; the register's sums stand for the printed table.

- over the years (``years``): frame, outcome, use of the frame and the split by decision
  year of IT, MT and Totalt per report year up to the chapter's, with the changes between
  consecutive years.

Reported figures are shown as printed; findings of the validation are shown beside
them, never used to correct them.

``views`` holds the pure functions of the facts, ``text`` the sentences and key figures,
``display`` the tables and charts the notebook shows.
"""

from analysis.chapters.investments.display import (
    cases_table,
    cases_view,
    frame_chart,
    frame_chart_data,
    frame_table,
    history_chart,
    show_text,
    split_chart,
    split_chart_data,
    split_table,
)
from analysis.chapters.investments.monthly import (
    frames,
    ledger_rows,
    monthly_key_figures,
    pace,
    pace_chart,
    pace_table,
    show_monthly_intro,
)
from analysis.chapters.investments.register import (
    behind_text,
    category_pace,
    example_banner,
    furthest_behind,
    lag_text,
    load_projects,
    monthly_plan_text,
    pace_text,
    register_key_figures,
    stated_lag,
)
from analysis.chapters.investments.register_display import behind_table, behind_view, projects_table, show_register_text
from analysis.chapters.investments.register_display import pace_chart as register_pace_chart
from analysis.chapters.investments.register_display import pace_table as register_pace_table
from analysis.chapters.investments.text import (
    backlog_text,
    burden_text,
    cases_text,
    history_source,
    history_text,
    key_figures,
    quality_text,
    split_text,
    unused_text,
    utilisation_text,
)
from analysis.chapters.investments.views import (
    BURDEN_ITEM,
    CASE_ITEM,
    CASE_STATUS_CODES,
    CHAPTER,
    IT,
    IT_SECTION,
    MEASURES,
    MT,
    TABLES,
    TOTAL,
    Backlog,
    Burden,
    CaseSummary,
    SubrowGap,
    backlog,
    case_summary,
    cases,
    chapter_findings,
    investment_rows,
    it_frame_burden,
    it_history,
    it_trend,
    load,
    missing_years,
    row,
    subrow_gaps,
    table_decimals,
)
from analysis.chapters.investments.years import (
    item_changes,
    show_years,
    year_rows,
    years_chart,
    years_frame,
    years_key_figures,
)
