"""Kernels forked from a process that has already imported the chapter stack.

Starting a chapter's kernel costs a new interpreter, ipykernel, and then the chapter's own
imports (pandas, matplotlib, seaborn, statsmodels and ``analysis.chapters``): 2-3 s of a
chapter's 3-4 s. The batch pays them once per build instead: it starts a *zygote*
(``python -m analysis.publishing.batch.zygote``), which imports the stack, starts no thread and
no kernel, and then waits for the requests of the build's workers. For each chapter it
forks: the child is a copy of the zygote as it was before any chapter ran, so a chapter
never sees a name, a module or a figure of the chapter before it, and it becomes an
ordinary ipykernel (``ipykernel_launcher -f <connection file>``) in its own session, with
the chapter's environment, folder and log.

The batch's side (starting a zygote, connecting to it, the kernel provisioner) is
:mod:`analysis.publishing.batch.forked_kernels`. Plain papermill, ``jupyter nbconvert`` and
JupyterLab never use it. Set ``LANSTEKNIK_FORK_KERNELS=0`` to start every kernel the usual way.

The zygote lives as long as the process that started it: it exits, killing every kernel it
forked, when its owner's end of the socket closes (the build ended, or was killed). The
kernels a worker asked for are killed when that worker's connection closes (the worker
stopped or was killed), and a forked kernel exits when the zygote is gone (ipykernel's
parent poller).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sys
import threading
from pathlib import Path

#: What the zygote imports before it forks the first kernel.
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",
    "IPython.extensions.autoreload",
    "matplotlib_inline.backend_inline",
    "numpy",
    "pandas",
    "matplotlib.pyplot",
    "seaborn",
    "statsmodels.regression.linear_model",
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
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}

MAX_MESSAGE = 1 << 20  # bytes of one request or reply


def _preload(owner: socket.socket | None = None) -> None:
    """Import :data:`PRELOAD`; exit at once if ``owner`` closes its end meanwhile (a build
    that found nothing to run)."""
    import importlib
    import select

    for name in PRELOAD:
        # Readable: a request (left queued: peeked, not read) or the end of the owner's socket.
        if owner is not None and select.select([owner], [], [], 0)[0] and not owner.recv(1, socket.MSG_PEEK):
            raise SystemExit(0)
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


def serve(owner: socket.socket, listener: socket.socket | None = None) -> None:
    """Answer requests (fork a kernel, poll a kernel) from the process that started the
    zygote (``owner``) and from workers that connect to ``listener``, until ``owner``
    closes its end. The kernels a client forked are killed when that client is gone."""
    import selectors

    children: dict[int, int | None] = {}
    forked_by: dict[socket.socket, list[int]] = {owner: []}
    selector = selectors.DefaultSelector()
    selector.register(owner, selectors.EVENT_READ)
    if listener is not None:
        selector.register(listener, selectors.EVENT_READ)
    try:
        while True:
            for key, _events in selector.select():
                conn = key.fileobj
                if conn is listener:
                    client, _ = listener.accept()
                    forked_by[client] = []
                    selector.register(client, selectors.EVENT_READ)
                elif not _answer(conn, children, forked_by[conn]):
                    if conn is owner:
                        return
                    selector.unregister(conn)
                    _kill(forked_by.pop(conn), children)
                    conn.close()
    finally:
        _kill(list(children), children)


def _answer(conn: socket.socket, children: dict[int, int | None], forked: list[int]) -> bool:
    """One request of ``conn``; False when it has closed its end."""
    try:
        data, fds, _flags, _addr = socket.recv_fds(conn, MAX_MESSAGE, 4)
    except OSError:
        return False
    if not data:
        return False
    request = json.loads(data)
    if request["op"] == "fork":
        reply = {"pid": _fork_kernel(request, fds, children)}
        forked.append(reply["pid"])
    else:
        reply = {"code": _poll(int(request["pid"]), children)}
    for fd in fds:
        os.close(fd)
    with contextlib.suppress(OSError):
        conn.send(json.dumps(reply).encode())
    return True


def _kill(pids: list[int], children: dict[int, int | None]) -> None:
    for pid in pids:
        if children.get(pid) is None and _poll(pid, children) is None:
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):  # reap it: no zombie left behind
                children[pid] = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


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


_open_sockets: list[socket.socket] = []  # the zygote's sockets, closed in a forked kernel


def _fork_kernel(request: dict, fds: list[int], children: dict) -> int:
    pid = os.fork()
    if pid:
        children[pid] = None
        return pid
    code = 1
    try:
        for sock in _open_sockets:
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
    if sys.modules.get("rfc3987_syntax", 0) is None:  # set for the batch (analysis.publishing)
        del sys.modules["rfc3987_syntax"]
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    # ipykernel reads JPY_PARENT_PID when it is imported, which was in the zygote: say it again.
    sys.argv = [*request["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


def main() -> None:
    """``python -m analysis.publishing.batch.zygote FD [PATH]``: preload, then serve the owner on
    socket FD, and the workers that connect to the Unix socket PATH."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build and its workers decide when kernels stop
    owner = socket.socket(fileno=int(sys.argv[1]))
    listener = None
    if len(sys.argv) > 2:  # listen before the imports: the workers' requests wait in the backlog
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        listener.bind(sys.argv[2])
        listener.listen(64)
    _open_sockets.extend(s for s in (owner, listener) if s is not None)
    try:
        _preload(owner)
        # Keep what the imports made out of the garbage collector's way: a kernel's collections
        # neither walk it nor touch (and so copy) its pages.
        import gc

        gc.collect()
        gc.freeze()
        if threading.active_count() != 1:  # a thread would not survive the fork
            print(f"zygote: {threading.active_count()} threads after the imports", file=sys.stderr)
        serve(owner, listener)
    finally:  # also when the build was killed: its end of the socket closed all the same
        if listener is not None:
            with contextlib.suppress(OSError):
                os.unlink(sys.argv[2])
            with contextlib.suppress(OSError):
                os.rmdir(os.path.dirname(sys.argv[2]))


if __name__ == "__main__":
    main()
