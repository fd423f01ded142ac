"""A worker of the batch (analysis.publishing.batch.worker): how it stops without half publishing."""

from __future__ import annotations

import os
import subprocess
import sys

import psutil
import pytest

from analysis.publishing.batch import worker


@pytest.fixture
def stops(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(worker, "_stop_now", calls.append)
    monkeypatch.setattr(worker, "_stop_after", [])
    return calls


def test_a_signal_outside_publishing_stops_at_once(stops):
    worker._on_signal(15, None)
    assert stops == [143]
    worker._publishing.release()  # the stop took the publishing lock for good; give it back here


def test_a_signal_while_publishing_waits_until_the_chapter_is_published(stops, monkeypatch):
    monkeypatch.setattr(worker, "owner_alive", lambda owner=None: True)
    published = []
    with worker.publish_guard():
        worker._on_signal(2, None)
        assert stops == []  # not in the middle of writing the page and stamp
        published.append("page and stamp")
    assert published == ["page and stamp"] and stops == [130]


def test_a_worker_whose_build_is_gone_publishes_nothing(stops, monkeypatch):
    monkeypatch.setattr(worker, "owner_alive", lambda owner=None: False)
    with worker.publish_guard():
        pass
    assert stops == [1]


def test_owner_alive_knows_a_process_by_pid_and_start_time():
    me = psutil.Process()
    assert worker.owner_alive((os.getpid(), me.create_time()))
    assert not worker.owner_alive((os.getpid(), me.create_time() - 100))  # a reused pid is not the owner
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    assert not worker.owner_alive((int(done.stdout), 0.0))
