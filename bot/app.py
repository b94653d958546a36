"""Assembling the bot: one ``Application`` with its handlers, run by long polling or a webhook."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Iterator
from urllib.parse import urlsplit

import uvicorn
from telegram import BotCommand, Update
from telegram.error import InvalidToken
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import handlers
from bot.deps import BotDeps, install
from bot.guards import MENTIONS_BOT, allow_list, parse_allowed_chats
from bot.logs import protect_token
from bot.webhook import webhook_app
from qa import FeedbackLog, LiveService, QAError, Settings, open_feedback

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
COMMANDS = [
    BotCommand("ask", "提问，例如 /ask 东城街道行政诉讼出庭率"),
    BotCommand("reports", "已收录的报告"),
    BotCommand("help", "能回答什么、示例问题"),
]


def _token(settings: Settings) -> str:
    token = settings.telegram_token.get_secret_value().strip() if settings.telegram_token else ""
    if not token:
        raise QAError(
            "QA_TELEGRAM_TOKEN is not set: create a bot with @BotFather and export its token "
            "as QA_TELEGRAM_TOKEN"
        )
    return token


def _file_url(api_url: str) -> str:
    """The file-download base that goes with a Bot API base URL (``…/bot`` → ``…/file/bot``)."""
    return api_url[: -len("/bot")] + "/file/bot" if api_url.endswith("/bot") else api_url


def _webhook_secret(settings: Settings) -> str:
    secret = settings.telegram_webhook_secret.get_secret_value() if settings.telegram_webhook_secret else ""
    if not secret:
        raise QAError(
            "webhook mode needs QA_TELEGRAM_WEBHOOK_SECRET (1-256 characters A-Z a-z 0-9 _ -), "
            "so that only Telegram can post updates"
        )
    return secret


def check_settings(settings: Settings, *, webhook_url: str | None = None) -> None:
    """Fail fast, before anything heavy is loaded: :class:`qa.QAError` naming what is missing or wrong."""
    _token(settings)
    try:
        parse_allowed_chats(settings.telegram_allowed_chats)
    except ValueError as exc:
        raise QAError(str(exc)) from exc
    if webhook_url is not None:
        _webhook_secret(settings)


async def _register_commands(application: Application) -> None:  # type: ignore[type-arg]
    await application.bot.set_my_commands(COMMANDS)


def build_application(
    settings: Settings, live: LiveService, feedback: FeedbackLog | None = None
) -> Application:  # type: ignore[type-arg]
    """The bot, ready to run: handlers, the one error handler, the core (over the live index) in
    ``bot_data``.

    Raises :class:`qa.QAError` when the token is missing or the allow-list is malformed.
    """
    check_settings(settings)
    token = _token(settings)
    protect_token(token)
    application = (
        Application.builder()
        .token(token)
        .base_url(settings.telegram_api_url)
        .base_file_url(_file_url(settings.telegram_api_url))
        .post_init(_register_commands)
        .build()
    )
    install(
        application.bot_data,
        BotDeps(
            live=live,
            feedback=feedback or open_feedback(settings),
            allowed_chats=parse_allowed_chats(settings.telegram_allowed_chats),
            rate_per_minute=settings.telegram_rate_per_minute,
            context_seconds=settings.telegram_context_seconds,
        ),
    )
    application.add_handler(TypeHandler(Update, allow_list), group=-1)
    application.add_handler(CommandHandler(["start", "help"], handlers.help_command))
    application.add_handler(CommandHandler(["reports", "districts"], handlers.reports_command))
    application.add_handler(CommandHandler("ask", handlers.ask_command))
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, handlers.private_text)
    )
    application.add_handler(
        MessageHandler(
            filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND & MENTIONS_BOT, handlers.group_mention
        )
    )
    application.add_handler(CallbackQueryHandler(handlers.button))
    application.add_error_handler(handlers.on_error)
    return application


def run_bot(
    settings: Settings,
    live: LiveService,
    *,
    webhook_url: str | None = None,
    listen: str = "127.0.0.1",
    port: int = 8443,
    feedback: FeedbackLog | None = None,
) -> None:
    """Run until interrupted: long polling, or with ``webhook_url`` a webhook served on ``listen:port``
    (the path of ``webhook_url``; Telegram's secret token from QA_TELEGRAM_WEBHOOK_SECRET is required).

    Raises :class:`qa.QAError` for a missing token or webhook secret, or a token the Bot API rejects.
    """
    check_settings(settings, webhook_url=webhook_url)
    application = build_application(settings, live, feedback)
    try:
        if webhook_url is None:
            logger.info("bot: long polling %s", urlsplit(settings.telegram_api_url).netloc)
            application.run_polling(allowed_updates=ALLOWED_UPDATES)
            return
        asyncio.run(_serve_webhook(application, webhook_url, _webhook_secret(settings), listen, port))
    except InvalidToken:
        # PTB's message quotes the token ("The token `…` was rejected by the server."): never shown.
        raise QAError(
            "the Bot API rejected QA_TELEGRAM_TOKEN (401 Unauthorized): check the token @BotFather gave"
        ) from None


class _QuietServer(uvicorn.Server):
    """uvicorn without its own signal handling (it re-raises SIGINT on exit, which would cut the
    bot's shutdown short); :func:`_serve_webhook` stops it on SIGINT/SIGTERM instead."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    def request_exit(self) -> None:
        self.should_exit = True


async def _serve_webhook(
    application: Application,  # type: ignore[type-arg]
    webhook_url: str,
    secret: str,
    listen: str,
    port: int,
) -> None:
    path = urlsplit(webhook_url).path or "/"
    server = _QuietServer(
        uvicorn.Config(webhook_app(application, secret, path), host=listen, port=port, log_level="warning")
    )
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, server.request_exit)
    async with application:
        await _register_commands(application)
        await application.bot.set_webhook(webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
        await application.start()
        logger.info("bot: webhook %s served on %s:%s%s", urlsplit(webhook_url).netloc, listen, port, path)
        try:
            await server.serve()
        finally:
            await application.stop()
