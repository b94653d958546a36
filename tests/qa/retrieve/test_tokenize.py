from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from qa.config import get_settings
from qa.retrieve.tokenize import Tokenizer


def test_domain_terms_and_places_stay_whole() -> None:
    tokenizer = Tokenizer(extra_words=["四季青街道"])
    tokens = tokenizer.tokens("四季青街道行政诉讼出庭应诉率为70%")
    assert "出庭应诉率" in tokens
    assert "四季青街道" in tokens
    assert "70%" in tokens or "70" in tokens


def test_stopwords_and_punctuation_dropped() -> None:
    tokens = Tokenizer().tokens("东城街道的出庭率是多少？")
    assert "的" not in tokens and "多少" not in tokens and "？" not in tokens


def test_tokenizers_do_not_share_vocabulary() -> None:
    a = Tokenizer(extra_words=["青枫义警"])
    b = Tokenizer()
    assert "青枫义警" in a.words and "青枫义警" not in b.words


def test_jiebas_cache_lives_in_the_projects_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15.6: jieba wrote (and trusted, on the next start) its dictionary cache in the shared
    temporary folder, where anyone on the machine could replace it."""
    shared_tmp = tmp_path / "shared-tmp"
    shared_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared_tmp))
    monkeypatch.setenv("QA_CACHE_DIR", str(tmp_path / "project-cache"))
    get_settings.cache_clear()
    try:
        assert "出庭" in Tokenizer().tokens("东城街道的出庭率是多少")
    finally:
        get_settings.cache_clear()
    assert list((tmp_path / "project-cache" / "jieba").glob("jieba*.cache"))
    assert list(shared_tmp.iterdir()) == []


def test_letters_glued_to_digits_are_parted() -> None:
    tokens = Tokenizer().tokens("全年实现GDP3464.09亿元")
    assert "gdp" in tokens and "3464.09" in tokens and not any("gdp3" in t for t in tokens)


def test_word_class_reads_jiebas_part_of_speech() -> None:
    tokenizer = Tokenizer()
    assert tokenizer.word_class("法院") == "n"
    assert tokenizer.word_class("建了") == "v"  # 建 + 了: the longest piece, the first of equals
    assert tokenizer.word_class("刚") == "d"


def test_general_frequency_is_jiebas_count_of_the_word_or_its_longest_piece() -> None:
    tokenizer = Tokenizer()
    assert tokenizer.general_frequency("接受") > 1000 > tokenizer.general_frequency("放款") > 0
    assert tokenizer.general_frequency("建了") == tokenizer.general_frequency("建")
