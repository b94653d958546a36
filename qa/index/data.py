"""The persisted index: one folder per generation, switched atomically, with a checksummed manifest.

Layout of ``root``::

    CURRENT              name of the live generation (replaced atomically)
    gen-<time>-<rand>/
        manifest.json    format version, model name and dimension, reports, dictionary, file checksums
        reports.jsonl    one report a line: metadata and cleaned text
        passages.jsonl   one passage a line: offsets and section path (text = the report slice)
        tokens.jsonl     the BM25 tokens of each passage (read only by the next ingest)
        facts.jsonl      the figures each report states, typed (see ``qa.facts``)
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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from embeddings.fetch import sha256_file
from embeddings.hybrid import LocalSearch
from embeddings.search import PassageSearch
from embeddings.vectors import VectorStore
from qa.errors import IndexCorrupted, IndexMismatch, IndexNotFound
from qa.ingest.facts import Fact, facts_from_rows, facts_to_rows
from qa.records import Metadata, Passage, Report

FORMAT_VERSION = 3  # 3: passages encoded with their section path (qa.ingest.passage_encoding_text)
CURRENT = "CURRENT"
EMPTY_TOKEN = "\u2400"
MANIFEST = "manifest.json"
REPORTS = "reports.jsonl"
PASSAGES = "passages.jsonl"
VECTORS = "vectors.faiss"
TOKENS = "tokens.jsonl"
FACTS = "facts.jsonl"
BM25_DIR = "bm25"


@dataclass(frozen=True, slots=True)
class Manifest:
    format_version: int
    model: str
    dim: int
    created: str
    reports: tuple[dict[str, Any], ...]  # doc_id, source, sha256, title, district, year, passages
    dictionary: tuple[str, ...]  # words added to jieba (domain terms and district names)
    files: dict[str, str] = field(default_factory=dict)  # file name → sha256


@dataclass(slots=True)
class IndexData:
    """Everything the retriever needs, in memory. Treat as read-only once built.

    A local index holds ``vectors`` and BM25: ``tokens`` are present while an ingest builds the index
    (BM25 is built from them) and ``None`` once loaded from disk (BM25 comes memory-mapped from the
    generation instead); its ``backend`` is a ``LocalSearch`` over them. An index whose passages live
    in another store (Milvus) has no ``vectors``, brings its own ``backend`` and ``term_df``."""

    model: str
    dim: int
    reports: dict[str, Report]
    passages: list[Passage]
    tokens: list[list[str]] | None
    vectors: VectorStore | None
    dictionary: tuple[str, ...]
    created: str = ""
    generation: str = ""
    bm25: bm25s.BM25 | None = None
    facts: list[Fact] = field(default_factory=list)
    backend: PassageSearch | None = None
    term_df: Mapping[str, int] | None = None  # token → passages holding it, when there is no BM25 matrix
    row_report: np.ndarray = field(init=False)  # row → position of its report in ``report_ids``
    report_ids: list[str] = field(init=False)
    _doc_rows: dict[str, np.ndarray] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.vectors is not None and (
            len(self.passages) != len(self.vectors)
            or (self.tokens is not None and len(self.tokens) != len(self.passages))
        ):
            raise IndexCorrupted(
                f"index parts disagree: {len(self.passages)} passages, "
                f"{'-' if self.tokens is None else len(self.tokens)} token rows, {len(self.vectors)} vectors; "
                "re-ingest the reports"
            )
        self.report_ids = list(self.reports)
        position = {doc_id: i for i, doc_id in enumerate(self.report_ids)}
        self.row_report = np.fromiter((position[p.doc_id] for p in self.passages), dtype=np.int32)
        order = np.argsort(self.row_report, kind="stable").astype(np.int64)
        counts = np.bincount(self.row_report, minlength=len(self.report_ids))
        splits = np.split(order, np.cumsum(counts)[:-1]) if self.report_ids else []
        self._doc_rows = dict(zip(self.report_ids, splits, strict=True))
        if self.vectors is None:
            if self.backend is None or self.term_df is None:
                raise ValueError("an index without local vectors needs a search backend and term_df")
            return
        if self.bm25 is None:
            if self.tokens is None:
                raise ValueError("IndexData needs either BM25 or the tokens to build it from")
            self.bm25 = bm25s.BM25()
            if self.passages:
                # An empty token list would make bm25s drop the row; keep rows aligned with a placeholder.
                self.bm25.index([t or [EMPTY_TOKEN] for t in self.tokens], show_progress=False)
        if self.backend is None:
            self.backend = LocalSearch(self.bm25_scores, self.vectors, self.rows_of)

    @property
    def search(self) -> PassageSearch:
        assert self.backend is not None  # set in __post_init__
        return self.backend

    def local_vectors(self) -> VectorStore:
        """The FAISS store of a local index (raises for an index that lives elsewhere)."""
        if self.vectors is None:
            raise IndexMismatch("this index keeps its vectors in Milvus, not in a local FAISS file")
        return self.vectors

    def bm25_scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every passage for the query ``tokens`` (local index)."""
        if not self.passages or not tokens or self.bm25 is None:
            return np.zeros(len(self.passages), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(tokens), dtype=np.float32)

    def document_frequency(self, token: str) -> int:
        """Passages containing ``token``: from ``term_df`` or read off the BM25 matrix (one column per token)."""
        if self.term_df is not None:
            return int(self.term_df.get(token, 0))
        if not self.passages or self.bm25 is None:
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

    def passages_of(self, doc_id: str) -> list[Passage]:
        return [self.passages[i] for i in self.rows_of([doc_id])]


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False))
            fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())


def report_row(report: Report) -> dict[str, Any]:
    return {
        "doc_id": report.doc_id,
        "source": report.source,
        "sha256": report.sha256,
        "meta": asdict(report.meta),
        "text": report.text,
    }


def passage_row(passage: Passage) -> dict[str, Any]:
    return {
        "doc_id": passage.doc_id,
        "ordinal": passage.ordinal,
        "section": passage.section,
        "start": passage.start,
        "end": passage.end,
    }


def manifest_of(data: IndexData) -> Manifest:
    counts: dict[str, int] = {}
    for p in data.passages:
        counts[p.doc_id] = counts.get(p.doc_id, 0) + 1
    reports = tuple(
        {
            "doc_id": r.doc_id,
            "source": r.source,
            "sha256": r.sha256,
            "title": r.title,
            "district": r.district,
            "year": r.year,
            "passages": counts.get(r.doc_id, 0),
        }
        for r in data.reports.values()
    )
    return Manifest(
        format_version=FORMAT_VERSION,
        model=data.model,
        dim=data.dim,
        created=data.created or datetime.now(UTC).isoformat(timespec="seconds"),
        reports=reports,
        dictionary=data.dictionary,
    )


def current_generation(root: Path) -> Path | None:
    pointer = root / CURRENT
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    return root / name if name else None


def save_index(data: IndexData, root: Path) -> Path:
    """Write ``data`` as a new generation and make it the live one; returns the generation folder."""
    root.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    name = f"gen-{stamp}-{secrets.token_hex(3)}"
    staging = root / f".tmp-{name}"
    staging.mkdir()
    try:
        if data.tokens is None or data.bm25 is None or data.vectors is None:
            raise ValueError("save_index needs an index built from tokens (as ingest makes it)")
        _write_jsonl(staging / REPORTS, (report_row(r) for r in data.reports.values()))
        _write_jsonl(staging / PASSAGES, (passage_row(p) for p in data.passages))
        _write_jsonl(staging / TOKENS, ({"t": t} for t in data.tokens))
        _write_jsonl(staging / FACTS, facts_to_rows(data.facts))
        data.bm25.save(str(staging / BM25_DIR))
        data.vectors.save(staging / VECTORS)
        files = {}
        for path in sorted(p for p in staging.rglob("*") if p.is_file()):
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
            files[path.relative_to(staging).as_posix()] = sha256_file(path)
        _fsync_dir(staging / BM25_DIR)
        manifest = manifest_of(data)
        body = json.dumps(asdict(manifest) | {"files": files}, ensure_ascii=False, indent=2)
        with (staging / MANIFEST).open("w", encoding="utf-8") as fh:
            fh.write(body)
            fh.flush()
            os.fsync(fh.fileno())
        _fsync_dir(staging)
        final = root / name
        staging.rename(final)
        _fsync_dir(root)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    pointer_tmp = root / f".{CURRENT}.{secrets.token_hex(3)}"
    with pointer_tmp.open("w", encoding="utf-8") as fh:
        fh.write(name)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(pointer_tmp, root / CURRENT)
    _fsync_dir(root)
    _remove_stale(root, keep=name)
    data.generation = name
    data.created = manifest.created
    return final


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


def check_model(built: Mapping[str, Any], where: str, *, model: str | None, dim: int | None) -> None:
    """Refuse an index (``built``: its manifest or state, with ``model`` and ``dim``) made with another
    model or dimension than the given ones; ``where`` names the index in the message."""
    if model is not None and built["model"] != model:
        raise IndexMismatch(
            f"{where} was built with model {built['model']!r} but the configured model is "
            f"{model!r}; set QA_MODEL={built['model']} or rebuild with `qa ingest --rebuild`"
        )
    if dim is not None and built["dim"] != dim:
        raise IndexMismatch(
            f"{where} holds {built['dim']}-d vectors but the model gives {dim}-d; "
            "rebuild with `qa ingest --rebuild`"
        )


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
        with (generation / FACTS).open(encoding="utf-8") as fh:
            facts = facts_from_rows(json.loads(line) for line in fh)
    except (KeyError, TypeError, ValueError, RuntimeError, OSError) as exc:
        raise IndexCorrupted(
            f"{generation} cannot be read ({exc}); re-ingest (`qa ingest --rebuild`)"
        ) from exc
    return IndexData(
        model=manifest["model"],
        dim=int(manifest["dim"]),
        reports=reports,
        passages=passages,
        tokens=None,
        vectors=vectors,
        dictionary=tuple(manifest.get("dictionary", ())),
        created=manifest.get("created", ""),
        generation=generation.name,
        bm25=bm25,
        facts=facts,
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


def report_from_row(row: dict[str, Any]) -> Report:
    return Report(
        doc_id=row["doc_id"],
        source=row["source"],
        sha256=row["sha256"],
        meta=Metadata(**row["meta"]),
        text=row["text"],
    )


def passage_from_row(row: dict[str, Any], report: Report) -> Passage:
    """A passage row (offsets, section) with its text sliced from ``report``; offsets are checked."""
    start, end = int(row["start"]), int(row["end"])
    if not 0 <= start < end <= len(report.text):
        raise ValueError(f"passage {report.doc_id}:{row['ordinal']} has offsets outside its report")
    return Passage(
        doc_id=report.doc_id,
        ordinal=int(row["ordinal"]),
        section=row["section"],
        start=start,
        end=end,
        text=report.text[start:end],
    )


def _read_reports(path: Path) -> dict[str, Report]:
    with path.open(encoding="utf-8") as fh:
        reports = (report_from_row(json.loads(line)) for line in fh)
        return {r.doc_id: r for r in reports}


def _read_passages(path: Path, reports: dict[str, Report]) -> list[Passage]:
    with path.open(encoding="utf-8") as fh:
        rows = (json.loads(line) for line in fh)
        return [passage_from_row(row, reports[row["doc_id"]]) for row in rows]


def empty_index(model: str, dim: int, dictionary: Sequence[str] = ()) -> IndexData:
    return IndexData(
        model=model,
        dim=dim,
        reports={},
        passages=[],
        tokens=[],
        vectors=VectorStore(dim),
        dictionary=tuple(dictionary),
    )
