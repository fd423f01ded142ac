"""The tables of a published page as a reader sees them: each table of the page's ``<main>``
(not the charts' value tables) with its header, rows and the caption or the heading above
it. The page links its workbook when it has such a table, and the workbook
(:mod:`analysis.publishing.downloads.workbook`) is written from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Table:
    title: str
    header: list[str]
    caption: str = ""
    rows: list[list[str]] = field(default_factory=list)


class _Tables(HTMLParser):
    """The tables of a page's ``<main>`` (not the charts' value tables), with the caption
    or the last heading above each."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self._in_main = self._skip = 0
        self._heading: str = ""
        self._text: list[str] | None = None
        self._row: list[str] | None = None
        self._table: Table | None = None
        self._head = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "main":
            self._in_main = 1
        elif not self._in_main:
            return
        elif tag == "table":
            self._skip = "chart-values" in classes
            self._table = Table(title=self._heading, header=[])
        elif tag in ("h1", "h2", "h3", "h4", "caption", "td", "th"):
            self._text = []
        elif tag == "thead":
            self._head = True
        elif tag == "tr":
            self._row = []
        elif tag == "br" and self._text is not None:
            self._text.append(" ")

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main = 0
        text = " ".join("".join(self._text or []).replace("¶", "").split())
        if tag in ("h1", "h2", "h3", "h4"):
            self._heading, self._text = text, None
        elif tag == "caption" and self._table is not None:
            self._table.title, self._text = self._table.title or text, None
            self._table.caption = text
        elif tag in ("td", "th") and self._row is not None:
            self._row.append(text)
            self._text = None
        elif tag == "tr" and self._table is not None and self._row is not None:
            if self._head and not self._table.header:
                self._table.header = self._row
            elif not self._head:
                self._table.rows.append(self._row)
            self._row = None
        elif tag == "thead":
            self._head = False
        elif tag == "table" and self._table is not None:
            if not self._skip:
                self.tables.append(self._table)
            self._table = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def page_tables(page: str) -> list[Table]:
    parser = _Tables()
    parser.feed(page)
    parser.close()
    return parser.tables
