"""What a Swedish page must not say: an English message of the project, or "rows"
(shared by the page-language tests of the shipped years and of the example ledger)."""

from __future__ import annotations

import functools
import html
import re

from analysis.texts import messages

_FIELD = re.compile(r"\{[^{}]*\}")
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.DOTALL)


@functools.cache
def english_fragments() -> tuple[str, ...]:
    """The literal parts of the English messages (between their fields) of three words or
    more that no Swedish message has: text that can only come from the English catalog."""
    swedish = " ".join(messages("sv").values())
    found = set()
    for text in messages("en").values():
        for part in _FIELD.split(text):
            part = " ".join(part.split()).strip(" .,;:()–-")
            if len(part.split()) >= 3 and part not in swedish:
                found.add(part)
    return tuple(sorted(found))


def text_of(page: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", page)).replace("\u00a0", " ").split())


def english_on(page: str) -> list[str]:
    """English messages and the word "rows" found on a Swedish page."""
    text = text_of(page)
    found = [f for f in english_fragments() if f in text]
    found += [f"rows: …{m.group(0)}…" for m in re.finditer(r".{0,40}\brows\b.{0,10}", text)]
    return found
