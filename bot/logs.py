"""Keeping the bot token out of the logs.

Bot API URLs contain the token; python-telegram-bot logs them at DEBUG and httpx at INFO. Each logger
that can see a URL gets a filter that replaces the token, tracebacks included.
"""

from __future__ import annotations

import logging

REDACTED = "<telegram-token>"
# Loggers that may carry a Bot API URL (records are filtered where they are created, so each is named).
LOGGERS = (
    "telegram",
    "telegram.Bot",
    "telegram.ext",
    "telegram.ext.Application",
    "telegram.ext.ExtBot",
    "telegram.ext.Updater",
    "telegram.ext.JobQueue",
    "telegram.request.BaseRequest",
    "telegram.request.HTTPXRequest",
    "httpx",
    "httpcore",
    "bot.app",
    "bot.handlers",
    "bot.webhook",
)


class RedactToken(logging.Filter):
    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, REDACTED), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, REDACTED)
        return True


def protect_token(token: str) -> None:
    """Install the filter for ``token`` (replacing any earlier one) and quieten httpx's URL logging."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if isinstance(f, RedactToken)]:
            logger.removeFilter(old)
        logger.addFilter(RedactToken(token))
