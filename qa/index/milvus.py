"""The index in Milvus: passages searched server-side, the catalog kept beside them by report.

What a replica loads: the ``state`` row (live reports, model, generation), then each live report's
blobs — metadata, cleaned text and passage offsets; its typed facts; the passages each of its tokens
occurs in (for the answer stage's IDF weights). Passages and vectors stay in Milvus and are searched
there (``embeddings.milvus``).

A commit writes the added reports' passages and blobs first, then replaces the state row, then
deletes what the state no longer lists, so a reader sees the old generation or the new one, never a
mix; rows left by an interrupted writer are invisible (not in the state) and removed by the next
commit. A commit refuses to land on a state other than the one it started from (``IndexConflict``).
"""

from __future__ import annotations

import json
import secrets
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock

from embeddings.errors import StoreUnavailable as StoreError
from embeddings.milvus import MilvusSearch, MilvusStore, PassageRow, Ranker
from qa.config import Settings
from qa.errors import IndexConflict, IndexCorrupted, IndexMismatch, IndexNotFound, StoreUnavailable
from qa.index.data import (
    FORMAT_VERSION,
    IndexData,
    check_model,
    passage_from_row,
    passage_row,
    report_from_row,
    report_row,
)
from qa.index.feedback import (
    Feedback,
    StoredFeedback,
    check_rating,
    feedback_from_row,
    feedback_to_row,
    now_iso,
)
from qa.index.store import Change, passage_tokens_text
from qa.ingest.facts import facts_from_rows, facts_to_rows
from qa.records import Passage, Report
from qa.retrieve.tokenize import Tokenizer, domain_words


@contextmanager
def _store_errors() -> Iterator[None]:
    try:
        yield
    except StoreError as exc:
        raise StoreUnavailable(str(exc)) from exc


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def connect(settings: Settings) -> MilvusStore:
    """The Milvus database the settings name (``QA_MILVUS_*``)."""
    with _store_errors():
        return MilvusStore(
            settings.milvus_uri,
            prefix=settings.milvus_collection,
            token=settings.milvus_token.get_secret_value() if settings.milvus_token else "",
            db_name=settings.milvus_db,
            index_type=settings.milvus_index,
        )


class MilvusIndexStore:
    def __init__(
        self, db: MilvusStore, *, lock_dir: Path, ranker: Ranker = "weighted", dense_weight: float = 0.1
    ) -> None:
        self.db = db
        self.lock_dir = lock_dir
        self.ranker: Ranker = ranker
        self.dense_weight = dense_weight

    @classmethod
    def from_settings(cls, settings: Settings) -> MilvusIndexStore:
        return cls(
            connect(settings),
            lock_dir=settings.index_dir,
            ranker=settings.milvus_ranker,
            dense_weight=settings.milvus_dense_weight,
        )

    @property
    def location(self) -> str:
        return f"{self.db.uri} ({self.db.prefix}_*)"

    def lock(self) -> AbstractContextManager[object]:
        """Writers on this machine queue on a lock file; writers elsewhere are caught by the state check
        in ``commit``."""
        self.lock_dir.mkdir(parents=True, exist_ok=True)
        key = sha256(f"{self.db.uri}|{self.db.prefix}".encode()).hexdigest()[:12]
        return FileLock(str(self.lock_dir / f".milvus-{key}.lock"))

    def generation(self) -> str | None:
        with _store_errors():
            state = self.db.state()
        return str(state["generation"]) if state else None

    def close(self) -> None:
        self.db.close()

    # ---- reading ----------------------------------------------------------------------------
    def _state(self, model: str | None, dim: int | None) -> dict[str, Any]:
        with _store_errors():
            state = self.db.state()
        if state is None:
            raise IndexNotFound(
                f"no index in Milvus at {self.location}; build one with `qa ingest PATH` (QA_STORE=milvus) "
                "or copy the local one with `qa migrate --to milvus`"
            )
        if state.get("format_version") != FORMAT_VERSION:
            raise IndexMismatch(
                f"the Milvus index at {self.location} has format version {state.get('format_version')}, "
                f"this program reads version {FORMAT_VERSION}; rebuild it with `qa ingest --rebuild`"
            )
        check_model(state, f"the Milvus index at {self.location}", model=model, dim=dim)
        return state

    def load(self, *, model: str | None = None, dim: int | None = None) -> IndexData:
        state = self._state(model, dim)
        live: list[str] = list(state["reports"])
        with _store_errors():
            blobs = {kind: self.db.read_blobs(kind, live) for kind in ("report", "facts", "df")}
        missing = [d for d in live if any(d not in blobs[kind] for kind in blobs)]
        if missing:
            raise IndexCorrupted(
                f"the Milvus index at {self.location} lacks the catalog of reports {', '.join(missing)}; "
                "re-ingest them (`qa ingest --rebuild`)"
            )
        reports: dict[str, Report] = {}
        passages: list[Passage] = []
        facts_rows: list[dict[str, Any]] = []
        term_df: Counter[str] = Counter()
        try:
            for doc_id in live:
                row = json.loads(blobs["report"][doc_id])
                report = report_from_row(row)
                reports[doc_id] = report
                passages.extend(passage_from_row(p | {"doc_id": doc_id}, report) for p in row["passages"])
                facts_rows.extend(json.loads(blobs["facts"][doc_id]))
                term_df.update(json.loads(blobs["df"][doc_id]))
        except (KeyError, TypeError, ValueError) as exc:
            raise IndexCorrupted(
                f"the Milvus index at {self.location} cannot be read ({exc}); re-ingest (`qa ingest --rebuild`)"
            ) from exc
        backend = MilvusSearch(
            self.db,
            {p.passage_id: i for i, p in enumerate(passages)},
            ranker=self.ranker,
            dense_weight=self.dense_weight,
        )
        return IndexData(
            model=state["model"],
            dim=int(state["dim"]),
            reports=reports,
            passages=passages,
            tokens=None,
            vectors=None,
            dictionary=tuple(state.get("dictionary", ())),
            created=state.get("created", ""),
            generation=state["generation"],
            facts=facts_from_rows(facts_rows),
            backend=backend,
            term_df=dict(term_df),
        )

    # ---- writing ----------------------------------------------------------------------------
    def commit(self, current: IndexData, change: Change) -> IndexData:
        with _store_errors():
            state = self.db.state()
            if (state or {}).get("generation", "") != current.generation and current.generation:
                raise IndexConflict(
                    f"the Milvus index at {self.location} changed while this ingest ran (another writer); "
                    "run it again"
                )
            if state is not None and int(state.get("dim", current.dim)) != current.dim:
                self.db.drop()  # a rebuild with a model of another dimension
            self.db.ensure(current.dim, analyzer_words=[*domain_words(), *change.dictionary])
            self._write_reports(change)
            now = datetime.now(UTC)
            generation = f"gen-{now.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
            self.db.set_state(
                {
                    "format_version": FORMAT_VERSION,
                    "model": current.model,
                    "dim": current.dim,
                    "created": now.isoformat(timespec="seconds"),
                    "generation": generation,
                    "reports": list(change.reports),
                    "dictionary": list(change.dictionary),
                }
            )
            live = set(change.reports)
            self.db.delete_reports(sorted(change.removed - live))
            self.db.delete_all_but(sorted(live))
        return self.load(model=current.model, dim=current.dim)

    def _write_reports(self, change: Change) -> None:
        tokenizer = Tokenizer(extra_words=change.dictionary)
        by_doc: dict[str, list[int]] = {}
        for i, p in enumerate(change.passages):
            by_doc.setdefault(p.doc_id, []).append(i)
        facts_by_doc: dict[str, list[dict[str, Any]]] = {}
        for row in facts_to_rows(change.facts):
            facts_by_doc.setdefault(row["doc_id"], []).append(row)
        for doc_id, rows in by_doc.items():
            report = change.reports[doc_id]
            passages = [change.passages[i] for i in rows]
            self.db.insert_passages(
                [self._row(report, p, change.vectors[i]) for p, i in zip(passages, rows, strict=True)]
            )
            catalog = report_row(report) | {
                "passages": [{k: v for k, v in passage_row(p).items() if k != "doc_id"} for p in passages]
            }
            df: Counter[str] = Counter()
            for p in passages:
                df.update(set(tokenizer.tokens(passage_tokens_text(p))))
            self.db.put_blob(doc_id, "report", _json(catalog))
            self.db.put_blob(doc_id, "facts", _json(facts_by_doc.get(doc_id, [])))
            self.db.put_blob(doc_id, "df", _json(dict(df)))

    @staticmethod
    def _row(report: Report, passage: Passage, vector: np.ndarray) -> PassageRow:
        return PassageRow(
            pid=passage.passage_id,
            doc_id=passage.doc_id,
            ordinal=passage.ordinal,
            district=report.district,
            year=report.year or 0,
            section=passage.section,
            start=passage.start,
            end=passage.end,
            content=passage_tokens_text(passage),
            vector=vector,
        )


class MilvusFeedbackStore:
    """The feedback log in Milvus (``<prefix>_feedback``), shared by every replica."""

    def __init__(self, db: MilvusStore) -> None:
        self.db = db

    @classmethod
    def from_settings(cls, settings: Settings) -> MilvusFeedbackStore:
        return cls(connect(settings))

    def record(self, feedback: Feedback) -> int:
        check_rating(feedback)
        with _store_errors():
            return self.db.append_log(_json(feedback_to_row(feedback, now_iso())))

    def recent(self, limit: int = 50) -> Sequence[StoredFeedback]:
        with _store_errors():
            rows = self.db.recent_log(limit)
        return [feedback_from_row(ts, json.loads(body)) for ts, body in rows]
