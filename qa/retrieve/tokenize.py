"""Chinese word splitting for BM25: a jieba tokenizer object with the domain dictionary.

The jieba dictionary is held by this object (``jieba.Tokenizer``), never by jieba's module globals,
so two indexes with different vocabularies can live in one process.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterable
from pathlib import Path

import jieba
import jieba.posseg

from qa.config import get_settings
from qa.lexicon.words import STOPWORDS, domain_terms

_WORD = re.compile(r"[\w%％]", re.UNICODE)


def domain_words() -> list[str]:
    """The domain dictionary (``qa/lexicon/data/terms.txt``): terms jieba must keep whole."""
    return [word for word, _ in domain_terms()]


_MIXED = re.compile(r"[a-z][0-9]|[0-9][a-z]")
_LETTERS_DIGITS = re.compile(r"[a-z]+|[0-9]+(?:\.[0-9]+)?|[^a-z0-9]+")


class Tokenizer:
    """Splits Chinese text into search tokens (jieba's search mode, stopwords and punctuation dropped)."""

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        logging.getLogger("jieba").setLevel(logging.WARNING)
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        # jieba trusts the dictionary cache it finds: keep it in this project's cache, not in /tmp.
        self._jieba.tmp_dir = str(get_settings().cache_dir / "jieba")
        with contextlib.suppress(OSError):  # unwritable: jieba then works without a cache file
            Path(self._jieba.tmp_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
        self._tagger: jieba.posseg.POSTokenizer | None = None  # made on first use
        self.words: set[str] = set()
        for word, freq in domain_terms():
            self.add_word(word, freq)
        for word in extra_words:
            self.add_word(word)

    def add_word(self, word: str, freq: int = 20) -> None:
        word = word.strip()
        if word and word not in self.words:
            self._jieba.add_word(word, freq=freq)
            self.words.add(word)

    def cut(self, text: str) -> list[str]:
        """The words of ``text`` as written (jieba's precise mode), punctuation included: for reading a
        question's structure rather than for search."""
        return [w for w in self._jieba.cut(text) if w.strip()]

    def word_class(self, word: str) -> str:
        """The part of speech of ``word`` in jieba's tags ("n", "v", "vn", "d" …; "x" for a word of the
        domain dictionary, which has none): of its longest piece when jieba parts it (建了: 建, "v")."""
        if self._tagger is None:
            self._tagger = jieba.posseg.POSTokenizer(self._jieba)
        pieces = list(self._tagger.cut(word))
        if not pieces:
            return "x"
        return max(pieces, key=lambda p: len(p.word)).flag

    def known(self, word: str) -> bool:
        """Whether ``word`` is a word of jieba's dictionary (or the domain's), not one its HMM made up."""
        self._jieba.check_initialized()
        return bool(self._jieba.FREQ.get(word))

    def general_frequency(self, word: str) -> int:
        """How common ``word`` is in general Chinese: its count in jieba's dictionary (built from a
        general corpus), or that of its longest piece when jieba parts it (建了: 建)."""
        self._jieba.check_initialized()
        if word in self._jieba.FREQ:
            return int(self._jieba.FREQ[word])
        pieces = self._jieba.lcut(word, HMM=False)
        return int(self._jieba.FREQ.get(max(pieces, key=len), 0)) if pieces else 0

    def tokens(self, text: str) -> list[str]:
        """Search terms: jieba's search mode, lower-cased, stopwords dropped, and letters parted from the
        digits jieba glues to them ("GDP3464.09" → gdp, 3464.09), so that GDP matches GDP."""
        out: list[str] = []
        for token in self._jieba.cut_for_search(text):
            token = token.strip().lower()
            for part in _LETTERS_DIGITS.findall(token) if _MIXED.search(token) else (token,):
                if part and part not in STOPWORDS and _WORD.search(part):
                    out.append(part)
        return out
