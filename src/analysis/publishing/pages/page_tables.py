"""The tables of a published page as a reader sees them: each table of the page's ``<main>``
(not the charts' value tables) with its header, rows, the caption or the heading above it,
and its footnotes. The page links its workbook when it has such a table, and the workbook
(:mod:`analysis.publishing.downloads.workbook`) is written from them.

A footnote is a paragraph after a table (before the next table or heading) that begins with
a marker (``*``, ``**``, ``†``, ``‡``) which the table's header or cells carry: the page
explains ``Andel av totalt utfall, %**`` below the table, and so does the workbook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: The marker a footnote begins with (``** Härlett: …`` → ``**``).
_MARKER = re.compile(r"^([*†‡]+)\s")


@dataclass
class Table:
    title: str
    header: list[str]
    caption: str = ""
    rows: list[list[str]] = field(default_factory=list)
    #: The footnotes of the table, as the page prints them (marker first).
    notes: list[str] = field(default_factory=list)

    def carries(self, marker: str) -> bool:
        """Whether a header or cell text ends with ``marker`` (``%**`` carries ``**``, not ``*``)."""
        for text in (*self.header, *(cell for row in self.rows for cell in row)):
            found = re.search(r"[*†‡]+$", text.strip())
            if found and found.group(0) == marker:
                return True
        return False


class _Tables(HTMLParser):
    """The tables of a page's ``<main>`` (not the charts' value tables), with the caption
    or the last heading above each and the footnotes below it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self._in_main = self._skip = 0
        self._heading: str = ""
        self._text: list[str] | None = None
        self._row: list[str] | None = None
        self._table: Table | None = None
        self._last: Table | None = None  # the table a footnote paragraph may belong to
        self._head = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "main":
            self._in_main = 1
        elif not self._in_main:
            return
        elif tag == "table":
            self._skip = "chart-values" in classes
            self._table, self._last = Table(title=self._heading, header=[]), None
        elif tag in ("h1", "h2", "h3", "h4", "caption", "td", "th"):
            self._text = []
        elif tag == "p" and self._table is None and self._last is not None:
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
            self._heading, self._text, self._last = text, None, None
        elif tag == "p" and self._table is None and self._text is not None:
            self._note(text)
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
                self._last = self._table
            self._table = None

    def _note(self, text: str) -> None:
        self._text = None
        marker = _MARKER.match(text)
        if marker and self._last is not None and self._last.carries(marker.group(1)):
            self._last.notes.append(text)

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def page_tables(page: str) -> list[Table]:
    parser = _Tables()
    parser.feed(page)
    parser.close()
    return parser.tables
