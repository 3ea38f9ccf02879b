"""Run one function in a child process with an address-space limit and a hard deadline.

A template render runs here so that a render the in-process budget cannot stop (one long C
call, memory growing through a path no guard foresaw) is killed, not waited for: the child
gets ``RLIMIT_AS`` of its current size plus ``memory_mb`` and is killed ``seconds`` after it
starts. The child is forked when this process has one thread (fast, nothing to import) and
started through a fork server otherwise (the bot's threads must not be forked).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

STARTUP_SECONDS = 10.0  # a fork server's first start imports Python afresh


class WorkerLimit(Exception):
    """The child ran out of time or memory, or died; ``kind`` is "time", "memory" or "died"."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(kind)


def run_limited(
    fn: Callable[..., Any], args: tuple[Any, ...], seconds: float, memory_mb: int
) -> Any:
    """``fn(*args)`` in a child process; its exception (which must pickle) is raised here."""
    method = "fork" if threading.active_count() == 1 else "forkserver"
    ctx = multiprocessing.get_context(method)
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, fn, args, memory_mb), daemon=True)
    child.start()
    send.close()
    try:
        wait = seconds + (STARTUP_SECONDS if method == "forkserver" else 1.0)
        if not receive.poll(wait):
            raise WorkerLimit("time")
        try:
            kind, value = receive.recv()
        except (EOFError, OSError) as exc:
            raise WorkerLimit("died") from exc
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if kind == "ok":
        return value
    if kind == "memory":
        raise WorkerLimit("memory")
    raise value


def _child(send: Connection, fn: Callable[..., Any], args: tuple[Any, ...], memory_mb: int) -> None:
    _limit_memory(memory_mb)
    try:
        result: tuple[str, Any] = ("ok", fn(*args))
    except MemoryError:
        result = ("memory", None)
    except Exception as exc:  # sent back and raised in the parent
        result = ("error", exc)
    try:
        send.send(result)
    except MemoryError:
        send.send(("memory", None))
    send.close()


def _limit_memory(memory_mb: int) -> None:
    """Address space: what the child has now plus ``memory_mb``; it dies with its parent."""
    try:
        import ctypes
        import resource
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        with open("/proc/self/statm") as f:
            now = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = now + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (OSError, ValueError, AttributeError, ImportError):
        return  # not Linux: the in-process guards still hold
