"""The analyst's commentary in JupyterLab, in headless Chromium: Run All shows it in place with
its figures; edit the ``.md`` in JupyterLab's own editor, save, Run All again, and the new
text shows, never the old one.

One JupyterLab server on 127.0.0.1 (a free port and a token) serving a throw-away copy of the
project at its root, as ``make lab`` does, so that ``data/raw/<year>/kommentarer/`` opens in
its editor. The helpers and the browser are those of ``test_jupyterlab.py``.
"""

from __future__ import annotations

import shutil

import pytest

from test_jupyterlab import PANEL, browser, error_outputs, open_notebook, run_all, start_lab, stop  # noqa: F401

from conftest import ROOT, copy_shipped_raw

pytestmark = pytest.mark.browser

FIRST = """---
status: granskad
ansvarig: Eva Ek
---
Året gav ett underskott på 4,8 mnkr ({{ result_msek }}).

## Resultat

Första versionen av texten om resultatet.
"""


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    from analysis.publishing.batch import jupyter_setup

    jupyter_setup.ensure_kernel()
    root = tmp_path_factory.mktemp("lab-commentary")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    copy_shipped_raw(root / "data" / "raw")
    (root / "data" / "processed").mkdir()
    notes = root / "data" / "raw" / "2019" / "kommentarer"
    notes.mkdir()
    (notes / "costs.md").write_text(FIRST, encoding="utf-8")
    server = start_lab(root, tmp_path_factory.mktemp("lab-commentary-home"), LANSTEKNIK_ROOT=str(root))
    server.root = root
    try:
        yield server
    finally:
        stop(server.process)


@pytest.fixture
def page(browser, lab):  # noqa: F811 - the browser fixture of test_jupyterlab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    opened.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith((lab.url, "data:", "blob:")) else r.abort()
    )
    yield opened
    context.close()


def commentary_text(page) -> str:
    # text_content: cells scrolled out of view are not laid out (inner_text would be empty)
    return " ".join(page.locator(f"{PANEL} section.commentary").all_text_contents()).replace("\u00a0", " ")


def test_run_all_shows_the_commentary_in_place_and_an_edit_in_the_editor(page, lab, tmp_path):
    open_notebook(page, lab, "notebooks/02_cost_development.ipynb")
    run_all(page, tmp_path)
    assert error_outputs(page) == []
    shown = commentary_text(page)
    assert "Kommentar · Granskad, ej godkänd · Ansvarig: Eva Ek" in shown
    assert "Året gav ett underskott på 4,8 mnkr (-4,8 mnkr)." in shown
    assert "Första versionen av texten om resultatet." in shown
    headings = [
        h.replace("¶", "").strip() for h in page.locator(f"{PANEL} .jp-OutputArea-output h2").all_text_contents()
    ]
    assert headings.index("Kommentar") == 0  # the opening: before the chapter's first section

    page.goto(f"{lab.url}/lab/tree/data/raw/2019/kommentarer/costs.md?reset&token={lab.token}")
    editor = page.locator(".jp-FileEditor .cm-content").first
    editor.wait_for(timeout=60_000)
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Shift+ArrowUp")
    page.keyboard.press("Shift+Home")
    page.keyboard.type("Andra versionen, skriven i JupyterLab.\n")
    page.keyboard.press("Control+s")
    path = lab.root / "data" / "raw" / "2019" / "kommentarer" / "costs.md"
    page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')", timeout=30_000)
    assert "Andra versionen, skriven i JupyterLab." in path.read_text(encoding="utf-8")

    open_notebook(page, lab, "notebooks/02_cost_development.ipynb")
    run_all(page, tmp_path)
    page.screenshot(path=str(tmp_path / "commentary.png"))
    shown = commentary_text(page)
    assert "Andra versionen, skriven i JupyterLab." in shown and "Första versionen" not in shown
