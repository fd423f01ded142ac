"""SHA-256 of raw files, remembered for large files that have not changed since.

A year's staleness check, the batch's plan and every chapter's ``load_facts`` hash the raw
files they depend on. A 10 M-row ledger is 600 MB, 0,4 s of SHA-256 each time, and a build
of two ledger years asked for it dozens of times. :func:`sha256` remembers the digest of a
file of :data:`MIN_BYTES` or more in ``.cache/checksums.json`` under the project root, keyed
by its absolute path and its size, modification time, change time, inode and device (all
in nanoseconds where the file system has them): any write to the file changes its change
time, which no tool can set back, so a changed file is hashed again.

Two guards against file systems with coarse clocks (the "racy" case build tools know):

- a digest is remembered only when the file's change time was at least :data:`SETTLE_NS`
  (2 s) before the hashing began, so that a later write within the same clock tick cannot
  leave the key as it was;
- and only when the file's key is the same after the hashing as before (not written during it).

The cache is only a cache: a missing, unreadable or foreign file is ignored and rewritten,
concurrent writers replace it atomically (the last one wins; a lost entry is hashed again).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from analysis import paths

MIN_BYTES = 1 << 20
SETTLE_NS = 2_000_000_000
MAX_ENTRIES = 200
_memo: dict[str, dict] = {}


def cache_path() -> Path:
    """``.cache/checksums.json`` under the project root (git ignores ``.cache/``)."""
    return paths.project_root() / ".cache" / "checksums.json"


def digest(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks (hashlib releases the GIL on each)."""
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _key(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev]


def sha256(path: Path | str) -> str:
    """Hex SHA-256 of ``path``: remembered for a large file whose key has not changed since
    it was last hashed, computed otherwise (and remembered when the file has settled)."""
    path = Path(path)
    before = os.stat(path)
    known = remembered(path, before)
    if known is not None:
        return known
    value = digest(path)
    remember(path, before, value)
    return value


def remembered(path: Path, before: os.stat_result) -> str | None:
    """The remembered digest of ``path`` if its key is still ``before``'s, else None."""
    if before.st_size < MIN_BYTES:
        return None
    name = str(Path(path).resolve())
    known = _memo.get(name) or _read().get(name)
    if isinstance(known, dict) and known.get("key") == _key(before):
        return str(known["sha256"])
    return None


def remember(path: Path, before: os.stat_result, value: str) -> None:
    """Remember ``value``, the digest of ``path`` hashed after ``before`` was taken: only for a
    large file that had settled by then and was not written while it was hashed."""
    settled = time.time_ns() - before.st_ctime_ns >= SETTLE_NS
    if before.st_size >= MIN_BYTES and settled and _key(os.stat(path)) == _key(before):
        _remember(str(Path(path).resolve()), {"key": _key(before), "sha256": value, "at": time.time_ns()})


def _read() -> dict[str, dict]:
    try:
        entries = json.loads(cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _remember(name: str, entry: dict) -> None:
    """Add an entry to the cache file (the :data:`MAX_ENTRIES` newest kept), atomically."""
    _memo[name] = entry
    entries = {**_read(), name: entry}
    newest = sorted(entries.items(), key=lambda item: item[1].get("at", 0) if isinstance(item[1], dict) else 0)
    target = cache_path()
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(dict(newest[-MAX_ENTRIES:])), encoding="utf-8")
        os.replace(partial, target)
    except OSError:  # a read-only project: the digest is still right, only not remembered
        partial.unlink(missing_ok=True)
