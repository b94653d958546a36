"""What handlers need, reached through the callback context: the core, the feedback store, limits."""

from __future__ import annotations

from dataclasses import dataclass

from telegram.ext import ContextTypes

from bot.state import ChatMemory, SlidingWindow
from qa import FeedbackLog, QAService

Context = ContextTypes.DEFAULT_TYPE
_DEPS = "deps"
_MEMORY = "memory"
_WINDOW = "rate_window"


@dataclass(frozen=True, slots=True)
class BotDeps:
    service: QAService
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


def memory(context: Context) -> ChatMemory:
    """This chat's memory, created on first use."""
    data = context.chat_data
    if data is None:
        raise RuntimeError("memory() needs an update that comes from a chat")
    value = data.get(_MEMORY)
    if not isinstance(value, ChatMemory):
        value = data[_MEMORY] = ChatMemory(deps(context).context_seconds)
    return value


def rate_window(context: Context) -> SlidingWindow:
    """This user's rate window, created on first use."""
    data = context.user_data
    if data is None:
        raise RuntimeError("rate_window() needs an update that comes from a user")
    value = data.get(_WINDOW)
    if not isinstance(value, SlidingWindow):
        value = data[_WINDOW] = SlidingWindow(deps(context).rate_per_minute)
    return value
