from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from embeddings.encoder import FakeEncoder
from qa.errors import IndexCorrupted, IndexMismatch, IndexNotFound
from qa.index.local import (
    CURRENT,
    MANIFEST,
    PASSAGES,
    VECTORS,
    current_generation,
    load_index,
    local_parts,
    read_manifest,
)
from qa.index.store import FORMAT_VERSION
from qa.ingest.pipeline import ingest_paths
from tests.conftest import REPORTS
from tests.qa.index.modes import loose_modes, usual_umask


def _copy(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "index"
    shutil.copytree(src, dst)
    return dst


def test_manifest_records_format_model_and_reports(sample_index: Path) -> None:
    _, manifest = read_manifest(sample_index)
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["model"] == "fake-hash-64" and manifest["dim"] == 64
    assert len(manifest["reports"]) == 5
    assert all(len(r["sha256"]) == 64 and r["passages"] > 0 for r in manifest["reports"])
    assert {
        "reports.jsonl",
        "passages.jsonl",
        "tokens.jsonl",
        "vectors.faiss",
        "bm25/vocab.index.json",
    } <= set(manifest["files"])
    assert manifest["created"]


def test_roundtrip_keeps_offsets(sample_index: Path) -> None:
    data = load_index(sample_index)
    for p in data.passages:
        assert data.reports[p.doc_id].text[p.start : p.end] == p.text
    parts = local_parts(data)
    assert len(parts.vectors) == len(data.passages) and parts.tokens is None
    assert parts.bm25_scores(["出庭应诉率"]).max() > 0


def test_missing_index_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFound, match="qa ingest"):
        load_index(tmp_path)


def test_other_model_is_refused_with_a_fix(sample_index: Path) -> None:
    with pytest.raises(IndexMismatch, match="QA_MODEL=fake-hash-64"):
        load_index(sample_index, model="m3e-small")


@pytest.mark.parametrize("name", [PASSAGES, VECTORS, "bm25/data.csc.index.npy"])
def test_flipped_or_truncated_file_is_named(sample_index: Path, tmp_path: Path, name: str) -> None:
    root = _copy(sample_index, tmp_path)
    path = current_generation(root) / name  # type: ignore[operator]
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    path.write_bytes(bytes(blob))
    with pytest.raises(IndexCorrupted, match=name):
        load_index(root)
    path.write_bytes(bytes(blob[: len(blob) // 3]))
    with pytest.raises(IndexCorrupted, match="re-ingest"):
        load_index(root)


def test_broken_manifest_and_pointer(sample_index: Path, tmp_path: Path) -> None:
    root = _copy(sample_index, tmp_path)
    (current_generation(root) / MANIFEST).write_text("{not json", encoding="utf-8")  # type: ignore[operator]
    with pytest.raises(IndexCorrupted, match=MANIFEST):
        load_index(root)
    (root / CURRENT).write_text("gen-missing", encoding="utf-8")
    with pytest.raises(IndexCorrupted, match="missing"):
        load_index(root)


def test_index_files_are_the_owners_alone(tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    """Issue 15.6: generations, their files, CURRENT and the lock file were created 0644/0755."""
    root = tmp_path / "new" / "index"
    with usual_umask():
        ingest_paths([REPORTS], root=root, encoder=fake_encoder, progress=False)
        ingest_paths([REPORTS], root=root, encoder=fake_encoder, progress=False, rebuild=True)
    assert (root / "CURRENT").is_file() and (root / ".ingest.lock").exists()
    assert loose_modes(root) == []
