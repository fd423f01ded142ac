"""The chapters' short names: the names a user types (``-c costs``) and the names of a year's
commentary files (``data/raw/<year>/kommentarer/costs.md``). A bottom-layer table, so that the
command line, the commentary and the chapters share one list."""

from __future__ import annotations

#: Short name -> chapter name (``metadata.lansteknik.chapter`` of its notebook).
SHORT_NAMES = {
    "summary": "summary",
    "quality": "data_quality",
    "costs": "cost_development",
    "mt": "mt_maintenance_growth",
    "investments": "investment_pace",
    "staff": "staff",
    "scorecard": "scorecard",
    "assignments": "assignments",
}


def short_of(chapter_name: str) -> str | None:
    """The short name of a chapter name (``cost_development`` -> ``costs``), or None."""
    return next((short for short, name in SHORT_NAMES.items() if name == chapter_name), None)
