"""HTML reduced to text lines, in time linear in the input, and within the read budget."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from qa.errors import UnsupportedFile
from qa.ingest.readers.html import html_to_text
from qa.ingest.readers.limits import Budget

PARAGRAPH = "<p>我街高度重视法治建设工作，共召开行政办公会议26次。</p>\n"


def test_blocks_become_lines_and_chrome_is_dropped() -> None:
    html = (
        "<html><head><title>页面</title><style>p{}</style></head><body>"
        "<nav>首页 &gt; 政务公开</nav><script>alert('<p>x</p>');</script>"
        "<h1>笋岗街道2021年度法治政府建设报告</h1>"
        "<p>第一段\n  内容。<br>第二行。</p><div>块<span>内联</span></div>"
        "<ul><li>甲</li><li>乙</li></ul><noscript>开启脚本</noscript><footer>版权所有</footer>"
        "</body></html>"
    )
    assert html_to_text(html).split("\n") == [
        "笋岗街道2021年度法治政府建设报告",
        "第一段 内容。",
        "第二行。",
        "块内联",
        "甲",
        "乙",
    ]


def test_cells_entities_pre_and_comments() -> None:
    html = (
        "<table><tr><td>项目</td><td>2022年</td></tr><tr><td>案件<td>15</tr></table>"
        "<p>法治&amp;建设&nbsp;&ldquo;枫桥经验&rdquo;&#26376;</p><!-- 注释 -->"
        "<pre>  缩进\n  保留 </pre><p><![if !supportLists]>1.<![endif]>条目</p>"
    )
    assert html_to_text(html).split("\n") == [
        "项目 2022年",
        "案件 15",
        "法治&建设 “枫桥经验”月",
        "缩进",
        "保留",
        "1.条目",
    ]


def test_unclosed_markup_and_empty_input() -> None:
    assert html_to_text("<p>一<p>二<div>三") == "一\n二\n三"
    assert html_to_text("") == "" and html_to_text("<!-- only a comment -->") == ""
    assert html_to_text("纯文本，没有标签") == "纯文本，没有标签"


def _seconds(read: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        read(text)
        best = min(best, time.perf_counter() - started)
    return best


def test_two_megabytes_of_flat_paragraphs_read_in_seconds() -> None:
    """Issue 15.5: 580 KB of flat <p> took over 60 s (one tree edit per block, each a scan of its
    siblings); 2 MB now reads in well under a second on a quiet machine."""
    html = "<html><body>" + PARAGRAPH * (2_000_000 // len(PARAGRAPH.encode())) + "</body></html>"
    started = time.perf_counter()
    text = html_to_text(html)
    assert time.perf_counter() - started < 10.0
    assert text.count("\n") + 1 == html.count("<p>")


@pytest.mark.parametrize(
    "make",
    [
        lambda n: PARAGRAPH * (n // len(PARAGRAPH)),  # flat blocks (quadratic in the old tree editing)
        lambda n: "<a " * (n // 3),  # unclosed tags (quadratic in html.parser)
        lambda n: "<div>" * (n // 5) + "x",  # deep nesting
        lambda n: "</" * (n // 2) + "<!" * (n // 2),
    ],
    ids=["flat-p", "unclosed-tags", "deep", "stray-markup"],
)
def test_time_grows_linearly(make: Callable[[int], str]) -> None:
    """8× the input takes about 8× the time (quadratic would be 64×); generous for busy machines."""
    small, large = _seconds(html_to_text, make(100_000)), _seconds(html_to_text, make(800_000))
    assert large < 25 * max(small, 0.002), (small, large)


def test_a_spent_budget_refuses_the_file_with_the_limit_named() -> None:
    spent = Budget(name="page.html", seconds=0.5, deadline=time.monotonic() - 1)
    with pytest.raises(
        UnsupportedFile, match=r"^page\.html: not read within the limit of 0\.5 s \(QA_MAX_READ_SECONDS\)"
    ):
        html_to_text(PARAGRAPH * 10, budget=spent)
