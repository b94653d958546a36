"""What reading one file may cost: a file over these limits is refused with the limit named, so a huge
or hostile file cannot hold the index's writer lock for long."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from qa.errors import UnsupportedFile


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """Per-file limits of the readers (``QA_MAX_TEXT_CHARS``, ``QA_MAX_PDF_PAGES``, ``QA_MAX_READ_SECONDS``;
    the byte size is checked before reading, ``QA_MAX_FILE_BYTES``)."""

    max_chars: int = 5_000_000  # characters of text one document may hold
    max_pages: int = 2_000  # pages of one PDF
    max_seconds: float = 30.0  # wall time to read one file; a PDF is read in a process killed at this limit


@dataclass(frozen=True, slots=True)
class Budget:
    """The time left to read one file; ``check()`` refuses the file once it has run out."""

    name: str
    seconds: float
    deadline: float = field(default=0.0)

    @classmethod
    def start(cls, name: str, seconds: float) -> Budget:
        return cls(name=name, seconds=seconds, deadline=time.monotonic() + seconds)

    def left(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def exceeded(self) -> UnsupportedFile:
        return UnsupportedFile(
            f"{self.name}: not read within the limit of {self.seconds:g} s (QA_MAX_READ_SECONDS): "
            "the file is too large or too complex; split it, or save it as plain text"
        )

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise self.exceeded()


def check_chars(name: str, text: str, limits: ReadLimits) -> None:
    """Refuse a document whose text is longer than the limit."""
    if len(text) > limits.max_chars:
        raise UnsupportedFile(
            f"{name}: {len(text):,} characters of text, over the limit of {limits.max_chars:,} "
            "(QA_MAX_TEXT_CHARS); split the report"
        )
