"""The build's own processes: its fork server, its resource tracker, and stopping a tree of
processes (workers and the kernels they started) with SIGTERM, then SIGKILL."""

from __future__ import annotations

import contextlib
import os
import signal


def kill_fork_server() -> None:
    """Kill this process's fork server, if it started one (its workers are stopped by then).
    SIGKILL: it has nothing to save, and one started just as the stop signal came has
    inherited that signal as ignored."""
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    if pid:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def resource_tracker_pid() -> int | None:
    """The pid of this process's multiprocessing resource tracker, if it started one."""
    from multiprocessing import resource_tracker

    return getattr(resource_tracker._resource_tracker, "_pid", None)


def stop_process_tree(roots: list[int] | None = None, grace: float = 3.0, spare: tuple[int, ...] = ()) -> None:
    """Stop the processes ``roots`` (default: every child of this process) and all they
    started (kernels): SIGTERM, then SIGKILL for what still runs after ``grace`` seconds.
    ``spare``: pids of children left alone."""
    import psutil

    if roots is None:
        children = [p for p in psutil.Process().children(recursive=True) if p.pid not in spare]
    else:
        children = []
        for pid in roots:
            with contextlib.suppress(psutil.Error):
                root = psutil.Process(pid)
                children += [root, *root.children(recursive=True)]
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.terminate()
    _gone, alive = psutil.wait_procs(children, timeout=grace)
    for child in alive:
        with contextlib.suppress(psutil.Error):
            child.kill()
    psutil.wait_procs(alive, timeout=grace)
