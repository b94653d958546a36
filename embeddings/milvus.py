"""Passages in Milvus: BM25 (a jieba-analysed text field) and dense vectors, fused server-side.

The same code talks to Milvus Lite (``uri`` a local path: an embedded engine, one process at a time)
and to a Milvus server or cluster (``uri`` ``http://host:19530``, optional token and database).

Two collections, named from a prefix:

``<prefix>_passages``   one row a passage: ``pid`` (``doc_id:ordinal``), report id, district, year,
                        section path, offsets, ``content`` (section path + text, analysed by jieba
                        into the BM25 ``sparse`` field by a schema function) and the ``dense`` vector.
``<prefix>_blobs``      what a stateless replica needs besides the passages, as JSON text in chunks
                        keyed by report: metadata and cleaned text, typed facts, term frequencies;
                        plus one ``state`` row (live reports, model, generation) that writers
                        replace last, so readers switch to a new generation in one step.
``<prefix>_feedback``   an append-only log of user feedback (JSON), shared by every replica.

Milvus needs a vector field in every collection: blobs and feedback carry a 2-d placeholder.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from embeddings.errors import StoreUnavailable
from embeddings.search import Candidate, Weights

STATE_ID = "__state__"
CHUNK_CHARS = 15_000  # ≤ 60 kB of UTF-8: under Milvus's 65,535-byte VARCHAR limit
MAX_VARCHAR = 65_535
INSERT_BATCH = 256
READ_BATCH = 100  # reports per catalog query: far fewer rows than Milvus's 16,384-row query window
QUERY_WINDOW = 16_384
Ranker = Literal["weighted", "rrf"]


@dataclass(frozen=True, slots=True)
class PassageRow:
    """One passage as Milvus stores it."""

    pid: str  # doc_id:ordinal
    doc_id: str
    ordinal: int
    district: str
    year: int  # 0 when the report's year is unknown
    section: str
    start: int
    end: int
    content: str  # what BM25 indexes: section path and text
    vector: np.ndarray  # normalised


@contextmanager
def _converted(what: str) -> Iterator[None]:
    """Milvus client errors become ``StoreUnavailable`` with a message saying what failed."""
    from pymilvus.exceptions import MilvusException

    try:
        yield
    except MilvusException as exc:
        raise StoreUnavailable(f"Milvus: {what} failed: {exc.message}") from exc


def _quoted(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


class MilvusStore:
    """Collections, writes and hybrid search against one Milvus database."""

    def __init__(
        self,
        uri: str,
        *,
        prefix: str = "fazhi",
        token: str = "",
        db_name: str = "",
        index_type: str = "HNSW",
    ) -> None:
        self.uri = uri
        self.prefix = prefix
        self.passages = f"{prefix}_passages"
        self.blobs = f"{prefix}_blobs"
        self.feedback = f"{prefix}_feedback"
        self.index_type = index_type
        self.client = self._connect(uri, token, db_name)
        self._loaded = False
        self._log_loaded = False

    @staticmethod
    def _connect(uri: str, token: str, db_name: str) -> Any:
        from pymilvus import MilvusClient
        from pymilvus.exceptions import MilvusException

        try:
            return MilvusClient(uri=uri, token=token, db_name=db_name)
        except MilvusException as exc:
            hint = (
                " (a Milvus Lite file is opened by one process at a time: stop the other one, e.g. "
                "`qa serve`, or run `milvus-lite server` and point QA_MILVUS_URI at it)"
                if "://" not in uri
                else ""
            )
            raise StoreUnavailable(f"cannot open Milvus at {uri}: {exc.message}{hint}") from exc

    # ---- collections -----------------------------------------------------------------------
    def exists(self) -> bool:
        with _converted("listing collections"):
            return bool(self.client.has_collection(self.passages) and self.client.has_collection(self.blobs))

    def _ready(self) -> bool:
        """Both collections exist and are loaded (a reopened Milvus Lite file starts released)."""
        if not self._loaded and self.exists():
            with _converted("loading collections"):
                self.client.load_collection(self.passages)
                self.client.load_collection(self.blobs)
            self._loaded = True
        return self._loaded

    def ensure(self, dim: int, *, analyzer_words: Sequence[str] = ()) -> None:
        """Create both collections (and their indexes) for ``dim``-d vectors if missing, and load them.
        ``analyzer_words`` join jieba's dictionary for the BM25 field (fixed when the collection is made)."""
        from pymilvus import DataType, Function, FunctionType, MilvusClient

        with _converted("creating collections"):
            if not self.client.has_collection(self.passages):
                schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
                schema.add_field("pid", DataType.VARCHAR, is_primary=True, max_length=256)
                schema.add_field("doc_id", DataType.VARCHAR, max_length=128)
                schema.add_field("ordinal", DataType.INT64)
                schema.add_field("district", DataType.VARCHAR, max_length=512)
                schema.add_field("year", DataType.INT64)
                schema.add_field("section", DataType.VARCHAR, max_length=MAX_VARCHAR)
                schema.add_field("start", DataType.INT64)
                schema.add_field("end", DataType.INT64)
                tokenizer = {"type": "jieba", "dict": ["_default_", *analyzer_words], "mode": "search"}
                schema.add_field(
                    "content",
                    DataType.VARCHAR,
                    max_length=MAX_VARCHAR,
                    enable_analyzer=True,
                    analyzer_params={"tokenizer": tokenizer},
                )
                schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
                schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dim)
                schema.add_function(
                    Function(
                        name="content_bm25",
                        function_type=FunctionType.BM25,
                        input_field_names=["content"],
                        output_field_names=["sparse"],
                    )
                )
                index = self.client.prepare_index_params()
                index.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
                dense_params = {"M": 16, "efConstruction": 200} if self.index_type == "HNSW" else {}
                index.add_index(
                    field_name="dense", index_type=self.index_type, metric_type="IP", params=dense_params
                )
                for scalar in ("doc_id", "district", "year"):
                    index.add_index(field_name=scalar, index_type="INVERTED")
                self.client.create_collection(
                    self.passages, schema=schema, index_params=index, consistency_level="Strong"
                )
            if not self.client.has_collection(self.blobs):
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
                    self.blobs, schema=schema, index_params=index, consistency_level="Strong"
                )
        self._ready()

    def _create_log(self) -> None:
        """The feedback collection: ``ts`` (microseconds, the primary key) and a JSON ``body``."""
        from pymilvus import DataType, MilvusClient

        if self._log_loaded:
            return
        with _converted("creating the feedback collection"):
            if self.client.has_collection(self.feedback):
                self.client.load_collection(self.feedback)
                self._log_loaded = True
                return
            schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
            schema.add_field("ts", DataType.INT64, is_primary=True)
            schema.add_field("body", DataType.VARCHAR, max_length=MAX_VARCHAR)
            schema.add_field("pad", DataType.FLOAT_VECTOR, dim=2)
            index = self.client.prepare_index_params()
            index.add_index(field_name="pad", index_type="FLAT", metric_type="L2")
            self.client.create_collection(
                self.feedback, schema=schema, index_params=index, consistency_level="Strong"
            )
            self.client.load_collection(self.feedback)
        self._log_loaded = True

    def append_log(self, body: str) -> int:
        """Append one feedback record; returns its id (a microsecond timestamp, unique per row)."""
        self._create_log()
        with _converted("recording feedback"):
            while True:
                ts = time.time_ns() // 1000
                if not self.client.get(self.feedback, ids=[ts], output_fields=["ts"]):
                    self.client.insert(self.feedback, [{"ts": ts, "body": body, "pad": [0.0, 0.0]}])
                    return ts

    def recent_log(self, limit: int) -> list[tuple[int, str]]:
        """The newest ``limit`` records, newest first: looks back an hour, then 16× further each
        round, until it has enough rows or has seen them all."""
        self._create_log()
        now = time.time_ns() // 1000
        horizon = 3_600_000_000
        with _converted("reading feedback"):
            while True:
                since = max(0, now - horizon)
                rows = self.client.query(
                    self.feedback, filter=f"ts >= {since}", output_fields=["ts", "body"], limit=QUERY_WINDOW
                )
                if len(rows) >= limit or since == 0:
                    break
                horizon *= 16
        newest = sorted(((int(r["ts"]), str(r["body"])) for r in rows), reverse=True)
        return newest[:limit]

    def drop(self) -> None:
        with _converted("dropping collections"):
            for name in (self.passages, self.blobs):
                if self.client.has_collection(name):
                    self.client.drop_collection(name)
        self._loaded = False

    def close(self) -> None:
        """Disconnect; for Milvus Lite also stop this process's embedded engine on the folder (every
        client of it in this process), so that another process may open it."""
        self.client.close()
        if "://" not in self.uri:
            from milvus_lite.server_manager import server_manager_instance

            server_manager_instance.release_server(self.uri)

    # ---- writes -----------------------------------------------------------------------------
    def insert_passages(self, rows: Sequence[PassageRow]) -> None:
        with _converted("inserting passages"):
            for i in range(0, len(rows), INSERT_BATCH):
                batch = rows[i : i + INSERT_BATCH]
                self.client.upsert(
                    self.passages,
                    [
                        {
                            "pid": r.pid,
                            "doc_id": r.doc_id,
                            "ordinal": r.ordinal,
                            "district": r.district,
                            "year": r.year,
                            "section": r.section,
                            "start": r.start,
                            "end": r.end,
                            "content": r.content,
                            "dense": np.asarray(r.vector, dtype=np.float32).tolist(),
                        }
                        for r in batch
                    ],
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
        with _converted(f"writing {kind} of {doc_id}"):
            self.client.delete(
                self.blobs, filter=f'doc_id == "{doc_id}" and kind == "{kind}" and part >= {len(parts)}'
            )
            self.client.upsert(self.blobs, rows)

    def delete_reports(self, doc_ids: Sequence[str]) -> None:
        """Remove every passage and blob of these reports."""
        if not doc_ids:
            return
        expr = f"doc_id in {_quoted(doc_ids)}"
        with _converted("deleting reports"):
            self.client.delete(self.passages, filter=expr)
            self.client.delete(self.blobs, filter=expr)

    def delete_all_but(self, doc_ids: Sequence[str]) -> None:
        """Remove rows of reports not in ``doc_ids`` (left by an interrupted writer); keeps the state."""
        keep = [*doc_ids, STATE_ID]
        expr = f"doc_id not in {_quoted(keep)}"
        with _converted("removing stale rows"):
            self.client.delete(self.passages, filter=expr)
            self.client.delete(self.blobs, filter=expr)

    # ---- reads ------------------------------------------------------------------------------
    def read_blobs(self, kind: str, doc_ids: Sequence[str]) -> dict[str, str]:
        """The ``kind`` blob of each of these reports, reassembled: doc_id → body (absent ones left out)."""
        parts: dict[str, list[tuple[int, str]]] = {}
        with _converted(f"reading {kind} blobs"):
            for i in range(0, len(doc_ids), READ_BATCH):
                rows = self.client.query(
                    self.blobs,
                    filter=f'kind == "{kind}" and doc_id in {_quoted(doc_ids[i : i + READ_BATCH])}',
                    output_fields=["doc_id", "part", "body"],
                    limit=QUERY_WINDOW,
                )
                for row in rows:
                    parts.setdefault(row["doc_id"], []).append((int(row["part"]), row["body"]))
        return {doc_id: "".join(body for _, body in sorted(chunks)) for doc_id, chunks in parts.items()}

    def state(self) -> dict[str, Any] | None:
        """The live state written by the last writer, or None for an empty store."""
        if not self._ready():
            return None
        with _converted("reading the index state"):
            rows = self.client.get(self.blobs, ids=[f"{STATE_ID}/state/0"], output_fields=["body"])
        if not rows:
            return None
        state: dict[str, Any] = json.loads(rows[0]["body"])
        return state

    def set_state(self, state: Mapping[str, Any]) -> None:
        self.put_blob(STATE_ID, "state", json.dumps(state, ensure_ascii=False))

    def count_passages(self) -> int:
        with _converted("counting passages"):
            rows = self.client.query(self.passages, filter="", output_fields=["count(*)"])
        return int(rows[0]["count(*)"]) if rows else 0

    def hybrid(
        self,
        text: str,
        vector: np.ndarray,
        *,
        limit: int,
        doc_ids: Sequence[str] | None,
        ranker: Ranker,
        dense_weight: float,
    ) -> list[tuple[str, float, np.ndarray]]:
        """(pid, fused score, passage vector) of the best ``limit`` passages, fused by Milvus itself:
        the BM25 route (``text`` analysed server-side) and the dense route, each ``limit`` deep."""
        from pymilvus import AnnSearchRequest, RRFRanker, WeightedRanker

        expr = f"doc_id in {_quoted(doc_ids)}" if doc_ids is not None else ""
        routes = [
            AnnSearchRequest(data=[text], anns_field="sparse", param={}, limit=limit, expr=expr),
            AnnSearchRequest(
                data=[np.asarray(vector, dtype=np.float32).tolist()],
                anns_field="dense",
                param={"ef": max(64, 2 * limit)} if self.index_type == "HNSW" else {},
                limit=limit,
                expr=expr,
            ),
        ]
        rerank = WeightedRanker(1.0, dense_weight) if ranker == "weighted" else RRFRanker(60)
        with _converted("hybrid search"):
            result = self.client.hybrid_search(
                self.passages, routes, rerank, limit=limit, output_fields=["dense"]
            )
        hits = result[0] if result else []
        return [
            (str(hit["pid"]), float(hit["distance"]), np.asarray(hit["dense"], dtype=np.float32))
            for hit in hits
        ]


class MilvusSearch:
    """``PassageSearch`` over a Milvus store, for one catalog of passages (``row_of``: pid → row)."""

    def __init__(
        self,
        store: MilvusStore,
        row_of: Mapping[str, int],
        *,
        ranker: Ranker = "weighted",
        dense_weight: float | None = None,
        query_text: Callable[[Sequence[str]], str] = " ".join,
    ) -> None:
        self.store = store
        self.row_of = row_of
        self.ranker: Ranker = ranker
        self.dense_weight = dense_weight  # overrides the caller's weight (Milvus normalises otherwise)
        self.query_text = query_text

    def search(
        self,
        *,
        tokens: Sequence[str],
        vector: np.ndarray,
        limit: int,
        doc_ids: Sequence[str] | None,
        weights: Weights,
    ) -> list[Candidate]:
        if limit <= 0 or (doc_ids is not None and not doc_ids):
            return []
        found = self.store.hybrid(
            self.query_text(tokens),
            vector,
            limit=max(limit, weights.candidates),
            doc_ids=doc_ids,
            ranker=self.ranker,
            dense_weight=weights.dense_weight if self.dense_weight is None else self.dense_weight,
        )
        # Rows written by an ingest this replica has not loaded yet are not in its catalog: skipped.
        known = [(self.row_of[pid], score, vec) for pid, score, vec in found if pid in self.row_of]
        if not known:
            return []
        top = max(known[0][1], 1e-9)
        query = np.asarray(vector, dtype=np.float32).ravel()
        return [
            Candidate(row=row, score=score / top, lexical=score / top, dense=float(vec @ query))
            for row, score, vec in known[:limit]
        ]
