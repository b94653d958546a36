"""Sentence encoders and the dense vector store."""

from embeddings.encoder import Encoder, FakeEncoder, SentenceTransformerEncoder, load_encoder
from embeddings.fetch import M3E_SMALL, fetch_m3e_small, resolve_model_path
from embeddings.vectors import VectorStore

__all__ = [
    "M3E_SMALL",
    "Encoder",
    "FakeEncoder",
    "SentenceTransformerEncoder",
    "VectorStore",
    "fetch_m3e_small",
    "load_encoder",
    "resolve_model_path",
]
