"""How much of the reports' prose uses a word, from a large reference index of real reports.

A user's index may hold a handful of reports, over which a word's passage count says little: the
service blends its own counts with these reference shares (``QAService.share``), weighing the
reference as ``AnswerWeights.reference_passages`` passages. The file is written by
``bench/word_shares.py``.
"""

from __future__ import annotations

from functools import cache

from qa.lexicon.loader import data_rows

FILE = "word_shares.tsv"
MIN_SHARE = 0.0005  # words used by fewer passages are left out of the file (their share reads as 0)


@cache
def _shares() -> dict[str, float]:
    return {cells[0]: int(cells[1]) / 1e6 for _, cells in data_rows(FILE)}


def reference_share(word: str) -> float:
    """The share of the reference index's passages that use ``word`` (0 for one used by fewer than
    ``MIN_SHARE``)."""
    return _shares().get(word, 0.0)
