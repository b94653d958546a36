"""User feedback (👍/👎) on answers, shared by the bot and the web page: a SQLite file beside a local
index, or a collection in Milvus beside a Milvus index (one log for every replica)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from qa.config import Settings
from qa.errors import QAError
from qa.records import Citation

Rating = Literal["up", "down"]
Channel = Literal["api", "web", "telegram"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    channel TEXT NOT NULL,
    user_id TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT ''
)
"""


@dataclass(frozen=True, slots=True)
class Feedback:
    rating: Rating
    question: str
    answer: str
    citations: tuple[Citation, ...] = ()
    user_id: str = ""
    channel: Channel = "api"
    comment: str = ""


@dataclass(frozen=True, slots=True)
class StoredFeedback:
    id: int
    created: str
    feedback: Feedback


class FeedbackLog(Protocol):
    def record(self, feedback: Feedback) -> int:
        """Store ``feedback``; returns its id."""
        ...

    def recent(self, limit: int = 50) -> Sequence[StoredFeedback]:
        """The newest records, newest first."""
        ...


def check_rating(feedback: Feedback) -> None:
    if feedback.rating not in ("up", "down"):
        raise QAError(f"rating must be 'up' or 'down', got {feedback.rating!r}")


COLUMNS = ("created", "channel", "user_id", "rating", "question", "answer", "citations", "comment")


def feedback_to_row(feedback: Feedback, created: str) -> dict[str, Any]:
    """A JSON-safe row: ``COLUMNS``, as in the SQLite table."""
    return {
        "created": created,
        "channel": feedback.channel,
        "user_id": feedback.user_id,
        "rating": feedback.rating,
        "question": feedback.question,
        "answer": feedback.answer,
        "citations": json.dumps([asdict(c) for c in feedback.citations], ensure_ascii=False),
        "comment": feedback.comment,
    }


def feedback_from_row(id_: int, row: dict[str, Any]) -> StoredFeedback:
    return StoredFeedback(
        id=id_,
        created=row["created"],
        feedback=Feedback(
            channel=row["channel"],
            user_id=row["user_id"],
            rating=row["rating"],
            question=row["question"],
            answer=row["answer"],
            citations=tuple(Citation(**c) for c in json.loads(row["citations"])),
            comment=row["comment"],
        ),
    )


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class FeedbackStore:
    """Append-only feedback table in SQLite; one short-lived connection per call (safe across threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as conn, conn:
            conn.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def record(self, feedback: Feedback) -> int:
        check_rating(feedback)
        row = feedback_to_row(feedback, now_iso())
        with closing(self._connect()) as conn, conn:
            cursor = conn.execute(
                f"INSERT INTO feedback ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                tuple(row.values()),
            )
            return int(cursor.lastrowid or 0)

    def recent(self, limit: int = 50) -> Sequence[StoredFeedback]:
        columns = ", ".join(COLUMNS)
        with closing(self._connect()) as conn:
            conn.row_factory = sqlite3.Row
            rows = conn.execute(
                f"SELECT id, {columns} FROM feedback ORDER BY id DESC LIMIT ?", (limit,)
            ).fetchall()
        return [feedback_from_row(int(row["id"]), dict(row)) for row in rows]


def open_feedback(settings: Settings) -> FeedbackLog:
    """The feedback log beside the configured index: SQLite (``QA_FEEDBACK_DB``) for the local store,
    the Milvus database for a Milvus store (so every replica writes to one log)."""
    if settings.store == "milvus":
        from qa.index.milvus import MilvusFeedbackStore

        return MilvusFeedbackStore.from_settings(settings)
    return FeedbackStore(settings.feedback_db)
