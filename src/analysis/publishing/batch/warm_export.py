"""Imported by the build's fork server (``WORKER_PRELOAD`` of
:mod:`~analysis.publishing.batch.schedule`): loads nbconvert's exporter and compiles the page
templates once, there, so that every worker it forks starts with them
(:func:`analysis.publishing.pages.html_export.warm`) instead of each doing it again while
the kernels' zygote is still importing the stack, on the same cores."""

from __future__ import annotations

import contextlib

from analysis.publishing.pages.html_export import warm

with contextlib.suppress(Exception):  # only a head start: a worker that finds nothing warm does it itself
    warm()
