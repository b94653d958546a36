"""法治问答 core: ingest reports, retrieve passages, answer with citations.

The interfaces (``api``, ``bot``) use only what is exported here.
"""

from qa.answer.live import LiveService
from qa.answer.service import DocumentInfo, QAService
from qa.compose import build_encoder, open_feedback, open_service, open_store, read_limits
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
    UnknownIndicator,
    UnsupportedFile,
)
from qa.index.feedback import Feedback, FeedbackLog, FeedbackStore
from qa.index.store import IndexStore
from qa.ingest.pipeline import IngestResult, ingest_paths, remove_reports
from qa.ingest.upload import Upload, ingest_uploads
from qa.lexicon.figures import figure_spans
from qa.lexicon.text import CLAUSE_END, SECTION_SEP, SENTENCE_END
from qa.records import Answer, Citation, Metadata, Passage, Report

__all__ = [
    "CLAUSE_END",
    "SECTION_SEP",
    "SENTENCE_END",
    "figure_spans",
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
    "LiveService",
    "ModelUnavailable",
    "Metadata",
    "Passage",
    "QAError",
    "QAService",
    "Report",
    "Settings",
    "StoreUnavailable",
    "UnknownIndicator",
    "UnsupportedFile",
    "Upload",
    "build_encoder",
    "get_settings",
    "ingest_paths",
    "ingest_uploads",
    "open_feedback",
    "open_service",
    "open_store",
    "read_limits",
    "remove_reports",
]
