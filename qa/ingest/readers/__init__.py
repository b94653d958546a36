"""Readers: report files (.txt .md .html .htm .pdf .docx) → ``RawDocument``, one module per format."""

from qa.ingest.readers.files import (
    SUPPORTED_SUFFIXES,
    iter_input_files,
    read_bytes,
    read_document,
    suffix_reason,
    supported_list,
)
from qa.ingest.readers.html import html_to_text
from qa.ingest.readers.limits import ReadLimits
from qa.ingest.readers.markdown import markdown_to_text
from qa.ingest.readers.text import decode_bytes

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ReadLimits",
    "decode_bytes",
    "html_to_text",
    "iter_input_files",
    "markdown_to_text",
    "read_bytes",
    "read_document",
    "suffix_reason",
    "supported_list",
]
