"""``reports/<year>/arsrapport.pdf``: the year's document printed by Chromium through
Playwright: A4, tagged (a structure tree), an outline from the headings, the report's
title in the header and page numbers in the footer (the stylesheet's ``@page`` boxes, in
the page's own font, none on the cover, which is the document's first page); printed twice,
so that the contents give each chapter's and section's page
(:mod:`analysis.publishing.pages.contents_numbers`).

Chromium is Debian's (``/usr/bin/chromium``) or Playwright's own; without one,
:func:`chromium` returns None and the build says in one line how to get it.

Stopping: Chromium prints in a process of its own, the *printer* (this module run with
``python -m``), in a session of its own, so that a Ctrl-C in the terminal reaches the build
alone. While a :class:`PrintStop` is active (:func:`analysis.publishing.downloads.publish.publish`
holds one), SIGINT and SIGTERM first kill the print under way, the printer and everything it
started (Playwright's driver, Chromium and its helpers), then go on to the handler set before
(the build's, which remembers the stop until the indexes are written, then stops). No print
starts after a stop. The printer writes to a temporary file beside the PDF, which replaces the
PDF only when the print is complete: a stopped print leaves the previous PDF byte for byte and
no temporary file.
"""

from __future__ import annotations

import contextlib
import html
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

#: Empty: the stylesheet's ``@page`` margin boxes print the document's title at the top and
#: "page / pages" at the bottom, in the page's own font, on every page but the cover
#: (style.css, document.html.j2).
HEADER = "<span></span>"
FOOTER = "<span></span>"
MARGIN = {"top": "18mm", "bottom": "18mm", "left": "17mm", "right": "15mm"}
#: The signals that stop a build (:mod:`analysis.publishing.batch.stopping`).
SIGNALS = (signal.SIGINT, signal.SIGTERM)
PRINTER = "analysis.publishing.downloads.pdf"  # run with -m: the printer process


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


class PrintStop:
    """In a ``with`` block (in the main thread; elsewhere it does nothing), SIGINT and
    SIGTERM kill the print under way and all it started, then go on to the handler set
    before. ``signum``: the signal that came, if one did; :func:`print_pdf` starts no print
    after it."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self.printer: subprocess.Popen | None = None
        self._previous: dict = {}

    def __enter__(self) -> PrintStop:
        if threading.current_thread() is threading.main_thread():
            self._previous = {sig: signal.signal(sig, self._on_signal) for sig in SIGNALS}
        return self

    def __exit__(self, *exc) -> None:
        for sig, handler in self._previous.items():
            # Not when the handler called replaced this one (the build's ignores both signals
            # after the first): that stays.
            if signal.getsignal(sig) == self._on_signal and handler is not None:
                signal.signal(sig, handler)

    def _on_signal(self, signum, frame) -> None:
        self.signum = signum
        if self.printer is not None:
            kill_tree(self.printer.pid)
        previous = self._previous.get(signum)
        if callable(previous):
            previous(signum, frame)  # the build's: remembers the stop, or raises it
        elif previous in (signal.SIG_DFL, None):
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)


def kill_tree(pid: int) -> None:
    """SIGKILL ``pid`` and every process it started, wherever they regrouped (Chromium has a
    process group of its own): each is stopped (SIGSTOP) when found, so that none starts
    another before all are killed. Nothing of a print is worth saving: it is thrown away."""
    try:
        import psutil
    except ImportError:  # psutil comes with ipykernel; without it, the printer's group
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)
        return
    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    found: dict[int, psutil.Process] = {}
    while True:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.Error:
            tree = [root]
        new = [p for p in tree if p.pid not in found]
        if not new:
            break
        for proc in new:
            found[proc.pid] = proc
            with contextlib.suppress(psutil.Error):
                proc.suspend()
    for proc in found.values():
        with contextlib.suppress(psutil.Error):
            proc.kill()


def print_pdf(
    source: Path, target: Path, title: str, executable: str | None = None, stop: PrintStop | None = None
) -> Path | None:
    """Print ``source`` (an HTML file) to ``target``, whole or not at all. None when ``stop``
    saw a stop signal, before or during the print: ``target`` is then as it was."""
    executable = chromium() if executable is None else executable
    stop = stop or PrintStop()  # not entered: only the signals' own handlers stop the print
    if stop.signum is not None:
        return None
    target = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        if not _run_printer(Path(source), Path(tmp), title, executable or "", stop) or stop.signum is not None:
            return None
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        return target
    finally:
        Path(tmp).unlink(missing_ok=True)


def _run_printer(source: Path, out: Path, title: str, executable: str, stop: PrintStop) -> bool:
    """The printer process, from start to end; False when a stop killed it."""
    command = [sys.executable, "-m", PRINTER, str(source), str(out), title, executable]
    printer = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    stop.printer = printer
    try:
        if stop.signum is not None:  # the stop came while it started
            kill_tree(printer.pid)
        _, err = printer.communicate()
    finally:
        stop.printer = None
        if printer.poll() is None:  # an exception of the handler set before (a stop it raised)
            kill_tree(printer.pid)
        printer.wait()
        if printer.stderr:
            printer.stderr.close()
    if stop.signum is not None:
        return False
    if printer.returncode != 0:
        lines = err.decode(errors="replace").strip().splitlines() or [""]
        raise RuntimeError(f"printing {source} failed (exit {printer.returncode}): {lines[-1]}")
    return True


def render(source: Path, title: str, executable: str = "") -> bytes:
    """The PDF of ``source`` (in this process: the printer's work)."""
    from playwright.sync_api import sync_playwright

    from analysis.publishing.pages.contents_numbers import numbered

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable or None, args=["--no-sandbox"])
        try:
            context = browser.new_context(bypass_csp=True)
            page = context.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
            page.goto(Path(source).resolve().as_uri(), wait_until="load")
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            page.emulate_media(media="print")
            options = {
                "format": "A4",
                "tagged": True,
                "outline": True,
                "print_background": True,
                "display_header_footer": True,
                "header_template": HEADER.format(title=html.escape(title)),
                "footer_template": FOOTER,
                "margin": MARGIN,
            }
            # printed again with the contents' page numbers, read from the first print
            return numbered(page, page.pdf(**options), lambda: page.pdf(**options))
        finally:
            browser.close()


if __name__ == "__main__":  # the printer: source, output file, title, Chromium ('' for Playwright's own)
    _source, _out, _title, _executable = sys.argv[1:5]
    Path(_out).write_bytes(render(Path(_source), _title, _executable))
