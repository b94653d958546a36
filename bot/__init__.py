"""The Telegram face of 法治问答: ask in chat, get cited answers, follow-ups, feedback."""

from bot.app import build_application, check_settings, run_bot

__all__ = ["build_application", "check_settings", "run_bot"]
