"""One build at a time per folder: a lock file next to site/ that only exists while a build runs.

The lock is `flock` on an open file, so the system lets go of it when its holder ends in
any way, kill -9 included: a stopped build never blocks the next one. The holder removes
the file before it lets go; whoever waited on the removed file tries again, so two
builds never both think they hold it. Where `flock` does not exist (Windows), builds
are not locked.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".bouwstenen.lock"
WAIT_SECONDS = 10.0
"""How long a second build waits for the first before it gives up."""
_POLL_SECONDS = 0.2


class Busy(Exception):
    """Another build holds the lock; the message is Dutch and ready to print."""


@contextmanager
def exclusive(path: Path, waiting: Callable[[], None], wait: float | None = None) -> Iterator[None]:
    """Hold the lock at `path` for the duration of the block.

    If another process holds it, call `waiting` once and wait up to `wait` seconds
    (default WAIT_SECONDS), then raise Busy. The lock file is never followed as a symlink.
    """
    if sys.platform == "win32":
        yield
        return
    handle = _acquire(path, waiting, WAIT_SECONDS if wait is None else wait)
    try:
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode())
        yield
    finally:
        _release(path, handle)


def _acquire(path: Path, waiting: Callable[[], None], wait: float) -> int:
    deadline = time.monotonic() + wait
    told = False
    while True:
        handle = _take(path)
        if handle is not None:
            return handle
        if time.monotonic() >= deadline:
            raise Busy(
                f"er draait al een andere bouw in deze map{_holder(path)} — wacht tot die klaar is"
                " en probeer het dan opnieuw"
            )
        if not told:
            waiting()
            told = True
        time.sleep(_POLL_SECONDS)


def _take(path: Path) -> int | None:
    """The open, locked lock file; None if another process holds it."""
    import fcntl

    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            return None
        except BaseException:
            os.close(handle)
            raise
        if _same_file(handle, path):
            return handle
        os.close(handle)  # the holder removed this file as we locked it: try the new one


def _same_file(handle: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    held = os.fstat(handle)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _release(path: Path, handle: int) -> None:
    try:
        path.unlink(missing_ok=True)
    finally:
        os.close(handle)


def _holder(path: Path) -> str:
    """' (proces 1234)' naming the build that holds the lock, if it wrote its number."""
    try:
        pid = path.read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (proces {pid})" if pid.isdigit() else ""
