"""The index on Milvus (Milvus Lite, embedded): ingest, answers, add/replace/delete, migration, faults."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from embeddings.encoder import FakeEncoder
from qa.answer.service import QAService
from qa.compose import open_store
from qa.config import Settings
from qa.errors import DocumentNotFound, IndexConflict, IndexMismatch, IndexNotFound
from qa.eval import evaluate, load_items
from qa.index.data import IndexData
from qa.index.local import LocalPassageIndex, load_index, local_parts
from qa.index.milvus import MilvusIndexStore
from qa.index.store import Change
from qa.ingest.pipeline import copy_index, ingest_paths, remove_reports
from tests.conftest import DEV_QA, REPORTS, make_settings
from tests.qa.ingest.test_pipeline import CountingEncoder


def milvus_settings(tmp_path: Path, **overrides: object) -> Settings:
    return make_settings(
        tmp_path / "index", store="milvus", milvus_uri=str(tmp_path / "milvus.db"), **overrides
    )


@pytest.fixture(scope="module")
def sample_milvus(tmp_path_factory: pytest.TempPathFactory, fake_encoder: FakeEncoder) -> IndexData:
    """The five sample reports ingested into Milvus Lite (read-only)."""
    tmp = tmp_path_factory.mktemp("milvus-sample")
    store = open_store(milvus_settings(tmp))
    ingest_paths([REPORTS], store=store, encoder=fake_encoder, progress=False)
    return store.load()


def _catalog(data: IndexData) -> tuple[object, ...]:
    return (
        {d: (r.meta, r.text, r.sha256) for d, r in data.reports.items()},
        sorted((p.passage_id, p.section, p.start, p.end) for p in data.passages),
        sorted(repr(f) for f in data.facts),
    )


def test_catalog_matches_the_local_index(sample_milvus: IndexData, sample_index: Path) -> None:
    local = load_index(sample_index)
    assert _catalog(sample_milvus) == _catalog(local)
    assert not isinstance(sample_milvus.backend, LocalPassageIndex) and sample_milvus.generation.startswith(
        "gen-"
    )
    # Term frequencies for the answer stage agree with the local BM25 matrix.
    for token in ("出庭应诉率", "信访", "合法性审查"):
        assert sample_milvus.backend.document_frequency(token) == local.backend.document_frequency(token) > 0


def test_answers_match_the_local_store(sample_milvus: IndexData, sample_service: QAService) -> None:
    settings = sample_service.settings
    milvus = QAService(sample_milvus, sample_service.retriever.encoder, settings)
    answer = milvus.ask("东城街道行政诉讼出庭率")
    assert answer.found and "70%" in answer.answer and answer.citations[0].district == "东城街道"
    cite = answer.citations[0]
    assert milvus.document(cite.doc_id).text[cite.start : cite.end] == cite.text
    items = [i for i in load_items(DEV_QA) if int(i.id[1:]) <= 28]  # the questions on the sample reports
    on_milvus, on_local = evaluate(milvus, items), evaluate(sample_service, items)
    assert on_milvus.accuracy >= on_local.accuracy - 0.02, (on_milvus.summary(), on_local.summary())
    assert on_milvus.refusal_rate == 1.0


def test_add_replace_delete_by_report(tmp_path: Path) -> None:
    store = open_store(milvus_settings(tmp_path))
    assert isinstance(store, MilvusIndexStore)
    files = sorted(REPORTS.glob("*.txt"))
    enc = CountingEncoder()
    ingest_paths(files[:4], store=store, encoder=enc, progress=False)
    before = store.load()
    enc.encoded = 0
    added = ingest_paths([files[4]], store=store, encoder=enc, progress=False)
    after = store.load()
    assert added.added == (files[4].name,)
    assert enc.encoded == len(after.passages) - len(before.passages)  # only the new report is encoded
    assert store.passages.count() == len(after.passages)

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(files[0], src / files[0].name)
    (src / files[0].name).write_text(
        files[0].read_text(encoding="utf-8") + "\n新增加的一段内容：共办理案件12件。", encoding="utf-8"
    )
    replaced = ingest_paths([src], store=store, encoder=enc, progress=False)
    data = store.load()
    assert replaced.replaced == (files[0].name,) and len(data.reports) == 5
    assert any("共办理案件12件" in p.text for p in data.passages)
    assert store.passages.count() == len(data.passages)  # the old version's rows are gone

    victim = next(d for d, r in data.reports.items() if r.district == "东城街道")
    left = remove_reports([victim], store=store)
    assert victim not in left.reports and all(f.doc_id != victim for f in left.facts)
    assert store.passages.count() == len(left.passages)
    service = QAService(left, enc, milvus_settings(tmp_path))
    gone = service.ask("东城街道行政诉讼出庭率")
    assert not gone.found and all(c.doc_id != victim for c in gone.citations)
    with pytest.raises(DocumentNotFound, match="nope"):
        remove_reports(["nope"], store=store)


def test_interrupted_commit_leaves_the_live_index_and_is_cleaned_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(milvus_settings(tmp_path))
    assert isinstance(store, MilvusIndexStore)
    files = sorted(REPORTS.glob("*.txt"))
    enc = FakeEncoder(64)
    ingest_paths(files[:2], store=store, encoder=enc, progress=False)
    live = store.load()

    def crash(state: object) -> None:
        raise KeyboardInterrupt("killed before the state row was written")

    with monkeypatch.context() as patch:
        patch.setattr(store.catalog, "set_state", crash)
        with pytest.raises(KeyboardInterrupt):
            ingest_paths(files[2:3], store=store, encoder=enc, progress=False)
    still = store.load()
    assert still.generation == live.generation and set(still.reports) == set(live.reports)
    assert store.passages.count() > len(still.passages)  # the orphans are there but not served
    ingest_paths(files[3:4], store=store, encoder=enc, progress=False)
    now = store.load()
    assert len(now.reports) == 3 and store.passages.count() == len(now.passages)


def test_a_commit_on_a_changed_index_is_refused(tmp_path: Path) -> None:
    settings = milvus_settings(tmp_path)
    enc = FakeEncoder(64)
    files = sorted(REPORTS.glob("*.txt"))
    store = open_store(settings)
    ingest_paths(files[:1], store=store, encoder=enc, progress=False)
    stale = store.load()
    ingest_paths(files[1:2], store=store, encoder=enc, progress=False)  # another writer lands first
    assert isinstance(store, MilvusIndexStore)
    with pytest.raises(IndexConflict, match="run it again"):
        store.commit(
            stale,
            Change(
                reports=dict(stale.reports),
                removed=frozenset(),
                passages=(),
                vectors=np.zeros((0, 64), dtype=np.float32),
                facts=(),
                dictionary=stale.dictionary,
            ),
        )
    assert len(store.load().reports) == 2


def test_empty_store_and_model_mismatch_are_clear(tmp_path: Path) -> None:
    store = open_store(milvus_settings(tmp_path))
    with pytest.raises(IndexNotFound, match="qa migrate --to milvus"):
        store.load()
    ingest_paths(sorted(REPORTS.glob("*.txt"))[:1], store=store, encoder=FakeEncoder(64), progress=False)
    with pytest.raises(IndexMismatch, match="QA_MODEL=fake-hash-64"):
        store.load(model="m3e-small", dim=512)
    with pytest.raises(IndexMismatch, match="rebuild"):
        ingest_paths([REPORTS], store=store, encoder=FakeEncoder(32), progress=False)


def test_migrate_copies_vectors_without_encoding(sample_index: Path, tmp_path: Path) -> None:
    local = load_index(sample_index)
    store = open_store(milvus_settings(tmp_path))
    copied = copy_index(local, store)
    assert _catalog(copied) == _catalog(local)
    assert isinstance(store, MilvusIndexStore)
    row = 7
    pid = local.passages[row].passage_id
    stored = store.passages.client.get(store.passages.name, ids=[pid], output_fields=["dense"])[0]["dense"]
    np.testing.assert_allclose(
        np.asarray(stored, dtype=np.float32), local_parts(local).vectors.vectors()[row]
    )
    # Copying again onto the same store replaces, never duplicates.
    again = copy_index(local, store)
    assert store.passages.count() == len(again.passages) == len(local.passages)
