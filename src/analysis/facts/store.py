"""Writing processed outputs safely: atomic replacement, a lock, and the raw-file manifest.

Nothing here ever opens a file under ``data/raw`` for writing.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas only for the annotations: a lock or a JSON read stays light to import
    import pandas as pd


def atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``target``, then rename it over target.

    If ``write`` fails, the temporary file is removed and ``target`` is left untouched.
    """
    tmp = _stage(Path(target), write)
    try:
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_text(target: Path, text: str) -> None:
    """Atomically write UTF-8 text."""
    atomic_write(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_frames_together(frames: dict[Path, pd.DataFrame], texts: dict[Path, str]) -> None:
    """Write every output to temporary files first; rename them all only when all are written."""
    staged: list[tuple[Path, Path]] = []
    try:
        for stem, frame in frames.items():
            for suffix, writer in (
                (".parquet", lambda f, p: f.to_parquet(p, index=False)),
                (".csv", lambda f, p: f.to_csv(p, index=False, encoding="utf-8", lineterminator="\n")),
            ):
                target = stem.with_suffix(suffix)
                staged.append((_stage(target, lambda tmp, f=frame, w=writer: w(f, tmp)), target))
        for target, text in texts.items():
            staged.append((_stage(target, lambda tmp, t=text: tmp.write_text(t, encoding="utf-8")), target))
        with signals_held():  # all renamed, or none: a Ctrl-C or SIGTERM meanwhile comes after
            for tmp, target in staged:
                os.replace(tmp, target)
    finally:
        for tmp, _target in staged:
            tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM held back for the block: their handlers run when it ends (the first
    signal that came, once). Python runs signal handlers in the main thread whichever thread
    the signal reached, so the handlers are swapped there, not the thread's signal mask;
    in another thread the block runs as it is."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    previous = {sig: handler for sig, handler in previous.items() if handler is not None}  # None: not Python's
    for sig in previous:
        signal.signal(sig, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if caught:
            signal.raise_signal(caught[0])


def _umask() -> int:
    """The process umask, read without changing it where Linux tells it (``os.umask`` can
    only be read by setting it, which races with other threads creating files)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _stage(target: Path, write: Callable[[Path], None]) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        tmp.chmod(0o666 & ~_umask())  # mkstemp makes it 0600; publish as a plain write would
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


@contextlib.contextmanager
def locked(folder: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """An exclusive lock on ``folder/.lock``: runs for several years write one at a time.

    ``on_wait`` is called once if another process holds the lock (then this one waits).
    The lock is the kernel's (flock): a process that dies, even by SIGKILL, releases it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_json(path: Path) -> dict:
    """A JSON file's content, or an empty dict if it does not exist."""
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def dumps(data: object) -> str:
    """JSON as the project writes it: sorted keys, UTF-8 characters, trailing newline."""
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
