"""Shared fixtures: a fake deterministic encoder for fast tests, the real model for integration tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from embeddings.encoder import Encoder, FakeEncoder
from qa.answer.service import QAService
from qa.config import PROJECT_ROOT, Settings
from qa.index.local import load_index
from qa.ingest.pipeline import ingest_paths
from tests.qa.ingest.office_fixtures import make_docx, make_pdf, soffice_path

# gRPC's C core (pymilvus ↔ Milvus Lite) logs keepalive chatter at interpreter exit, after pytest's
# summary line; keep it quiet (read when grpc is first imported, which is later than this).
os.environ.setdefault("GRPC_VERBOSITY", "NONE")

REPORTS = PROJECT_ROOT / "data" / "reports"
SHARED = PROJECT_ROOT.parent / "shared"
CORPUS_EXTRA = SHARED / "corpus_extra"
DEV_QA = SHARED / "eval" / "dev_qa.jsonl"


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may reach a model hub."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


def make_settings(index_dir: Path, **overrides: object) -> Settings:
    """Test settings; Starlette's TestClient sends ``Host: testserver``, so that name is allowed."""
    values: dict[str, object] = {
        "model": "fake",
        "verifier": False,  # fitted on m3e-small's scores: the fake encoder's mean nothing to it
        "feedback_db": index_dir / "feedback.sqlite3",
        "allowed_hosts": "testserver",
    }
    return Settings(index_dir=index_dir, **(values | overrides))


@pytest.fixture(scope="session")
def fake_encoder() -> FakeEncoder:
    return FakeEncoder(64)


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory, fake_encoder: FakeEncoder) -> Path:
    """The five sample reports indexed with the fake encoder (read-only: copy before changing)."""
    root = tmp_path_factory.mktemp("sample-index")
    ingest_paths([REPORTS], root=root, encoder=fake_encoder, progress=False)
    return root


@pytest.fixture(scope="session")
def sample_service(sample_index: Path, fake_encoder: FakeEncoder) -> QAService:
    return QAService(load_index(sample_index), fake_encoder, make_settings(sample_index))


@pytest.fixture(scope="session")
def real_encoder() -> Iterator[Encoder]:
    """m3e-small from the model cache (`make setup` fetches it); integration tests need it."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from qa.compose import build_encoder
    from qa.config import get_settings

    yield build_encoder(get_settings().model_copy(update={"model": "m3e-small"}))


@pytest.fixture(scope="session")
def full_service(tmp_path_factory: pytest.TempPathFactory, real_encoder: Encoder) -> QAService:
    """Sample reports plus the provincial reports from ../shared, with the real model."""
    if not CORPUS_EXTRA.is_dir():
        pytest.fail(
            f"{CORPUS_EXTRA} is missing: the integration tests read the provincial reports from shared/"
        )
    root = tmp_path_factory.mktemp("full-index")
    ingest_paths([REPORTS, CORPUS_EXTRA], root=root, encoder=real_encoder, progress=False)
    settings = Settings(index_dir=root, model=real_encoder.name)
    return QAService(load_index(root, model=real_encoder.name), real_encoder, settings)


SOFFICE_MISSING = (
    "LibreOffice (soffice) is not installed, so no PDF can be printed: `make test` installs "
    "libreoffice-writer-nogui and fonts-noto-cjk where it runs as root or with sudo"
)


@dataclass(frozen=True)
class OfficeSample:
    """A sample report as published: its .txt, a government-style .docx and (with LibreOffice) the PDF."""

    txt: Path
    docx: Path
    pdf: Path | None


@pytest.fixture(scope="session")
def office_samples(tmp_path_factory: pytest.TempPathFactory) -> list[OfficeSample]:
    """The five sample reports as .docx, and as PDF when LibreOffice is installed (two printed at a time)."""
    out = tmp_path_factory.mktemp("office-samples")
    sources = sorted(REPORTS.glob("*.txt"))
    docs = [make_docx(src.read_text(encoding="utf-8"), out / "docx" / f"{src.stem}.docx") for src in sources]
    if soffice_path() is None:
        return [OfficeSample(src, docx, None) for src, docx in zip(sources, docs, strict=True)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        pdfs = list(pool.map(lambda docx: make_pdf(docx, out / "pdf"), docs))
    return [OfficeSample(src, docx, pdf) for src, docx, pdf in zip(sources, docs, pdfs, strict=True)]


@pytest.fixture(scope="session")
def pdf_samples(office_samples: list[OfficeSample]) -> list[OfficeSample]:
    """``office_samples`` with their PDFs; skips without LibreOffice."""
    if any(sample.pdf is None for sample in office_samples):
        pytest.skip(SOFFICE_MISSING)
    return office_samples
