"""The local store's hybrid search: BM25 (bm25s matrix) and FAISS vectors, fused in this process.

Candidates are the BM25 top-N and the dense top-N inside the allowed reports, scored as
``bm25 / max_bm25 + dense_weight * (cos - max_cos)``: BM25 carries the ranking, the dense cosine
reorders near-ties and pulls paraphrased passages into the top (measured by ``bench/retrieval.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import bm25s
import numpy as np

from embeddings.base import Candidate, Weights
from embeddings.store import VectorStore


class LocalSearch:
    def __init__(
        self,
        bm25: bm25s.BM25 | None,
        vectors: VectorStore,
        rows_of: Callable[[Sequence[str]], np.ndarray],
    ) -> None:
        self.bm25 = bm25
        self.vectors = vectors
        self.rows_of = rows_of

    def bm25_scores(self, tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every passage for the query ``tokens``."""
        n = len(self.vectors)
        if not n or not tokens or self.bm25 is None:
            return np.zeros(n, dtype=np.float32)
        return np.asarray(self.bm25.get_scores(list(tokens)), dtype=np.float32)

    def search(
        self,
        *,
        tokens: Sequence[str],
        vector: np.ndarray,
        limit: int,
        doc_ids: Sequence[str] | None,
        weights: Weights,
    ) -> list[Candidate]:
        n = len(self.vectors)
        if not n or limit <= 0:
            return []
        allowed = self.rows_of(doc_ids) if doc_ids is not None else None
        if allowed is not None and len(allowed) == 0:
            return []
        lexical = self.bm25_scores(tokens)
        if allowed is not None:
            masked = np.full(len(lexical), -1.0, dtype=np.float32)
            masked[allowed] = lexical[allowed]
            lexical = masked
        n_cand = min(weights.candidates, n if allowed is None else len(allowed))
        lex_rows = np.argpartition(-lexical, n_cand - 1)[:n_cand]
        lex_rows = lex_rows[lexical[lex_rows] >= 0]
        _, dense_rows = self.vectors.search(vector, n_cand, allowed)
        rows = np.unique(np.concatenate([lex_rows, dense_rows]))
        dense = self.vectors.scores_for(vector, rows)
        top_lex = float(lexical[rows].max()) if len(rows) else 0.0
        lex = lexical[rows] / top_lex if top_lex > 0 else np.zeros(len(rows), dtype=np.float32)
        fused = lex + weights.dense_weight * (dense - float(dense.max()))
        order = np.argsort(-fused, kind="stable")[:limit]
        return [
            Candidate(row=int(rows[i]), score=float(fused[i]), lexical=float(lex[i]), dense=float(dense[i]))
            for i in order
        ]
