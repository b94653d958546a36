"""The local store: one folder per index generation, switched atomically, with a checksummed manifest.

Layout of ``root``::

    CURRENT              name of the live generation (replaced atomically)
    gen-<time>-<rand>/
        manifest.json    format version, model name and dimension, reports, dictionary, file checksums
        reports.jsonl    one report a line: metadata and cleaned text
        passages.jsonl   one passage a line: offsets and section path (text = the report slice)
        tokens.jsonl     the BM25 tokens of each passage (read only by the next ingest)
        facts.jsonl      the figures each report states, typed (see ``qa.ingest.facts``)
        bm25/            the BM25 matrix in bm25s's format (memory-mapped on load)
        vectors.faiss    normalised passage vectors, row i = line i of passages.jsonl

A writer builds a whole new generation beside the live one and then replaces CURRENT, so readers and
crashes only ever see a complete index.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import bm25s
import numpy as np
from filelock import FileLock

from embeddings.fetch import sha256_file
from embeddings.hybrid import LocalSearch
from embeddings.vectors import VectorStore
from qa.errors import IndexCorrupted, IndexMismatch, IndexNotFound
from qa.index.data import IndexData
from qa.index.private import DIR_MODE, FILE_MODE, make_private_dir, restrict_tree
from qa.index.rows import (
    facts_from_rows,
    facts_to_rows,
    passage_from_row,
    passage_row,
    report_from_row,
    report_row,
)
from qa.index.store import FORMAT_VERSION, Change, check_model, passage_tokens_text
from qa.records import Fact, Passage, Report
from qa.retrieve.tokenize import Tokenizer

CURRENT = "CURRENT"
EMPTY_TOKEN = "\u2400"
LOCK_FILE = ".ingest.lock"
MANIFEST = "manifest.json"
REPORTS = "reports.jsonl"
PASSAGES = "passages.jsonl"
VECTORS = "vectors.faiss"
TOKENS = "tokens.jsonl"
FACTS = "facts.jsonl"
BM25_DIR = "bm25"


class LocalPassageIndex(LocalSearch):
    """The passages' BM25 matrix (bm25s) and vectors (FAISS) in this process; row i is passage i.

    ``tokens`` are kept when the index was just built from them (a generation saves them for the
    next ingest) and are ``None`` once loaded from disk, where BM25 comes memory-mapped."""

    def __init__(
        self,
        passages: Sequence[Passage],
        vectors: VectorStore,
        *,
        bm25: bm25s.BM25 | None = None,
        tokens: list[list[str]] | None = None,
    ) -> None:
        if len(passages) != len(vectors) or (tokens is not None and len(tokens) != len(passages)):
            raise IndexCorrupted(
                f"index parts disagree: {len(passages)} passages, "
                f"{'-' if tokens is None else len(tokens)} token rows, {len(vectors)} vectors; "
                "re-ingest the reports"
            )
        if bm25 is None:
            if tokens is None:
                raise ValueError("a local passage index needs either BM25 or the tokens to build it from")
            bm25 = bm25s.BM25()
            if passages:
                # An empty token list would make bm25s drop the row; keep rows aligned with a placeholder.
                bm25.index([t or [EMPTY_TOKEN] for t in tokens], show_progress=False)
        self.bm25 = bm25
        self.tokens = tokens
        self._size = len(passages)
        rows: dict[str, list[int]] = {}
        for row, passage in enumerate(passages):
            rows.setdefault(passage.doc_id, []).append(row)
        self._doc_rows = {doc_id: np.asarray(r, dtype=np.int64) for doc_id, r in rows.items()}
        super().__init__(self.bm25_scores, vectors, self.rows_of)

    def bm25_scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every passage for the query ``tokens``."""
        if not self._size or not tokens:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self.bm25.get_scores(tokens), dtype=np.float32)

    def document_frequency(self, token: str) -> int:
        """Passages containing ``token``, read off the BM25 matrix (one column per token)."""
        if not self._size:
            return 0
        column = self.bm25.vocab_dict.get(token)
        indptr = self.bm25.scores["indptr"]
        if column is None or indptr is None or column + 1 >= len(indptr):
            return 0
        return int(indptr[column + 1] - indptr[column])

    def rows_of(self, doc_ids: Iterable[str]) -> np.ndarray:
        """Rows of the given reports, ascending."""
        parts = [self._doc_rows[d] for d in dict.fromkeys(doc_ids) if d in self._doc_rows]
        return np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


def local_parts(data: IndexData) -> LocalPassageIndex:
    """The BM25 and FAISS side of a local index (raises for an index that lives in Milvus)."""
    if not isinstance(data.backend, LocalPassageIndex):
        raise IndexMismatch("this index keeps its passages in Milvus, not in local BM25 and FAISS files")
    return data.backend


def build_index(
    *,
    model: str,
    dim: int,
    reports: dict[str, Report],
    passages: Sequence[Passage],
    tokens: list[list[str]],
    vectors: VectorStore,
    facts: Sequence[Fact] = (),
    dictionary: Sequence[str] = (),
) -> IndexData:
    """An index built in memory from passages, their BM25 tokens and their vectors."""
    passages = tuple(passages)
    return IndexData(
        model=model,
        dim=dim,
        reports=reports,
        passages=passages,
        facts=tuple(facts),
        dictionary=tuple(dictionary),
        backend=LocalPassageIndex(passages, vectors, tokens=tokens),
    )


def empty_index(model: str, dim: int, dictionary: Sequence[str] = ()) -> IndexData:
    return build_index(
        model=model,
        dim=dim,
        reports={},
        passages=(),
        tokens=[],
        vectors=VectorStore(dim),
        dictionary=dictionary,
    )


# ---- generation folders -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Manifest:
    format_version: int
    model: str
    dim: int
    created: str
    reports: tuple[dict[str, Any], ...]  # doc_id, source, sha256, title, district, year, passages
    dictionary: tuple[str, ...]  # words added to jieba (domain terms and district names)
    files: dict[str, str] = field(default_factory=dict)  # file name → sha256


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _private_open(path: Path) -> TextIO:
    """A new file for writing, created 0600."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE), "w", encoding="utf-8")


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with _private_open(path) as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False))
            fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())


def manifest_of(data: IndexData, created: str) -> Manifest:
    reports = tuple(
        {
            "doc_id": r.doc_id,
            "source": r.source,
            "sha256": r.sha256,
            "title": r.title,
            "district": r.district,
            "year": r.year,
            "passages": data.passage_counts.get(r.doc_id, 0),
        }
        for r in data.reports.values()
    )
    return Manifest(
        format_version=FORMAT_VERSION,
        model=data.model,
        dim=data.dim,
        created=created,
        reports=reports,
        dictionary=data.dictionary,
    )


def current_generation(root: Path) -> Path | None:
    pointer = root / CURRENT
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    return root / name if name else None


def save_index(data: IndexData, root: Path) -> IndexData:
    """Write ``data`` (built from tokens, as ingest makes it) as a new generation and make it the live
    one; returns ``data`` with its generation name and creation time."""
    parts = local_parts(data)
    if parts.tokens is None:
        raise ValueError("save_index needs an index built from tokens (as ingest makes it)")
    make_private_dir(root)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    name = f"gen-{stamp}-{secrets.token_hex(3)}"
    staging = root / f".tmp-{name}"
    staging.mkdir(mode=DIR_MODE)
    manifest = manifest_of(data, data.created or datetime.now(UTC).isoformat(timespec="seconds"))
    try:
        _write_jsonl(staging / REPORTS, (report_row(r) for r in data.reports.values()))
        _write_jsonl(staging / PASSAGES, (passage_row(p) for p in data.passages))
        _write_jsonl(staging / TOKENS, ({"t": t} for t in parts.tokens))
        _write_jsonl(staging / FACTS, facts_to_rows(data.facts))
        parts.bm25.save(str(staging / BM25_DIR))
        parts.vectors.save(staging / VECTORS)
        restrict_tree(staging)
        files = {}
        for path in sorted(p for p in staging.rglob("*") if p.is_file()):
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
            files[path.relative_to(staging).as_posix()] = sha256_file(path)
        _fsync_dir(staging / BM25_DIR)
        body = json.dumps(asdict(manifest) | {"files": files}, ensure_ascii=False, indent=2)
        with _private_open(staging / MANIFEST) as fh:
            fh.write(body)
            fh.flush()
            os.fsync(fh.fileno())
        _fsync_dir(staging)
        staging.rename(root / name)
        _fsync_dir(root)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    pointer_tmp = root / f".{CURRENT}.{secrets.token_hex(3)}"
    with _private_open(pointer_tmp) as fh:
        fh.write(name)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(pointer_tmp, root / CURRENT)
    _fsync_dir(root)
    _remove_stale(root, keep=name)
    return replace(data, generation=name, created=manifest.created)


def clean_stale(root: Path) -> None:
    """Remove generations and temporary files that are not live (left by an interrupted writer).
    Call only while holding the ingest lock."""
    live = current_generation(root)
    if live is not None and root.is_dir():
        _remove_stale(root, keep=live.name)


def _remove_stale(root: Path, keep: str) -> None:
    for child in root.iterdir():
        if (
            child.is_dir()
            and child.name != keep
            and (child.name.startswith("gen-") or child.name.startswith(".tmp-"))
        ):
            shutil.rmtree(child, ignore_errors=True)
        elif child.is_file() and child.name.startswith(f".{CURRENT}."):
            child.unlink(missing_ok=True)


def read_manifest(root: Path) -> tuple[Path, dict[str, Any]]:
    generation = current_generation(root)
    if generation is None:
        raise IndexNotFound(f"no index in {root}; build one with `qa ingest PATH --index {root}`")
    path = generation / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexCorrupted(f"{path} is missing; re-ingest the reports") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IndexCorrupted(f"{path} is not valid JSON ({exc}); re-ingest the reports") from exc
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        found = manifest.get("format_version") if isinstance(manifest, dict) else None
        raise IndexMismatch(
            f"{path} has format version {found}, this program reads version {FORMAT_VERSION}; "
            "rebuild the index with `qa ingest --rebuild`"
        )
    return generation, manifest


def load_index(root: Path, *, model: str | None = None, dim: int | None = None) -> IndexData:
    """Load the live generation, checking format, checksums and (when given) the model."""
    generation, manifest = read_manifest(root)
    check_model(manifest, f"the index in {root}", model=model, dim=dim)
    for name, expected in manifest.get("files", {}).items():
        path = generation / name
        if not path.is_file():
            raise IndexCorrupted(f"{path} is missing; re-ingest the reports (`qa ingest --rebuild`)")
        if sha256_file(path) != expected:
            raise IndexCorrupted(
                f"{path} does not match its checksum (damaged or truncated); "
                "restore the index folder from a backup or re-ingest (`qa ingest --rebuild`)"
            )
    try:
        reports = _read_reports(generation / REPORTS)
        passages = _read_passages(generation / PASSAGES, reports)
        vectors = VectorStore.load(generation / VECTORS, int(manifest["dim"]))
        bm25 = bm25s.BM25.load(str(generation / BM25_DIR), mmap=True)
        for name in ("data", "indices", "indptr"):  # plain views of the mapped files: numpy's memmap
            bm25.scores[name] = np.asarray(bm25.scores[name])  # subclass cost a quarter of a query
        with (generation / FACTS).open(encoding="utf-8") as fh:
            facts = facts_from_rows(json.loads(line) for line in fh)
        backend = LocalPassageIndex(passages, vectors, bm25=bm25)
    except (KeyError, TypeError, ValueError, RuntimeError, OSError) as exc:
        raise IndexCorrupted(
            f"{generation} cannot be read ({exc}); re-ingest (`qa ingest --rebuild`)"
        ) from exc
    return IndexData(
        model=manifest["model"],
        dim=int(manifest["dim"]),
        reports=reports,
        passages=tuple(passages),
        facts=tuple(facts),
        dictionary=tuple(manifest.get("dictionary", ())),
        backend=backend,
        created=manifest.get("created", ""),
        generation=generation.name,
    )


def read_tokens(root: Path, rows: Sequence[int]) -> list[list[str]]:
    """The BM25 tokens of the given rows of the live generation (for the next ingest)."""
    generation, _ = read_manifest(root)
    wanted = set(rows)
    out: dict[int, list[str]] = {}
    with (generation / TOKENS).open(encoding="utf-8") as fh:
        for row, line in enumerate(fh):
            if row in wanted:
                out[row] = list(json.loads(line)["t"])
    if len(out) != len(wanted):
        raise IndexCorrupted(
            f"{generation / TOKENS} is shorter than the index; re-ingest (`qa ingest --rebuild`)"
        )
    return [out[r] for r in rows]


def _read_reports(path: Path) -> dict[str, Report]:
    with path.open(encoding="utf-8") as fh:
        reports = (report_from_row(json.loads(line)) for line in fh)
        return {r.doc_id: r for r in reports}


def _read_passages(path: Path, reports: Mapping[str, Report]) -> list[Passage]:
    with path.open(encoding="utf-8") as fh:
        rows = (json.loads(line) for line in fh)
        return [passage_from_row(row, reports[row["doc_id"]]) for row in rows]


# ---- the store --------------------------------------------------------------------------------


class LocalIndexStore:
    """Generations in a folder: every commit writes a whole new generation."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def location(self) -> str:
        return str(self.root)

    def lock(self) -> AbstractContextManager[object]:
        make_private_dir(self.root)
        return _writer_lock(self.root)

    def load(self, *, model: str | None = None, dim: int | None = None) -> IndexData:
        return load_index(self.root, model=model, dim=dim)

    def empty(self, model: str, dim: int) -> IndexData:
        return empty_index(model, dim)

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
        vectors = local_parts(current).vectors.with_rows(
            np.asarray(keep_rows, dtype=np.int64), change.vectors
        )
        data = build_index(
            model=current.model,
            dim=current.dim,
            reports=change.reports,
            passages=old_passages + list(change.passages),
            tokens=old_tokens + new_tokens,
            vectors=vectors,
            facts=[f for f in current.facts if f.doc_id not in change.removed] + list(change.facts),
            dictionary=change.dictionary,
        )
        return save_index(data, self.root)


@contextmanager
def _writer_lock(root: Path) -> Iterator[None]:
    """The ingest lock file; once held, leftovers of an interrupted writer are removed."""
    with FileLock(str(root / LOCK_FILE), mode=FILE_MODE):
        clean_stale(root)
        yield
