"""The reference word shares (``bench/word_shares.py`` wrote them over 189 real reports)."""

from __future__ import annotations

from qa.lexicon.shares import MIN_SHARE, reference_share


def test_the_reports_common_words_have_large_shares_and_unknown_words_none() -> None:
    assert reference_share("企业") > 0.1  # about a sixth of all passages
    assert MIN_SHARE <= reference_share("打击") < 0.02  # a report word, not an everywhere one
    assert reference_share("没有这个词") == 0.0
