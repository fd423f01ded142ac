"""The keys a commentary can insert (``{{ key }}``), listed for ``docs/commentary.md`` from what
the chapters record: the key figures in the stamps of a build (every year, every chapter),
so that the list is the code's and cannot go stale (``tests/test_commentary_docs.py``)."""

from __future__ import annotations

from pathlib import Path

from analysis.chapter_names import short_of
from analysis.facts.store import read_json
from analysis.publishing.model import Chapter, ChapterFiles

START, END = "<!-- keys:start -->", "<!-- keys:end -->"


def recorded_keys(reports_dir: Path, chapters: list[Chapter]) -> dict[str, dict[str, dict]]:
    """``{chapter: {key: figure}}`` over every built year (the latest year's label wins)."""
    found: dict[str, dict[str, dict]] = {}
    years = sorted(p for p in Path(reports_dir).iterdir() if p.is_dir() and p.name.isdigit())
    for chapter in sorted(chapters, key=lambda c: c.number):
        for year_dir in years:
            stamp = read_json(ChapterFiles(year_dir, chapter).stamp)
            for figure in (stamp.get("key_figures") or {}).get("figures") or []:
                found.setdefault(chapter.name, {})[figure["key"]] = figure
    return found


def key_table(reports_dir: Path, chapters: list[Chapter]) -> str:
    """The Markdown list: per chapter (with its commentary file), each key, its label and unit."""
    lines = []
    for chapter, figures in recorded_keys(reports_dir, chapters).items():
        if chapter == "summary":  # its own figures repeat the chapters'; its commentary cites theirs
            continue
        short = short_of(chapter) or chapter
        lines += ["", f"### `{short}.md` ({chapter})", "", "| key | label | unit |", "|---|---|---|"]
        for key, figure in figures.items():
            label = str(figure.get("label") or "").replace("|", "\\|")
            lines.append(f"| `{key}` | {label} | {figure.get('unit') or ''} |")
    return "\n".join(lines).strip("\n")


def replace_keys(document: str, table: str) -> str:
    """``document`` with the text between its two markers replaced by ``table``."""
    head, _, rest = document.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{table}\n{END}{tail}"
