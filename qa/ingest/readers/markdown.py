"""Markdown reduced to its text lines, in time linear in the input.

The inline patterns never rescan: a link or image label cannot hold a bracket and its target holds at
most one level of parentheses, all with possessive quantifiers, so ``"![" * n`` or ``"[a](" * n`` is
one pass (the patterns they replace retried every ``[`` to the end of the line: quadratic).
"""

from __future__ import annotations

import re

from qa.ingest.readers.limits import Budget

LINES_PER_CHECK = 2_000  # lines read between two looks at the clock

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*+")
_TARGET = r"\((?:[^()]++|\([^()]*+\))*+\)"  # (url "title"), one level of nested parentheses
_IMAGE = re.compile(rf"!\[([^\[\]]*+)\]{_TARGET}")
_LINK = re.compile(rf"\[([^\[\]]++)\]{_TARGET}")
_EMPHASIS = re.compile(r"(\*\*|__|~~)(.+?)\1")
_BULLET = re.compile(r"^\s*+(?:[-*+]\s+|>\s?)")
_RULE = re.compile(r"^\s*+(?:[-*_]\s*+){3,}+$|^\s*+```.*$")


def _strip_closing_hashes(line: str) -> str:
    """``## 标题 ##`` → ``## 标题``: trailing hashes after white space go."""
    bare = line.rstrip("#")
    if bare != line and bare and bare[-1].isspace():
        return bare.rstrip()
    return line


def markdown_line(line: str) -> str:
    """One line with its heading mark, list or quote mark, images, links and emphasis reduced to text."""
    line = _HEADING.sub("", line, count=1)
    line = _strip_closing_hashes(line)
    line = _BULLET.sub("", line, count=1)
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _EMPHASIS.sub(r"\2", line)
    return line.strip()


def markdown_to_text(markdown: str, *, budget: Budget | None = None) -> str:
    """Markdown reduced to its text lines: heading marks, emphasis, link and list syntax removed; rules
    and code fences dropped. Raises ``UnsupportedFile`` when ``budget`` runs out."""
    out: list[str] = []
    for number, line in enumerate(markdown.splitlines()):
        if budget is not None and number % LINES_PER_CHECK == 0:
            budget.check()
        if _RULE.match(line):
            continue
        out.append(markdown_line(line))
    return "\n".join(out)
