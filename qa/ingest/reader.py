"""Which reading of the reports an index holds: a fingerprint of the code and data that read them.

The ingest pipeline skips a file it has indexed before — unless the reading has changed since (the
years a report covers, the facts it states, its sections): then the file is read again. Each report
records the reading it was made with (``Metadata.sources["reader"]``)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]  # qa/
# What decides how a file is read: the ingest code and the lexicon (its code and word lists)
_READING = ("ingest/*.py", "lexicon/*.py", "lexicon/data/*", "records.py")


@cache
def reader_version() -> str:
    """A short fingerprint of the reading code and data (the same for the same checkout)."""
    digest = hashlib.sha256()
    for path in sorted(p for pattern in _READING for p in _PACKAGE.glob(pattern) if p.is_file()):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
