"""The order of a year's reports in one build (issue 26): a chapter that shows how the year's
forecast moved (:data:`~analysis.publishing.batch.plan.FORECAST_CHAPTERS`) reads the forecasts
its earlier period reports recorded, so in a build of several months (``--month 4 --month 8``,
and the annual report) it waits until the same chapter of each earlier month in the build is
done, and only then is its fingerprint renewed (their stamps as they are now) and it is found
unchanged or run.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from analysis.periods import Period
from analysis.publishing.batch.plan import FORECAST_CHAPTERS, forecast_inputs
from analysis.publishing.model import ChapterTask


class PeriodOrder:
    """Which forecast chapters wait for the same chapter of an earlier month of their year."""

    def __init__(self, tasks: list[ChapterTask]) -> None:
        self.built = {(t.year, t.month, t.chapter.name) for t in tasks if t.chapter.name in FORECAST_CHAPTERS}
        self.finished: set[tuple[int, int, str]] = set()
        self.held: list[ChapterTask] = []

    def blockers(self, task: ChapterTask) -> set[tuple[int, int, str]]:
        """The same chapter of the earlier months of the task's year in this build, not done yet."""
        if task.chapter.name not in FORECAST_CHAPTERS:
            return set()
        earlier = {k for k in self.built if k[0] == task.year and k[2] == task.chapter.name and k[1] < task.month}
        return earlier - self.finished

    def waits(self, task: ChapterTask) -> bool:
        """Whether the task waits; it is held until :meth:`done` releases it."""
        if self.blockers(task):
            self.held.append(task)
            return True
        return False

    def depends(self, task: ChapterTask) -> bool:
        """Whether the task reads chapters this build runs first (its fingerprint is renewed)."""
        return task.chapter.name in FORECAST_CHAPTERS and any(
            k[0] == task.year and k[2] == task.chapter.name and k[1] < task.month for k in self.built
        )

    def done(self, year: int, month: int, chapter: str) -> list[ChapterTask]:
        """A chapter is done: the held tasks free to go, with their fingerprints renewed."""
        self.finished.add((year, month, chapter))
        free = [t for t in self.held if not self.blockers(t)]
        self.held = [t for t in self.held if t not in free]
        return [renewed(t) for t in free]


def renewed(task: ChapterTask) -> ChapterTask:
    """The task with the forecasts its earlier periods recorded as they are now."""
    fingerprint = {k: v for k, v in task.fingerprint.items() if k != "periods"}
    fingerprint.update(forecast_inputs(task.chapter, Path(task.reports_dir), Period(task.year, task.month)))
    return replace(task, fingerprint=fingerprint)
