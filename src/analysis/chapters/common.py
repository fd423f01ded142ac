"""What every chapter notebook does around its analysis: check parameters, set up
formats, show headings, notes on missing data and the data-quality note.

Notebooks call these instead of writing Markdown cells, so that headings follow the
``lang`` parameter.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown, display

from analysis.chapters import comments, session
from analysis.facts import freshness, pipeline
from analysis.facts.catalog import is_ledger_source, table_title
from analysis.facts.vocabulary import MEASURES
from analysis.presentation import charts, formatting, keyfigures
from analysis.presentation.tables import styled
from analysis.texts import LANGS, messages, t


def setup(
    year: object,
    lang: str,
    raw_dir: str | Path = "",
    processed_dir: str | Path = "",
    *,
    refresh: bool = True,
    earlier: bool = False,
    name: str = "",
    reports_dir: str | Path = "",
) -> dict:
    """Check the parameters (stop at once for an unknown year or language), set up the
    session (autoreload, one-line errors), chart and table formats, clean the year again if
    its raw files changed since its last cleaning (``refresh``; with ``earlier`` also the
    earlier report years, for a chapter that reads them), show which raw files the notebook
    uses, read the chapter's commentary (``name``: the chapter's name, :mod:`analysis.chapters.comments`)
    and return the resolved parameters."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    session.prepare_shell()
    raw = Path(raw_dir) if raw_dir else None
    year = pipeline.check_year(year, raw)
    charts.setup()
    pd.set_option("styler.format.escape", "html")
    processed = Path(processed_dir) if processed_dir else None
    if refresh:
        source = raw or pipeline.cleaned_from(processed)
        years = [y for y in pipeline.available_years(source) if y <= year] if earlier else [year]
        notes = pipeline.trust(years, source, processed)  # checked once: the load_* calls trust it
        session.show_inputs(notes, pipeline.load_raw_files(years, processed), lang)
    else:  # this chapter cleans: no earlier check of the session holds
        freshness.forget()
    if name:
        comments.begin(year, lang, name, raw, processed, reports_dir or None)
    return {"year": year, "lang": lang, "raw_dir": raw, "processed_dir": processed, "chapter": name}


def heading(text: str, level: int = 2) -> None:
    """Show a heading (escaped) in the chapter; the sections it ends get their commentary."""
    comments.before_heading(level)
    display(Markdown(f"{'#' * level} {_md_escape(text)}"))
    comments.after_heading(level, text)


def finish(ctx: dict, figures: list, others: list | None = None) -> None:
    """The chapter's last cell: its commentary filled in with this run's figures (and what
    matched no section shown), then its key figures recorded. ``others``: the other chapters'
    recorded key figures that the summary's commentary may cite, as ``(chapter, figures)``."""
    comments.finish(figures, others)
    keyfigures.record(ctx["chapter"], ctx["year"], ctx["lang"], figures)


_HYPHEN_MINUS = re.compile(r"(?<![\w\-−])-(?=\d)")


def true_minus(text: str) -> str:
    """A negative number's hyphen as the minus sign (U+2212) that running text sets: "−4,8 mnkr"
    (tables keep "-", which a spreadsheet reads as a number)."""
    return _HYPHEN_MINUS.sub("\u2212", text)


def paragraph(text: str) -> None:
    """Show a generated paragraph (escaped), its negative numbers with a true minus sign."""
    display(Markdown(_md_escape(true_minus(str(text)))))


def missing(year: int, what: str, lang: str) -> None:
    """The one-line note shown instead of a section whose data the year lacks."""
    display(HTML(f'<p class="note missing">{html.escape(t("common.missing", lang, year=year, what=what))}</p>'))


def no_budget(year: int, what: str, lang: str) -> None:
    """The one-line note shown instead of a budget column or section for a year without a
    budget (a ledger that came without one)."""
    display(HTML(f'<p class="note missing">{html.escape(t("common.no_budget", lang, year=year, what=what))}</p>'))


BANNER_STYLE = "border: 2px solid #c05621; background: #fffaf0; padding: 6px 10px; margin: 8px 0; font-weight: 600"


def example_data(monthly: pd.DataFrame | None, year: int) -> bool:
    """Whether the year's monthly ledger rows are generated example data (their
    ``synthetic`` column, as the ledger readers set it from the files themselves)."""
    if monthly is None or monthly.empty:
        return False
    rows = monthly[monthly["report_year"] == int(year)]
    return bool(rows["synthetic"].astype(bool).any())


def example_banner(monthly: pd.DataFrame | None, year: int, lang: str) -> None:
    """Show the "Exempeldata" banner near a chapter's top when the year's ledger rows are
    generated example data; nothing otherwise. Every chapter of the year calls it."""
    if example_data(monthly, year):
        text = html.escape(t("common.example_data", lang, year=year))
        display(HTML(f'<div class="banner example-data" role="note" style="{BANNER_STYLE}">{text}</div>'))


def table_name(table: str, lang: str) -> str:
    """The title of a table id in ``lang`` (messages ``table.<id>``; the catalog's title for a
    table without one)."""
    return t(f"table.{table}", lang) if f"table.{table}" in messages(lang) else table_title(table)


def source(year: int, tables: list[str], lang: str, sources: Iterable[str] = ()) -> str:
    """The source line of a chart or table: the report and the tables it draws on, or, when
    the figures' ``sources`` name a year's ledger export (a table derived from it), those
    files and that the tables are derived from them."""
    names = ", ".join(table_name(tb, lang) for tb in tables)
    ledger = sorted({s.split(" (")[0] for s in sources if is_ledger_source(str(s))})
    if ledger:
        return t("common.source_ledger", lang, files=", ".join(ledger), tables=names)
    return f"{t('common.report', lang, year=year)}; {names}"


def measure_label(measure: str, lang: str) -> str:
    """The Swedish or English label of a measure code."""
    sv, en, _ = MEASURES[measure]
    return sv if lang == "sv" else en


def quality_table(findings: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Findings in the chapters' language: reported and recomputed side by side, each row
    with as many decimals as its reported and recomputed values need."""
    rows = list(zip(findings["reported"], findings["recomputed"], findings["difference"]))
    places = [formatting.decimals_needed(row[:2]) for row in rows]
    return pd.DataFrame(
        {
            t("common.col.check", lang): [t(f"check.{c}", lang) for c in findings["check"]],
            t("common.col.table_source", lang): [
                f"{table_name(tb, lang)} ({src})" for tb, src in zip(findings["table"], findings["source"])
            ],
            t("common.item", lang): findings["item"],
            t("common.col.measure", lang): [measure_label(m, lang) for m in findings["measure"]],
            t("common.col.reported", lang): [formatting.number(r[0], d, lang) for r, d in zip(rows, places)],
            t("common.col.recomputed", lang): [formatting.number(r[1], d, lang) for r, d in zip(rows, places)],
            t("common.col.difference", lang): [
                formatting.number(r[2], d, lang, signed=True) for r, d in zip(rows, places)
            ],
        }
    )


KEY_FIGURES = "key_figures"


def chapter_findings(
    findings: pd.DataFrame, facts: pd.DataFrame, year: int, tables: list[str], domain: str
) -> pd.DataFrame:
    """The year's findings on what a chapter shows: its ``tables``, and the rows of the
    key-figures export (shared by every chapter) that belong to its ``domain``."""
    if findings is None or findings.empty:
        return findings
    own = findings[findings["report_year"] == int(year)]
    kf = facts[(facts["report_year"] == int(year)) & (facts["table"] == KEY_FIGURES) & (facts["domain"] == domain)]
    on_tables = own["table"].isin([tb for tb in tables if tb != KEY_FIGURES])
    first = own["source"].str.split(",").str[0].str.strip()  # a cross-year finding names the claim first
    on_kf = (own["table"] == KEY_FIGURES) & first.isin(set(kf["source"]))
    return own[on_tables | on_kf].reset_index(drop=True)


def quality_note(findings: pd.DataFrame, year: int, tables: list[str], lang: str):
    """The chapter's short data-quality note: findings on the tables it uses. Returns a
    Styler to show, or None after showing a one-line all-clear."""
    relevant = findings[(findings["report_year"] == year) & findings["table"].isin(tables)]
    if relevant.empty:
        paragraph(t("common.quality.none", lang, year=year))
        return None
    paragraph(t("common.quality.some", lang, n=len(relevant)))
    return styled(quality_table(relevant, lang), total_rows=[], numeric_columns=numeric_columns(lang))


def numeric_columns(lang: str) -> list[str]:
    """The columns of :func:`quality_table` that hold numbers (right-aligned)."""
    return [t(f"common.col.{c}", lang) for c in ("reported", "recomputed", "difference")]


def _md_escape(text: str) -> str:
    escaped = html.escape(str(text), quote=False)
    for ch in "\\`*_[]#|":
        escaped = escaped.replace(ch, "\\" + ch)
    return escaped
