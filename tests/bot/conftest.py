"""The bot end to end: the real Application, polling a Bot API stand-in on 127.0.0.1."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from bot.app import ALLOWED_UPDATES, build_application
from qa import FeedbackStore, LiveService, QAService, Settings
from tests.bot.stand_in import StandIn, running_stand_in
from tests.conftest import make_settings

TOKEN = "123456:TEST-token-never-logged"


@contextmanager
def polling(settings: Settings, service: QAService, feedback: FeedbackStore) -> Iterator[None]:
    """The application built by build_application(), polling in a thread with its own event loop."""
    application = build_application(settings, LiveService(settings, service=service), feedback)
    started, stop = threading.Event(), threading.Event()
    failure: list[BaseException] = []

    async def main() -> None:
        async with application:
            if application.post_init is not None:
                await application.post_init(application)
            await application.start()
            assert application.updater is not None
            await application.updater.start_polling(timeout=1, allowed_updates=ALLOWED_UPDATES)
            started.set()
            while not stop.is_set():
                await asyncio.sleep(0.02)
            await application.updater.stop()
            await application.stop()

    def run() -> None:
        try:
            asyncio.run(main())
        except BaseException as exc:  # reported to the test below
            failure.append(exc)
            started.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    if not started.wait(timeout=20) or failure:
        raise RuntimeError(f"the bot did not start: {failure}")
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=20)
        assert not thread.is_alive(), "the bot did not stop within 20 s"
        if failure:
            raise failure[0]


BotFactory = Callable[..., StandIn]


@pytest.fixture
def feedback_store(tmp_path: Path) -> FeedbackStore:
    return FeedbackStore(tmp_path / "feedback.sqlite3")


@pytest.fixture
def start_bot(
    tmp_path: Path, sample_service: QAService, feedback_store: FeedbackStore
) -> Iterator[BotFactory]:
    """start_bot(**settings) → the stand-in, with the bot polling it until the test ends."""
    with running_stand_in() as stand_in, ExitStack() as stack:

        def start(**overrides: object) -> StandIn:
            defaults: dict[str, object] = {
                "telegram_allowed_chats": "",
                "telegram_rate_per_minute": 20,
                "telegram_context_seconds": 600,
            }
            settings = make_settings(
                tmp_path,
                **{**defaults, **overrides, "telegram_token": TOKEN, "telegram_api_url": stand_in.api_url},
            )
            stack.enter_context(polling(settings, sample_service, feedback_store))
            return stand_in

        yield start
