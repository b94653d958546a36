"""Sentence-aware splitting of Chinese text with exact character offsets.

All spans are ``(start, end)`` pairs into the text passed in, so ``text[start:end]`` is the piece;
spans are ordered, non-overlapping, non-empty and trimmed of surrounding whitespace.
"""

from __future__ import annotations

import math
from itertools import accumulate

from qa.lexicon import text

SENTENCE_END = frozenset(text.SENTENCE_END)
CLAUSE_END = frozenset(text.CLAUSE_END)
# Characters that stay with the sentence they close: closing quotes and brackets, ellipses.
CLOSERS = frozenset(text.CLOSERS)
# Quoted spans that are never split: opener -> closer.
PAIRS = text.QUOTE_PAIRS
MAX_PROTECTED = 500  # a "quote" longer than this is more likely an unmatched mark than a quotation
SOFT_BREAKS = ("；;", "，,、")


def _bounds(text: str, start: int, end: int | None) -> tuple[int, int]:
    n = len(text)
    stop = n if end is None else max(0, min(end, n))
    begin = max(0, min(start, stop))
    return begin, stop


def _protected(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(opener, closer) index pairs of balanced quotes/book-title marks inside text[start:end]."""
    closers = {c: o for o, c in PAIRS.items()}
    stacks: dict[str, list[int]] = {o: [] for o in PAIRS}
    pairs: list[tuple[int, int]] = []
    for i in range(start, end):
        ch = text[i]
        if ch in PAIRS:
            stacks[ch].append(i)
        elif ch in closers and stacks[closers[ch]]:
            opener = stacks[closers[ch]].pop()
            if i - opener <= MAX_PROTECTED:
                pairs.append((opener, i))
    return pairs


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def sentence_spans(
    text: str, start: int = 0, end: int | None = None, *, clauses: bool = False
) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` as absolute spans.

    A sentence ends after 。！？!? (and ；; when ``clauses``), taking along any closing quotes,
    brackets and ellipses that follow; a break that would fall inside a balanced 《…》 or “…” is
    skipped. A trailing fragment without a terminator is a sentence of its own.
    """
    begin, stop = _bounds(text, start, end)
    enders = SENTENCE_END | CLAUSE_END if clauses else SENTENCE_END
    # depth[k] > 0: a break at begin + k would cut a quoted span in two (difference array).
    depth = [0] * (stop - begin + 2)
    for opener, closer in _protected(text, begin, stop):
        depth[opener + 1 - begin] += 1
        depth[closer + 1 - begin] -= 1
    blocked = list(accumulate(depth))
    spans: list[tuple[int, int]] = []
    seg_start = begin
    i = begin
    while i < stop:
        if text[i] not in enders:
            i += 1
            continue
        j = i + 1
        while j < stop and (text[j] in enders or text[j] in CLOSERS):
            j += 1
        if not blocked[j - begin]:
            span = _trim(text, seg_start, j)
            if span:
                spans.append(span)
            seg_start = j
        i = j
    tail = _trim(text, seg_start, stop)
    if tail:
        spans.append(tail)
    return spans


def _cut_at(text: str, start: int, end: int, marks: str) -> list[tuple[int, int]]:
    """Pieces of text[start:end] ending after any of ``marks`` (trimmed, non-empty)."""
    pieces: list[tuple[int, int]] = []
    seg = start
    for i in range(start, end):
        if text[i] in marks:
            span = _trim(text, seg, i + 1)
            if span:
                pieces.append(span)
            seg = i + 1
    span = _trim(text, seg, end)
    if span:
        pieces.append(span)
    return pieces


def _break_long(text: str, span: tuple[int, int], max_chars: int, level: int = 0) -> list[tuple[int, int]]:
    """Units of a sentence: itself unless longer than 2*max_chars, then clauses (at ； then ，),
    and fixed-size cuts as a last resort for a run without such punctuation."""
    if span[1] - span[0] <= 2 * max_chars:
        return [span]
    while level < len(SOFT_BREAKS):
        pieces = _cut_at(text, span[0], span[1], SOFT_BREAKS[level])
        level += 1
        if len(pieces) > 1:
            return [unit for piece in pieces for unit in _break_long(text, piece, max_chars, level)]
    return _hard_cut(text, span, max_chars)


def _hard_cut(text: str, span: tuple[int, int], max_chars: int) -> list[tuple[int, int]]:
    start, end = span
    parts = math.ceil((end - start) / max_chars)
    size = math.ceil((end - start) / parts)
    out: list[tuple[int, int]] = []
    for s in range(start, end, size):
        piece = _trim(text, s, min(s + size, end))
        if piece:
            out.append(piece)
    return out


def _group(units: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    """Fewest groups of consecutive units each at most ``max_chars`` long (a unit longer than that
    stands alone), and among those the most even sizes (least sum of squared lengths)."""
    n = len(units)
    inf = (math.inf, math.inf)
    best: list[tuple[float, float]] = [inf] * (n + 1)
    back = [0] * (n + 1)
    best[0] = (0, 0)
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            length = units[j - 1][1] - units[i][0]
            if length > max_chars and i != j - 1:
                break
            groups, squares = best[i]
            cand = (groups + 1, squares + length * length)
            if cand < best[j]:
                best[j] = cand
                back[j] = i
    spans: list[tuple[int, int]] = []
    j = n
    while j > 0:
        i = back[j]
        spans.append((units[i][0], units[j - 1][1]))
        j = i
    spans.reverse()
    return spans


def passage_spans(
    text: str, start: int = 0, end: int | None = None, *, max_chars: int = 200
) -> list[tuple[int, int]]:
    """Whole sentences of one paragraph ``text[start:end]`` grouped into passages of at most
    ``max_chars`` characters with balanced sizes. A sentence longer than ``2 * max_chars`` is split
    at ；then ，; one between ``max_chars`` and twice that is kept whole as its own passage."""
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, got {max_chars}")
    units = [u for s in sentence_spans(text, start, end) for u in _break_long(text, s, max_chars)]
    return _group(units, max_chars) if units else []
