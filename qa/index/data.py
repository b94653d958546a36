"""A loaded index in memory: the catalog (reports, passages, facts, dictionary) and the search over it.

The catalog is the same whatever the store; the search side is the store's own ``PassageIndex``:
BM25 + FAISS in this process for the local store (``qa.index.local``), a Milvus collection for the
Milvus store (``qa.index.milvus``). Treat an ``IndexData`` as read-only: a commit makes a new one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

from embeddings.search import PassageSearch
from qa.records import Fact, Passage, Report


class PassageIndex(PassageSearch, Protocol):
    """What the core asks of a store's passages: hybrid candidates (``PassageSearch.search``, rows
    being positions in ``IndexData.passages``) and how many passages hold a token (IDF weights)."""

    def document_frequency(self, token: str) -> int: ...


@dataclass(frozen=True, slots=True)
class IndexData:
    model: str  # the encoder the vectors were made with, and their dimension
    dim: int
    reports: dict[str, Report]
    passages: tuple[Passage, ...]  # row i of the search side is passages[i]
    facts: tuple[Fact, ...]
    dictionary: tuple[str, ...]  # words jieba keeps whole (place names)
    backend: PassageIndex
    created: str = ""
    generation: str = ""
    passage_counts: Counter[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "passage_counts", Counter(p.doc_id for p in self.passages))
