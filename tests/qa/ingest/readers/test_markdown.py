"""Markdown reduced to text lines, in time linear in the input, and within the read budget."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from qa.errors import UnsupportedFile
from qa.ingest.readers.limits import Budget
from qa.ingest.readers.markdown import markdown_line, markdown_to_text


def test_syntax_is_removed() -> None:
    text = '# 报告标题 #\n\n## 一、**工作**情况\n见[通知](http://example.com/a)。\n---\n- 条目 ![图](a.png "说明")\n> 引文'
    assert markdown_to_text(text).split("\n") == [
        "报告标题",
        "",
        "一、工作情况",
        "见通知。",
        "条目 图",
        "引文",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[链接](http://a.cn/b_(c))", "链接"),  # one level of parentheses in a target
        ("![](空.png)正文", "正文"),
        ("[未闭合(", "[未闭合("),
        ("~~删除~~ 与 __强调__", "删除 与 强调"),
        ("标题 ##", "标题"),
        ("标题##", "标题##"),
    ],
)
def test_inline_syntax(line: str, expected: str) -> None:
    assert markdown_line(line) == expected


def _seconds(text: str) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        markdown_to_text(text)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "![" * (n // 2),  # issue 15.5: every "![" rescanned the rest of the line
        lambda n: "[" * n,
        lambda n: "[a](" * (n // 4),
        lambda n: " " * n + "x#",
        lambda n: "**a" * (n // 3),
    ],
    ids=["images", "brackets", "open-targets", "closing-hashes", "emphasis"],
)
def test_time_grows_linearly(make: Callable[[int], str]) -> None:
    """8× the input takes about 8× the time (quadratic would be 64×)."""
    small, large = _seconds(make(100_000)), _seconds(make(800_000))
    assert large < 25 * max(small, 0.002), (small, large)


def test_a_long_run_of_image_openers_reads_in_seconds() -> None:
    started = time.perf_counter()
    assert markdown_to_text("![" * 200_000) == "![" * 200_000  # 80 KB took 70 s before
    assert time.perf_counter() - started < 5.0


def test_a_spent_budget_refuses_the_file() -> None:
    spent = Budget(name="r.md", seconds=1.0, deadline=time.monotonic() - 1)
    with pytest.raises(UnsupportedFile, match=r"^r\.md: not read within the limit of 1 s"):
        markdown_to_text("正文\n" * 10, budget=spent)
