"""The ids of a page's headings: nbconvert's (:func:`heading_id`), which a link to a section
names, and the page export's own for a heading without one (:func:`slug`)."""

from __future__ import annotations

import re
from urllib.parse import quote


def slug(text: str) -> str:
    """The id of a heading of this text (``avsnitt`` for one without any word)."""
    slug = re.sub(r"[^\w]+", "-", text.strip(), flags=re.UNICODE).strip("-")
    return slug or "avsnitt"


def heading_id(heading: str) -> str:
    """The id nbconvert gives a Markdown heading (which the page keeps): spaces to ``-``, then
    URL-quoted; what a link to a chapter's section names."""
    return quote(heading.replace(" ", "-"), safe="?/:@!$&'()*+,;=")
