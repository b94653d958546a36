"""A small Bot API stand-in on 127.0.0.1: feeds updates through getUpdates, records every request.

Serves ``/bot<token>/<method>`` for getMe, getUpdates (long poll, bounded), sendMessage,
editMessageText, editMessageReplyMarkup, answerCallbackQuery, setMyCommands, deleteWebhook… —
any other method answers ``true``. Runs uvicorn in a thread; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

BOT_USER = {"id": 7000, "is_bot": True, "first_name": "法治问答", "username": "fazhi_qa_bot"}
MAX_POLL_SECONDS = 1.0  # getUpdates never holds a request longer than this


@dataclass(frozen=True)
class Call:
    token: str
    method: str
    params: dict[str, Any]


def _decode(value: str) -> Any:
    if value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class StandIn:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._updates: list[dict[str, Any]] = []
        self._chats: dict[int, dict[str, Any]] = {}
        self.calls: list[Call] = []
        self.rejected_tokens: set[str] = set()  # answered 401 Unauthorized, as Telegram does
        self._next_update = 1
        self._next_message = 1000
        self.port = 0
        self.server: uvicorn.Server | None = None

    # ---- the test's side --------------------------------------------------------------------
    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def _push(self, payload: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            update = {"update_id": self._next_update, **payload}
            self._next_update += 1
            self._updates.append(update)
        return update

    def _message_id(self) -> int:
        with self._lock:
            self._next_message += 1
            return self._next_message

    def _chat(self, chat_id: int, chat_type: str) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = "用户"
        else:
            chat["title"] = "服务台"
        self._chats[chat_id] = chat
        return chat

    def send_text(
        self, chat_id: int, text: str, *, user_id: int | None = None, chat_type: str = "private"
    ) -> dict[str, Any]:
        """A user writes ``text``; commands and @mentions get their entities as Telegram sets them."""
        entities = []
        if text.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
        at = text.find("@" + BOT_USER["username"])
        if at >= 0 and not text.startswith("/"):
            entities.append({"type": "mention", "offset": at, "length": len(BOT_USER["username"]) + 1})
        message = {
            "message_id": self._message_id(),
            "date": int(time.time()),
            "chat": self._chat(chat_id, chat_type),
            "from": {"id": user_id or chat_id, "is_bot": False, "first_name": "用户"},
            "text": text,
        }
        if entities:
            message["entities"] = entities
        return self._push({"message": message})

    def press(self, call: Call, data: str, *, user_id: int | None = None) -> dict[str, Any]:
        """A user presses the button with ``data`` under the message that ``call`` sent."""
        chat_id = int(call.params["chat_id"])
        message = {
            "message_id": call.params["_message_id"],
            "date": int(time.time()),
            "chat": self._chats.get(chat_id, {"id": chat_id, "type": "private"}),
            "from": BOT_USER,
            "text": call.params.get("text", ""),
        }
        query = {
            "id": str(self._message_id()),
            "from": {"id": user_id or chat_id, "is_bot": False, "first_name": "用户"},
            "chat_instance": str(chat_id),
            "message": message,
            "data": data,
        }
        return self._push({"callback_query": query})

    def wait_for(
        self,
        method: str,
        where: Callable[[Call], bool] = lambda c: True,
        *,
        after: int = 0,
        timeout: float = 10.0,
    ) -> Call:
        """The first ``method`` call (from index ``after``) that satisfies ``where``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                found = [c for c in self.calls[after:] if c.method == method and where(c)]
            if found:
                return found[0]
            time.sleep(0.02)
        seen = [(c.method, c.params.get("text", "")[:60]) for c in self.calls[after:]]
        raise AssertionError(f"no {method} within {timeout}s; calls since {after}: {seen}")

    def mark(self) -> int:
        with self._lock:
            return len(self.calls)

    def made(self, method: str, *, after: int = 0) -> list[Call]:
        with self._lock:
            return [c for c in self.calls[after:] if c.method == method]

    # ---- the Bot API's side ------------------------------------------------------------------
    async def _endpoint(self, request: Request) -> JSONResponse:
        token, method = request.path_params["token"], request.path_params["method"]
        if token in self.rejected_tokens:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        form = await request.form()
        params = {k: _decode(v) for k, v in form.items() if isinstance(v, str)}
        result = await self._answer(method, params)
        if method in ("sendMessage", "editMessageText") and isinstance(result, dict):
            params["_message_id"] = result["message_id"]
        with self._lock:
            self.calls.append(Call(token, method, params))
        return JSONResponse({"ok": True, "result": result})

    async def _answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False}
        if method == "getUpdates":
            return await self._poll(int(params.get("offset", 0) or 0), float(params.get("timeout", 0) or 0))
        if method in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            chat_id = int(params["chat_id"])
            return {
                "message_id": int(params.get("message_id") or self._message_id()),
                "date": int(time.time()),
                "chat": self._chats.get(chat_id, {"id": chat_id, "type": "private"}),
                "from": BOT_USER,
                "text": params.get("text", ""),
            }
        return True

    async def _poll(self, offset: int, timeout: float) -> list[dict[str, Any]]:
        deadline = time.monotonic() + min(timeout, MAX_POLL_SECONDS)
        while True:
            with self._lock:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                ready = list(self._updates)
            if ready or time.monotonic() >= deadline:
                return ready
            await asyncio.sleep(0.02)

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/bot{token}/{method}", self._endpoint, methods=["POST", "GET"])])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_stand_in() -> Iterator[StandIn]:
    """A stand-in serving on a free port of 127.0.0.1 for the duration of the block."""
    stand_in = StandIn()
    stand_in.port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            stand_in.app(), host="127.0.0.1", port=stand_in.port, log_level="warning", lifespan="off"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    if not server.started:
        raise RuntimeError("the Bot API stand-in did not start within 10 s")
    try:
        yield stand_in
    finally:
        server.should_exit = True
        thread.join(timeout=10)
