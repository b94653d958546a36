"""Hybrid retrieval: BM25 over jieba tokens carries the ranking; the dense cosine refines it.

Candidates are the BM25 top-N and the dense top-N inside the filtered reports, scored as
``bm25 / max_bm25 + dense_weight * (cos - max_cos)``. Measured with ``bench/retrieval.py``: m3e-small
alone finds the right passage first for 0.68 (dev) / 0.45 (extra) of the questions, BM25 for 0.91 /
0.80; equal-weight rank fusion drops to 0.85 / 0.67, and every weighted fusion tried ties BM25 on the
dev set and loses one or two extra questions at hit@1 while lifting hit@5 to 1.0. The default weight
(0.1) keeps that recall gain for the sentence-level answer stage at the smallest hit@1 cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from embeddings.base import Weights
from embeddings.encoder import Encoder
from embeddings.errors import StoreUnavailable as StoreError
from qa.errors import StoreUnavailable
from qa.index import IndexData
from qa.query import Query
from qa.records import Passage
from qa.tokenize import Tokenizer


@dataclass(frozen=True, slots=True)
class Hit:
    row: int
    passage: Passage
    score: float  # fused
    lexical: float  # lexical evidence scaled to the best candidate (0..1)
    dense: float  # cosine


RetrievalWeights = Weights


class Retriever:
    def __init__(self, data: IndexData, encoder: Encoder, tokenizer: Tokenizer, weights: Weights) -> None:
        self.data = data
        self.encoder = encoder
        self.tokenizer = tokenizer
        self.weights = weights

    def query_tokens(self, query: Query) -> list[str]:
        tokens = self.tokenizer.tokens(query.content or query.text)
        for word in query.expansions:
            tokens.extend(t for t in self.tokenizer.tokens(word) if t not in tokens)
        return tokens

    def search(self, query: Query, doc_ids: Sequence[str] | None, top_k: int) -> list[Hit]:
        """Best passages for ``query`` among the reports ``doc_ids`` (all reports when None)."""
        data = self.data
        if not data.passages or top_k <= 0:
            return []
        vector = self.encoder.encode_queries([query.content or query.text])[0]
        try:
            candidates = data.search.search(
                tokens=self.query_tokens(query),
                vector=vector,
                limit=top_k,
                doc_ids=doc_ids,
                weights=self.weights,
            )
        except StoreError as exc:
            raise StoreUnavailable(str(exc)) from exc
        return [
            Hit(row=c.row, passage=data.passages[c.row], score=c.score, lexical=c.lexical, dense=c.dense)
            for c in candidates
        ]
