"""Sentence encoders and passage search: what turns text into vectors and finds passages by them.

Knows nothing of reports: rows are positions in the caller's passage list, documents are ids.
"""

from embeddings.cache import CachedEncoder
from embeddings.encoder import Encoder, FakeEncoder, SentenceTransformerEncoder
from embeddings.errors import EmbeddingError, ModelUnavailable, StoreUnavailable
from embeddings.fetch import M3E_SMALL, fetch_m3e_small, resolve_model_path
from embeddings.search import Candidate, PassageSearch, Weights
from embeddings.vectors import VectorStore

__all__ = [
    "M3E_SMALL",
    "CachedEncoder",
    "Candidate",
    "EmbeddingError",
    "Encoder",
    "FakeEncoder",
    "ModelUnavailable",
    "PassageSearch",
    "SentenceTransformerEncoder",
    "StoreUnavailable",
    "VectorStore",
    "Weights",
    "fetch_m3e_small",
    "resolve_model_path",
]
