"""JupyterLab as the analyst uses it, in headless Chromium.

One JupyterLab server for the module, on 127.0.0.1, a free port and a token, serving a
throw-away copy of the project (``LANSTEKNIK_ROOT``): the chapter notebooks, a copy of the
shipped raw exports and an empty ``data/processed``, as on a fresh checkout. Its settings,
workspaces and runtime files live in tmp, never in the user's ``~/.jupyter``.

For every chapter notebook: open it, Run All from the Run menu, and find no error output,
at least one table and one chart, and the raw files it used. Then correct a raw figure
and see Run All show the new one. At the end the server is stopped and none of its
kernels is left running.

Skipped, with the reason, when Playwright or a Chromium binary is missing.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, copy_shipped_raw

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
psutil = pytest.importorskip("psutil", reason="psutil is not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("no Chromium binary on PATH (Debian: apt-get install chromium)", allow_module_level=True)

#: Last chapter first, the cleaning chapter last: no chapter needs 01 to have run before it.
NOTEBOOKS = sorted((p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")), reverse=True)
CLEANING = "01_data_quality.ipynb"
#: Chapters that show tables and lists only (the summary, the scorecard with its symbols as
#: text, the assignments): no chart to look for.
CHARTLESS = {CLEANING, "00_summary.ipynb", "06_scorecard.ipynb", "07_assignments.ipynb"}
#: The summary reads what the chapters recorded, no raw file: it lists none.
READS_NO_RAW = {"00_summary.ipynb"}
#: The notebook in the current tab (JupyterLab keeps other tabs' panels hidden in the page).
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
RUN_TIMEOUT_S = 180
#: CI runs as root, which the server refuses without this flag.
ROOT_FLAG = ["--allow-root"] if os.geteuid() == 0 else []


@dataclass
class Lab:
    url: str
    token: str
    root: Path
    process: subprocess.Popen


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_server(url: str, token: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"JupyterLab exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"JupyterLab did not answer within 90 s:\n{log.read_text()[-3000:]}")


def start_lab(root_dir: Path, home: Path, **env: str) -> Lab:
    """A JupyterLab server on 127.0.0.1, a free port and a token, with HOME, config, runtime
    and lab settings in ``home``; waits until it answers."""
    port, token = free_port(), secrets.token_hex(16)
    environment = {
        **os.environ,
        "HOME": str(home),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "lab-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "lab-workspaces"),
        **env,
    }
    log = home / "server.log"
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}", *ROOT_FLAG,
    ]  # fmt: skip
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, env=environment, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(url, token, process, log)
    except BaseException:
        stop(process)
        raise
    return Lab(url=url, token=token, root=root_dir.parent, process=process)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    from analysis.publishing.batch import jupyter_setup

    jupyter_setup.ensure_kernel()  # the kernel the notebooks name (make venv installs it)
    root = tmp_path_factory.mktemp("lab-project")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    copy_shipped_raw(root / "data" / "raw")
    (root / "data" / "processed").mkdir()
    server = start_lab(root / "notebooks", tmp_path_factory.mktemp("lab-home"), LANSTEKNIK_ROOT=str(root))
    try:
        yield server
    finally:
        stop(server.process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
            )
        except Exception as exc:  # noqa: BLE001 - any launch failure means: no browser here
            pytest.skip(f"Chromium at {CHROMIUM} did not start: {str(exc).splitlines()[0]}")
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, lab):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith((lab.url, "data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    opened.route("**/*", route)
    yield opened
    context.close()
    assert outside == [], f"JupyterLab asked for something outside 127.0.0.1: {outside}"


def open_notebook(page, lab: Lab, name: str) -> None:
    """Open ``name`` (a path under the server's root) in a workspace of its own (no tab of an
    earlier test restored)."""
    page.goto(f"{lab.url}/lab/workspaces/{secrets.token_hex(4)}/tree/{name}?reset&token={lab.token}")
    page.locator(".lm-TabBar-tab.jp-mod-current", has_text=name.rsplit("/", 1)[-1]).wait_for(timeout=60_000)
    page.locator(f"{PANEL} .jp-Cell").first.wait_for(timeout=60_000)
    # the kernel the notebook names is found: no kernel dialog, the project's kernel in the toolbar
    page.wait_for_function(
        """(panel) => !document.querySelector('.jp-Dialog') &&
                 (document.querySelector(panel + ' .jp-KernelName')?.textContent || '')
                   .includes('lansteknik-analysis')""",
        arg=PANEL,
        timeout=60_000,
    )


RUNNING_OR_RAN = """(panel) => [...document.querySelectorAll(panel + ' .jp-CodeCell .jp-InputPrompt')]
                                  .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))"""
FINISHED = """(panel) => {
    const prompts = [...document.querySelectorAll(panel + ' .jp-CodeCell .jp-InputPrompt')];
    const stderr = panel + ' .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]';
    const errors = [...document.querySelectorAll(stderr)].filter(e => /Error|Traceback/.test(e.textContent));
    const busy = prompts.some(p => p.textContent.includes('*'));
    const ran = prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
    return (ran || errors.length > 0) && !busy;
}"""


def run_all(page, shots: Path | None = None) -> None:
    """Run > Run All Cells, then wait until every code cell has run (or one failed).

    The notebook is focused and its kernel idle first; if no cell starts within 20 s (the
    menu acted before the notebook was the current widget), the menu is used once more."""
    page.get_by_text(re.compile(r"lansteknik-analysis\) \| Idle")).wait_for(timeout=60_000)
    for _attempt in range(2):
        page.locator(f"{PANEL} .jp-Cell").first.click()
        page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
        page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
        try:
            page.wait_for_function(RUNNING_OR_RAN, arg=PANEL, timeout=20_000)
            break
        except sync_api.TimeoutError:
            page.keyboard.press("Escape")
    try:
        page.wait_for_function(FINISHED, arg=PANEL, timeout=RUN_TIMEOUT_S * 1000)
    except sync_api.TimeoutError:
        prompts = page.locator(f"{PANEL} .jp-CodeCell .jp-InputPrompt").all_text_contents()
        if shots is not None:
            page.screenshot(path=str(shots / "run-all-timeout.png"))
        pytest.fail(f"Run All did not finish in {RUN_TIMEOUT_S} s; prompts: {prompts}")


#: The one line a load prints (on stderr) when it cleaned a year again: not an error.
REFRESH_NOTE = re.compile(r"^\d{4}: .*(cleaned now|cleaned again)\s*$")


def error_outputs(page) -> list[str]:
    """Errors and warnings the notebook shows (JupyterLab renders both as stderr)."""
    shown = page.locator(
        f'{PANEL} .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    ).all_text_contents()  # text_content: cells scrolled out of view are not laid out
    return [text for text in shown if not REFRESH_NOTE.match(text)]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_run_all_on_a_fresh_checkout(page, lab, name, tmp_path):
    open_notebook(page, lab, name)
    run_all(page, tmp_path)
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=False)
    assert error_outputs(page) == []
    outputs = page.locator(f"{PANEL} .jp-OutputArea-output")
    assert outputs.locator("table").count() >= 1, "no table"
    if name not in CHARTLESS:
        assert outputs.locator("img").count() >= 1, "no chart"
    if name not in READS_NO_RAW | {CLEANING}:  # the data-quality chapter lists its raw files itself
        assert page.locator(f"{PANEL} details", has_text="SHA-256").count() == 1
    if name == NOTEBOOKS[0]:  # the first to run on the fresh checkout cleans what it reads, and says so
        assert page.locator(f"{PANEL} .refreshed", has_text="2019").count() == 1
        assert page.locator(f"{PANEL} .refreshed", has_text="2017").count() == 1  # its years over time read 2017
    # no news pop-up (project-local JupyterLab settings)
    assert page.locator(".Toastify__toast", has_text=re.compile("news", re.IGNORECASE)).count() == 0


def test_run_all_shows_a_corrected_raw_figure(page, lab):
    costs = lab.root / "data" / "raw" / "2019" / "kostnader_per_kostnadslag.csv"
    original = costs.read_bytes()
    open_notebook(page, lab, "02_cost_development.ipynb")
    run_all(page)
    first = page.locator(f"{PANEL} .jp-OutputArea-output table", has_text="Personalkostnader").first.text_content()
    assert re.search(r"Personalkostnader\s*95(?!\d)", first), first
    try:
        costs.write_bytes(original.replace(b"Personalkostnader;95;108;13", b"Personalkostnader;99;108;9"))
        run_all(page)
        assert error_outputs(page) == []
        table = page.locator(f"{PANEL} .jp-OutputArea-output table", has_text="Personalkostnader").first.text_content()
        assert re.search(r"Personalkostnader\s*99(?!\d)", table), table
        assert page.locator(f"{PANEL} .refreshed", has_text="2019").count() == 1
    finally:
        costs.write_bytes(original)


def test_stopping_the_server_leaves_no_kernel_running(browser, tmp_path_factory):
    """A server of its own: start a kernel through the REST API, stop the server, and find
    neither it nor any kernel process left."""
    import json

    home = tmp_path_factory.mktemp("lab-stop")
    server = start_lab(home, home)
    process, url, token = server.process, server.url, server.token
    try:
        request = urllib.request.Request(
            f"{url}/api/kernels?token={token}", data=json.dumps({"name": "lansteknik-analysis"}).encode(), method="POST"
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 201
        deadline = time.monotonic() + 30
        while not psutil.Process(process.pid).children(recursive=True) and time.monotonic() < deadline:
            time.sleep(0.2)
        tree = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
        assert len(tree) >= 2, "no kernel process started"
    finally:
        stop(process)
    gone, alive = psutil.wait_procs(tree, timeout=15)
    assert alive == [], f"still running after the server stopped: {[p.pid for p in alive]}"
