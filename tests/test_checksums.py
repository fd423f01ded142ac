"""The remembered SHA-256 of large raw files: right after any change, never trusted for a
file written within the settling time, and only a cache (a broken cache file is ignored)."""

from __future__ import annotations

import hashlib

import pytest

from analysis.facts import checksums


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """The cache under a temporary project root, empty, in a fresh process's state."""
    monkeypatch.setenv("LANSTEKNIK_ROOT", str(tmp_path / "project"))
    monkeypatch.setattr(checksums, "_memo", {})
    return tmp_path / "project" / ".cache" / "checksums.json"


def _big(path, fill: bytes = b"a"):
    path.write_bytes(fill * checksums.MIN_BYTES)
    return path


def _true(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _counting(monkeypatch) -> list:
    calls, real = [], checksums.digest
    monkeypatch.setattr(checksums, "digest", lambda path: calls.append(path) or real(path))
    return calls


def test_a_settled_large_file_is_hashed_once_and_again_after_a_same_size_rewrite(tmp_path, cache, monkeypatch):
    monkeypatch.setattr(checksums, "SETTLE_NS", 0)
    path, calls = _big(tmp_path / "huvudbok.csv"), _counting(monkeypatch)
    assert checksums.sha256(path) == checksums.sha256(path) == _true(path)
    assert len(calls) == 1 and cache.is_file()
    monkeypatch.setattr(checksums, "_memo", {})  # another process: read from the file
    assert checksums.sha256(path) == _true(path) and len(calls) == 1
    _big(path, b"b")  # same size, new content: the change time moves
    assert checksums.sha256(path) == _true(path) and len(calls) == 2


def test_a_file_written_within_the_settling_time_is_not_remembered(tmp_path, cache, monkeypatch):
    path, calls = _big(tmp_path / "huvudbok.csv"), _counting(monkeypatch)
    checksums.sha256(path)
    checksums.sha256(path)
    assert len(calls) == 2 and not cache.exists()


def test_small_files_are_not_cached_and_a_broken_cache_is_ignored(tmp_path, cache, monkeypatch):
    monkeypatch.setattr(checksums, "SETTLE_NS", 0)
    small = tmp_path / "nyckeltal.csv"
    small.write_text("Nyckeltal;2019\n", encoding="utf-8")
    assert checksums.sha256(small) == _true(small) and not cache.exists()
    cache.parent.mkdir(parents=True)
    cache.write_text("{not json", encoding="utf-8")
    path = _big(tmp_path / "huvudbok.csv")
    assert checksums.sha256(path) == _true(path)
    assert str(path.resolve()) in cache.read_text(encoding="utf-8")  # rewritten whole


def test_a_cache_that_cannot_be_written_still_gives_the_digest(tmp_path, cache, monkeypatch):
    monkeypatch.setattr(checksums, "SETTLE_NS", 0)

    def refused(*args):
        raise PermissionError("read-only project")

    monkeypatch.setattr(checksums.os, "replace", refused)
    path = _big(tmp_path / "huvudbok.csv")
    assert checksums.sha256(path) == _true(path) and not cache.exists()
    assert not list(cache.parent.iterdir())  # no partial file left behind


def test_the_ledger_reader_takes_the_digest_the_staleness_check_just_computed(tmp_path, cache, monkeypatch):
    from analysis.facts.sources.ledger.formats.engine import connect
    from analysis.facts.sources.ledger.formats.ledger_csv import read_csv_part

    monkeypatch.setattr(checksums, "SETTLE_NS", 0)
    row = "201901;5010;150;;;1;Exempeldata underhåll\n"
    path = tmp_path / "huvudbok.csv"
    path.write_text("Period;Konto;Ansvar;Aktivitet;Objekt;Belopp;Text\n" + row * (checksums.MIN_BYTES // len(row) + 1))
    expected = _true(path)
    assert checksums.sha256(path) == expected
    monkeypatch.setattr(checksums.hashlib, "sha256", None)  # any hashing from here on would fail
    part = read_csv_part(connect(), path, "ledger", 2019, "grain")
    assert part.sha256 == expected and part.encoding == "utf-8" and part.synthetic
