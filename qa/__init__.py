"""法治问答 core: ingest reports, retrieve passages, answer with citations.

The interfaces (``api``, ``bot``) use only what is exported here.
"""

from qa.answer.service import DocumentInfo, QAService
from qa.compose import build_encoder, open_feedback, open_service, open_store
from qa.config import Settings, get_settings
from qa.errors import (
    DocumentNotFound,
    IndexConflict,
    IndexCorrupted,
    IndexMismatch,
    IndexNotFound,
    InvalidQuestion,
    ModelUnavailable,
    QAError,
    StoreUnavailable,
    UnsupportedFile,
)
from qa.index.feedback import Feedback, FeedbackLog, FeedbackStore
from qa.index.store import IndexStore
from qa.ingest.pipeline import IngestResult, ingest_paths, remove_reports
from qa.records import Answer, Citation, Metadata, Passage, Report

__all__ = [
    "Answer",
    "Citation",
    "DocumentInfo",
    "DocumentNotFound",
    "Feedback",
    "FeedbackLog",
    "FeedbackStore",
    "IndexConflict",
    "IndexCorrupted",
    "IndexStore",
    "IndexMismatch",
    "IndexNotFound",
    "IngestResult",
    "InvalidQuestion",
    "ModelUnavailable",
    "Metadata",
    "Passage",
    "QAError",
    "QAService",
    "Report",
    "Settings",
    "StoreUnavailable",
    "UnsupportedFile",
    "build_encoder",
    "get_settings",
    "ingest_paths",
    "open_feedback",
    "open_service",
    "open_store",
    "remove_reports",
]
