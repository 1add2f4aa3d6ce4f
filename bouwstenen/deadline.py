"""Give an in-process engine call (Typst, MkDocs) a time limit, like the pandoc calls have."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class DeadlineExceeded(Exception):
    """The call did not finish in time."""


def within(seconds: float, call: Callable[[], T]) -> T:
    """Run `call` and return its result, or raise DeadlineExceeded after `seconds`.

    The call runs in a daemon thread: a call that never ends cannot be stopped from
    Python, but it no longer holds up the build, and it ends with the process.
    """
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["result"] = call()
        except BaseException as error:  # handed to the caller below
            outcome["error"] = error

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise DeadlineExceeded(f"no result after {seconds} seconds")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]
