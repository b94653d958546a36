"""The index in Milvus: passages searched server-side, the catalog kept beside them by report.

Two collections per prefix (``QA_MILVUS_COLLECTION``): ``<prefix>_passages`` (``embeddings.milvus``:
BM25 and dense vectors, searched and fused by Milvus) and ``<prefix>_blobs``, the catalog: per report,
JSON text in chunks — metadata, cleaned text and passage offsets; its typed facts; the passages each
of its tokens occurs in (the answer stage's IDF weights) — plus one ``state`` row (live reports,
model, generation) that writers replace last. Milvus needs a vector field in every collection: the
blobs carry a 2-d placeholder.

A commit writes the added reports' passages and blobs first, then replaces the state row, then
deletes what the state no longer lists, so a reader sees the old generation or the new one, never a
mix; rows left by an interrupted writer are invisible (not in the state) and removed by the next
commit. A commit refuses to land on a state other than the one it started from (``IndexConflict``).
"""

from __future__ import annotations

import json
import secrets
from collections import Counter
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock

from embeddings.milvus import (
    MAX_VARCHAR,
    QUERY_WINDOW,
    MilvusCollection,
    MilvusConnection,
    MilvusPassages,
    MilvusSearch,
    PassageRow,
    Ranker,
    converted,
    quoted,
)
from qa.config import Settings
from qa.errors import IndexConflict, IndexCorrupted, IndexMismatch, IndexNotFound, translated
from qa.index.data import IndexData
from qa.index.rows import (
    facts_from_rows,
    facts_to_rows,
    passage_from_row,
    passage_row,
    report_from_row,
    report_row,
)
from qa.index.store import FORMAT_VERSION, Change, check_model, passage_tokens_text
from qa.records import Passage, Report
from qa.retrieve.tokenize import Tokenizer, domain_words

STATE_ID = "__state__"
CHUNK_CHARS = 15_000  # ≤ 60 kB of UTF-8: under Milvus's 65,535-byte VARCHAR limit
READ_BATCH = 100  # reports per catalog query: far fewer rows than Milvus's 16,384-row query window


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def connect(settings: Settings) -> MilvusConnection:
    """The Milvus database the settings name (``QA_MILVUS_*``)."""
    with translated():
        return MilvusConnection(
            settings.milvus_uri,
            token=settings.milvus_token.get_secret_value() if settings.milvus_token else "",
            db_name=settings.milvus_db,
        )


class MilvusCatalog(MilvusCollection):
    """The ``<prefix>_blobs`` collection: per-report JSON in chunks, and the ``state`` row."""

    def ensure(self) -> None:
        from pymilvus import DataType, MilvusClient

        with converted("creating the catalog collection"):
            if self.client.has_collection(self.name):
                return
            schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
            schema.add_field("key", DataType.VARCHAR, is_primary=True, max_length=512)
            schema.add_field("doc_id", DataType.VARCHAR, max_length=128)
            schema.add_field("kind", DataType.VARCHAR, max_length=32)
            schema.add_field("part", DataType.INT64)
            schema.add_field("body", DataType.VARCHAR, max_length=MAX_VARCHAR)
            schema.add_field("pad", DataType.FLOAT_VECTOR, dim=2)
            index = self.client.prepare_index_params()
            index.add_index(field_name="pad", index_type="FLAT", metric_type="L2")
            index.add_index(field_name="doc_id", index_type="INVERTED")
            self.client.create_collection(
                self.name, schema=schema, index_params=index, consistency_level="Strong"
            )

    def put_blob(self, doc_id: str, kind: str, body: str) -> None:
        """Store ``body`` for (report, kind), replacing what was there."""
        parts = [body[i : i + CHUNK_CHARS] for i in range(0, len(body), CHUNK_CHARS)] or [""]
        rows = [
            {
                "key": f"{doc_id}/{kind}/{n}",
                "doc_id": doc_id,
                "kind": kind,
                "part": n,
                "body": part,
                "pad": [0.0, 0.0],
            }
            for n, part in enumerate(parts)
        ]
        with converted(f"writing {kind} of {doc_id}"):
            self.client.delete(
                self.name, filter=f'doc_id == "{doc_id}" and kind == "{kind}" and part >= {len(parts)}'
            )
            self.client.upsert(self.name, rows)

    def read_blobs(self, kind: str, doc_ids: Sequence[str]) -> dict[str, str]:
        """The ``kind`` blob of each of these reports, reassembled: doc_id → body (absent ones left out)."""
        parts: dict[str, list[tuple[int, str]]] = {}
        with converted(f"reading {kind} blobs"):
            for i in range(0, len(doc_ids), READ_BATCH):
                rows = self.client.query(
                    self.name,
                    filter=f'kind == "{kind}" and doc_id in {quoted(doc_ids[i : i + READ_BATCH])}',
                    output_fields=["doc_id", "part", "body"],
                    limit=QUERY_WINDOW,
                )
                for row in rows:
                    parts.setdefault(row["doc_id"], []).append((int(row["part"]), row["body"]))
        return {doc_id: "".join(body for _, body in sorted(chunks)) for doc_id, chunks in parts.items()}

    def state(self) -> dict[str, Any] | None:
        """The live state written by the last writer, or None when there is none."""
        with converted("reading the index state"):
            rows = self.client.get(self.name, ids=[f"{STATE_ID}/state/0"], output_fields=["body"])
        if not rows:
            return None
        state: dict[str, Any] = json.loads(rows[0]["body"])
        return state

    def set_state(self, state: Mapping[str, Any]) -> None:
        self.put_blob(STATE_ID, "state", json.dumps(state, ensure_ascii=False))

    def delete_all_but(self, doc_ids: Sequence[str]) -> None:
        """Remove rows of reports not in ``doc_ids``; the state row stays."""
        super().delete_all_but([*doc_ids, STATE_ID])


class MilvusPassageIndex(MilvusSearch):
    """``PassageIndex`` of a Milvus index: server-side hybrid search, IDF from the catalog's counts."""

    def __init__(
        self,
        passages: MilvusPassages,
        row_of: Mapping[str, int],
        term_df: Mapping[str, int],
        *,
        ranker: Ranker = "weighted",
        dense_weight: float | None = None,
    ) -> None:
        super().__init__(passages, row_of, ranker=ranker, dense_weight=dense_weight)
        self.term_df = term_df

    def document_frequency(self, token: str) -> int:
        return int(self.term_df.get(token, 0))


class MilvusIndexStore:
    def __init__(
        self,
        connection: MilvusConnection,
        *,
        prefix: str = "fazhi",
        index_type: str = "HNSW",
        lock_dir: Path,
        ranker: Ranker = "weighted",
        dense_weight: float = 0.1,
    ) -> None:
        self.connection = connection
        self.prefix = prefix
        self.passages = MilvusPassages(connection, f"{prefix}_passages", index_type=index_type)
        self.catalog = MilvusCatalog(connection, f"{prefix}_blobs")
        self.lock_dir = lock_dir
        self.ranker: Ranker = ranker
        self.dense_weight = dense_weight
        self._loaded = False

    @classmethod
    def from_settings(cls, settings: Settings) -> MilvusIndexStore:
        return cls(
            connect(settings),
            prefix=settings.milvus_collection,
            index_type=settings.milvus_index,
            lock_dir=settings.index_dir,
            ranker=settings.milvus_ranker,
            dense_weight=settings.milvus_dense_weight,
        )

    @property
    def location(self) -> str:
        return f"{self.connection.uri} ({self.prefix}_*)"

    def lock(self) -> AbstractContextManager[object]:
        """Writers on this machine queue on a lock file; writers elsewhere are caught by the state check
        in ``commit``."""
        self.lock_dir.mkdir(parents=True, exist_ok=True)
        key = sha256(f"{self.connection.uri}|{self.prefix}".encode()).hexdigest()[:12]
        return FileLock(str(self.lock_dir / f".milvus-{key}.lock"))

    def _ready(self) -> bool:
        """Both collections exist and are loaded (a reopened Milvus Lite file starts released)."""
        if not self._loaded and self.passages.exists() and self.catalog.exists():
            self.connection.load(self.passages.name)
            self.connection.load(self.catalog.name)
            self._loaded = True
        return self._loaded

    def _state_row(self) -> dict[str, Any] | None:
        with translated():
            return self.catalog.state() if self._ready() else None

    def generation(self) -> str | None:
        state = self._state_row()
        return str(state["generation"]) if state else None

    def close(self) -> None:
        self.connection.close()

    # ---- reading ----------------------------------------------------------------------------
    def _state(self, model: str | None, dim: int | None) -> dict[str, Any]:
        state = self._state_row()
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

    def empty(self, model: str, dim: int) -> IndexData:
        return IndexData(
            model=model, dim=dim, reports={}, passages=(), facts=(), dictionary=(),
            backend=MilvusPassageIndex(self.passages, {}, {}),
        )  # fmt: skip

    def load(self, *, model: str | None = None, dim: int | None = None) -> IndexData:
        state = self._state(model, dim)
        live: list[str] = list(state["reports"])
        with translated():
            blobs = {kind: self.catalog.read_blobs(kind, live) for kind in ("report", "facts", "df")}
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
        search = MilvusPassageIndex(
            self.passages,
            {p.passage_id: i for i, p in enumerate(passages)},
            dict(term_df),
            ranker=self.ranker,
            dense_weight=self.dense_weight,
        )
        return IndexData(
            model=state["model"],
            dim=int(state["dim"]),
            reports=reports,
            passages=tuple(passages),
            facts=tuple(facts_from_rows(facts_rows)),
            dictionary=tuple(state.get("dictionary", ())),
            backend=search,
            created=state.get("created", ""),
            generation=state["generation"],
        )

    # ---- writing ----------------------------------------------------------------------------
    def commit(self, current: IndexData, change: Change) -> IndexData:
        state = self._state_row()
        if (state or {}).get("generation", "") != current.generation and current.generation:
            raise IndexConflict(
                f"the Milvus index at {self.location} changed while this ingest ran (another writer); "
                "run it again"
            )
        with translated():
            if state is not None and int(state.get("dim", current.dim)) != current.dim:
                self.passages.drop()  # a rebuild with a model of another dimension
                self.catalog.drop()
                self._loaded = False
            self.passages.ensure(current.dim, analyzer_words=[*domain_words(), *change.dictionary])
            self.catalog.ensure()
            self._ready()
            self._write_reports(change)
            now = datetime.now(UTC)
            generation = f"gen-{now.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
            self.catalog.set_state(
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
            gone = sorted(change.removed - live)
            self.passages.delete_docs(gone)
            self.catalog.delete_docs(gone)
            self.passages.delete_all_but(sorted(live))
            self.catalog.delete_all_but(sorted(live))
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
            self.passages.insert(
                [self._row(report, p, change.vectors[i]) for p, i in zip(passages, rows, strict=True)]
            )
            catalog = report_row(report) | {
                "passages": [{k: v for k, v in passage_row(p).items() if k != "doc_id"} for p in passages]
            }
            df: Counter[str] = Counter()
            for p in passages:
                df.update(set(tokenizer.tokens(passage_tokens_text(p))))
            self.catalog.put_blob(doc_id, "report", _json(catalog))
            self.catalog.put_blob(doc_id, "facts", _json(facts_by_doc.get(doc_id, [])))
            self.catalog.put_blob(doc_id, "df", _json(dict(df)))

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
