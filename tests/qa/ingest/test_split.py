from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.ingest.split import passage_spans, sentence_spans


def pieces(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


def test_sentences_end_after_terminators_and_keep_closing_quotes() -> None:
    text = "他说：“我们要努力。大家加油！”然后走了。很好……下一句？最后没有句号"
    assert pieces(text, sentence_spans(text)) == [
        "他说：“我们要努力。大家加油！”",
        "然后走了。",
        "很好……下一句？",
        "最后没有句号",
    ]


def test_never_split_inside_book_title_marks() -> None:
    text = "印发《关于做好工作的通知。补充说明》文件。第二句。"
    assert pieces(text, sentence_spans(text)) == ["印发《关于做好工作的通知。补充说明》文件。", "第二句。"]


def test_clauses_split_at_semicolons() -> None:
    text = "排查纠纷318宗；化解307件;提供咨询223次。"
    assert pieces(text, sentence_spans(text)) == [text]
    assert pieces(text, sentence_spans(text, clauses=True)) == [
        "排查纠纷318宗；",
        "化解307件;",
        "提供咨询223次。",
    ]


def test_spans_respect_start_end_and_trim_whitespace() -> None:
    text = "前文。  第一句。 第二句。  后文。"
    start, end = text.index("第一"), text.index("后文")
    assert pieces(text, sentence_spans(text, start, end)) == ["第一句。", "第二句。"]
    assert sentence_spans(text, 5, 5) == [] and sentence_spans("   ") == []


def test_passages_group_whole_sentences_and_balance() -> None:
    text = "甲" * 59 + "。"
    paragraph = text * 5  # 300 chars, five sentences of 60
    spans = passage_spans(paragraph, max_chars=200)
    assert [e - s for s, e in spans] == [180, 120]
    assert all(paragraph[s:e].endswith("。") for s, e in spans)


def test_long_sentence_split_at_semicolon_then_comma_only_when_over_twice_max() -> None:
    medium = "乙" * 150 + "，" + "丙" * 100 + "。"  # 252 chars: kept whole
    assert passage_spans(medium, max_chars=200) == [(0, len(medium))]
    long = "；".join(["丁" * 60 + "，" + "戊" * 60] * 5) + "。"
    spans = passage_spans(long, max_chars=200)
    assert len(spans) > 1 and all(e - s <= 200 for s, e in spans)
    assert "".join(long[s:e] for s, e in spans) == long


def check_spans(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    previous = start
    for s, e in spans:
        assert previous <= s < e <= end
        assert not text[s].isspace() and not text[e - 1].isspace()
        previous = e


texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=600) | st.text(
    alphabet="。！？；，“”《》…）甲乙 \n\x00\x07", max_size=3000
)


@settings(max_examples=200, deadline=None)
@given(texts, st.integers(-5, 700), st.integers(-5, 4000), st.booleans())
def test_sentence_spans_properties(text: str, start: int, end: int, clauses: bool) -> None:
    spans = sentence_spans(text, start, end, clauses=clauses)
    lo = max(0, min(start, min(end, len(text)) if end >= 0 else 0))
    check_spans(text, spans, lo, max(0, min(end, len(text))))
    # Every non-space character of the range is covered.
    covered = sum(e - s for s, e in spans)
    assert covered >= sum(1 for ch in text[lo : max(0, min(end, len(text)))] if not ch.isspace())


@settings(max_examples=200, deadline=None)
@given(texts, st.integers(1, 300))
def test_passage_spans_properties(text: str, max_chars: int) -> None:
    spans = passage_spans(text, max_chars=max_chars)
    check_spans(text, spans, 0, len(text))
    assert all(e - s <= 2 * max_chars for s, e in spans)


def test_very_long_line_without_punctuation() -> None:
    text = "字" * 100_000
    spans = passage_spans(text, max_chars=200)
    assert spans[0][0] == 0 and spans[-1][1] == len(text) and all(e - s <= 400 for s, e in spans)
