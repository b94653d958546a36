"""Errors of the embeddings package (kept free of ``qa`` imports)."""

from __future__ import annotations


class EmbeddingError(Exception):
    """Base class: the message is meant for the user."""


class ModelUnavailable(EmbeddingError):
    """The configured model is not on disk, or its download failed (nothing is fetched at run time)."""


class StoreUnavailable(EmbeddingError):
    """The passage store (a Milvus server or Milvus Lite file) cannot be reached or refused a request."""
