"""The retriever hands the question's tokens, its vector and the report scope to the search backend
and maps the candidates back to passages; backend errors become the core's StoreUnavailable."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from embeddings.encoder import FakeEncoder
from embeddings.errors import StoreUnavailable as BackendDown
from embeddings.search import Candidate, Weights
from qa.errors import StoreUnavailable
from qa.index.data import IndexData
from qa.records import Metadata, Passage, Report
from qa.retrieve.gazetteer import Gazetteer
from qa.retrieve.query import parse_query
from qa.retrieve.retriever import Retriever
from qa.retrieve.tokenize import Tokenizer


class Backend:
    """A ``PassageIndex`` that answers with fixed candidates and records what it was asked."""

    def __init__(self, candidates: list[Candidate], fail: bool = False) -> None:
        self.candidates = candidates
        self.fail = fail
        self.calls: list[dict[str, object]] = []

    def search(
        self,
        *,
        tokens: Sequence[str],
        vector: np.ndarray,
        limit: int,
        doc_ids: Sequence[str] | None,
        weights: Weights,
    ) -> list[Candidate]:
        self.calls.append({"tokens": list(tokens), "limit": limit, "doc_ids": doc_ids, "dim": vector.shape})
        if self.fail:
            raise BackendDown("Milvus: search failed: down")
        return self.candidates

    def document_frequency(self, token: str) -> int:
        return 0


def _data(backend: Backend) -> IndexData:
    text = "出庭应诉率为70%。受理信访件94件。"
    meta = Metadata("报告", "东城街道", "东莞市", "街道", 2022, None)
    report = Report("d", "d.txt", "0" * 64, meta, text)
    passages = (Passage("d", 0, "", 0, 10, text[0:10]), Passage("d", 1, "", 10, 19, text[10:19]))
    return IndexData(
        model="fake-hash-64", dim=64, reports={"d": report}, passages=passages, facts=(), dictionary=(),
        backend=backend,
    )  # fmt: skip


def test_query_tokens_add_synonyms_once() -> None:
    retriever = Retriever(_data(Backend([])), FakeEncoder(64), Tokenizer(), Weights())
    query = parse_query("东城街道出庭率", Gazetteer.build(["东城街道"]))
    # content words, then the tokens of each synonym (出庭应诉率, 出庭应诉) not already there
    assert retriever.query_tokens(query) == ["出庭", "率", "应诉", "出庭应诉率", "出庭应诉"]


def test_search_maps_candidates_to_passages() -> None:
    backend = Backend([Candidate(row=1, score=0.9, lexical=1.0, dense=0.3)])
    retriever = Retriever(_data(backend), FakeEncoder(64), Tokenizer(), Weights())
    query = parse_query("信访件多少", Gazetteer.build([]))
    hits = retriever.search(query, ["d"], 5)
    assert [(h.passage.ordinal, h.score, h.lexical, h.dense) for h in hits] == [(1, 0.9, 1.0, 0.3)]
    assert backend.calls == [{"tokens": ["信访", "信访件"], "limit": 5, "doc_ids": ["d"], "dim": (64,)}]


def test_backend_errors_become_store_unavailable() -> None:
    retriever = Retriever(_data(Backend([], fail=True)), FakeEncoder(64), Tokenizer(), Weights())
    with pytest.raises(StoreUnavailable, match="down"):
        retriever.search(parse_query("信访", Gazetteer.build([])), None, 5)
