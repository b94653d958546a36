"""Passages in Milvus: BM25 (a jieba-analysed text field) and dense vectors, fused server-side.

The same code talks to Milvus Lite (``uri`` a local path: an embedded engine, one process at a time)
and to a Milvus server or cluster (``uri`` ``http://host:19530``, optional token and database).

One collection holds the passages, one row a passage: ``pid`` (``doc_id:ordinal``), the id of the
document it belongs to (the filter key), district, year, section path, offsets, ``content`` (what
BM25 indexes, analysed by jieba into the ``sparse`` field by a schema function) and the ``dense``
vector. What else a deployment keeps in the same database (a catalog of documents, a feedback log)
is its own business: ``MilvusConnection`` is shared, the collections are not.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from embeddings.errors import StoreUnavailable
from embeddings.search import Candidate, Weights

MAX_VARCHAR = 65_535
INSERT_BATCH = 256
QUERY_WINDOW = 16_384  # rows Milvus returns from one query at most
Ranker = Literal["weighted", "rrf"]


@dataclass(frozen=True, slots=True)
class PassageRow:
    """One passage as Milvus stores it."""

    pid: str  # doc_id:ordinal
    doc_id: str
    ordinal: int
    district: str
    year: int  # 0 when the year is unknown
    section: str
    start: int
    end: int
    content: str  # what BM25 indexes: section path and text
    vector: np.ndarray  # normalised


@contextmanager
def converted(what: str) -> Iterator[None]:
    """Milvus client errors become ``StoreUnavailable`` with a message saying what failed."""
    from pymilvus.exceptions import MilvusException

    try:
        yield
    except MilvusException as exc:
        raise StoreUnavailable(f"Milvus: {what} failed: {exc.message}") from exc


def quoted(values: Sequence[str]) -> str:
    """A list literal for a Milvus filter expression (JSON quoting escapes quotes and backslashes)."""
    return json.dumps(list(values), ensure_ascii=False)


class MilvusConnection:
    """One client of one Milvus database, shared by the collections that live in it."""

    def __init__(self, uri: str, *, token: str = "", db_name: str = "") -> None:
        from pymilvus import MilvusClient
        from pymilvus.exceptions import MilvusException

        self.uri = uri
        try:
            self.client: Any = MilvusClient(uri=uri, token=token, db_name=db_name)
        except MilvusException as exc:
            hint = (
                " (a Milvus Lite file is opened by one process at a time: stop the other one, e.g. "
                "`qa serve`, or run `milvus-lite server` and point QA_MILVUS_URI at it)"
                if "://" not in uri
                else ""
            )
            raise StoreUnavailable(f"cannot open Milvus at {uri}: {exc.message}{hint}") from exc

    def has(self, collection: str) -> bool:
        with converted("listing collections"):
            return bool(self.client.has_collection(collection))

    def load(self, collection: str) -> None:
        with converted(f"loading {collection}"):
            self.client.load_collection(collection)

    def drop(self, collection: str) -> None:
        with converted(f"dropping {collection}"):
            if self.client.has_collection(collection):
                self.client.drop_collection(collection)

    def close(self) -> None:
        """Disconnect; for Milvus Lite also stop this process's embedded engine on the folder (every
        client of it in this process), so that another process may open it."""
        self.client.close()
        if "://" not in self.uri:
            from milvus_lite.server_manager import server_manager_instance

            server_manager_instance.release_server(self.uri)


class MilvusCollection:
    """One collection whose rows belong to documents (a ``doc_id`` field): removed by document."""

    def __init__(self, connection: MilvusConnection, name: str) -> None:
        self.connection = connection
        self.client = connection.client
        self.name = name

    def exists(self) -> bool:
        return self.connection.has(self.name)

    def drop(self) -> None:
        self.connection.drop(self.name)

    def delete_docs(self, doc_ids: Sequence[str]) -> None:
        """Remove every row of these documents."""
        if doc_ids:
            with converted(f"deleting rows of {self.name}"):
                self.client.delete(self.name, filter=f"doc_id in {quoted(doc_ids)}")

    def delete_all_but(self, doc_ids: Sequence[str]) -> None:
        """Remove the rows of documents not in ``doc_ids`` (left by an interrupted writer)."""
        with converted(f"removing stale rows of {self.name}"):
            self.client.delete(self.name, filter=f"doc_id not in {quoted(doc_ids)}")


class MilvusPassages(MilvusCollection):
    """The passages collection: created with its indexes, written, searched."""

    def __init__(self, connection: MilvusConnection, name: str, *, index_type: str = "HNSW") -> None:
        super().__init__(connection, name)
        self.index_type = index_type

    def ensure(self, dim: int, *, analyzer_words: Sequence[str] = ()) -> None:
        """Create the collection (and its indexes) for ``dim``-d vectors if missing. ``analyzer_words``
        join jieba's dictionary for the BM25 field (fixed when the collection is made)."""
        from pymilvus import DataType, Function, FunctionType, MilvusClient

        with converted("creating the passages collection"):
            if not self.client.has_collection(self.name):
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
                    self.name, schema=schema, index_params=index, consistency_level="Strong"
                )

    def insert(self, rows: Sequence[PassageRow]) -> None:
        with converted("inserting passages"):
            for i in range(0, len(rows), INSERT_BATCH):
                batch = rows[i : i + INSERT_BATCH]
                self.client.upsert(
                    self.name,
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

    def count(self) -> int:
        with converted("counting passages"):
            rows = self.client.query(self.name, filter="", output_fields=["count(*)"])
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

        expr = f"doc_id in {quoted(doc_ids)}" if doc_ids is not None else ""
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
        with converted("hybrid search"):
            result = self.client.hybrid_search(
                self.name, routes, rerank, limit=limit, output_fields=["dense"]
            )
        hits = result[0] if result else []
        return [
            (str(hit["pid"]), float(hit["distance"]), np.asarray(hit["dense"], dtype=np.float32))
            for hit in hits
        ]


class MilvusSearch:
    """``PassageSearch`` over the passages collection, for one catalog of passages (``row_of``: pid → row)."""

    def __init__(
        self,
        passages: MilvusPassages,
        row_of: Mapping[str, int],
        *,
        ranker: Ranker = "weighted",
        dense_weight: float | None = None,
        query_text: Callable[[Sequence[str]], str] = " ".join,
    ) -> None:
        self.passages = passages
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
        found = self.passages.hybrid(
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
