"""Inline keyboards and their callback payloads."""

from __future__ import annotations

import pytest

from bot.keyboard import CALLBACK_LIMIT, Callback, answer_keyboard, more_keyboard, parse_callback
from bot.state import ChatMemory
from qa import Answer, Citation


def _answer(n: int, found: bool = True) -> Answer:
    citation = Citation("d", "t", "东城街道", 2022, "s", "x", 0, 1, 1.0)
    return Answer("q", "a", found, 1.0, 1.0, citations=(citation,) * n)


def _payloads(markup: object) -> list[tuple[str, str]]:
    return [(b.text, b.callback_data) for row in markup.inline_keyboard for b in row]  # type: ignore[attr-defined]


def test_answer_keyboard_buttons() -> None:
    key = ChatMemory(60).remember("q", _answer(3), 0.0).key
    buttons = _payloads(answer_keyboard(key, _answer(3)))
    assert buttons == [
        ("原文", f"src:{key}:0"),
        ("更多结果", f"more:{key}:1"),
        ("👍", f"fb:{key}:up"),
        ("👎", f"fb:{key}:down"),
    ]
    assert all(len(data.encode()) <= CALLBACK_LIMIT for _, data in buttons)


def test_single_citation_has_no_more_button_and_not_found_only_feedback() -> None:
    assert [t for t, _ in _payloads(answer_keyboard("k", _answer(1)))] == ["原文", "👍", "👎"]
    assert [t for t, _ in _payloads(answer_keyboard("k", _answer(0, found=False)))] == ["👍", "👎"]


def test_more_keyboard_pages() -> None:
    answer = _answer(8)  # 7 further citations: pages of 3, 3, 1
    first = _payloads(more_keyboard("k", answer, 1))
    assert first == [
        ("原文 2", "src:k:1"),
        ("原文 3", "src:k:2"),
        ("原文 4", "src:k:3"),
        ("下一页 ›", "page:k:2"),
    ]
    middle = [t for t, _ in _payloads(more_keyboard("k", answer, 2))]
    assert middle[-2:] == ["‹ 上一页", "下一页 ›"]
    last = _payloads(more_keyboard("k", answer, 3))
    assert last == [("原文 8", "src:k:7"), ("‹ 上一页", "page:k:2")]


@pytest.mark.parametrize("data", ["src:k:0", "more:k:1", "page:k:12", "fb:k:up", "fb:k:down"])
def test_round_trip(data: str) -> None:
    assert parse_callback(data).encode() == data


@pytest.mark.parametrize("data", ["", "src", "src:k", "x:k:0", "fb:k:meh", "src::0", "src:k:0:1", "src:k:"])
def test_foreign_payloads_are_refused(data: str) -> None:
    with pytest.raises(ValueError):
        parse_callback(data)


def test_payload_over_64_bytes_is_refused() -> None:
    with pytest.raises(ValueError, match="64"):
        Callback("src", "k" * 70, "0").encode()


def test_number() -> None:
    assert parse_callback("page:k:3").number == 3
    with pytest.raises(ValueError):
        parse_callback("page:k:x").number  # noqa: B018
