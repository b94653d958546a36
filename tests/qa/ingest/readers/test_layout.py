"""Page lines back into paragraphs, on handmade lines: furniture, wraps, page breaks, title blocks."""

from __future__ import annotations

import pytest

from qa.ingest.readers.layout import (
    Frame,
    Line,
    Paragraph,
    drop_page_furniture,
    estimate_frame,
    is_heading_start,
    join_lines,
    join_wrapped,
)


def _pages(*pages: list[str]) -> list[list[Line]]:
    return [[Line(text, n) for text in page] for n, page in enumerate(pages, 1)]


def test_page_numbers_and_running_header_removed() -> None:
    pages = _pages(
        ["某某街道办事处", "某某街道2020年工作报告", "今年以来，我街出庭应诉率为7", "— 1 —"],
        ["某某街道办事处", "0%，同比提高5个百分点。", "第 2 页 共 3 页"],
        ["某某街道办事处", "下一步，我街将继续努力。", "-3-"],
    )
    assert [line.text for line in drop_page_furniture(pages)] == [
        "某某街道2020年工作报告",
        "今年以来，我街出庭应诉率为7",
        "0%，同比提高5个百分点。",
        "下一步，我街将继续努力。",
    ]


def test_repeated_footer_with_a_page_number_removed() -> None:
    pages = _pages(
        ["正文一。", "某某街道 第1页"], ["正文二。", "某某街道 第2页"], ["正文三。", "某某街道 第3页"]
    )
    assert [line.text for line in drop_page_furniture(pages)] == ["正文一。", "正文二。", "正文三。"]


def test_with_geometry_only_the_header_and_footer_bands_are_candidates() -> None:
    """A table cell "12" in the body stays; the same number in the footer band goes."""
    page1 = [
        Line("某某街道办事处", 1, band="header"),
        Line("12", 1, band="body"),
        Line("— 1 —", 1, band="footer"),
    ]
    page2 = [
        Line("某某街道办事处", 2, band="header"),
        Line("正文。", 2, band="body"),
        Line("2", 2, band="footer"),
    ]
    assert [line.text for line in drop_page_furniture([page1, page2])] == ["12", "正文。"]


def test_a_single_page_keeps_its_title() -> None:
    pages = _pages(["某某街道工作报告", "正文第一段。", "1"])
    assert [line.text for line in drop_page_furniture(pages)] == ["某某街道工作报告", "正文第一段。"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [("一、总体情况", True), ("（一）加强领导", True), ("(二)加快转变", True), ("1.加强组织领导", True),
     ("（3）完善制度", True), ("第一部分 总体要求", True), ("1.5%的增长", False), ("十、康渝等4条高铁", True),
     ("第一批次", False), ("我街高度重视", False), ("一是加强领导", False)],
)  # fmt: skip
def test_heading_start(line: str, expected: bool) -> None:
    assert is_heading_start(line) is expected


def test_text_rules_join_wraps_and_break_after_sentence_ends() -> None:
    lines = [
        "各位代表：",
        "一、总体情况",
        "（一）加强组织领导",
        "我街高度重视法治建设工作，成立由街党工委书记为组长",
        "的依法治街工作领导小组，全年召开会议26次，出庭应诉率为7",
        "0%。今年以来，我街共召开行政办公会议26次；",
        "专题研究法治建设重大事项1次。",
    ]
    assert join_wrapped(lines) == [
        "各位代表：",
        "一、总体情况",
        "（一）加强组织领导",
        "我街高度重视法治建设工作，成立由街党工委书记为组长的依法治街工作领导小组，全年召开会议26次，出庭应诉率为70%。"
        "今年以来，我街共召开行政办公会议26次；",
        "专题研究法治建设重大事项1次。",
    ]


def test_text_rules_a_heading_lookalike_inside_a_sentence_is_joined() -> None:
    lines = [
        "西延高铁和眉太、岚皋至陕渝界等4条高速公路建成通车，西",
        "十、康渝等4条高铁加快建设，西安地铁15号线通车运营。",
    ]
    assert join_wrapped(lines) == [
        "西延高铁和眉太、岚皋至陕渝界等4条高速公路建成通车，西十、康渝等4条高铁加快建设，西安地铁15号线通车运营。"
    ]


def test_text_rules_a_run_in_heading_is_joined_and_latin_words_keep_their_space() -> None:
    assert join_wrapped(["（一）加强法治政府建设统筹谋划。我街高度重视法治建设工", "作，成立领导小组。"]) == [
        "（一）加强法治政府建设统筹谋划。我街高度重视法治建设工作，成立领导小组。"
    ]
    assert join_wrapped(["系统采用Windows", "Server平台。"]) == ["系统采用Windows Server平台。"]


def test_a_sentence_split_by_a_page_break_is_rejoined_after_the_footer_goes() -> None:
    pages = _pages(
        ["某某街道办事处", "今年以来，我街行政机关负责人出庭应诉率为7", "— 1 —"],
        ["某某街道办事处", "0%，比上年提高10个百分点。", "— 2 —"],
    )
    assert join_lines(drop_page_furniture(pages), None) == [
        Paragraph("今年以来，我街行政机关负责人出庭应诉率为70%，比上年提高10个百分点。", 1, ((21, 2),))
    ]


# Geometry: body frame from x=80 to x=520 (27.5 ems of 16pt), indent 2 ems, 29pt line pitch.
FRAME = Frame(left=80.0, right=520.0, em=16.0, pitch=29.0, indents=True)


def _line(text: str, x0: float, x1: float, base: float, page: int = 1, size: float = 16.0) -> Line:
    return Line(text, page, x0, x1, base, size, "body")


def test_geometry_paragraphs() -> None:
    lines = [
        _line("某某街道2020年法治政府建设工作报告", 150.0, 450.0, 120.0, size=22.0),  # centred title
        _line("各位代表：", 80.0, 160.0, 170.0),  # addressee: a short line
        _line("为全面贯彻党的十九大精神，充分发挥法治的保障作用。", 112.0, 520.0, 199.0),  # indented
        _line("我街严格按照区委要求开展工作，出庭应诉率为7", 80.0, 519.0, 228.0),  # 。 at the margin: no end
        _line("0%，汽车、有色金属行业增加值分别增长", 80.0, 415.0, 257.0),  # short, but the next
        _line("18.1%、16.6%，全面推进法治建设。", 80.0, 350.0, 286.0),  # word did not fit: joined
        _line("一、2020年法治建设工作情况", 112.0, 330.0, 315.0),
        _line("我街高度重视法治建设工作，成立由街党工委书记为", 112.0, 520.0, 344.0),
        _line("组长的领导小组。", 80.0, 210.0, 373.0),
        _line("共召开会议26次。", 80.0, 300.0, 100.0, page=2),
    ]
    assert [(p.text, p.page) for p in join_lines(lines, FRAME)] == [
        ("某某街道2020年法治政府建设工作报告", 1),
        ("各位代表：", 1),
        ("为全面贯彻党的十九大精神，充分发挥法治的保障作用。我街严格按照区委要求开展工作，出庭应诉率为70%，"
         "汽车、有色金属行业增加值分别增长18.1%、16.6%，全面推进法治建设。", 1),
        ("一、2020年法治建设工作情况", 1),
        ("我街高度重视法治建设工作，成立由街党工委书记为组长的领导小组。", 1),
        ("共召开会议26次。", 2),
    ]  # fmt: skip


def test_geometry_a_page_break_inside_a_number_and_the_page_it_turns_to() -> None:
    lines = [
        _line("我街高度重视法治建设工作，成立由街党工委书记为", 112.0, 520.0, 700.0, page=1),
        _line("组长的依法治街工作领导小组，出庭应诉率为7", 80.0, 519.0, 729.0, page=1),
        _line("0%。", 80.0, 120.0, 110.0, page=2),
        _line("下一步工作。", 112.0, 210.0, 139.0, page=2),
    ]
    first, second = join_lines(lines, FRAME)
    assert (
        first.text
        == "我街高度重视法治建设工作，成立由街党工委书记为组长的依法治街工作领导小组，出庭应诉率为70%。"
    )
    assert first.page == 1 and first.turns == ((first.text.index("0%。"), 2),)
    assert second == Paragraph("下一步工作。", 2)


def test_geometry_a_title_set_over_three_lines_is_one_paragraph() -> None:
    """A 22pt title wider than the frame wraps: two full lines and a short centred one, at the title's
    own line pitch (36pt, wider than the body's 29pt); the 16pt subtitle under it stands alone."""
    lines = [
        _line("中共东莞市东城街道工作委员会 东城街道办", 86.0, 516.0, 220.0, size=22.0),
        _line("事处关于东城街道2022年法治政府建设情况", 84.0, 516.0, 256.0, size=22.0),
        _line("的报告", 267.0, 333.0, 292.0, size=22.0),
        _line("（2023年1月10日）", 230.0, 370.0, 330.0),
        _line("2022年，东城街道坚持以习近平新时代中国特色社会主义思", 112.0, 520.0, 370.0),
        _line("想为指导。", 80.0, 160.0, 399.0),
    ]
    assert [p.text for p in join_lines(lines, FRAME)] == [
        "中共东莞市东城街道工作委员会 东城街道办事处关于东城街道2022年法治政府建设情况的报告",
        "（2023年1月10日）",
        "2022年，东城街道坚持以习近平新时代中国特色社会主义思想为指导。",
    ]


def test_geometry_right_aligned_signature_lines_stand_alone() -> None:
    lines = [
        _line("最后一段正文写到这里结束。", 112.0, 320.0, 500.0),
        _line("中共广州市白云区黄石街工作委员会", 200.0, 456.0, 560.0),
        _line("广州市白云区人民政府黄石街道办事处", 184.0, 456.0, 589.0),
        _line("2021年1月14日", 360.0, 456.0, 618.0),
    ]
    assert [p.text for p in join_lines(lines, FRAME)] == [
        "最后一段正文写到这里结束。",
        "中共广州市白云区黄石街工作委员会",
        "广州市白云区人民政府黄石街道办事处",
        "2021年1月14日",
    ]


def test_geometry_block_paragraphs_without_indent() -> None:
    frame = Frame(left=80.0, right=520.0, em=16.0, pitch=29.0, indents=False, spaced=True)
    lines = [
        _line("第一段的第一行写满了整整一行文字，到达右边距为止。", 80.0, 520.0, 100.0),
        _line("第一段的最后一行。", 80.0, 230.0, 129.0),
        _line("第二段在段间距之后，第一行写满了一行文字到达右边。", 80.0, 520.0, 170.0),
        _line("第二段的第二行。", 80.0, 220.0, 199.0),
    ]
    assert [p.text for p in join_lines(lines, frame)] == [
        "第一段的第一行写满了整整一行文字，到达右边距为止。第一段的最后一行。",
        "第二段在段间距之后，第一行写满了一行文字到达右边。第二段的第二行。",
    ]


def test_estimate_frame() -> None:
    lines = [_line("x" * 20, 112.0 if i % 4 == 0 else 80.0, 520.0, 100.0 + 29 * i) for i in range(12)]
    frame = estimate_frame(lines)
    assert frame is not None
    assert (frame.left, frame.right, frame.em, frame.pitch, frame.indents) == (80.0, 520.0, 16.0, 29.0, True)
    assert estimate_frame(lines[:2]) is None
