"""Stopping the build on SIGINT (Ctrl-C) or SIGTERM (``timeout``, a scheduler, systemd).

:func:`install` sets the build's handler: the first signal makes both signals ignored
from then on and raises :class:`BuildInterrupted` in the main thread, which the build
turns into its summary and one line (:func:`analysis.publishing.batch.build.main`). Inside
:func:`deferred` (starting the fork server, submitting a chapter, writing the indexes,
shutting the pool down) the signal is only remembered, and :func:`raise_if_stopped`
raises it afterwards, so that a stop never leaves such a step half done.

``BuildInterrupted`` is a ``BaseException``, like ``KeyboardInterrupt``: an
``except Exception`` in a library the main thread happens to be in (tqdm starting its
monitor thread, say) does not swallow the stop.

Only the standard library is imported here: the command line installs the handler before
it imports the batch.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from typing import Any

SIGNALS = (signal.SIGINT, signal.SIGTERM)

_signum: int | None = None  # the signal that stopped the build
_deferring = 0  # depth of deferred() blocks


class BuildInterrupted(BaseException):
    """The build was stopped by a signal (SIGINT: Ctrl-C, SIGTERM: a scheduler or ``timeout``);
    ``results`` has every chapter, the unfinished ones ``interrupted``."""

    def __init__(self, signum: int, results: list[Any] | None = None) -> None:
        self.signum, self.results = signum, list(results or [])
        super().__init__(f"interrupted by {signal.Signals(signum).name}")

    def __str__(self) -> str:
        return f"interrupted by {signal.Signals(self.signum).name}"


def last_line(stop: BuildInterrupted, interrupted: int) -> str:
    """The one line a stopped build ends with."""
    return f"{stop}: stopped; {interrupted} chapters interrupted, their previous pages kept"


def _on_signal(signum, frame) -> None:
    """SIGINT/SIGTERM in the build: stop (once; a second signal while stopping is ignored)."""
    global _signum
    for sig in SIGNALS:
        signal.signal(sig, signal.SIG_IGN)
    _signum = signum
    if not _deferring:
        raise BuildInterrupted(signum)


def install() -> dict:
    """Stop the build on SIGINT and SIGTERM from now on; the previous handlers, for :func:`restore`
    (none when already installed: the command line does before it imports the batch)."""
    global _signum, _deferring
    if signal.getsignal(signal.SIGINT) is _on_signal:
        return {}
    _signum, _deferring = None, 0
    return {sig: signal.signal(sig, _on_signal) for sig in SIGNALS}


def restore(previous: dict) -> None:
    """Give a caller in the same process its own handlers back (and forget the stop: a
    later ``run_batch`` in this process does not see it)."""
    global _signum
    for sig, handler in previous.items():
        signal.signal(sig, handler)
    if previous:
        _signum = None


def stopped() -> int | None:
    """The signal that stopped the build, if one did."""
    return _signum


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """A step not to be cut in half: a stop signal meanwhile is remembered, not raised."""
    global _deferring
    _deferring += 1
    try:
        yield
    finally:
        _deferring -= 1


def raise_if_stopped(results: list[Any] | None = None) -> None:
    """Raise the stop that arrived during a deferred step (outside any)."""
    if _signum is not None and not _deferring:
        raise BuildInterrupted(_signum, results)
