"""Building the heavy objects from settings: the encoder and a service over the live index."""

from __future__ import annotations

from embeddings.encoder import Encoder, load_encoder
from embeddings.errors import EmbeddingError
from qa.answer.service import QAService
from qa.config import Settings
from qa.errors import ModelUnavailable
from qa.index.store import IndexStore, open_store


def build_encoder(settings: Settings) -> Encoder:
    try:
        return load_encoder(
            settings.model,
            cache=settings.model_cache,
            device=settings.device,
            batch_size=settings.encode_batch_size,
            backend=settings.encoder_backend,
            int8_min_cosine=settings.int8_min_cosine,
        )
    except EmbeddingError as exc:
        raise ModelUnavailable(str(exc)) from exc
    except OSError as exc:  # sentence-transformers/HF: not a model folder, or not in the local cache
        raise ModelUnavailable(
            f"cannot load model {settings.model!r} from disk ({exc}); set QA_MODEL to a model folder"
        ) from exc


def open_service(
    settings: Settings, encoder: Encoder | None = None, store: IndexStore | None = None
) -> QAService:
    """Load the live index from the configured store (``QA_STORE``); refuses an index built with
    another model."""
    encoder = encoder or build_encoder(settings)
    data = (store or open_store(settings)).load(model=encoder.name, dim=encoder.dim)
    return QAService(data, encoder, settings)
