"""Tables for the chapters: pandas Styler with HTML escaping, Swedish formats and total
rows set apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd
from pandas.io.formats.style import Styler

from analysis.facts.catalog import is_total

TOTAL_STYLE = "font-weight: 700; border-top: 2px solid #2d3748; background-color: #edf2f7"


def styled(
    frame: pd.DataFrame,
    formats: dict[str, Callable[[object], str]] | None = None,
    total_rows: Iterable[int] | None = None,
    caption: str | None = None,
    label_column: str | None = None,
    numeric_columns: Iterable[str] = (),
) -> Styler:
    """A Styler that escapes every text cell and label, formats values and marks totals.

    ``total_rows``: row positions to set apart; by default rows whose ``label_column`` (or
    first column) reads "Totalt"/"Total". ``numeric_columns``: columns of pre-formatted
    numbers to right-align like numeric ones.
    """
    frame = frame.reset_index(drop=True)
    label_column = label_column or frame.columns[0]
    if total_rows is None:
        total_rows = [i for i, v in enumerate(frame[label_column]) if isinstance(v, str) and is_total(v)]
    totals = set(total_rows)
    styler = frame.style.format(formats or {}, escape="html", na_rep="–")
    styler = styler.format_index(escape="html", axis=1).hide(axis="index")
    styler = styler.apply(lambda row: [TOTAL_STYLE if row.name in totals else "" for _ in row], axis=1)
    numeric = [
        c
        for c in frame.columns
        if c != label_column
        and ((formats or {}).get(c) or pd.api.types.is_numeric_dtype(frame[c]) or c in set(numeric_columns))
    ]
    text = [c for c in frame.columns if c not in numeric]
    if numeric:
        styler = styler.set_properties(subset=numeric, **{"text-align": "right", "white-space": "nowrap"})
    if text:
        styler = styler.set_properties(subset=text, **{"text-align": "left"})
    styler = styler.set_table_styles(
        [
            {"selector": "th", "props": "text-align: left; border-bottom: 1px solid #2d3748; padding: 4px 8px"},
            {"selector": "td", "props": "padding: 3px 8px"},
            {
                "selector": "caption",
                "props": "caption-side: top; text-align: left; font-weight: 600; padding-bottom: 4px",
            },
        ],
        overwrite=False,
    )
    styler = styler.set_table_attributes('class="chapter-table"')
    if caption:
        styler = styler.set_caption(_escape(caption))
    return styler


def _escape(text: str) -> str:
    import html

    return html.escape(text)
