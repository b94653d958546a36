"""Composition: the one place that turns settings into the heavy objects — the encoder (torch, ONNX
int8/fp32, or the fake test encoder), the index store (local folder or Milvus), the feedback log that
goes with the store, and a service over the live index. Nothing else reads ``QA_STORE`` or
``QA_ENCODER_BACKEND``."""

from __future__ import annotations

from pathlib import Path

from embeddings.cache import CachedEncoder
from embeddings.encoder import Encoder, FakeEncoder, SentenceTransformerEncoder
from embeddings.fetch import resolve_model_path
from qa.answer.service import QAService
from qa.config import Settings
from qa.errors import ModelUnavailable, translated
from qa.index.feedback import FeedbackLog, FeedbackStore, MilvusFeedbackStore
from qa.index.local import LocalIndexStore
from qa.index.milvus import MilvusIndexStore, connect
from qa.index.store import IndexStore
from qa.ingest.readers import ReadLimits


def build_encoder(settings: Settings) -> Encoder:
    """The encoder the settings name, with its passage vectors cached on disk when ``QA_VECTOR_CACHE``
    is set."""
    encoder = _model_encoder(settings)
    return CachedEncoder(encoder, settings.vector_cache) if settings.vector_cache else encoder


def _model_encoder(settings: Settings) -> Encoder:
    """The encoder the settings name: ``fake``/``fake-hash-N`` (tests), or the model (``QA_MODEL``) run
    by sentence-transformers or by ONNX Runtime (exported locally on first use; int8 falls back to fp32
    where it drifts on this CPU)."""
    model = settings.model
    if model == "fake" or model.startswith("fake-hash-"):
        return FakeEncoder(int(model.rsplit("-", 1)[1]) if model.startswith("fake-hash-") else 64)
    backend = settings.encoder_backend
    if backend == "auto":
        backend = "onnx-int8" if _onnx_reproduces(model, settings.model_cache) else "torch"
    try:
        with translated():
            if backend == "torch":
                return SentenceTransformerEncoder(
                    model,
                    cache=settings.model_cache,
                    device=settings.device,
                    batch_size=settings.encode_batch_size,
                )
            from embeddings.onnx import load_onnx_encoder  # onnxruntime is only loaded when asked for

            model_dir = Path(resolve_model_path(model, settings.model_cache))
            return load_onnx_encoder(
                model_dir,
                settings.model_cache / f"{model_dir.name}-onnx",
                quantized=backend == "onnx-int8",
                base_name=model,
                batch_size=settings.encode_batch_size,
                min_cosine=settings.int8_min_cosine,
            )
    except OSError as exc:  # sentence-transformers/HF: not a model folder, or not in the local cache
        raise ModelUnavailable(
            f"cannot load model {model!r} from disk ({exc}); set QA_MODEL to a model folder"
        ) from exc


def _onnx_reproduces(model: str, cache: Path) -> bool:
    """``auto``: ONNX int8 for a model folder the export reproduces (m3e-small), torch otherwise."""
    from embeddings.errors import ModelUnavailable as NotOnDisk
    from embeddings.onnx import reproduces

    try:
        folder = Path(resolve_model_path(model, cache))
    except NotOnDisk:
        return False  # the torch path raises the same error with what to do
    return folder.is_dir() and reproduces(folder)


def open_store(settings: Settings) -> IndexStore:
    """The store the settings name (``QA_STORE``): the local folder ``QA_INDEX_DIR`` or Milvus."""
    if settings.store == "milvus":
        return MilvusIndexStore.from_settings(settings)
    return LocalIndexStore(settings.index_dir)


def open_feedback(settings: Settings) -> FeedbackLog:
    """The feedback log beside the configured index: SQLite (``QA_FEEDBACK_DB``) for the local store,
    the Milvus database for a Milvus store (so every replica writes to one log)."""
    if settings.store == "milvus":
        return MilvusFeedbackStore(connect(settings), f"{settings.milvus_collection}_feedback")
    return FeedbackStore(settings.feedback_db)


def read_limits(settings: Settings) -> ReadLimits:
    """What reading one file may cost (``QA_MAX_TEXT_CHARS``, ``QA_MAX_PDF_PAGES``, ``QA_MAX_READ_SECONDS``)."""
    return ReadLimits(
        max_chars=settings.max_text_chars,
        max_pages=settings.max_pdf_pages,
        max_seconds=settings.max_read_seconds,
    )


def open_service(
    settings: Settings, encoder: Encoder | None = None, store: IndexStore | None = None
) -> QAService:
    """Load the live index from the configured store; refuses an index built with another model."""
    encoder = encoder or build_encoder(settings)
    data = (store or open_store(settings)).load(model=encoder.name, dim=encoder.dim)
    return QAService(data, encoder, settings)
