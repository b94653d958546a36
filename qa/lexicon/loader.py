"""One loader for the hand-made data files in ``qa/lexicon/data`` (UTF-8, ``#`` starts a comment line)."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def _lines(name: str) -> tuple[tuple[int, str], ...]:
    """(line number, line as written) of every line of ``data/<name>`` that is not blank or a comment."""
    text = resources.files("qa.lexicon").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return tuple(
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    )


def data_words(name: str) -> tuple[str, ...]:
    """The stripped lines of a one-entry-a-line file (stopwords, terms)."""
    return tuple(line.strip() for _, line in _lines(name))


def data_rows(name: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """(line number, its tab-separated cells, each stripped) of a table file."""
    return tuple((number, tuple(cell.strip() for cell in line.split("\t"))) for number, line in _lines(name))
