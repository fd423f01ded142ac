"""The analyst's notebook session, set up once by :func:`analysis.chapters.common.setup`.

- Edits to ``src/analysis`` take effect at the next cell run (IPython's autoreload), without
  restarting the kernel.
- An error the analyst can act on (a raw export that cannot be read, an unknown year) shows
  as one line naming file, line, column and value, not as a traceback. The cell still fails,
  so Run All, papermill and the batch stop there as before.
- The notebook says which raw files (with SHA-256) its figures come from and whether they
  were cleaned again because a raw file changed. That output is for the notebook only: the
  HTML page has the same in its provenance footer, so the export leaves it out.
"""

from __future__ import annotations

import html
import os

import pandas as pd
from IPython.display import HTML, display

from analysis.exceptions import AnalysisError
from analysis.facts.freshness import Refreshed
from analysis.presentation.outputs import NOTEBOOK_ONLY
from analysis.texts import t


def _one_line(shell, etype, value, tb, tb_offset=None) -> list[str]:
    """IPython's handler for :class:`AnalysisError`: the error as one line. IPython does not
    show what a custom handler returns, so it is shown here (as an error output, with the
    exception's name and value, which papermill and the batch read)."""
    stb = [f"\x1b[0;31m{etype.__name__}\x1b[0m: {value}"]
    shell._showtraceback(etype, value, stb)
    return stb


def prepare_shell() -> None:
    """Autoreload and one-line errors in the running IPython kernel (nothing outside IPython).

    The batch's kernels set ``LANSTEKNIK_AUTORELOAD=0``: autoreload checks every imported
    module (2 000 with the stack) before each cell, ~10 ms, for edits nobody makes there."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return
    shell = get_ipython()
    if shell is None:
        return
    shell.set_custom_exc((AnalysisError,), _one_line)
    if os.environ.get("LANSTEKNIK_AUTORELOAD", "1") == "0":  # the batch: nobody edits meanwhile
        return
    if not {"autoreload", "IPython.extensions.autoreload"} & set(shell.extension_manager.loaded):
        shell.run_line_magic("load_ext", "autoreload")
        shell.run_line_magic("autoreload", "2")


def refreshed_line(note: Refreshed, lang: str) -> str:
    """The one line that says a year was cleaned again, in the notebook's language."""
    if note.first:
        return t("common.refreshed.first", lang, year=note.year)
    return t("common.refreshed.changed", lang, year=note.year, n=note.changed + note.new + note.removed)


def show_inputs(notes: list[Refreshed], raw_files: pd.DataFrame, lang: str) -> None:
    """Notebook-only: what was cleaned again, and the raw files (with SHA-256) the figures use."""
    lines = "".join(f'<p class="note refreshed">{html.escape(refreshed_line(n, lang))}</p>' for n in notes)
    rows = "".join(
        f"<tr><td>{html.escape(str(f))}</td><td><code>{html.escape(str(s))}</code></td></tr>"
        for f, s in zip(raw_files["file"], raw_files["sha256"])
    )
    table = (
        f"<details open><summary>{html.escape(t('page.raw_files', lang))} ({len(raw_files)})</summary>"
        f"<table><thead><tr><th>{html.escape(t('page.file', lang))}</th>"
        f"<th>{html.escape(t('page.sha256', lang))}</th></tr></thead><tbody>{rows}</tbody></table></details>"
    )
    display(HTML(lines + table), metadata=NOTEBOOK_ONLY)
