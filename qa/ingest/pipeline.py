"""Add reports to the index incrementally: unchanged files are skipped by hash, changed ones replaced.

Only new or changed reports are parsed and encoded; the vectors of the others are carried over. The
store commits the change atomically: a fresh generation folder for the local store
(``qa.index.local``), rows then a state switch for Milvus (``qa.index.milvus``). Also: removing reports, and copying a
whole index into another store without re-encoding.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from tqdm import tqdm

from embeddings.encoder import Encoder
from qa.errors import DocumentNotFound, IndexMismatch, UnsupportedFile
from qa.index.data import IndexData
from qa.index.local import LocalIndexStore, local_parts
from qa.index.store import Change, IndexStore, load_or_empty, passage_encoding_text
from qa.ingest.facts import extract_facts
from qa.ingest.parse import parse_document
from qa.ingest.reader import reader_version
from qa.ingest.readers import ReadLimits, iter_input_files, read_document
from qa.lexicon.places import aliases
from qa.records import ParsedReport, Report

log = logging.getLogger(__name__)
__all__ = ["IngestResult", "copy_index", "ingest_paths", "remove_reports"]


@dataclass(frozen=True, slots=True)
class IngestResult:
    added: tuple[str, ...] = ()  # file names
    replaced: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()  # (file, reason)
    passages: int = 0  # passages in the index afterwards
    reports: int = 0
    generation: str = ""
    changed: bool = field(default=False)


def dictionary_for(reports: Iterable[Report]) -> tuple[str, ...]:
    """Place names (with short forms) that jieba must keep whole."""
    words: set[str] = set()
    for report in reports:
        for name in (report.district, report.meta.city):
            if name:
                words |= aliases(name)
    return tuple(sorted(words))


def _parse_files(
    files: Sequence[Path], known_sha: set[str], max_bytes: int, limits: ReadLimits | None, progress: bool
) -> tuple[list[ParsedReport], list[str], list[tuple[str, str]]]:
    parsed: list[ParsedReport] = []
    unchanged: list[str] = []
    skipped: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path in tqdm(files, desc="reading", unit="file", disable=not progress or len(files) < 2):
        try:
            raw = read_document(path, max_bytes=max_bytes, limits=limits)
            if raw.sha256 in known_sha or raw.sha256 in seen:
                unchanged.append(raw.source)
                continue
            report = parse_document(raw)
        except UnsupportedFile as exc:
            skipped.append((str(path), str(exc)))
            continue
        except Exception as exc:  # one odd report must not abort the batch: skip it, say why, log it
            log.exception("cannot parse %s", path)
            skipped.append(
                (str(path), f"{path.name}: could not be read as a report ({type(exc).__name__}: {exc})")
            )
            continue
        if not report.passages:
            reason = report.report.meta.sources.get("text", "no report text left after cleaning")
            skipped.append((str(path), f"{raw.source}: {reason}"))
            continue
        seen.add(raw.sha256)
        parsed.append(report)
    return parsed, unchanged, skipped


def _store_of(root: Path | None, store: IndexStore | None) -> IndexStore:
    if store is not None:
        return store
    if root is None:
        raise ValueError("give the index folder (root) or a store")
    return LocalIndexStore(root)


def ingest_paths(
    paths: Sequence[Path],
    *,
    encoder: Encoder,
    root: Path | None = None,
    store: IndexStore | None = None,
    max_bytes: int = 20_000_000,
    limits: ReadLimits | None = None,
    rebuild: bool = False,
    progress: bool = True,
) -> IngestResult:
    """Ingest files and folders into ``store`` (or the local index folder ``root``); raises nothing
    for bad files (they are reported in ``skipped``), ``IndexMismatch`` when the index was built with
    another model. ``limits`` bound what one file may cost to read (pages, characters, seconds).

    Writers are serialised by the store's lock (a lock file for the local store, released by the OS
    if the process dies), so a CLI ingest and an upload through the API never interleave."""
    target = _store_of(root, store)
    with target.lock():
        return _ingest_locked(paths, target, encoder, max_bytes, limits, rebuild, progress)


def _ingest_locked(
    paths: Sequence[Path],
    store: IndexStore,
    encoder: Encoder,
    max_bytes: int,
    limits: ReadLimits | None,
    rebuild: bool,
    progress: bool,
) -> IngestResult:
    files, skipped_paths = iter_input_files(paths)
    skipped = [(str(p), reason) for p, reason in skipped_paths]
    current = load_or_empty(store, encoder.name, encoder.dim, rebuild=rebuild)
    if current.model != encoder.name or current.dim != encoder.dim:
        raise IndexMismatch(f"index model {current.model!r} differs from encoder {encoder.name!r}")
    # a file indexed before is skipped unless the reading has changed since (then it is read again)
    known_sha = {
        r.sha256 for r in current.reports.values() if r.meta.sources.get("reader") == reader_version()
    }
    parsed, unchanged, bad = _parse_files(files, known_sha, max_bytes, limits, progress)
    skipped += bad
    if not parsed:
        return IngestResult(
            unchanged=tuple(unchanged),
            skipped=tuple(skipped),
            passages=len(current.passages),
            reports=len(current.reports),
            generation=current.generation,
        )

    new_sources = {p.report.source for p in parsed}
    replaced_ids = {r.doc_id for r in current.reports.values() if r.source in new_sources}
    replaced = tuple(sorted(r.source for r in current.reports.values() if r.doc_id in replaced_ids))
    reports = {d: r for d, r in current.reports.items() if d not in replaced_ids}
    for item in parsed:
        reports[item.report.doc_id] = item.report

    new_passages = tuple(p for item in parsed for p in item.passages)
    log.info("encoding %d new passages with %s", len(new_passages), encoder.name)
    new_vectors = encoder.encode_documents(
        [passage_encoding_text(p) for p in new_passages], show_progress=progress
    )
    change = Change(
        reports=reports,
        removed=frozenset(replaced_ids),
        passages=new_passages,
        vectors=new_vectors,
        facts=tuple(f for item in parsed for f in extract_facts(item.report, item.passages)),
        dictionary=dictionary_for(reports.values()),
    )
    data = store.commit(current, change)
    return IngestResult(
        added=tuple(sorted(p.report.source for p in parsed if p.report.source not in replaced)),
        replaced=replaced,
        unchanged=tuple(unchanged),
        skipped=tuple(skipped),
        passages=len(data.passages),
        reports=len(data.reports),
        generation=data.generation,
        changed=True,
    )


def remove_reports(doc_ids: Sequence[str], *, store: IndexStore) -> IndexData:
    """Drop reports (by id) from the index; ``DocumentNotFound`` names any id it does not hold."""
    with store.lock():
        current = store.load()
        missing = [d for d in doc_ids if d not in current.reports]
        if missing:
            raise DocumentNotFound(
                f"no report with id {', '.join(map(repr, missing))}; `qa documents` lists them"
            )
        removed = frozenset(doc_ids)
        reports = {d: r for d, r in current.reports.items() if d not in removed}
        change = Change(
            reports=reports,
            removed=removed,
            passages=(),
            vectors=np.zeros((0, current.dim), dtype=np.float32),
            facts=(),
            dictionary=dictionary_for(reports.values()),
        )
        return store.commit(current, change)


def copy_index(source: IndexData, target: IndexStore) -> IndexData:
    """Make ``target`` hold exactly the reports of ``source`` (with its vectors: nothing re-encoded)."""
    vectors = local_parts(source).vectors.vectors()
    with target.lock():
        current = load_or_empty(target, source.model, source.dim)
        if current.model != source.model or current.dim != source.dim:
            raise IndexMismatch(
                f"{target.location} holds an index of model {current.model!r} ({current.dim}-d); "
                f"the source is {source.model!r} ({source.dim}-d): drop it first (`--replace`)"
            )
        change = Change(
            reports=dict(source.reports),
            removed=frozenset(current.reports),
            passages=tuple(source.passages),
            vectors=np.asarray(vectors, dtype=np.float32),
            facts=tuple(source.facts),
            dictionary=source.dictionary,
        )
        return target.commit(current, change)
