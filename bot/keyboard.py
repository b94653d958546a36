"""Inline keyboards under answers and the compact callback payloads behind their buttons.

A payload is ``action:key:arg`` — ``key`` names an answer kept in the chat's memory
(:class:`bot.state.ChatMemory`), so the payload stays far below Telegram's 64-byte limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.format import PAGE_SIZE, page_count
from qa import Answer

Action = Literal["src", "more", "page", "fb"]
ACTIONS: tuple[str, ...] = get_args(Action)
CALLBACK_LIMIT = 64  # bytes, Telegram's limit on callback_data


@dataclass(frozen=True, slots=True)
class Callback:
    """A parsed button press: ``src`` (citation index), ``more``/``page`` (page from 1), ``fb`` (up/down)."""

    action: Action
    key: str
    arg: str

    def encode(self) -> str:
        data = f"{self.action}:{self.key}:{self.arg}"
        if len(data.encode()) > CALLBACK_LIMIT:
            raise ValueError(f"callback data is {len(data.encode())} bytes; Telegram allows {CALLBACK_LIMIT}")
        return data

    @property
    def number(self) -> int:
        """``arg`` as a number (citation index or page); ValueError when it is not one."""
        value = int(self.arg)
        if value < 0:
            raise ValueError(f"negative button argument {value}")
        return value


def parse_callback(data: str) -> Callback:
    """The payload of a button; ValueError for anything this bot did not write."""
    action, key, arg = data.split(":") if data.count(":") == 2 else ("", "", "")
    if action not in ACTIONS or not key or not arg:
        raise ValueError(f"not a button of this bot: {data!r}")
    if action == "fb" and arg not in ("up", "down"):
        raise ValueError(f"feedback must be 'up' or 'down', got {arg!r}")
    return Callback(action, key, arg)  # type: ignore[arg-type]  # checked against ACTIONS above


def _button(text: str, action: Action, key: str, arg: str | int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=Callback(action, key, str(arg)).encode())


def answer_keyboard(key: str, answer: Answer) -> InlineKeyboardMarkup:
    """「原文」 and 「更多结果」 (found answers only) above 👍 / 👎."""
    rows: list[list[InlineKeyboardButton]] = []
    if answer.found and answer.citations:
        row = [_button("原文", "src", key, 0)]
        if len(answer.citations) > 1:
            row.append(_button("更多结果", "more", key, 1))
        rows.append(row)
    rows.append([_button("👍", "fb", key, "up"), _button("👎", "fb", key, "down")])
    return InlineKeyboardMarkup(rows)


def more_keyboard(key: str, answer: Answer, page: int) -> InlineKeyboardMarkup:
    """「原文 N」 for each citation on ``page``, and the page turners."""
    first = 1 + (page - 1) * PAGE_SIZE
    last = min(len(answer.citations), first + PAGE_SIZE)
    rows = [[_button(f"原文 {i + 1}", "src", key, i) for i in range(first, last)]]
    turners = []
    if page > 1:
        turners.append(_button("‹ 上一页", "page", key, page - 1))
    if page < page_count(answer):
        turners.append(_button("下一页 ›", "page", key, page + 1))
    if turners:
        rows.append(turners)
    return InlineKeyboardMarkup(rows)
