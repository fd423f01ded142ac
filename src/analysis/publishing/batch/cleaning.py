"""Cleaning once per build: the report years whose cleaning chapter is to run are cleaned
together, once, in the build's own process, before any chapter starts (while the kernels'
zygote imports the stack), and their chapters' kernels are told which cleaning that was.

The cleaning chapter (``01_data_quality``) then shows that cleaning's record
(:func:`analysis.facts.pipeline.cleaning`) instead of cleaning again, and the setup cell of
every other chapter finds the processed data current: a year so cleaned (``YearPlan.cleaned``)
runs its other chapters beside its cleaning chapter, not after it. A cleaning that fails is left to the
chapters: each year's cleaning chapter cleans on its own and fails with its one-line message
on its own failure page, exactly as without this step, and the other years still build.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from analysis import paths
from analysis.exceptions import AnalysisError
from analysis.facts import pipeline
from analysis.facts.store import read_json
from analysis.publishing.model import YearPlan


def years_to_clean(plans: list[YearPlan]) -> list[int]:
    """The years of the build whose cleaning chapter runs (not unchanged)."""
    return [p.year for p in plans if any(t.chapter.cleans and not p.unchanged[t.chapter.stem] for t in p.tasks)]


def clean_before_chapters(plans: list[YearPlan]) -> list[YearPlan]:
    """Clean :func:`years_to_clean` once and return the plans with every task's kernel told
    which cleaning it was (:data:`analysis.facts.pipeline.BUILD_CLEANING_ENV`); the plans as
    they were when there is nothing to clean or the cleaning failed."""
    years = years_to_clean(plans)
    if not years:
        return plans
    first = next(t for p in plans for t in p.tasks)
    raw_dir = first.parameters.get("raw_dir") or None  # "": the project's, as in the kernels
    processed_dir = Path(first.processed_dir or paths.processed_dir())
    try:
        pipeline.clean(years, raw_dir=raw_dir, processed_dir=processed_dir)
    except (AnalysisError, OSError, ValueError):
        return plans  # each cleaning chapter cleans, and says why it fails, on its own page
    run = read_json(processed_dir / "manifest.json").get("last_run", {}).get("run")
    if not run:
        return plans
    told = (pipeline.BUILD_CLEANING_ENV, run)
    return [
        dataclasses.replace(
            plan, tasks=[dataclasses.replace(t, env=(*t.env, told)) for t in plan.tasks], cleaned=plan.year in years
        )
        for plan in plans
    ]
