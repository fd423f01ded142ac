"""Writing processed outputs atomically (analysis.facts.store)."""

from __future__ import annotations

import json
import os
import stat

import pandas as pd
import pytest

from analysis.facts.store import atomic_write, dumps, locked, read_json, write_frames_together, write_text


class Boom(RuntimeError):
    pass


def files_in(folder):
    return sorted(p.name for p in folder.iterdir())


def test_atomic_write_replaces_the_target(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    atomic_write(target, lambda tmp: tmp.write_text("new", encoding="utf-8"))
    assert target.read_text(encoding="utf-8") == "new"
    assert files_in(tmp_path) == ["out.txt"]


def test_atomic_write_gives_the_permissions_a_plain_write_would(tmp_path):
    """The temporary file is private (mkstemp: 0600); the published output must get the
    usual permissions (0666 minus the umask), or others sharing data/processed or the
    reports cannot read them."""
    umask = os.umask(0o022)
    os.umask(umask)
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    target = tmp_path / "atomic.txt"
    write_text(target, "x")
    expected = 0o666 & ~umask
    assert stat.S_IMODE(plain.stat().st_mode) == expected
    assert stat.S_IMODE(target.stat().st_mode) == expected, oct(target.stat().st_mode)
    write_frames_together({tmp_path / "facts": pd.DataFrame({"a": [1]})}, {})
    for name in ("facts.csv", "facts.parquet"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == expected, name


def test_atomic_write_creates_missing_folders(tmp_path):
    target = tmp_path / "a" / "b" / "out.txt"
    write_text(target, "Länsteknik – 13 %\n")
    assert target.read_bytes() == "Länsteknik – 13 %\n".encode()


@pytest.mark.parametrize("error", [Boom("writer failed"), KeyboardInterrupt()])
def test_failing_writer_leaves_target_and_no_temp_files(tmp_path, error):
    target = tmp_path / "out.txt"
    target.write_bytes(b"previous content")

    def writer(tmp):
        tmp.write_bytes(b"half of the new cont")
        raise error

    with pytest.raises(type(error)):
        atomic_write(target, writer)
    assert target.read_bytes() == b"previous content"
    assert files_in(tmp_path) == ["out.txt"]


def test_failing_writer_without_previous_target_leaves_nothing(tmp_path):
    def writer(tmp):
        raise Boom()

    with pytest.raises(Boom):
        atomic_write(tmp_path / "out.txt", writer)
    assert files_in(tmp_path) == []


def test_write_frames_together_writes_parquet_csv_and_texts(tmp_path):
    frame = pd.DataFrame({"item": ["Övrigt", "IT"], "value": [1.5, -2.25]})
    write_frames_together({tmp_path / "facts": frame}, {tmp_path / "manifest.json": dumps({"a": 1})})
    assert files_in(tmp_path) == ["facts.csv", "facts.parquet", "manifest.json"]
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "facts.parquet"), frame, check_dtype=False)
    assert (tmp_path / "facts.csv").read_bytes() == "item,value\nÖvrigt,1.5\nIT,-2.25\n".encode()
    assert json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8")) == {"a": 1}


def test_write_frames_together_renames_nothing_if_any_write_fails(tmp_path):
    good = pd.DataFrame({"a": [1]})
    write_frames_together({tmp_path / "facts": good, tmp_path / "quality": good}, {tmp_path / "manifest.json": "{}\n"})
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    class Unwritable(pd.DataFrame):
        def to_csv(self, *args, **kwargs):
            raise Boom("disk full")

    new = pd.DataFrame({"a": [2]})
    with pytest.raises(Boom):
        write_frames_together(
            {tmp_path / "facts": new, tmp_path / "quality": Unwritable(new)},
            {tmp_path / "manifest.json": '{"new": true}\n'},
        )
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before  # facts.* were staged but not renamed; no temp files left


def test_read_json_and_dumps(tmp_path):
    assert read_json(tmp_path / "missing.json") == {}
    text = dumps({"b": "å", "a": [1, 2]})
    assert text.endswith("\n")
    assert text.index('"a"') < text.index('"b"')  # sorted keys
    assert "å" in text  # UTF-8, not \u00e5
    (tmp_path / "m.json").write_text(text, encoding="utf-8")
    assert read_json(tmp_path / "m.json") == {"b": "å", "a": [1, 2]}


def test_locked_creates_folder_and_lock_file(tmp_path):
    folder = tmp_path / "processed"
    with locked(folder):
        assert (folder / ".lock").exists()
    with locked(folder):  # re-entrant after release
        pass


def test_a_ctrl_c_while_the_outputs_are_renamed_comes_after_the_last_one(tmp_path, monkeypatch):
    """The renames of one cleaning are all done or none: SIGINT at the first waits for the last."""
    import os
    import signal

    from analysis.facts import store

    targets = [tmp_path / "facts", tmp_path / "quality"]
    write_frames_together({t: pd.DataFrame({"a": [1]}) for t in targets}, {tmp_path / "manifest.json": "{}"})
    renamed = []

    def replace(src, dst):
        if not renamed:
            os.kill(os.getpid(), signal.SIGINT)  # the main thread's Ctrl-C, mid-way
        renamed.append(os.path.basename(dst))
        os.rename(src, dst)

    monkeypatch.setattr(store.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        write_frames_together({t: pd.DataFrame({"a": [2]}) for t in targets}, {tmp_path / "manifest.json": "{}"})
    assert len(renamed) == 5  # two frames × parquet and csv, and the manifest
    assert all(pd.read_csv(t.with_suffix(".csv"))["a"].tolist() == [2] for t in targets)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left
