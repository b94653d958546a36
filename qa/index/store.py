"""Where the index lives: the local folder (FAISS + BM25 files, default) or Milvus (``QA_STORE``).

Both stores take the same calls, so ingest, serving, the bot and the web page do not know which one
they use. A writer holds the store's lock, reads the catalog (reports, passages, facts), and commits
a ``Change`` (reports added, reports removed); readers load the live generation and poll
``generation()`` to notice a new one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
from filelock import FileLock

from qa.config import Settings
from qa.errors import IndexNotFound
from qa.index.data import (
    IndexData,
    clean_stale,
    current_generation,
    empty_index,
    load_index,
    read_tokens,
    save_index,
)
from qa.ingest.facts import Fact
from qa.records import Passage, Report
from qa.retrieve.tokenize import Tokenizer

LOCK_FILE = ".ingest.lock"


def passage_tokens_text(passage: Passage) -> str:
    """What BM25 indexes for a passage: its section path (the topic) and its text."""
    return f"{passage.section}\n{passage.text}"


@dataclass(frozen=True, slots=True)
class Change:
    """One commit: the catalog after it, and which reports it adds (with vectors) or drops."""

    reports: dict[str, Report]  # every report live after the commit
    removed: frozenset[str]  # doc_ids dropped (replaced by a new version, or deleted)
    passages: tuple[Passage, ...]  # passages of the added reports
    vectors: np.ndarray  # row i = passages[i], normalised
    facts: tuple[Fact, ...]  # facts of the added reports
    dictionary: tuple[str, ...]  # words jieba must keep whole (place names)


class IndexStore(Protocol):
    @property
    def location(self) -> str: ...

    def lock(self) -> AbstractContextManager[object]:
        """Serialises writers (an ingest, an upload, a delete)."""
        ...

    def load(self, *, model: str | None = None, dim: int | None = None) -> IndexData:
        """The live generation; refuses another model/dimension when given. ``IndexNotFound`` if empty."""
        ...

    def generation(self) -> str | None:
        """Name of the live generation (cheap: readers poll it)."""
        ...

    def commit(self, current: IndexData, change: Change) -> IndexData:
        """Write ``change`` on top of ``current`` and make it live; returns the new index."""
        ...

    def close(self) -> None:
        """Release connections and file handles (a later call reopens nothing: make a new store)."""
        ...


class LocalIndexStore:
    """Generations in a folder (see ``qa.index``): every commit writes a whole new generation."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def location(self) -> str:
        return str(self.root)

    def lock(self) -> AbstractContextManager[object]:
        self.root.mkdir(parents=True, exist_ok=True)
        return _writer_lock(self.root)

    def load(self, *, model: str | None = None, dim: int | None = None) -> IndexData:
        return load_index(self.root, model=model, dim=dim)

    def generation(self) -> str | None:
        pointer = current_generation(self.root)
        return pointer.name if pointer else None

    def close(self) -> None:
        pass

    def commit(self, current: IndexData, change: Change) -> IndexData:
        keep_rows = [i for i, p in enumerate(current.passages) if p.doc_id not in change.removed]
        tokenizer = Tokenizer(extra_words=change.dictionary)
        old_passages = [current.passages[i] for i in keep_rows]
        if set(change.dictionary) == set(current.dictionary):
            old_tokens = read_tokens(self.root, keep_rows) if keep_rows else []
        else:  # a new place name changes how old text splits too
            old_tokens = [tokenizer.tokens(passage_tokens_text(p)) for p in old_passages]
        new_tokens = [tokenizer.tokens(passage_tokens_text(p)) for p in change.passages]
        vectors = current.local_vectors().with_rows(np.asarray(keep_rows, dtype=np.int64), change.vectors)
        data = IndexData(
            model=current.model,
            dim=current.dim,
            reports=change.reports,
            passages=old_passages + list(change.passages),
            tokens=old_tokens + new_tokens,
            vectors=vectors,
            dictionary=change.dictionary,
            facts=[f for f in current.facts if f.doc_id not in change.removed] + list(change.facts),
        )
        save_index(data, self.root)
        return data


@contextmanager
def _writer_lock(root: Path) -> Iterator[None]:
    """The ingest lock file; once held, leftovers of an interrupted writer are removed."""
    with FileLock(str(root / LOCK_FILE)):
        clean_stale(root)
        yield


def open_store(settings: Settings) -> IndexStore:
    """The store the settings name (``QA_STORE``)."""
    if settings.store == "milvus":
        from qa.index.milvus import MilvusIndexStore

        return MilvusIndexStore.from_settings(settings)
    return LocalIndexStore(settings.index_dir)


def load_or_empty(store: IndexStore, model: str, dim: int, *, rebuild: bool = False) -> IndexData:
    """What a writer starts from: the live index, or an empty one (none yet, or ``rebuild``)."""
    if not rebuild:
        try:
            return store.load(model=model, dim=dim)
        except IndexNotFound:
            pass
    return empty_index(model, dim)
