"""Thin handlers: parse the update, call the ``qa`` core, format the reply."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from functools import partial

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode

from bot import format as fmt
from bot.deps import Context, current_service, deps, memory
from bot.guards import strip_mention, within_rate
from bot.keyboard import answer_keyboard, more_keyboard, parse_callback
from bot.state import Shown
from qa import DocumentNotFound, Feedback, IndexNotFound, InvalidQuestion, StoreUnavailable

logger = logging.getLogger(__name__)


Send = Callable[..., Awaitable[Message]]


async def _send(send: Send, html: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """``html`` as one or more messages through ``send``; the keyboard goes under the last one."""
    chunks = fmt.split_html(html)
    for i, chunk in enumerate(chunks):
        await send(chunk, reply_markup=markup if i == len(chunks) - 1 else None)


def _to_chat(update: Update, context: Context) -> Send:
    """Sends a new HTML message to the update's chat (for button presses)."""
    chat_id = update.effective_chat.id if update.effective_chat else 0
    return partial(context.bot.send_message, chat_id, parse_mode=ParseMode.HTML)


# ---- commands ---------------------------------------------------------------------------------
async def help_command(update: Update, context: Context) -> None:
    """/start and /help: what the bot answers, examples, the indexed reports."""
    if update.effective_message is not None:
        await _send(
            update.effective_message.reply_html, fmt.help_html((await current_service(context)).documents())
        )


async def reports_command(update: Update, context: Context) -> None:
    """/reports and /districts: the indexed reports."""
    if update.effective_message is not None:
        await _send(
            update.effective_message.reply_html,
            fmt.reports_html((await current_service(context)).documents()),
        )


async def ask_command(update: Update, context: Context) -> None:
    """/ask 问题"""
    message = update.effective_message
    if message is None or message.text is None:
        return
    parts = message.text.split(maxsplit=1)
    await _answer(update, context, parts[1] if len(parts) > 1 else "")


async def private_text(update: Update, context: Context) -> None:
    """Any plain text in a private chat is a question."""
    if update.effective_message is not None and update.effective_message.text:
        await _answer(update, context, update.effective_message.text)


async def group_mention(update: Update, context: Context) -> None:
    """A group message that mentions the bot: the rest of it is the question."""
    message = update.effective_message
    if message is not None and message.text and context.bot.username:
        await _answer(update, context, strip_mention(message.text, context.bot.username))


async def _answer(update: Update, context: Context, question: str) -> None:
    message = update.effective_message
    if message is None:
        return
    question = question.strip()
    if not question:
        await message.reply_text(fmt.EMPTY_QUESTION)
        return
    if not await within_rate(update, context):
        return
    service = await current_service(context)
    chat = memory(context)
    now = time.monotonic()
    try:
        answer = await asyncio.to_thread(service.ask, question, history=chat.history(now))
    except InvalidQuestion as exc:
        await message.reply_text(f"这个问题没法处理：{exc}")
        return
    shown = chat.remember(question, answer, now)
    html = fmt.answer_html(answer, question, service.documents())
    await _send(message.reply_html, html, answer_keyboard(shown.key, answer))


# ---- buttons ----------------------------------------------------------------------------------
async def button(update: Update, context: Context) -> None:
    """「原文」, 「更多结果」, page turners and 👍 / 👎."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    try:
        press = parse_callback(query.data)
    except ValueError:
        await query.answer(fmt.EXPIRED, show_alert=True)
        return
    shown = memory(context).get(press.key)
    if shown is None:
        await query.answer(fmt.EXPIRED, show_alert=True)
        return
    if press.action == "fb":
        await _rate(update, context, shown, press.arg)
        return
    number = press.number if press.arg.isdigit() else -1
    citations = shown.answer.citations
    if press.action == "src" and number < len(citations):
        try:
            report = await asyncio.to_thread(
                (await current_service(context)).document, citations[number].doc_id
            )
        except DocumentNotFound:  # the index changed since the answer was given
            await query.answer(fmt.EXPIRED, show_alert=True)
            return
        await query.answer()
        await _send(_to_chat(update, context), fmt.passage_html(report.text, citations[number]))
    elif press.action in ("more", "page") and 1 <= number <= fmt.page_count(shown.answer):
        await query.answer()
        html, markup = fmt.more_html(shown.answer, number), more_keyboard(shown.key, shown.answer, number)
        if press.action == "more":  # from the answer: a new message, so the answer stays visible
            await _send(_to_chat(update, context), html, markup)
        else:  # from a page: turn it in place
            await query.edit_message_text(html, parse_mode=ParseMode.HTML, reply_markup=markup)
    else:
        await query.answer(fmt.NO_MORE)


async def _rate(update: Update, context: Context, shown: Shown, rating: str) -> None:
    query = update.callback_query
    if query is None:
        return
    user = update.effective_user
    if not memory(context).rate(shown.key, user.id if user else 0):
        await query.answer(fmt.ALREADY_RATED)
        return
    feedback = Feedback(
        rating="up" if rating == "up" else "down",
        question=shown.answer.question,
        answer=shown.answer.answer,
        citations=shown.answer.citations,
        user_id=str(user.id) if user else "",
        channel="telegram",
    )
    await asyncio.to_thread(deps(context).feedback.record, feedback)
    await query.answer(fmt.THANKS)


# ---- errors -----------------------------------------------------------------------------------
async def on_error(update: object, context: Context) -> None:
    """The one error handler: an index that cannot be used now gets a "try later"; anything else goes to
    the log with its traceback, and the user gets a short apology."""
    unavailable = isinstance(context.error, IndexNotFound | StoreUnavailable)
    if unavailable:
        logger.warning("no index to answer from: %s", context.error)
    else:
        logger.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        await context.bot.send_message(
            update.effective_chat.id, fmt.UNAVAILABLE if unavailable else fmt.APOLOGY
        )
