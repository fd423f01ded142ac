"""The batch's papermill engine writes the executed notebook once, at its end, and still
leaves a failed run's notebook as far as it ran (for the failure page)."""

from __future__ import annotations

import json

import nbformat
import papermill
import pytest
from papermill.engines import NotebookExecutionManager

from analysis.publishing.batch import engine, jupyter_setup


def _notebook(path, *sources: str):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": jupyter_setup.KERNEL_NAME, "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture
def saves(monkeypatch):
    """The writes papermill's execution manager makes while a notebook runs."""
    made = []
    real = NotebookExecutionManager.save

    def counted(self, **kwargs):
        made.append(len([c for c in self.nb.cells if c.metadata.papermill.get("status") == "completed"]))
        return real(self, **kwargs)

    monkeypatch.setattr(NotebookExecutionManager, "save", counted)
    return made


@pytest.mark.notebooks
def test_the_executed_notebook_is_written_once_at_its_end(tmp_path, saves):
    jupyter_setup.ensure_kernel()
    source = _notebook(tmp_path / "in.ipynb", "a = 1", "b = a + 1", "print(b)")
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(source), str(out), engine_name=engine.ENGINE, progress_bar=False)
    written = json.loads(out.read_text(encoding="utf-8"))
    assert "".join(written["cells"][-1]["outputs"][0]["text"]) == "2\n"
    assert len(saves) == 1  # papermill's own engine: twice per cell, and once at the end (7 here)


@pytest.mark.notebooks
def test_a_failed_run_leaves_its_notebook_as_far_as_it_ran(tmp_path, saves):
    jupyter_setup.ensure_kernel()
    source = _notebook(tmp_path / "in.ipynb", "a = 1", "raise ValueError('fel med flit')", "never = True")
    out = tmp_path / "out.ipynb"
    with pytest.raises(papermill.PapermillExecutionError, match="fel med flit"):
        papermill.execute_notebook(str(source), str(out), engine_name=engine.ENGINE, progress_bar=False)
    cells = [c for c in json.loads(out.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    assert [c["metadata"]["papermill"]["status"] for c in cells] == ["completed", "failed", "pending"]
    assert cells[1]["outputs"][0]["ename"] == "ValueError"
    assert len(saves) == 1
