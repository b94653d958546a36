from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.ingest.clean import clean_text

REPORTS = Path(__file__).resolve().parents[3] / "data" / "reports"


def sample(prefix: str) -> str:
    return next(REPORTS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_normalises_lines_spaces_and_invisible_characters() -> None:
    raw = "\ufeff  标题\r\n\r\n\u3000\u3000第一段\u200b内容。\x07\r第二段\xa0 内容。\n\n\n\t"
    assert clean_text(raw) == "标题\n第一段内容。\n第二段 内容。"


def test_004_loses_site_chrome_but_keeps_content() -> None:
    text = clean_text(sample("004"))
    for debris in (
        "备案号",
        "网站地图",
        "分享到",
        "【字体",
        "头部",
        "ico",
        "扫一扫",
        "相关新闻",
        "主办单位",
        "即将离开",
        "媒体报道",
        "门户网站",
    ):
        assert debris not in text, debris
    assert "出庭应诉率为70%" in text
    lines = text.split("\n")
    assert lines[0].endswith("关于东城街道2022年法治政府建设情况的报告")
    assert lines[-2:] == ["中共东莞市东城街道工作委员会 东城街道办事处", "2023130日"]


def test_002_loses_chrome_and_source_line() -> None:
    text = clean_text(sample("002"))
    for debris in (
        "扫一扫在手机上打开当前页",
        "知识图谱",
        "点击标签名称",
        "当前展示专题",
        "发布时间",
        "相关信息和服务",
    ):
        assert debris not in text, debris
    assert text.startswith("罗湖区笋岗街道2021年度法治政府建设报告\n")
    assert "参考率100%,优秀率达100%" in text


def test_000_keeps_signature_lines() -> None:
    assert clean_text(sample("000")).split("\n")[-3:] == [
        "中共广州市白云区黄石街工作委员会",
        "广州市白云区人民政府黄石街道办事处",
        "2021年1月14日",
    ]


def test_provincial_header_keeps_title_subtitle_and_speaker(tmp_path: Path) -> None:
    raw = (
        "2026年河北省政府工作报告\n——2026年1月26日在河北省第十四届人民代表大会第四次会议上\n来源：河北日报\n"
        "时间：2026-02-02\n河北省人民政府省长 王正谱\n王正谱作政府工作报告。本报记者 霍艳恩摄\n各位代表：\n"
        "发表时间：\n2026-02-09 09:45:30\n正文第一段。"
    )
    assert clean_text(raw).split("\n") == [
        "2026年河北省政府工作报告",
        "——2026年1月26日在河北省第十四届人民代表大会第四次会议上",
        "河北省人民政府省长 王正谱",
        "各位代表：",
        "正文第一段。",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "我街道依托区政府门户网站发布政务信息89条，主动公开文件来源、发布时间和办理结果，接受群众监督，全年网站访问量稳步上升，群众满意度持续提高。",
        "主办单位：省人力资源社会保障厅、省财政厅，各州、市人民政府",
        "来源地核查、备案等工作持续规范，全年共办理企业备案事项1200件，办结率100%，群众满意率稳定在98%以上，实现了网站与窗口一体化办理。",
    ],
)
def test_report_prose_mentioning_site_words_survives(line: str) -> None:
    assert clean_text(f"正文开始。\n{line}\n结束。") == f"正文开始。\n{line}\n结束。"


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=2000)
    | st.text(alphabet="来源：网站\n\r\u3000 \x00\u200b扫一扫。年月日2023-", max_size=500)
)
def test_clean_text_never_crashes_and_has_no_empty_or_padded_lines(text: str) -> None:
    cleaned = clean_text(text)
    assert "\r" not in cleaned and "\u200b" not in cleaned
    if cleaned:
        for line in cleaned.split("\n"):
            assert line and line == line.strip()
            assert all(ch == "\t" or ord(ch) >= 32 and not 0x7F <= ord(ch) < 0xA0 for ch in line)
    assert clean_text(cleaned) == cleaned or len(clean_text(cleaned)) <= len(cleaned)
