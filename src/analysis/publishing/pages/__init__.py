"""The HTML pages: a chapter's executed notebook as a self-contained page, the indexes and
the year's document.

- :mod:`.html_export`: an executed notebook → a chapter page, with the Jinja ``templates/``;
- :mod:`.page_checks`: nothing from a network, no script, before a page is written;
- :mod:`.accessible`: what makes the notebook body meet WCAG 2.1 AA;
- :mod:`.page_tables`: a published page's tables as a reader sees them;
- :mod:`.index_pages`: ``reports/<year>/index.html`` and ``reports/index.html``;
- :mod:`.document`: the year's chapters as one ``arsrapport.html``.

A room of :mod:`analysis.publishing`: may import :mod:`analysis.publishing.model` and every
layer below publishing; never ``downloads``, ``batch`` or ``cli``, which import it. This file
imports nothing.
"""
