"""What a passage store answers: hybrid (lexical + dense) candidates for one question.

Two implementations: ``embeddings.hybrid.LocalSearch`` (BM25 matrix + FAISS, in this process) and
``embeddings.milvus.MilvusSearch`` (a Milvus collection, fused server-side). Rows are positions in
the caller's passage list, so the caller maps them back to its own records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True, slots=True)
class Weights:
    """How the lexical and dense sides are fused (settings, measured by ``bench/retrieval.py``)."""

    dense_weight: float = 0.5  # w in (minmax(bm25) + w * minmax(cos)) / (1 + w) over the pool
    candidates: int = 100  # depth of each side before fusion
    lexical_pool: int = 10  # BM25's top rows the dense score may reorder
    dense_pool: int = 3  # the dense top rows added to that pool


@dataclass(frozen=True, slots=True)
class Candidate:
    row: int  # position in the caller's passage list
    score: float  # fused; the best candidate of a search scores about 1
    lexical: float  # lexical evidence scaled to the best candidate (0..1)
    dense: float  # cosine of the query and passage vectors


class PassageSearch(Protocol):
    def search(
        self,
        *,
        tokens: Sequence[str],
        vector: np.ndarray,
        limit: int,
        doc_ids: Sequence[str] | None,
        weights: Weights,
    ) -> list[Candidate]:
        """The best ``limit`` passages for the query ``tokens`` (lexical side) and ``vector`` (dense
        side), only among the reports ``doc_ids`` when given; best first."""
        ...
