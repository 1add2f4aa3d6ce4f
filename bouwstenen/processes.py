"""Worker processes that never outlive the build that started them, and never print a traceback.

A worker ignores Ctrl+C: the main process handles it and stops the workers. A worker
ends when it gets SIGTERM, and then ends the engines it started (pandoc) first. On
Linux the kernel sends that SIGTERM when the main process dies, kill -9 included
(PR_SET_PDEATHSIG); everywhere a small thread also checks once a second whether the
parent is still there.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import forkserver
from pathlib import Path
from types import FrameType

_PR_SET_PDEATHSIG = 1
_CHECK_SECONDS = 1.0


def pool(count: int) -> ProcessPoolExecutor:
    """A pool of `count` workers that end when this process ends.

    Workers come from a fork server, not from a fork of this process: a fork copies the
    locks of every thread here, and Typst's threads (after a build in this process, as the
    tests and `bekijk` do) would hold them forever in the child. The server loads the
    pipeline once, so a worker still starts in milliseconds.
    """
    return ProcessPoolExecutor(
        max_workers=count, mp_context=_context(), initializer=_start, initargs=(os.getpid(),)
    )


WORKER_MEMORY = 600 * 2**20
"""What one worker may take at most, in bytes: bench/run.py measured 893 MB for the largest
process of a 342-branch build (the main one, which holds every edition); a worker stays
well below it. Fewer workers than cores when the machine has less memory free."""


def count(wanted: int, jobs: int) -> int:
    """How many workers: `wanted` (0: one per core), no more than `jobs`, and no more than the
    free memory carries (at least one)."""
    cores = wanted or os.cpu_count() or 1
    return max(1, min(cores, jobs, _free_memory() // WORKER_MEMORY))


def _free_memory() -> int:
    """Bytes the system can give without swapping (MemAvailable on Linux); elsewhere unknown:
    then memory sets no limit."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return sys.maxsize


def prepare() -> None:
    """Start the fork server now, so it loads the pipeline while this process reads the files."""
    if _context().get_start_method() == "forkserver":
        forkserver.ensure_running()


def _context() -> multiprocessing.context.BaseContext:
    """A fork server where the system has one (Linux, macOS); Windows starts fresh processes."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["bouwstenen.pipeline"])
    return context


def stop(executor: ProcessPoolExecutor) -> None:
    """End every worker now, without waiting for the sites they are building."""
    processes = list((executor._processes or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError):
            process.terminate()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(timeout=10)


def _start(build: int) -> None:
    """Run first in every worker; `build` is the main process of the build."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _end)
    _die_with_parent()
    parent = os.getppid()  # the build, or the fork server that started this worker
    if not _alive(build):  # the build died before the line above took effect
        _end(signal.SIGTERM, None)
    threading.Thread(target=_watch, args=(parent, build), daemon=True).start()


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def _watch(parent: int, build: int) -> None:
    while os.getppid() == parent and _alive(build):
        time.sleep(_CHECK_SECONDS)
    _end(signal.SIGTERM, None)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        pass
    return True


def _end(signum: int, _frame: FrameType | None) -> None:
    """End the engines this worker started, then the worker itself, quietly and whatever happens."""
    try:
        for child in _children(os.getpid()):
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)
    finally:
        os._exit(128 + signum)


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux; elsewhere none are known).

    Bytes only: this runs in a signal handler, where even looking up a codec can fail.
    """
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_bytes().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[1:2] == [str(pid).encode()]:
            found.append(int(stat.parent.name))
    return found
