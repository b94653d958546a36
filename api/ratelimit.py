"""A moving-window rate limit per caller, in memory: at most ``amount`` hits in any ``seconds``.

What ``limits``' ``MovingWindowRateLimiter`` over ``MemoryStorage`` decides, at a fraction of the cost
on the serving path: that storage prepends every hit to a list (a copy of the whole window) and,
under steady load, starts a timer thread every 10 ms to expire old hits. Here each caller keeps the
times of its hits still in the window, oldest first, trimmed as it comes; callers idle for a whole
window are dropped once a window.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class MovingWindow:
    def __init__(self, amount: int, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        if amount < 1 or seconds <= 0:
            raise ValueError(
                f"a rate limit needs at least 1 hit in a positive time, not {amount} in {seconds} s"
            )
        self.amount = amount
        self.seconds = seconds
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._sweep_at = clock() + seconds

    def hit(self, caller: str) -> float:
        """Count a hit of ``caller`` and return 0 when the window has room for it; otherwise count
        nothing and return the seconds until it has."""
        now = self._clock()
        start = now - self.seconds
        with self._lock:
            if now >= self._sweep_at:
                self._sweep(start)
                self._sweep_at = now + self.seconds
            hits = self._hits.get(caller)
            if hits is None:
                hits = self._hits[caller] = deque()
            while hits and hits[0] <= start:
                hits.popleft()
            if len(hits) >= self.amount:
                return hits[0] - start
            hits.append(now)
            return 0.0

    def callers(self) -> int:
        """How many callers are being tracked (for tests of the clean-up)."""
        return len(self._hits)

    def _sweep(self, start: float) -> None:
        for caller in [c for c, hits in self._hits.items() if not hits or hits[-1] <= start]:
            del self._hits[caller]
