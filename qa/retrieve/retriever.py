"""Hybrid retrieval: the question's BM25 tokens (content words and synonyms) and its vector go to
the index's search backend, which fuses both sides (``embeddings.hybrid`` locally, Milvus's ranker
server-side).

The question is encoded as asked (place, year and asking words kept), to match passages encoded with
their section path (``qa.ingest.passage_encoding_text``): the dense side can then tell the year's
review from the next year's plan or a five-year total, which BM25 over content words cannot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from embeddings.encoder import Encoder
from embeddings.search import Weights
from qa.errors import translated
from qa.index.data import IndexData
from qa.records import Passage
from qa.retrieve.query import Query
from qa.retrieve.tokenize import Tokenizer


@dataclass(frozen=True, slots=True)
class Hit:
    row: int
    passage: Passage
    score: float  # fused
    lexical: float  # lexical evidence scaled to the best candidate (0..1)
    dense: float  # cosine


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
        vector = self.encoder.encode_queries([query.text])[0]
        with translated():  # a Milvus server that went away: StoreUnavailable (HTTP 503)
            candidates = data.backend.search(
                tokens=self.query_tokens(query),
                vector=vector,
                limit=top_k,
                doc_ids=doc_ids,
                weights=self.weights,
            )
        return [
            Hit(row=c.row, passage=data.passages[c.row], score=c.score, lexical=c.lexical, dense=c.dense)
            for c in candidates
        ]
