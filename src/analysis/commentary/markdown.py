"""CommonMark for the analysts' commentary, by markdown-it-py, safe for a published page.

- Raw HTML is off: a tag in the text is shown as text (escaped), never as markup.
- Only relative links and ``https:`` links become links; any other scheme (``javascript:``,
  ``data:``, ``http:``, ``mailto:``, ``file:``) stays text, as markdown-it leaves a link it does
  not accept.
- Images are off (a page embeds nothing it did not make itself).
- A heading inside a block is at most an ``h3``: the ``## heading`` lines place the blocks,
  and the chapter's own sections are the ``h2`` of its page.
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def allowed_link(url: str) -> bool:
    """A relative link (no scheme, not ``//host``) or an ``https:`` one."""
    url = url.strip()
    if url.lower().startswith("https://"):
        return True
    return not _SCHEME.match(url) and not url.startswith("//") and not url.startswith("\\")


@functools.cache
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.disable("image")
    md.validateLink = allowed_link

    def shallow_headings(state) -> None:
        for token in state.tokens:
            if token.type in ("heading_open", "heading_close") and token.tag in ("h1", "h2"):
                token.tag = "h3"

    md.core.ruler.push("shallow_headings", shallow_headings)
    return md


def top_headings(text: str) -> list[tuple[int, int, str]]:
    """The ``##`` headings at the top level of ``text``: (first line, the line after it,
    its text as a page shows it), lines counted from 0."""
    md = MarkdownIt("commonmark", {"html": False})
    tokens = md.parse(text)
    found = []
    for n, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2" and token.level == 0 and token.map:
            inline = tokens[n + 1]
            words = "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))
            found.append((token.map[0], token.map[1], " ".join(words.split())))
    return found


def render(text: str) -> str:
    """The HTML of a block of commentary."""
    return parser().render(text)


def same_heading(a: str, b: str) -> bool:
    """Whether two headings are the same as a reader sees them: case and spaces aside."""
    return "".join(a.split()).casefold() == "".join(b.split()).casefold()
