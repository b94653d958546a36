"""What handlers need, reached through the callback context: the core, the feedback store, limits."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from telegram.ext import ContextTypes

from bot.state import ChatMemory, SlidingWindow
from qa import FeedbackLog, IndexNotFound, LiveService, QAService

Context = ContextTypes.DEFAULT_TYPE
T = TypeVar("T")
_DEPS = "deps"
_MEMORY = "memory"
_WINDOW = "rate_window"


@dataclass(frozen=True, slots=True)
class BotDeps:
    live: LiveService  # the service over the live index: uploads and new generations are seen at once
    feedback: FeedbackLog
    allowed_chats: frozenset[int]  # empty: every chat
    rate_per_minute: int
    context_seconds: float


def install(bot_data: dict[object, object], deps: BotDeps) -> None:
    bot_data[_DEPS] = deps


def deps(context: Context) -> BotDeps:
    value = context.bot_data.get(_DEPS)
    if not isinstance(value, BotDeps):
        raise RuntimeError(
            "the bot's dependencies are missing: build the application with build_application()"
        )
    return value


async def current_service(context: Context) -> QAService:
    """The service over the index as it is now (a new generation is loaded without a restart);
    ``IndexNotFound`` while none can be loaded."""
    live = deps(context).live
    await asyncio.to_thread(live.refresh)
    service = live.service
    if service is None:
        raise IndexNotFound(live.error or "no index is loaded")
    return service


def _kept(data: dict[Any, Any] | None, key: str, kind: type[T], make: Callable[[], T], needs: str) -> T:
    """``data[key]`` (PTB's per-chat or per-user dict), made on first use."""
    if data is None:
        raise RuntimeError(f"this needs an update that comes from a {needs}")
    value = data.get(key)
    if not isinstance(value, kind):
        value = data[key] = make()
    return value


def memory(context: Context) -> ChatMemory:
    """This chat's memory, created on first use."""
    return _kept(
        context.chat_data, _MEMORY, ChatMemory, lambda: ChatMemory(deps(context).context_seconds), "chat"
    )


def rate_window(context: Context) -> SlidingWindow:
    """This user's rate window, created on first use."""
    return _kept(
        context.user_data,
        _WINDOW,
        SlidingWindow,
        lambda: SlidingWindow(deps(context).rate_per_minute),
        "user",
    )
