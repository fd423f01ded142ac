"""Kernels forked from a process that has already imported the chapter stack.

Starting a chapter's kernel costs a new interpreter, ipykernel, and then the chapter's own
imports (pandas, matplotlib, seaborn, statsmodels and ``analysis.chapters``): 2-3 s of a
chapter's 3-4 s. The batch pays them once per worker instead: the worker starts a *zygote*
(``python -m analysis.publishing.zygote``), which imports the stack, starts no thread and
no kernel, and then waits. For each chapter it forks: the child is a copy of the zygote as
it was before any chapter ran, so a chapter never sees a name, a module or a figure of the
chapter before it, and it becomes an ordinary ipykernel (``ipykernel_launcher -f
<connection file>``) in its own session, with the chapter's environment, folder and log.

The batch's kernel manager launches through :class:`ForkingProvisioner`; everything else
(papermill, nbclient, interrupts, timeouts, dead kernels) sees a normal local kernel.
Plain papermill, ``jupyter nbconvert`` and JupyterLab never use it. Set
``LANSTEKNIK_FORK_KERNELS=0`` to start every kernel the usual way.

The zygote lives as long as its worker: it exits, killing the kernels it forked, when the
worker's end of the socket closes (the worker exited or was killed); a forked kernel
exits when the zygote is gone (ipykernel's parent poller).
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

#: What the zygote imports before it forks the first kernel.
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "IPython.extensions.autoreload",
    "matplotlib_inline.backend_inline",
    "numpy",
    "pandas",
    "matplotlib.pyplot",
    "seaborn",
    "statsmodels.api",
    "analysis",
    "analysis.chapters.common",
    "analysis.chapters.quality",
    "analysis.chapters.costs",
    "analysis.chapters.mt",
    "analysis.chapters.investments",
    "analysis.presentation.charts",
    "analysis.presentation.tables",
    "analysis.presentation.keyfigures",
)

#: The environment the zygote imports under, as a kernel would get it (ipykernel sets the
#: inline backend before matplotlib is imported; one BLAS thread per kernel, since the
#: batch already runs one kernel per core).
ZYGOTE_ENV = {
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}

_MAX_MESSAGE = 1 << 20


def enabled() -> bool:
    """Whether the batch forks its kernels (``LANSTEKNIK_FORK_KERNELS=0`` turns it off)."""
    return os.environ.get("LANSTEKNIK_FORK_KERNELS", "1") not in {"0", "false", "no", ""} and hasattr(os, "fork")


# --- the zygote process --------------------------------------------------------------------


def _preload() -> None:
    import importlib

    for name in PRELOAD:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    _warm_matplotlib()


def _warm_matplotlib() -> None:
    """Render one throw-away figure, so that fonts and the Agg renderer are loaded once."""
    import io

    import matplotlib as mpl
    import matplotlib.pyplot as plt

    with mpl.rc_context():
        fig = plt.figure(figsize=(2, 1))
        fig.gca().set_title("0,5 mnkr")
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)


def serve(sock: socket.socket) -> None:
    """Answer the worker's requests until it closes its end: fork a kernel, poll a kernel."""
    children: dict[int, int | None] = {}
    try:
        while True:
            try:
                data, fds, _flags, _addr = socket.recv_fds(sock, _MAX_MESSAGE, 4)
            except (ConnectionError, OSError):
                break
            if not data:
                break
            request = json.loads(data)
            if request["op"] == "fork":
                reply = {"pid": _fork_kernel(request, fds, sock, children)}
            else:
                reply = {"code": _poll(int(request["pid"]), children)}
            for fd in fds:
                os.close(fd)
            sock.send(json.dumps(reply).encode())
    finally:
        for pid, code in children.items():
            if code is None:
                with contextlib.suppress(OSError):
                    os.killpg(pid, signal.SIGKILL)


def _poll(pid: int, children: dict[int, int | None]) -> int | None:
    if children.get(pid) is not None:
        return children[pid]
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return children.get(pid, -1) if children.get(pid) is not None else -1
    if done == 0:
        return None
    children[pid] = os.waitstatus_to_exitcode(status)
    return children[pid]


def _fork_kernel(request: dict, fds: list[int], sock: socket.socket, children: dict) -> int:
    pid = os.fork()
    if pid:
        children[pid] = None
        return pid
    code = 1
    try:
        sock.close()
        _become_kernel(request, fds)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - the kernel's log gets the traceback
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            import atexit

            atexit._run_exitfuncs()
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)
    return 0  # not reached


def _become_kernel(request: dict, fds: list[int]) -> None:
    """In the forked child: the chapter's session, streams, folder and environment, then ipykernel."""
    import random

    os.setsid()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    out = fds[0] if fds else os.open(os.devnull, os.O_WRONLY)
    err = fds[1] if len(fds) > 1 else out
    os.dup2(out, 1)
    os.dup2(err, 2)
    if request.get("cwd"):
        os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ["JPY_PARENT_PID"] = str(os.getppid())  # the kernel exits when the zygote is gone
    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    # ipykernel reads JPY_PARENT_PID when it is imported, which was in the zygote: say it again.
    sys.argv = [*request["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


def main() -> None:
    """``python -m analysis.publishing.zygote FD``: preload, then serve on socket FD."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the worker decides when its kernels stop
    sock = socket.socket(fileno=int(sys.argv[1]))
    _preload()
    if threading.active_count() != 1:  # a thread would not survive the fork
        print(f"zygote: {threading.active_count()} threads after the imports", file=sys.stderr)
    sock.send(b'{"ready": true}')
    serve(sock)


# --- the worker's side ----------------------------------------------------------------------


class Zygote:
    """The worker's handle on its zygote: start it, fork kernels from it, poll them."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {**os.environ, **{k: v for k, v in ZYGOTE_ENV.items() if k not in os.environ}}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "analysis.publishing.zygote", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            cwd=str(Path(__file__).resolve().parents[2]),
        )
        theirs.close()
        self.sock, self.ready = ours, False
        self._lock = threading.Lock()

    def alive(self) -> bool:
        return self.process.poll() is None

    def _ask(self, request: dict, fds: list[int] = ()) -> dict:
        with self._lock:
            if not self.ready:
                if json.loads(self.sock.recv(_MAX_MESSAGE) or b"{}").get("ready") is not True:
                    raise ConnectionError("the zygote exited before it was ready")
                self.ready = True
            socket.send_fds(self.sock, [json.dumps(request).encode()], list(fds))
            data = self.sock.recv(_MAX_MESSAGE)
        if not data:
            raise ConnectionError("the zygote exited")
        return json.loads(data)

    def fork(self, argv: list[str], env: dict, cwd: str | None, out_fd: int, err_fd: int) -> int:
        """Fork a kernel: ``argv`` as ``ipykernel_launcher`` gets it; the pid of the kernel."""
        return int(self._ask({"op": "fork", "argv": argv, "env": dict(env), "cwd": cwd}, [out_fd, err_fd])["pid"])

    def poll(self, pid: int) -> int | None:
        """The kernel's exit code, or None while it runs."""
        try:
            return self._ask({"op": "poll", "pid": pid})["code"]
        except (ConnectionError, OSError):
            return None if _running(pid) else -1

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)


def _running(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


_shared: Zygote | None = None


def shared() -> Zygote | None:
    """This process's zygote, started on first use (None when disabled or when it died)."""
    global _shared
    if not enabled():
        return None
    if _shared is not None and not _shared.alive():
        _shared.close()
        _shared = None
    if _shared is None:
        _shared = Zygote()
    return _shared


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
            pid = zygote.fork(
                argv,
                kwargs.get("env") or os.environ,
                str(kwargs["cwd"]) if kwargs.get("cwd") else None,
                out.fileno() if hasattr(out, "fileno") else os.open(os.devnull, os.O_WRONLY),
                err.fileno() if hasattr(err, "fileno") else os.open(os.devnull, os.O_WRONLY),
            )
            self.process = ForkedKernel(pid, zygote)
            self.pid = self.pgid = pid
            self.cwd = kwargs.get("cwd", Path.cwd())
            return self.connection_info

    return ForkingProvisioner


if __name__ == "__main__":
    main()
