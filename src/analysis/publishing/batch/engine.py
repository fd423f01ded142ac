"""The papermill engine of the batch: papermill's own (nbclient), saving the executed
notebook once, when it ends, instead of at the start and the end of every cell.

Papermill writes the whole notebook, validated against the nbformat schema, twice per cell
so that a long run can be watched as it goes: 40–50 writes of a growing notebook (charts
included) per chapter, about 0,3 s of each chapter's time. The batch reads the executed
notebook only when the run is over, so it is written once, in papermill's own
``notebook_complete``, which runs whether the notebook succeeded or not: a failed cell, a
cell timeout and a dead kernel still leave the notebook as far as it ran, with each cell's
papermill status, for :func:`analysis.publishing.batch.failures.describe_failure`. The
notebook written is the same notebook, byte for byte.
"""

from __future__ import annotations

from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

#: The name the batch passes to ``papermill.execute_notebook(engine_name=...)``.
ENGINE = "lansteknik-save-at-end"


class SaveAtEndManager(NotebookExecutionManager):
    """Papermill's execution manager, saving only from ``notebook_complete`` (the end of the
    run, success or failure)."""

    ending = False

    def save(self, **kwargs) -> None:
        if self.ending:
            super().save(**kwargs)

    def notebook_complete(self, **kwargs) -> None:
        self.ending = True
        super().notebook_complete(**kwargs)


class SaveAtEndEngine(NBClientEngine):
    """nbclient's engine with :class:`SaveAtEndManager`."""

    @classmethod
    def execute_notebook(
        cls, nb, kernel_name, output_path=None, progress_bar=True, log_output=False, autosave_cell_every=30, **kwargs
    ):
        manager = SaveAtEndManager(
            nb,
            output_path=output_path,
            progress_bar=progress_bar,
            log_output=log_output,
            autosave_cell_every=autosave_cell_every,
        )
        manager.notebook_start()
        try:
            cls.execute_managed_notebook(manager, kernel_name, log_output=log_output, **kwargs)
        finally:
            manager.cleanup_pbar()
            manager.notebook_complete()
        return manager.nb


papermill_engines.register(ENGINE, SaveAtEndEngine)
