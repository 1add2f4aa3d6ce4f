"""The time limit for in-process engine calls."""

from __future__ import annotations

import time

import pytest

from bouwstenen.deadline import DeadlineExceeded, within


def test_result_and_errors_pass_through() -> None:
    assert within(5, lambda: 42) == 42
    with pytest.raises(ZeroDivisionError):
        within(5, lambda: 1 / 0)


def test_a_call_that_hangs_is_abandoned_in_time() -> None:
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        within(0.2, lambda: time.sleep(30))
    assert time.monotonic() - started < 5
