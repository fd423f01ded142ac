"""What a chapter's outputs carry for the page export, agreed between the kernel that shows
them (:mod:`analysis.presentation.charts`, :mod:`analysis.presentation.keyfigures`,
:mod:`analysis.chapters.session`) and the export that reads them
(:mod:`analysis.publishing.pages.html_export`): the MIME types of a chart's values and of the
recorded key figures, and the metadata of an output meant for the notebook only. Constants
only, so that the export imports none of the plotting or notebook machinery.
"""

from __future__ import annotations

#: The MIME type of a chart's values in the chart's display output; the HTML export turns
#: them into the table under the chart.
CHART_VALUES_MIME = "application/vnd.lansteknik.chart-values+json"

#: The MIME type of the key figures a chapter records (never shown on a page).
KEY_FIGURES_MIME = "application/vnd.lansteknik.key-figures+json"

#: The display metadata of an output for the notebook only (the page has it elsewhere).
NOTEBOOK_ONLY = {"lansteknik": {"notebook_only": True}}


def is_notebook_only(output: dict) -> bool:
    """Whether an output (nbformat dict) was shown with :data:`NOTEBOOK_ONLY` metadata."""
    meta = (output.get("metadata") or {}).get("lansteknik") or {}
    return bool(meta.get("notebook_only"))


#: The MIME type of what a chapter's commentary was (file, status, findings, the approval a
#: build records); never shown on a page (:mod:`analysis.chapters.comments`).
COMMENTARY_MIME = "application/vnd.lansteknik.commentary+json"
