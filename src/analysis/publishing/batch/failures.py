"""What a chapter that failed reports: the kind of failure (a cell's error, a timeout, a dead
kernel, a kernel that did not start), the failing cell as the chapter notebook counts it,
its first line, and the message in one line. The summary table, the failure record and the
year's index show it.
"""

from __future__ import annotations

import re
from pathlib import Path


def describe_failure(exc: BaseException, executed: Path, source: Path, timeout: int | None = None) -> dict:
    """The failing cell (index in the chapter notebook, first line) and a one-line message."""
    from papermill.exceptions import PapermillExecutionError

    name = type(exc).__name__
    if isinstance(exc, PapermillExecutionError):
        kind, message = "cell_error", f"{exc.ename}: {exc.evalue}"
    elif name == "CellTimeoutError" or isinstance(exc, TimeoutError):
        kind, message = "timeout", f"cell timed out after {timeout} s (--timeout)"
    elif name == "DeadKernelError":
        kind, message = "dead_kernel", "the kernel died (crash or out of memory)"
    else:
        kind, message = "error", f"{name}: {exc}"
    cell_index, cell_count, first_line = _failing_cell(exc, executed, source)
    if cell_index is None and kind in ("error", "dead_kernel"):
        kind = "kernel_start" if kind == "error" else kind
    return {
        "kind": kind,
        "message": one_line(message, 300),
        "cell_index": cell_index,
        "cell_count": cell_count,
        "first_line": first_line,
    }


def _failing_cell(exc: BaseException, executed: Path, source: Path) -> tuple[int | None, int | None, str]:
    """Locate the failing cell in the executed copy; index it as in the source notebook."""
    import nbformat

    try:
        nb = nbformat.read(str(executed), as_version=4)
    except Exception:  # noqa: BLE001 - no executed copy: kernel never started
        return None, None, ""
    cells = [
        c for c in nb.cells if not {"papermill-error-cell-tag", "injected-parameters"} & set(c.metadata.get("tags", []))
    ]
    failing = None
    for index, cell in enumerate(cells):
        meta = cell.metadata.get("papermill", {})
        if meta.get("exception"):
            failing = index
            break
        if cell.cell_type == "code" and meta.get("start_time"):
            failing = index  # the last code cell that started (timeouts, dead kernels)
    source_text = getattr(exc, "source", None)
    if source_text is not None:
        for index, cell in enumerate(cells):
            if cell.cell_type == "code" and cell.source == source_text:
                failing = index
                break
    if failing is None:
        return None, len(cells), ""
    lines = [line for line in cells[failing].source.splitlines() if line.strip()]
    return failing, len(cells), one_line(lines[0] if lines else "", 120)


def one_line(text: str, limit: int = 300) -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
