"""User feedback (👍/👎) on answers, kept in SQLite; shared by the bot and the web page."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

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


class FeedbackStore:
    """Append-only feedback table; one short-lived connection per call (safe across threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as conn, conn:
            conn.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def record(self, feedback: Feedback) -> int:
        if feedback.rating not in ("up", "down"):
            raise QAError(f"rating must be 'up' or 'down', got {feedback.rating!r}")
        created = datetime.now(UTC).isoformat(timespec="seconds")
        citations = json.dumps([asdict(c) for c in feedback.citations], ensure_ascii=False)
        with closing(self._connect()) as conn, conn:
            cursor = conn.execute(
                "INSERT INTO feedback (created, channel, user_id, rating, question, answer, citations, comment)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    created,
                    feedback.channel,
                    feedback.user_id,
                    feedback.rating,
                    feedback.question,
                    feedback.answer,
                    citations,
                    feedback.comment,
                ),
            )
            return int(cursor.lastrowid or 0)

    def recent(self, limit: int = 50) -> Sequence[StoredFeedback]:
        with closing(self._connect()) as conn:
            rows = conn.execute(
                "SELECT id, created, channel, user_id, rating, question, answer, citations, comment"
                " FROM feedback ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            StoredFeedback(
                id=row[0],
                created=row[1],
                feedback=Feedback(
                    channel=row[2],
                    user_id=row[3],
                    rating=row[4],
                    question=row[5],
                    answer=row[6],
                    citations=tuple(Citation(**c) for c in json.loads(row[7])),
                    comment=row[8],
                ),
            )
            for row in rows
        ]
