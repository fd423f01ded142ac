"""A worker process of the batch's own pool, and how it stops.

:func:`start_worker` (the pool's initializer) makes SIGTERM and SIGINT stop the worker at
once: its kernel is killed, its scratch files removed, nothing is published. A watchdog
thread does the same within half a second when the build process that owns the worker is
gone (killed, out of memory). Publishing a finished chapter (page, executed copy, stamp)
is never cut in half: a stop that arrives meanwhile waits until the chapter is published,
and a worker whose owner is gone publishes nothing (:func:`publish_guard`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from analysis.publishing.batch import forked_kernels
from analysis.publishing.pages.html_export import warm

_owner: tuple[int, float] | None = None  # (pid, start time) of the build that owns this worker


_publishing = threading.Lock()  # held while a chapter is published


_stop_after: list[int] = []  # a stop signal that arrived while publishing


scratch_folders: list[Path] = []  # scratch folders of the chapter running in this worker


def start_worker(owner: tuple[int, float], zygote_path: str | None = None) -> None:
    """Initializer of the batch's own pool workers: stop on SIGTERM/SIGINT and when ``owner``
    (the build process, by pid and start time) is gone; fork the kernels from the build's
    zygote at ``zygote_path`` (else from one of this worker's own)."""
    import signal

    global _owner
    _owner = owner
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    # Forked by the build's fork server with SIGINT blocked (a Ctrl-C before this point
    # would have printed a KeyboardInterrupt traceback): one that waits stops it now.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    threading.Thread(target=_watch_owner, name="owner-watchdog", daemon=True).start()
    forked_kernels.use(zygote_path)
    forked_kernels.shared()  # connects, or starts this worker's own zygote importing the stack meanwhile
    _warm_export()


def _warm_export() -> None:
    """Import the exporter and compile its template while the zygote is still importing."""
    with contextlib.suppress(Exception):
        warm()


def owner_alive(owner: tuple[int, float] | None = None) -> bool:
    """Whether the build process ``owner`` (default: this worker's) still runs."""
    import psutil

    pid, started = owner or _owner or (None, None)
    if pid is None:
        return True
    try:
        return abs(psutil.Process(pid).create_time() - started) < 0.5
    except psutil.Error:
        return False


def _watch_owner() -> None:
    while owner_alive():
        time.sleep(0.5)
    _stop_now(1)


def _on_signal(signum, frame) -> None:
    if not _publishing.acquire(blocking=False):  # publishing: stop right after it
        _stop_after.append(signum)
        return
    _stop_now(128 + signum)


def _stop_now(code: int) -> None:
    """Kill this worker's kernels and leave at once, publishing nothing more."""
    import psutil

    forked_kernels.kill_kernels()  # forked by the build's zygote: not this worker's children

    with contextlib.suppress(psutil.Error):
        for child in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.Error):
                child.kill()
    for folder in scratch_folders:
        shutil.rmtree(folder, ignore_errors=True)
    os._exit(code)


@contextlib.contextmanager
def publish_guard() -> Iterator[None]:
    """Publish whole or not at all: a stop signal waits; a worker whose build is gone stops."""
    with _publishing:
        if not owner_alive():
            _stop_now(1)
        yield
    if _stop_after:
        _stop_now(128 + _stop_after[0])
