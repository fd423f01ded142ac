"""``reports/<year>/arsrapport.pdf``: the year's document printed by Chromium through
Playwright: A4, tagged (a structure tree), an outline from the headings, the report's
title in the header and page numbers in the footer (the stylesheet's ``@page`` box);
the cover is the document's first page.

Chromium is Debian's (``/usr/bin/chromium``) or Playwright's own; without one,
:func:`chromium` returns None and the build says in one line how to get it.
"""

from __future__ import annotations

import html
import os
import shutil
import tempfile
from pathlib import Path

HEADER = '<div style="font-size:7.5pt;color:#444;width:100%;margin:0 15mm;font-family:sans-serif">{title}</div>'
#: Empty: the stylesheet's ``@page`` margin box prints "page / pages" (style.css).
FOOTER = "<span></span>"
MARGIN = {"top": "18mm", "bottom": "18mm", "left": "17mm", "right": "15mm"}


def chromium() -> str | None:
    """The Chromium binary to print with ('' for Playwright's own), or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return None
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        own = playwright.chromium.executable_path
    return "" if own and Path(own).exists() else None


def print_pdf(source: Path, target: Path, title: str, executable: str | None = None) -> Path:
    """Print ``source`` (an HTML file) to ``target`` (written atomically)."""
    from playwright.sync_api import sync_playwright

    executable = chromium() if executable is None else executable
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable or None, args=["--no-sandbox"])
        try:
            context = browser.new_context(bypass_csp=True)
            page = context.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
            page.goto(Path(source).resolve().as_uri(), wait_until="load")
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            page.emulate_media(media="print")
            data = page.pdf(
                format="A4",
                tagged=True,
                outline=True,
                print_background=True,
                display_header_footer=True,
                header_template=HEADER.format(title=html.escape(title)),
                footer_template=FOOTER,
                margin=MARGIN,
            )
        finally:
            browser.close()
    fd, tmp = tempfile.mkstemp(prefix=f".{Path(target).name}.", suffix=".tmp", dir=Path(target).parent)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    return Path(target)
