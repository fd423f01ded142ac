"""The text of every built page, both shipped years and both languages, against a snapshot.

Guards refactorings: a move of code must not change what a manager reads. What changes
from run to run is masked: times of generation, the git commit, run times and the folder
the test built in. Images count by their alt text.

A change that is meant to alter a page updates the snapshot in the same commit:

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_page_snapshots.py

then review ``git diff tests/snapshots``.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.notebooks

SNAPSHOTS = Path(__file__).parent / "snapshots" / "pages"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"
COMMIT_LABELS = {"Git-version", "Git commit"}
TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2})?")
RUN_TIME = re.compile(r"\d+,\d s\)")
SHORT_COMMIT = re.compile(r"^(?=[0-9]*[a-f])[0-9a-f]{7,12}(-dirty)?$")  # a commit in the document's table of runs


class _Text(HTMLParser):
    """Visible text of a page, one text node a line; an image as ``[bild: alt]``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "title"):
            self._hidden += 1
        elif tag == "img":
            self.lines.append(f"[img: {dict(attrs).get('alt', '')}]")

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self._hidden -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._hidden:
            self.lines.append(text)


def page_text(path: Path, root: Path) -> str:
    """The masked visible text of one page."""
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    lines, masked = parser.lines, []
    for n, line in enumerate(lines):
        if (n and lines[n - 1] in COMMIT_LABELS) or SHORT_COMMIT.match(line):
            line = "<commit>"
        line = line.replace(str(root), "<root>")
        masked.append(RUN_TIME.sub("<s>)", TIME.sub("<time>", line)))
    return "\n".join(masked) + "\n"


def pages(reports: Path) -> list[Path]:
    return sorted(p for p in reports.rglob("*.html") if "executed" not in p.parts)


def check_against_snapshot(reports: Path, root: Path, lang: str) -> None:
    folder = SNAPSHOTS / lang
    found = {str(p.relative_to(reports)): page_text(p, root) for p in pages(reports)}
    if UPDATE:
        for old in folder.rglob("*.txt"):
            old.unlink()
        for name, text in found.items():
            target = folder / (name + ".txt")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {
        str(p.relative_to(folder))[: -len(".txt")]: p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt"))
    }
    assert sorted(found) == sorted(expected), "pages added or removed"
    for name, text in found.items():
        assert text == expected[name], f"{lang} {name} differs from tests/snapshots/pages/{lang}"


def test_swedish_pages_match_snapshot(built_reports):
    check_against_snapshot(built_reports.reports, built_reports.project.root, "sv")


def test_english_pages_match_snapshot(built_reports_en):
    check_against_snapshot(built_reports_en.reports, built_reports_en.project.root, "en")


def test_masking_keeps_figures_and_hides_what_varies(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><title>T</title><style>p{}</style></head><body>"
        "<p>Resultat -4,8 mnkr</p><dl><dt>Git-version</dt><dd>a19fb6d</dd></dl>"
        f"<p>{tmp_path}/raw</p><time>2026-12-01 07:23</time>"
        "<p>(körtid 3,4 s)</p><img alt='Diagram'></body></html>",
        encoding="utf-8",
    )
    assert page_text(page, tmp_path).splitlines() == [
        "Resultat -4,8 mnkr",
        "Git-version",
        "<commit>",
        "<root>/raw",
        "<time>",
        "(körtid <s>)",
        "[img: Diagram]",
    ]
