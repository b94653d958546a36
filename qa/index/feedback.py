"""User feedback (👍/👎) on answers, shared by the bot and the web page: a SQLite file beside a local
index (``FeedbackStore``), or a collection in Milvus beside a Milvus index (``MilvusFeedbackStore``: one
log for every replica). ``qa.compose.open_feedback`` picks the one that goes with the store."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from embeddings.milvus import MAX_VARCHAR, QUERY_WINDOW, MilvusConnection, converted
from qa.errors import QAError, translated
from qa.index.private import create_private_file, make_private_dir
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
        make_private_dir(path.parent)
        create_private_file(path)  # SQLite gives its journal files the database file's mode
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


class MilvusFeedbackStore:
    """The feedback log in Milvus (``<prefix>_feedback``): ``ts`` (microseconds, the primary key) and a
    JSON ``body``, shared by every replica."""

    def __init__(self, connection: MilvusConnection, name: str) -> None:
        self.client = connection.client
        self.name = name
        self._loaded = False

    def record(self, feedback: Feedback) -> int:
        check_rating(feedback)
        with translated():
            return self._append(
                json.dumps(feedback_to_row(feedback, now_iso()), ensure_ascii=False, separators=(",", ":"))
            )

    def recent(self, limit: int = 50) -> Sequence[StoredFeedback]:
        with translated():
            rows = self._recent(limit)
        return [feedback_from_row(ts, json.loads(body)) for ts, body in rows]

    def _ensure(self) -> None:
        """The feedback collection: ``ts`` (microseconds, the primary key) and a JSON ``body``."""
        from pymilvus import DataType, MilvusClient

        if self._loaded:
            return
        with converted("creating the feedback collection"):
            if self.client.has_collection(self.name):
                self.client.load_collection(self.name)
                self._loaded = True
                return
            schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
            schema.add_field("ts", DataType.INT64, is_primary=True)
            schema.add_field("body", DataType.VARCHAR, max_length=MAX_VARCHAR)
            schema.add_field("pad", DataType.FLOAT_VECTOR, dim=2)
            index = self.client.prepare_index_params()
            index.add_index(field_name="pad", index_type="FLAT", metric_type="L2")
            self.client.create_collection(
                self.name, schema=schema, index_params=index, consistency_level="Strong"
            )
            self.client.load_collection(self.name)
        self._loaded = True

    def _append(self, body: str) -> int:
        """Append one feedback record; returns its id (a microsecond timestamp, unique per row)."""
        self._ensure()
        with converted("recording feedback"):
            while True:
                ts = time.time_ns() // 1000
                if not self.client.get(self.name, ids=[ts], output_fields=["ts"]):
                    self.client.insert(self.name, [{"ts": ts, "body": body, "pad": [0.0, 0.0]}])
                    return ts

    def _recent(self, limit: int) -> list[tuple[int, str]]:
        """The newest ``limit`` records, newest first: looks back an hour, then 16× further each
        round, until it has enough rows or has seen them all."""
        self._ensure()
        now = time.time_ns() // 1000
        horizon = 3_600_000_000
        with converted("reading feedback"):
            while True:
                since = max(0, now - horizon)
                rows = self.client.query(
                    self.name, filter=f"ts >= {since}", output_fields=["ts", "body"], limit=QUERY_WINDOW
                )
                if len(rows) >= limit or since == 0:
                    break
                horizon *= 16
        newest = sorted(((int(r["ts"]), str(r["body"])) for r in rows), reverse=True)
        return newest[:limit]
