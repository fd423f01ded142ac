"""The batch's side of the forked kernels (:mod:`analysis.publishing.batch.zygote`).

The build starts one zygote (:func:`for_build`) and gives its socket to the workers of its
pool; each worker connects (:func:`use`, :func:`shared`) and its kernel manager launches
through the :func:`provisioner_class`, which asks the zygote to fork the kernel. Anywhere
else (a Dask worker, a test calling :func:`analysis.publishing.batch.execute.run_chapter`), the first
chapter starts a zygote of that process's own. Everything beyond the launch (papermill,
nbclient, interrupts, timeouts, dead kernels) sees a normal local kernel.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from analysis.publishing.batch.zygote import MAX_MESSAGE, ZYGOTE_ENV


def enabled() -> bool:
    """Whether the batch forks its kernels (``LANSTEKNIK_FORK_KERNELS=0`` turns it off)."""
    if _disabled or not hasattr(os, "fork"):
        return False
    return os.environ.get("LANSTEKNIK_FORK_KERNELS", "1") not in {"0", "false", "no", ""}


class Zygote:
    """A handle on a zygote: fork kernels from it and poll them.

    :meth:`spawn` starts one (its owner: the zygote exits with this handle); with
    ``listen`` it also serves the workers that :meth:`connect` to that socket path, so a
    whole build imports the stack once."""

    def __init__(self, sock: socket.socket, process: subprocess.Popen | None = None, path: str | None = None):
        self.sock, self.process, self.path = sock, process, path
        self.kernels: list[int] = []  # the pids this handle forked
        self._lock = threading.Lock()

    @classmethod
    def spawn(cls, listen: str | None = None) -> Zygote:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {**os.environ, **{k: v for k, v in ZYGOTE_ENV.items() if k not in os.environ}}
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "analysis.publishing.batch.zygote",
                str(theirs.fileno()),
                *([listen] if listen else []),
            ],
            pass_fds=(theirs.fileno(),),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            cwd=str(Path(__file__).resolve().parents[2]),
            # Its own process group: Ctrl-C in a terminal reaches the build and its workers,
            # which stop the kernels, not the zygote, which would print a KeyboardInterrupt
            # traceback while Python imports it (before it ignores SIGINT). It ends when
            # its owner closes the socket.
            process_group=0,
        )
        theirs.close()
        return cls(ours, process, listen)

    @classmethod
    def connect(cls, path: str, timeout: float = 30.0) -> Zygote:
        """A worker's connection to the build's zygote (which may still be starting)."""
        deadline = time.monotonic() + timeout
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            try:
                sock.connect(path)
                return cls(sock)
            except (FileNotFoundError, ConnectionRefusedError):
                sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def alive(self) -> bool:
        return self.process.poll() is None if self.process is not None else self.sock.fileno() >= 0

    def _ask(self, request: dict, fds: list[int] = ()) -> dict:
        with self._lock:
            socket.send_fds(self.sock, [json.dumps(request).encode()], list(fds))
            data = self.sock.recv(MAX_MESSAGE)
        if not data:
            raise ConnectionError("the zygote exited")
        return json.loads(data)

    def fork(self, argv: list[str], env: dict, cwd: str | None, out_fd: int, err_fd: int) -> int:
        """Fork a kernel: ``argv`` as ``ipykernel_launcher`` gets it; the pid of the kernel."""
        pid = int(self._ask({"op": "fork", "argv": argv, "env": dict(env), "cwd": cwd}, [out_fd, err_fd])["pid"])
        self.kernels.append(pid)
        return pid

    def poll(self, pid: int) -> int | None:
        """The kernel's exit code, or None while it runs."""
        try:
            return self._ask({"op": "poll", "pid": pid})["code"]
        except (ConnectionError, OSError):
            return None if _running(pid) else -1

    def kill_kernels(self) -> None:
        """Kill what this handle forked (a stopping worker), without asking the zygote."""
        for pid in self.kernels:
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)

    def close(self) -> None:
        """Close this handle; a spawned zygote then exits and kills its kernels."""
        with contextlib.suppress(OSError):
            self.sock.close()
        if self.process is not None:
            try:  # it kills what it forked and exits; one still importing is stopped at once
                self.process.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.path:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            with contextlib.suppress(OSError):
                os.rmdir(os.path.dirname(self.path))


def _running(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


_shared: Zygote | None = None
_disabled = False  # this process's zygote failed: no more forking here
_build_zygote: str | None = None  # the socket of the build's zygote, given to this worker


def use(path: str | None) -> None:
    """Fork this process's kernels from the build's zygote at ``path`` (a pool worker)."""
    global _build_zygote
    _build_zygote = path


def shared() -> Zygote | None:
    """This process's zygote: the build's when this worker was given one, else one of its
    own, started on first use (None when forking is off)."""
    global _shared
    if not enabled():
        return None
    if _shared is not None and not _shared.alive():
        _shared.close()
        _shared = None
    if _shared is None:
        _shared = Zygote.connect(_build_zygote) if _build_zygote else Zygote.spawn()
    return _shared


def disable() -> None:
    """Start this process's kernels as usual from now on (its zygote failed)."""
    global _shared, _disabled
    _disabled = True
    if _shared is not None:
        _shared.close()
        _shared = None


def kill_kernels() -> None:
    """Kill the kernels this process forked (a worker that stops at once)."""
    if _shared is not None:
        _shared.kill_kernels()


def for_build() -> Zygote | None:
    """The build's zygote, which every worker of its pool connects to (None when off)."""
    import tempfile

    if not enabled():
        return None
    folder = tempfile.mkdtemp(prefix="lansteknik-zygote-")
    return Zygote.spawn(listen=os.path.join(folder, "socket"))


def launchable(cmd: list[str]) -> list[str] | None:
    """``sys.argv`` for the forked kernel when ``cmd`` starts ipykernel with this interpreter."""
    if len(cmd) < 3 or cmd[1:3] != ["-m", "ipykernel_launcher"]:
        return None
    with contextlib.suppress(OSError):
        if os.path.samefile(cmd[0], sys.executable):
            return ["ipykernel_launcher", *cmd[3:]]
    return None


class ForkedKernel:
    """What ``LocalProvisioner`` needs of a ``Popen`` for a kernel that the zygote forked."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, zygote: Zygote) -> None:
        self.pid, self.zygote, self.returncode = pid, zygote, None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self.zygote.poll(self.pid)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(["kernel", str(self.pid)], timeout)
            time.sleep(0.05)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def provisioner_class():
    """A ``LocalProvisioner`` that forks the kernel from this worker's zygote when it can."""
    from jupyter_client.provisioning import LocalProvisioner

    class ForkingProvisioner(LocalProvisioner):
        async def launch_kernel(self, cmd, **kwargs):
            argv, zygote = launchable(cmd), shared()
            if argv is None or zygote is None:
                return await super().launch_kernel(cmd, **kwargs)
            out = kwargs.get("stdout")
            err = kwargs.get("stderr", out)
            try:
                pid = zygote.fork(
                    argv,
                    kwargs.get("env") or os.environ,
                    str(kwargs["cwd"]) if kwargs.get("cwd") else None,
                    out.fileno() if hasattr(out, "fileno") else os.open(os.devnull, os.O_WRONLY),
                    err.fileno() if hasattr(err, "fileno") else os.open(os.devnull, os.O_WRONLY),
                )
            except OSError as exc:  # the zygote is gone (killed, out of memory): start it as usual
                self.log.warning("zygote unavailable (%r); starting the kernel as usual", exc)
                disable()
                return await super().launch_kernel(cmd, **kwargs)
            self.process = ForkedKernel(pid, zygote)
            self.pid = self.pgid = pid
            self.cwd = kwargs.get("cwd", Path.cwd())
            return self.connection_info

    return ForkingProvisioner
