"""Formatting: escaping, figures in bold, sources, the 原文 view, not-found text, splitting."""

from __future__ import annotations

import random
import re

import pytest

from bot import format as fmt
from qa import Answer, Citation, DocumentInfo

TEXT = "第一句。第二句说<b>不是标签</b>&“引号”'单引号'。出庭应诉率为70%，共7宗。第四句。第五句。第六句。"


def _citation(text: str = TEXT, start: int | None = None, end: int | None = None, **kw: object) -> Citation:
    start = text.index("出庭") if start is None else start
    end = text.index("第四句") if end is None else end
    fields: dict[str, object] = {
        "doc_id": "d1",
        "title": 'A&B街道<2022>年"法治"报告',
        "district": "A&B街道",
        "year": 2022,
        "section": "一、工作情况 > (一)<行政>应诉",
        "text": text[start:end],
        "start": start,
        "end": end,
        "score": 1.0,
    }
    fields.update(kw)
    return Citation(**fields)  # type: ignore[arg-type]


def _doc(district: str, year: int | None, title: str = "报告") -> DocumentInfo:
    return DocumentInfo(
        doc_id=district,
        title=title,
        district=district,
        city="",
        level="街道",
        year=year,
        published=None,
        source="x.txt",
        sha256="0",
        passages=1,
    )


def _answer(
    found: bool = True, text: str = "出庭应诉率为70%，共7宗。", n: int = 1, question: str = "问"
) -> Answer:
    return Answer(
        question=question,
        answer=text if found else "没有在已收录的报告中找到答案。报告中没有与问题相符的内容。",
        found=found,
        confidence=0.9,
        took_ms=1.0,
        citations=tuple(_citation() for _ in range(n)) if found else (),
    )


def _tags_balanced(html: str) -> bool:
    stack: list[str] = []
    for closing, name in re.findall(r"<(/?)(\w+)[^>]*>", html):
        if closing:
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack


def test_escape_report_text() -> None:
    assert fmt.escape("<b>&\"'") == "&lt;b&gt;&amp;&quot;&#x27;"


def test_bold_figures_escapes_everything_else() -> None:
    html = fmt.bold_figures("率<为>70%，共7宗 & 2022年“好”")
    assert "<b>70%</b>" in html and "<b>7宗</b>" in html
    assert "&lt;为&gt;" in html and "&amp;" in html
    assert "<b>2022" not in html  # a year is not a figure
    assert re.sub(r"</?b>", "", html).count("<") == 0


def test_bold_figures_chinese_numerals_and_decimals() -> None:
    html = fmt.bold_figures("撤诉率达38.5%，办结十二件，一是加强领导")
    assert "<b>38.5%</b>" in html and "<b>十二件</b>" in html
    assert "<b>一" not in html


def test_answer_html_found_shows_answer_and_source() -> None:
    html = fmt.answer_html(_answer(n=3), "问", [])
    assert html.startswith("出庭应诉率为<b>70%</b>")
    assert "《A&amp;B街道&lt;2022&gt;年&quot;法治&quot;报告》（2022年）" in html
    assert "一、工作情况 › (一)&lt;行政&gt;应诉" in html
    assert "另有 2 条相关出处" in html
    assert _tags_balanced(html)


def test_source_line_names_the_page_of_a_pdf_report() -> None:
    assert fmt.source_line(_citation(page=3)).startswith(
        "📄 《A&amp;B街道&lt;2022&gt;年&quot;法治&quot;报告》（2022年，第3页）"
    )
    assert "页" not in fmt.source_line(_citation(page=None)).split("\n")[0]


def test_answer_html_says_how_a_follow_up_was_understood() -> None:
    html = fmt.answer_html(_answer(question="黄石街道<出庭率>"), "那黄石街道呢？", [])
    assert html.startswith("<i>按“黄石街道&lt;出庭率&gt;”理解</i>")


def test_not_found_says_what_is_indexed() -> None:
    html = fmt.answer_html(
        _answer(found=False, question="天气"), "天气", [_doc("东城街道", 2022), _doc("黄石街道", 2020)]
    )
    assert "没有在已收录的报告中找到答案" in html
    assert "已收录：东城街道(2022)、黄石街道(2020)" in html
    assert "<b>" not in html and "📄" not in html  # nothing presented as an answer


def test_not_found_keeps_the_cores_coverage() -> None:
    answer = Answer(
        "q", "没有找到。已收录的报告没有覆盖2021年的内容（已收录：东城街道(2022)）。", False, 0, 1
    )
    html = fmt.not_found_html(answer, [_doc("东城街道", 2022)])
    assert html.count("已收录") == 2  # the core's own wording, not repeated


def test_passage_view_has_context_and_bold_citation() -> None:
    citation = _citation()
    html = fmt.passage_html(TEXT, citation, sentences=1)
    assert "<b>出庭应诉率为70%，共7宗。</b>" in html
    assert "第二句说&lt;b&gt;不是标签&lt;/b&gt;&amp;“引号”&#x27;单引号&#x27;。" in html
    assert "第四句。" in html and "第五句" not in html and "第一句" not in html
    assert html.rstrip().endswith("…")
    assert _tags_balanced(html)


def test_passage_view_when_report_changed() -> None:
    html = fmt.passage_html("完全不同的文本", _citation())
    assert "<b>出庭应诉率为70%，共7宗。</b>" in html


def test_more_pages() -> None:
    answer = _answer(n=6)
    assert fmt.page_count(answer) == 2
    first, second = fmt.more_html(answer, 1), fmt.more_html(answer, 2)
    assert "第 1/2 页" in first and "\n2. " in first and "\n4. " in first and "\n5. " not in first
    assert "\n5. " in second and "\n6. " in second


def test_help_lists_examples_and_reports() -> None:
    html = fmt.help_html([_doc("东城街道", 2022, "东城<报告>")])
    assert all(fmt.escape(q) in html for q in fmt.EXAMPLES)
    assert "《东城&lt;报告&gt;》— 东城街道，2022年" in html


def test_split_short_message_is_one_chunk() -> None:
    assert fmt.split_html("<b>短</b>") == ["<b>短</b>"]
    assert fmt.split_html("   ") == []


def test_split_prefers_line_breaks_and_respects_limit() -> None:
    lines = [f"第{i}行：" + "字" * 30 for i in range(200)]
    chunks = fmt.split_html("\n".join(lines), limit=500)
    assert len(chunks) > 1
    assert all(len(c) <= 500 for c in chunks)
    assert all(c.split("\n")[0].startswith("第") for c in chunks)  # every chunk starts at a line
    assert "\n".join(chunks) == "\n".join(lines)


def test_split_never_cuts_inside_tags_or_entities() -> None:
    rng = random.Random(7)
    pieces = ["<b>", "</b>", "&amp;", "&lt;", "字", "a", "\n", "<i>粗&quot;</i>"]
    for _ in range(50):
        body = ""
        for _ in range(rng.randint(50, 400)):
            piece = rng.choice(pieces)
            if piece == "<b>":
                inner = [rng.choice(["字", "&amp;", "a", "\n"]) for _ in range(rng.randint(1, 30))]
                piece = "<b>" + "".join(inner) + "</b>"
            elif piece == "</b>":
                continue
            body += piece
        limit = rng.randint(40, 200)
        chunks = fmt.split_html(body, limit=limit)
        for chunk in chunks:
            assert len(chunk.encode("utf-16-le")) // 2 <= limit, chunk
            assert _tags_balanced(chunk), chunk
            assert re.fullmatch(r"(?:<[^<>]+>|&[#\w]+;|[^<>&])*", chunk, re.DOTALL), chunk

        # Nothing lost: the visible text is the same.
        def visible(s: str) -> str:
            return re.sub(r"<[^>]*>|\n", "", s)

        assert "".join(visible(c) for c in chunks) == visible(body)


@pytest.mark.parametrize("size", [4096, 4097, 10_000])
def test_split_default_limit(size: int) -> None:
    chunks = fmt.split_html("<b>" + "字" * size + "</b>")
    assert all(len(c) <= fmt.MESSAGE_LIMIT for c in chunks)
    assert sum(len(c) - len("<b></b>") for c in chunks) == size


def test_split_counts_utf16_units() -> None:
    chunks = fmt.split_html("😀" * 3000)  # each is two UTF-16 units
    assert len(chunks) == 2
    assert all(len(c.encode("utf-16-le")) // 2 <= fmt.MESSAGE_LIMIT for c in chunks)


def test_answer_html_renders_comparison_rows_escaped() -> None:
    from dataclasses import replace

    table = (
        {"district": "A&B街道", "year": 2022, "value": 70.0, "value_text": "70%"},
        {"district": "<C>街道", "year": None, "value": None, "value_text": ""},
    )
    html = fmt.answer_html(replace(_answer(), table=table), "问", [])
    assert "• A&amp;B街道（2022年）：<b>70%</b>" in html
    assert "• &lt;C&gt;街道（年份不详）：未披露" in html
    assert _tags_balanced(html)


def test_a_figure_answer_leads_with_its_value() -> None:
    answer = Answer(
        "东城街道行政诉讼出庭率", "出庭应诉率为70%", True, 0.9, 1.0, (_citation(),),
        value={"text": "70%", "indicator": "出庭应诉率", "district": "东城街道", "year": 2022},
    )  # fmt: skip
    html = fmt.answer_html(answer, "东城街道行政诉讼出庭率", [])
    assert html.startswith("<b>东城街道 2022年 出庭应诉率：70%</b>\n")


def test_a_refusal_names_what_the_report_does_state() -> None:
    answer = Answer(
        "东城街道败诉率",
        "没有在已收录的报告中找到答案。报告未披露败诉率。",
        False,
        0.0,
        1.0,
        related=(_citation(),),
    )
    html = fmt.answer_html(answer, "东城街道败诉率", [])
    assert "报告未披露败诉率" in html and "相近的内容（并非所问）" in html and "<b>70%</b>" in html
    assert "已收录：" not in html
