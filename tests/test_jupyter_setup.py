"""The project's kernel and JupyterLab settings, installed into an environment's prefix."""

from __future__ import annotations

import json
import subprocess
import sys

from analysis.publishing.batch import jupyter_setup as js


def test_kernel_is_installed_named_after_the_project(tmp_path):
    assert js.install_kernel(tmp_path) is True
    spec = json.loads((tmp_path / "share/jupyter/kernels/lansteknik-analysis/kernel.json").read_text())
    assert spec["argv"][:3] == ["python", "-m", "ipykernel_launcher"]  # jupyter_client puts its own python here
    assert "lansteknik-analysis" in spec["display_name"] and spec["language"] == "python"
    assert js.install_kernel(tmp_path) is False  # unchanged: nothing written


def test_lab_settings_turn_off_the_news_and_keep_other_overrides(tmp_path):
    path = js.overrides_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}))
    assert js.install_lab_settings(tmp_path) is True
    settings = json.loads(path.read_text())
    assert settings["@jupyterlab/apputils-extension:notification"] == {"checkForUpdates": False, "fetchNews": "false"}
    assert settings["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}
    assert js.install_lab_settings(tmp_path) is False


def test_ensure_kernel_installs_only_when_missing(tmp_path):
    js.ensure_kernel(tmp_path)
    kernel = tmp_path / "share/jupyter/kernels/lansteknik-analysis/kernel.json"
    kernel.write_text("{}")  # a spec the user changed is left alone
    js.ensure_kernel(tmp_path)
    assert kernel.read_text() == "{}"


def test_the_notebooks_kernel_is_installed_in_this_environment():
    """`make venv` ran `python -m analysis kernel`: jupyter finds the kernel the notebooks name."""
    from jupyter_client.kernelspec import KernelSpecManager

    assert js.KERNEL_NAME in KernelSpecManager().find_kernel_specs()


def test_command_line_reports_what_it_did():
    done = subprocess.run([sys.executable, "-m", "analysis", "kernel"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "kernel: " in done.stdout and "JupyterLab settings: " in done.stdout
