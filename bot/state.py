"""Per-chat memory (recent questions for follow-ups, answers behind buttons) and per-user rate windows.

Instances live in python-telegram-bot's ``chat_data`` / ``user_data``, never in module globals; the
clock is passed in, so both are plain, testable objects.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict, deque
from dataclasses import dataclass

from qa import Answer


@dataclass(frozen=True, slots=True)
class Shown:
    """An answer the bot sent, kept so its buttons keep working."""

    key: str
    asked: str  # the question as the user typed it
    answer: Answer


class ChatMemory:
    """The last few questions of a chat (each forgotten after ``context_seconds``) and answers shown."""

    def __init__(self, context_seconds: float, *, max_questions: int = 5, max_answers: int = 30) -> None:
        self.context_seconds = context_seconds
        self._questions: deque[tuple[float, str]] = deque(maxlen=max_questions)
        self._answers: OrderedDict[str, Shown] = OrderedDict()
        self._rated: set[tuple[str, int]] = set()
        self._max_answers = max_answers

    def history(self, now: float) -> tuple[str, ...]:
        """Questions asked within the context time-out, oldest first."""
        while self._questions and now - self._questions[0][0] > self.context_seconds:
            self._questions.popleft()
        return tuple(q for _, q in self._questions)

    def remember(self, asked: str, answer: Answer, now: float) -> Shown:
        self._questions.append((now, asked))
        key = secrets.token_urlsafe(6)
        while key in self._answers:
            key = secrets.token_urlsafe(6)
        shown = Shown(key, asked, answer)
        self._answers[key] = shown
        while len(self._answers) > self._max_answers:
            old, _ = self._answers.popitem(last=False)
            self._rated = {(key, user) for key, user in self._rated if key != old}
        return shown

    def get(self, key: str) -> Shown | None:
        return self._answers.get(key)

    def rate(self, key: str, user_id: int) -> bool:
        """True the first time ``user_id`` rates the answer, False afterwards (or when it is gone)."""
        if (key, user_id) in self._rated or key not in self._answers:
            return False
        self._rated.add((key, user_id))
        return True


class SlidingWindow:
    """At most ``limit`` events in any ``period`` seconds."""

    def __init__(self, limit: int, period: float = 60.0) -> None:
        self.limit = limit
        self.period = period
        self._times: deque[float] = deque()

    def allow(self, now: float) -> bool:
        while self._times and now - self._times[0] >= self.period:
            self._times.popleft()
        if len(self._times) >= self.limit:
            return False
        self._times.append(now)
        return True
