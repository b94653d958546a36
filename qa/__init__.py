"""法治问答 core: ingest reports, retrieve passages, answer with citations.

The interfaces (``api``, ``bot``) use only what is exported here.
"""

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
from qa.feedback import Feedback, FeedbackLog, FeedbackStore, open_feedback
from qa.ingest import IngestResult, ingest_paths, remove_reports
from qa.records import Answer, Citation, Metadata, Passage, Report
from qa.runtime import build_encoder, open_service
from qa.service import DocumentInfo, QAService
from qa.store import IndexStore, open_store

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
