"""Who may talk to the bot: the chat allow-list, mentions in groups, the per-user rate limit."""

from __future__ import annotations

import logging
import time

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, filters

from bot.deps import Context, deps, rate_window
from bot.format import RATE_LIMITED, REFUSAL

logger = logging.getLogger(__name__)


def parse_allowed_chats(raw: str) -> frozenset[int]:
    """``"-100123, 42"`` → {-100123, 42}; empty → every chat is allowed."""
    chats: set[int] = set()
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            chats.add(int(part))
        except ValueError:
            raise ValueError(
                f"QA_TELEGRAM_ALLOWED_CHATS must be comma-separated chat ids (integers), got {part!r}"
            ) from None
    return frozenset(chats)


def mentions(message: Message, username: str) -> bool:
    """Whether ``message`` mentions ``@username`` (case-insensitive)."""
    wanted = f"@{username}".casefold()
    found = message.parse_entities([MessageEntity.MENTION]) or message.parse_caption_entities(
        [MessageEntity.MENTION]
    )
    return any(text.casefold() == wanted for text in found.values())


def strip_mention(text: str, username: str) -> str:
    """The question without the bot's ``@username``."""
    lowered = text.casefold()
    wanted = f"@{username}".casefold()
    while (at := lowered.find(wanted)) >= 0:
        text = text[:at] + text[at + len(wanted) :]
        lowered = lowered[:at] + lowered[at + len(wanted) :]
    return text.strip(" ，,:：\n")


class MentionsBot(filters.MessageFilter):
    """Messages that mention this bot by its @username."""

    __slots__ = ()

    def filter(self, message: Message) -> bool:
        username = message.get_bot().username
        return bool(username) and mentions(message, username)


MENTIONS_BOT = MentionsBot(name="MentionsBot")
# Messages addressed to the bot: anything in a private chat, commands or mentions elsewhere.
ADDRESSED = filters.ChatType.PRIVATE | filters.COMMAND | MENTIONS_BOT


async def allow_list(update: Update, context: Context) -> None:
    """Runs before every handler: a chat outside the allow-list gets a polite refusal and no more."""
    allowed = deps(context).allowed_chats
    chat = update.effective_chat
    if not allowed or (chat is not None and chat.id in allowed):
        return
    logger.info("refused update from chat %s (not in QA_TELEGRAM_ALLOWED_CHATS)", chat.id if chat else None)
    if update.callback_query is not None:
        await update.callback_query.answer(REFUSAL, show_alert=True)
    elif update.effective_message is not None and ADDRESSED.check_update(update):
        await update.effective_message.reply_text(REFUSAL)
    raise ApplicationHandlerStop


async def within_rate(update: Update, context: Context) -> bool:
    """Counts one question against the user's limit; tells the user when over it."""
    if update.effective_user is None or rate_window(context).allow(time.monotonic()):
        return True
    if update.effective_message is not None:
        await update.effective_message.reply_text(RATE_LIMITED)
    return False


def is_private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE
