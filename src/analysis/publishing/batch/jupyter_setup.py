"""The project's Jupyter set-up inside its own environment (the venv or the conda env).

- A kernel named after the project, ``lansteknik-analysis``, so that an analyst with several
  environments opens the chapter notebooks on the right one (the notebooks name it). Its
  ``argv`` starts with ``python``, which jupyter_client replaces by the interpreter of the
  server or batch that starts it: the environment's own Python.
- JupyterLab settings for this environment only (``<prefix>/share/jupyter/lab/settings/
  overrides.json``): no news pop-up, no update check. The user's own ``~/.jupyter`` is never
  written.

``python -m analysis kernel`` (run by ``make venv``; once by hand on the conda route)
installs both; the batch installs the kernel when it is missing, so a fresh environment
builds without a separate step.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KERNEL_NAME = "lansteknik-analysis"
DISPLAY_NAME = "Python (lansteknik-analysis)"

#: Environment of every kernel (and of the batch process): no debugger file-validation
#: warning, no jupyter_core platformdirs deprecation warning.
KERNEL_ENV = {"PYDEVD_DISABLE_FILE_VALIDATION": "1", "JUPYTER_PLATFORM_DIRS": "1"}

#: JupyterLab settings this project sets in its environment.
LAB_OVERRIDES = {"@jupyterlab/apputils-extension:notification": {"checkForUpdates": False, "fetchNews": "false"}}


def kernel_spec() -> dict:
    """The kernel.json of the project's kernel."""
    return {
        "argv": ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": DISPLAY_NAME,
        "language": "python",
        "metadata": {"debugger": True},
    }


def kernel_dir(prefix: Path | str | None = None) -> Path:
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME


def overrides_path(prefix: Path | str | None = None) -> Path:
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def _write_json(path: Path, data: dict) -> bool:
    """Write ``data`` as JSON unless the file already holds exactly that; True if written."""
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True


def install_kernel(prefix: Path | str | None = None) -> bool:
    """Install (or refresh) the project's kernel in the environment; True if anything changed."""
    return _write_json(kernel_dir(prefix) / "kernel.json", kernel_spec())


def install_lab_settings(prefix: Path | str | None = None) -> bool:
    """Merge the project's JupyterLab settings into the environment's overrides.json."""
    path = overrides_path(prefix)
    try:
        current = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        current = {}
    merged = dict(current) if isinstance(current, dict) else {}
    for plugin, settings in LAB_OVERRIDES.items():
        merged[plugin] = {**(merged.get(plugin) or {}), **settings}
    return _write_json(path, merged)


def ensure_kernel(prefix: Path | str | None = None) -> None:
    """Install the kernel if the environment does not have it (the batch calls this)."""
    if not (kernel_dir(prefix) / "kernel.json").exists():
        install_kernel(prefix)


def main() -> int:
    """``python -m analysis kernel``: install the kernel and the JupyterLab settings."""
    for what, changed, where in (
        ("kernel", install_kernel(), kernel_dir()),
        ("JupyterLab settings", install_lab_settings(), overrides_path()),
    ):
        print(f"{what}: {'installed' if changed else 'up to date'} ({where})")
    return 0
