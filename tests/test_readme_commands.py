"""Every command of the README's "Command line" block runs as written.

The fenced block under ``## Command line`` in README.md is parsed, and each command is run
in a throw-away copy of the project (``LANSTEKNIK_ROOT``: its notebooks and raw exports,
nothing processed or built yet), with this test's interpreter in place of
``.venv/bin/python`` and the example ledgers written into a temporary folder. Each must
exit 0: a README example that stops working fails here.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.publishing.cli.commands import COMMANDS, parser

from conftest import ROOT, copy_shipped_raw

README = ROOT / "README.md"
PYTHON = ".venv/bin/python"


def readme_commands(readme: Path = README) -> list[list[str]]:
    """The commands of the first ``sh`` block under ``## Command line``, comments removed."""
    text = readme.read_text(encoding="utf-8")
    section = re.search(r"^## Command line\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert section, "README.md has no '## Command line' section"
    block = re.search(r"^```sh\n(.*?)^```", section.group(1), re.M | re.S)
    assert block, "the '## Command line' section has no ```sh block"
    commands = [shlex.split(line, comments=True) for line in block.group(1).splitlines()]
    return [argv for argv in commands if argv]


def adapted(argv: list[str], out: Path) -> list[str]:
    """``argv`` with this interpreter for ``.venv/bin/python`` and ``--out`` in ``out``."""
    assert argv[0] == PYTHON, f"the test runs only {PYTHON} commands: {shlex.join(argv)}"
    argv = [sys.executable, *argv[1:]]
    return [str(out) if previous == "--out" else arg for previous, arg in zip(["", *argv[:-1]], argv, strict=True)]


def test_the_command_line_block_is_found_and_every_command_parses():
    """Cheap and always run: each command is ``python -m analysis`` with options it knows."""
    commands = readme_commands()
    assert len(commands) >= 5, commands
    for argv in commands:
        assert argv[:3] == [PYTHON, "-m", "analysis"], argv
        options = argv[3:]
        if not options or options[0] not in COMMANDS:
            options = ["build", *options]
        parser().parse_args(options)  # an unknown option exits 2 here


def test_parsing_keeps_commands_and_drops_comments(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        "# T\n\n## Command line\n\n```sh\n"
        ".venv/bin/python -m analysis          # every year\n\n"
        ".venv/bin/python -m analysis example-ledger --out ../x  # SYNTHETIC (data/raw/README.md)\n"
        "```\n\n```sh\nnot this\n```\n\n## Next\n",
        encoding="utf-8",
    )
    commands = readme_commands(readme)
    assert commands == [[PYTHON, "-m", "analysis"], [PYTHON, "-m", "analysis", "example-ledger", "--out", "../x"]]
    assert adapted(commands[1], tmp_path / "out")[-2:] == ["--out", str(tmp_path / "out")]


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A throw-away project: the chapter notebooks and the shipped raw exports."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    copy_shipped_raw(root / "data" / "raw")
    return root


@pytest.mark.notebooks
def test_every_command_of_the_readme_runs_as_written(project_copy, tmp_path):
    env = {**os.environ, "LANSTEKNIK_ROOT": str(project_copy)}
    out = tmp_path / "example-ledgers"
    times = []
    for argv in readme_commands():
        command = adapted(argv, out)
        started = time.monotonic()
        done = subprocess.run(command, cwd=project_copy, env=env, capture_output=True, text=True, timeout=900)
        times.append(f"{time.monotonic() - started:5.1f} s  {shlex.join(argv[1:])}")
        assert done.returncode == 0, f"{shlex.join(argv)}\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr, done.stderr
    print("\n".join(times))
    assert (project_copy / "reports" / "index.html").is_file()
    assert any(out.iterdir())
