"""Chapter 1, data quality: what a cleaning run read and what validation found."""

from __future__ import annotations

import pandas as pd

from analysis.chapters import common as chapter
from analysis.chapters.common import paragraph, quality_table, table_name
from analysis.facts.pipeline import CleanResult
from analysis.presentation import formatting
from analysis.presentation.keyfigures import KeyFigure
from analysis.presentation.tables import styled
from analysis.texts import t

STATUSES = ("new", "changed", "unchanged", "removed")


def files_table(raw_files: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The raw files read: name, table, encoding, rows, size, checksum, change status."""
    return pd.DataFrame(
        {
            t("quality.col.file", lang): raw_files["file"],
            t("quality.col.table", lang): [table_name(tb, lang) for tb in raw_files["table"]],
            t("quality.col.encoding", lang): raw_files["encoding"],
            t("quality.col.rows", lang): raw_files["rows"].astype(int),
            t("quality.col.bytes", lang): raw_files["bytes"].astype(int),
            t("quality.col.sha256", lang): [s[:16] + "…" for s in raw_files["sha256"]],
            t("quality.col.status", lang): [t(f"quality.status.{s}", lang) for s in raw_files["status"]],
        }
    )


def units_table(facts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per table: the units as printed, the unit they were normalised to, the sign
    convention and the number of reported and derived figures."""
    rows = []
    for table, group in facts.groupby("table", sort=False):
        reported = group[~group["derived"]]
        printed = sorted({u for u in reported["original_unit"] if u})
        rows.append(
            {
                t("quality.col.table", lang): table_name(table, lang),
                t("quality.col.printed_units", lang): ", ".join(printed),
                t("quality.col.units", lang): ", ".join(sorted(set(group["unit"]))),
                t("quality.col.convention", lang): t(f"quality.convention.{group['sign_convention'].iloc[0]}", lang),
                t("quality.col.reported", lang): len(reported),
                t("quality.col.derived", lang): int(group["derived"].sum()),
            }
        )
    return pd.DataFrame(rows)


def findings_table(findings: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every finding of the year with its severity, reported and recomputed values."""
    table = quality_table(findings, lang)
    table.insert(0, t("common.col.severity", lang), [t(f"severity.{s}", lang) for s in findings["severity"]])
    return table


def findings_view(findings: pd.DataFrame, lang: str):
    """The findings table to show, or None after showing that every check agrees."""
    if findings.empty:
        paragraph(t("quality.no_findings", lang))
        return None
    for sentence in finding_sentences(findings, lang):
        paragraph(sentence)
    return styled(findings_table(findings, lang), total_rows=[], numeric_columns=chapter.numeric_columns(lang))


def change_counts(changes: dict[str, str]) -> dict[str, int]:
    """How many raw files are new, changed, unchanged or removed since the previous run."""
    return {status: sum(1 for s in changes.values() if s == status) for status in STATUSES}


def summary(result: CleanResult, year: int, lang: str) -> str:
    """One paragraph: what was read, how many figures, how many findings, what changed."""
    counts = change_counts(result.changes)
    errors = int((result.findings["severity"] == "error").sum())
    warnings = int((result.findings["severity"] == "warning").sum())
    text = t(
        "quality.summary",
        lang,
        year=year,
        files=len(result.raw_files),
        rows=int(result.raw_files["rows"].sum()),
        facts=int((~result.facts["derived"]).sum()),
        derived=int(result.facts["derived"].sum()),
        errors=errors,
        warnings=warnings,
    )
    if counts["changed"] or counts["new"] or counts["removed"]:
        text += " " + t(
            "quality.changes", lang, changed=counts["changed"], new=counts["new"], removed=counts["removed"]
        )
    else:
        text += " " + t("quality.no_changes", lang)
    return text


def finding_sentences(findings: pd.DataFrame, lang: str) -> list[str]:
    """One generated sentence per finding, reported and recomputed side by side."""
    out = []
    for _, f in findings.iterrows():
        places = formatting.decimals_needed([f["reported"], f["recomputed"]])
        out.append(
            t(
                "quality.finding",
                lang,
                item=f["item"],
                table=table_name(f["table"], lang),
                reported=formatting.number(f["reported"], places, lang),
                recomputed=formatting.number(f["recomputed"], places, lang),
                check=t(f"check.{f['check']}", lang).lower(),
                source=f["source"],
            )
        )
    return out


def key_figures(result: CleanResult, lang: str) -> list[KeyFigure]:
    """The chapter's recorded key figures."""
    counts = change_counts(result.changes)
    label = lambda key: t(f"quality.kf.{key}", lang)
    return [
        KeyFigure("files_read", label("files_read"), len(result.raw_files), "count"),
        KeyFigure("rows_read", label("rows_read"), int(result.raw_files["rows"].sum()), "count"),
        KeyFigure("facts_reported", label("facts_reported"), int((~result.facts["derived"]).sum()), "count"),
        KeyFigure(
            "facts_derived",
            label("facts_derived"),
            int(result.facts["derived"].sum()),
            "count",
            derived=True,
            formula="rows with derived = true",
        ),
        KeyFigure(
            "findings_error", label("findings_error"), int((result.findings["severity"] == "error").sum()), "count"
        ),
        KeyFigure(
            "findings_warning",
            label("findings_warning"),
            int((result.findings["severity"] == "warning").sum()),
            "count",
        ),
        KeyFigure(
            "files_changed", label("files_changed"), counts["changed"] + counts["new"] + counts["removed"], "count"
        ),
    ]
