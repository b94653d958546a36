"""Add reports to the index incrementally: unchanged files are skipped by hash, changed ones replaced.

Only new or changed reports are parsed and encoded; the vectors of the others are carried over. The
new state is written as a fresh index generation and switched to atomically (see ``qa.index``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from filelock import FileLock
from tqdm import tqdm

from embeddings.encoder import Encoder
from qa.errors import IndexMismatch, IndexNotFound, UnsupportedFile
from qa.facts import extract_facts
from qa.gazetteer import aliases
from qa.index import IndexData, clean_stale, empty_index, load_index, read_tokens, save_index
from qa.parse import parse_document
from qa.readers import iter_input_files, read_document
from qa.records import ParsedReport, Passage, Report
from qa.tokenize import Tokenizer

log = logging.getLogger(__name__)
LOCK_FILE = ".ingest.lock"


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


def passage_tokens_text(passage: Passage) -> str:
    """What BM25 indexes for a passage: its section path (the topic) and its text."""
    return f"{passage.section}\n{passage.text}"


def passage_encoding_text(passage: Passage) -> str:
    """What the encoder sees for a passage."""
    return passage.text


def dictionary_for(reports: Iterable[Report]) -> tuple[str, ...]:
    """Place names (with short forms) that jieba must keep whole."""
    words: set[str] = set()
    for report in reports:
        for name in (report.district, report.meta.city):
            if name:
                words |= aliases(name)
    return tuple(sorted(words))


def _open_existing(root: Path, encoder: Encoder, rebuild: bool) -> IndexData:
    if rebuild:
        return empty_index(encoder.name, encoder.dim)
    try:
        return load_index(root, model=encoder.name, dim=encoder.dim)
    except IndexNotFound:
        return empty_index(encoder.name, encoder.dim)


def _parse_files(
    files: Sequence[Path], known_sha: set[str], max_bytes: int, progress: bool
) -> tuple[list[ParsedReport], list[str], list[tuple[str, str]]]:
    parsed: list[ParsedReport] = []
    unchanged: list[str] = []
    skipped: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path in tqdm(files, desc="reading", unit="file", disable=not progress or len(files) < 2):
        try:
            raw = read_document(path, max_bytes=max_bytes)
            if raw.sha256 in known_sha or raw.sha256 in seen:
                unchanged.append(raw.source)
                continue
            report = parse_document(raw)
        except UnsupportedFile as exc:
            skipped.append((str(path), str(exc)))
            continue
        if not report.passages:
            skipped.append((str(path), f"{raw.source}: no report text left after cleaning"))
            continue
        seen.add(raw.sha256)
        parsed.append(report)
    return parsed, unchanged, skipped


def ingest_paths(
    paths: Sequence[Path],
    *,
    root: Path,
    encoder: Encoder,
    max_bytes: int = 20_000_000,
    rebuild: bool = False,
    progress: bool = True,
) -> IngestResult:
    """Ingest files and folders into the index at ``root``; raises nothing for bad files (they are
    reported in ``skipped``), ``IndexMismatch`` when the index was built with another model.

    Writers are serialised by a lock file in ``root`` (released by the OS if the process dies), so a
    CLI ingest and an upload through the API never interleave."""
    root.mkdir(parents=True, exist_ok=True)
    with FileLock(str(root / LOCK_FILE)):
        return _ingest_locked(paths, root, encoder, max_bytes, rebuild, progress)


def _ingest_locked(
    paths: Sequence[Path], root: Path, encoder: Encoder, max_bytes: int, rebuild: bool, progress: bool
) -> IngestResult:
    clean_stale(root)
    files, skipped_paths = iter_input_files(paths)
    skipped = [(str(p), reason) for p, reason in skipped_paths]
    current = _open_existing(root, encoder, rebuild)
    if current.model != encoder.name or current.dim != encoder.dim:
        raise IndexMismatch(f"index model {current.model!r} differs from encoder {encoder.name!r}")
    known_sha = {r.sha256 for r in current.reports.values()}
    parsed, unchanged, bad = _parse_files(files, known_sha, max_bytes, progress)
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
    kept_reports = {d: r for d, r in current.reports.items() if d not in replaced_ids}
    keep_rows = [i for i, p in enumerate(current.passages) if p.doc_id not in replaced_ids]

    reports = dict(kept_reports)
    for item in parsed:
        reports[item.report.doc_id] = item.report
    dictionary = dictionary_for(reports.values())
    tokenizer = Tokenizer(extra_words=dictionary)

    new_passages = [p for item in parsed for p in item.passages]
    old_passages = [current.passages[i] for i in keep_rows]
    if set(dictionary) == set(current.dictionary):
        old_tokens = read_tokens(root, keep_rows) if keep_rows else []
    else:  # a new place name changes how old text splits too
        old_tokens = [tokenizer.tokens(passage_tokens_text(p)) for p in old_passages]
    new_tokens = [
        tokenizer.tokens(passage_tokens_text(p))
        for p in tqdm(new_passages, desc="tokenising", unit="passage", disable=not progress)
    ]
    log.info("encoding %d new passages with %s", len(new_passages), encoder.name)
    new_vectors = encoder.encode_documents(
        [passage_encoding_text(p) for p in new_passages], show_progress=progress
    )
    vectors = current.vectors.with_rows(np.asarray(keep_rows, dtype=np.int64), new_vectors)

    facts = [f for f in current.facts if f.doc_id not in replaced_ids]
    facts += [f for item in parsed for f in extract_facts(item.report, item.passages)]
    data = IndexData(
        model=encoder.name,
        dim=encoder.dim,
        reports=reports,
        passages=old_passages + new_passages,
        tokens=old_tokens + new_tokens,
        vectors=vectors,
        dictionary=dictionary,
        facts=facts,
    )
    save_index(data, root)
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
