"""Per-chat memory and the per-user sliding window."""

from __future__ import annotations

import pytest

from bot.guards import parse_allowed_chats, strip_mention
from bot.state import ChatMemory, SlidingWindow
from qa import Answer

ANSWER = Answer("q", "a", True, 1.0, 1.0)


def test_history_keeps_recent_questions_and_forgets_old_ones() -> None:
    memory = ChatMemory(context_seconds=600, max_questions=3)
    for i, q in enumerate(["a", "b", "c", "d"]):
        memory.remember(q, ANSWER, now=i * 100.0)
    assert memory.history(now=350.0) == ("b", "c", "d")
    assert memory.history(now=850.0) == ("d",)  # b (100) and c (200) are older than 600 s
    assert memory.history(now=2000.0) == ()


def test_answers_are_bounded_and_rated_once() -> None:
    memory = ChatMemory(60, max_answers=2)
    first = memory.remember("a", ANSWER, 0.0)
    second = memory.remember("b", ANSWER, 0.0)
    assert memory.get(first.key) == first and first.key != second.key
    assert memory.rate(second.key, 1) and not memory.rate(second.key, 1)
    assert memory.rate(second.key, 2)  # another member of a group may rate it too
    memory.remember("c", ANSWER, 0.0)
    assert memory.get(first.key) is None
    assert not memory.rate(first.key, 1)


def test_sliding_window() -> None:
    window = SlidingWindow(limit=2, period=60)
    assert window.allow(0) and window.allow(1)
    assert not window.allow(30)
    assert window.allow(60.5)  # the first one has left the window
    assert not window.allow(60.9)


def test_parse_allowed_chats() -> None:
    assert parse_allowed_chats("") == frozenset()
    assert parse_allowed_chats(" -100123, 42 ,") == {-100123, 42}
    with pytest.raises(ValueError, match="abc"):
        parse_allowed_chats("42,abc")


def test_strip_mention() -> None:
    assert strip_mention("@Fazhi_QA_bot 东城街道出庭率", "fazhi_qa_bot") == "东城街道出庭率"
    assert strip_mention("东城街道出庭率 @fazhi_qa_bot", "fazhi_qa_bot") == "东城街道出庭率"
