"""The few errors the core raises; interfaces convert them at their edge."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from embeddings import errors as embedding_errors


class QAError(Exception):
    """Base class: the message is meant for the user."""


class UnsupportedFile(QAError):
    """A file that cannot be ingested (type, encoding, binary, empty)."""


class IndexNotFound(QAError):
    """No index at the configured location."""


class IndexMismatch(QAError):
    """The index on disk was built with another model or format version."""


class IndexCorrupted(QAError):
    """An index file is missing, truncated or fails its checksum."""


class InvalidQuestion(QAError):
    """Empty, whitespace-only or over-long question, or bad parameters."""


class DocumentNotFound(QAError):
    """No report with that id."""


class UnknownIndicator(QAError):
    """An indicator the vocabulary does not know and no fact is filed under."""


class ModelUnavailable(QAError):
    """The configured embedding model is not on disk (nothing is downloaded at run time)."""


class StoreUnavailable(QAError):
    """The index store (a Milvus server, or a Milvus Lite file held by another process) cannot be used."""


class IndexConflict(QAError):
    """Another writer changed the index while this one was working; running again is safe."""


@contextmanager
def translated() -> Iterator[None]:
    """The one place where errors of the ``embeddings`` package become the core's own (same message):
    wrapped around every call from the core into ``embeddings`` that may fail at run time."""
    try:
        yield
    except embedding_errors.StoreUnavailable as exc:
        raise StoreUnavailable(str(exc)) from exc
    except embedding_errors.ModelUnavailable as exc:
        raise ModelUnavailable(str(exc)) from exc
    except embedding_errors.EmbeddingError as exc:
        raise QAError(str(exc)) from exc
