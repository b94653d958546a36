from __future__ import annotations

import pytest

from api.ratelimit import MovingWindow


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_moving_window_allows_amount_then_says_how_long_to_wait() -> None:
    clock = Clock()
    window = MovingWindow(3, 60, clock=clock)
    for _ in range(3):  # hits at 0, 10 and 20 s
        assert window.hit("a") == 0.0
        clock.now += 10
    assert window.hit("a") == pytest.approx(30)  # the first hit leaves the window 60 s after it
    assert window.hit("b") == 0.0  # callers are counted apart
    clock.now += 30.5
    assert window.hit("a") == 0.0  # the first hit has left; the refused one was never counted
    assert window.hit("a") == pytest.approx(9.5)  # the hit at 10 s is now the oldest


def test_moving_window_forgets_callers_idle_for_a_window() -> None:
    clock = Clock()
    window = MovingWindow(2, 10, clock=clock)
    for n in range(100):
        window.hit(f"ip:10.0.0.{n}")
    assert window.callers() == 100
    clock.now += 11
    window.hit("ip:10.0.1.1")
    assert window.callers() == 1


def test_moving_window_refuses_a_limit_that_allows_nothing() -> None:
    with pytest.raises(ValueError, match="at least 1 hit"):
        MovingWindow(0, 60)
