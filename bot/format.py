"""Pure formatting: answers, sources, passages and report lists as Telegram HTML.

Every string that comes from a user or a report goes through :func:`escape`; only the tags written
here (``<b>``, ``<i>``) reach Telegram unescaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from qa import CLAUSE_END, SECTION_SEP, SENTENCE_END, Answer, Citation, DocumentInfo, figure_spans

MESSAGE_LIMIT = 4096  # Telegram's limit on one message's text
PAGE_SIZE = 3  # further citations shown per 「更多结果」 page
_SENTENCE_END = re.compile(rf"[{re.escape(SENTENCE_END + CLAUSE_END)}]+|\n+")
_TOKEN = re.compile(r"<[^>]*>|&[#\w]+;|[^<&]", re.DOTALL)
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)")

EXAMPLES = ("东城街道行政诉讼出庭率是多少？", "黄石街道召开行政办公会议多少次？", "四季青街道专题学法几次？")
APOLOGY = "抱歉，处理这条消息时出了点问题，已经记录下来。请稍后再试。"
UNAVAILABLE = "报告索引暂时不可用（正在加载或维护中），请稍后再试。"
RATE_LIMITED = "提问有点太快了 🙂 请稍等一会儿再问。"
REFUSAL = "抱歉，这个机器人只对内部服务台开放，暂时不能为这个对话提供服务。"
EXPIRED = "这条回答已过期，请重新提问。"
NO_MORE = "没有更多结果了。"
THANKS = "谢谢反馈！"
ALREADY_RATED = "已经收到你对这条回答的反馈了。"
EMPTY_QUESTION = "请在命令后写上问题，例如：/ask " + EXAMPLES[0]


def escape(text: str) -> str:
    """HTML-escape report or user text for Telegram (``<``, ``>``, ``&`` and quotes)."""
    return html.escape(text, quote=True)


def bold_figures(text: str) -> str:
    """``text`` escaped, with each figure (number with unit, percentage) in ``<b>``."""
    out: list[str] = []
    last = 0
    for start, end in figure_spans(text):
        out.append(escape(text[last:start]))
        out.append(f"<b>{escape(text[start:end])}</b>")
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def _year(year: int | None) -> str:
    return f"{year}年" if year else "年份不详"


def section_path(section: str) -> str:
    return section.replace(SECTION_SEP, " › ")


def source_line(citation: Citation) -> str:
    """``📄 《title》（2022年）`` (``（2022年，第3页）`` for a PDF report) and the section path on the next
    line, escaped."""
    page = f"，第{citation.page}页" if citation.page else ""
    line = f"📄 《{escape(citation.title)}》（{_year(citation.year)}{page}）"
    if citation.section:
        line += f"\n{escape(section_path(citation.section))}"
    return line


def coverage(documents: Iterable[DocumentInfo]) -> str:
    """What is indexed, e.g. ``东城街道(2022)、黄石街道(2020)`` (escaped)."""
    years: dict[str, set[str]] = {}
    for doc in documents:
        years.setdefault(doc.district or doc.title, set()).add(str(doc.year) if doc.year else "年份不详")
    return escape("、".join(f"{name}({'、'.join(sorted(ys))})" for name, ys in sorted(years.items())))


def answer_html(answer: Answer, asked: str, documents: Sequence[DocumentInfo]) -> str:
    """The reply to a question: the answer sentence (figures bold) and its source, or a plain not-found."""
    parts: list[str] = []
    if answer.question.strip() != asked.strip():
        parts.append(f"<i>按“{escape(answer.question)}”理解</i>")
    if not answer.found or not answer.citations:
        return "\n".join([*parts, not_found_html(answer, documents)])
    # the checked figure first ("东城街道 2022年 出庭应诉率：70%"), the sentence as its evidence
    if answer.headline:
        parts.append(f"<b>{escape(answer.headline)}</b>")
    if answer.note:
        parts.append(f"<i>{escape(answer.note)}</i>")
    parts.append(bold_figures(answer.answer))
    if answer.table:
        parts.append("")
        parts.extend(table_lines(answer))
    parts.append("")
    parts.append(source_line(answer.citations[0]))
    more = len(answer.citations) - 1
    if more:
        parts.append(f"\n另有 {more} 条相关出处，点「更多结果」查看。")
    return "\n".join(parts)


def table_lines(answer: Answer) -> list[str]:
    """Comparison rows, one a line: district (year): value in bold, or 未披露."""
    lines = []
    for row in answer.table:
        value = f"<b>{escape(str(row['value_text']))}</b>" if row.get("value") is not None else "未披露"
        lines.append(f"• {escape(str(row['district']))}（{_year(row.get('year'))}）：{value}")
    return lines


def not_found_html(answer: Answer, documents: Sequence[DocumentInfo]) -> str:
    """Say plainly that nothing was found; then what the reports do state nearby (each with its
    source), or else what the index holds."""
    text = escape(answer.answer or "没有在已收录的报告中找到答案。")
    if answer.related:
        text += "\n\n报告中相近的内容（并非所问）："
        for citation in answer.related:
            excerpt = citation.text if len(citation.text) <= 120 else citation.text[:120] + "…"
            text += f"\n• {bold_figures(excerpt)}\n  {source_line(citation).splitlines()[0]}"
    elif "已收录：" not in answer.answer:
        text += f"\n已收录：{coverage(documents)}。"
    return text


def more_html(answer: Answer, page: int) -> str:
    """Page ``page`` (from 1) of the citations after the first."""
    rest = answer.citations[1:]
    first = (page - 1) * PAGE_SIZE
    shown = rest[first : first + PAGE_SIZE]
    pages = max(1, -(-len(rest) // PAGE_SIZE))
    lines = [f"<b>更多结果</b>（第 {page}/{pages} 页）"]
    for n, citation in enumerate(shown, start=first + 2):
        excerpt = citation.text if len(citation.text) <= 200 else citation.text[:200] + "…"
        lines.append(f"\n{n}. {source_line(citation)}\n{bold_figures(excerpt)}")
    return "\n".join(lines)


def page_count(answer: Answer) -> int:
    return -(-(len(answer.citations) - 1) // PAGE_SIZE)


def passage_html(text: str, citation: Citation, *, sentences: int = 2, max_chars: int = 400) -> str:
    """The 「原文」 view: the cited passage in bold with up to ``sentences`` sentences either side."""
    if text[citation.start : citation.end] != citation.text:  # the report changed since: show what we have
        body = f"<b>{escape(citation.text)}</b>"
    else:
        lo = _context_start(text, citation.start, sentences, max_chars)
        hi = _context_end(text, citation.end, sentences, max_chars)
        before = ("…" if lo > 0 else "") + text[lo : citation.start].lstrip()
        after = text[citation.end : hi].rstrip() + ("…" if hi < len(text) else "")
        body = f"{escape(before)}<b>{escape(citation.text)}</b>{escape(after)}"
    return f"{source_line(citation)}\n\n{body}"


def _context_start(text: str, start: int, sentences: int, max_chars: int) -> int:
    lo = max(0, start - max_chars)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    if len(ends) > sentences:
        return ends[-(sentences + 1)]
    return lo


def _context_end(text: str, end: int, sentences: int, max_chars: int) -> int:
    hi = min(len(text), end + max_chars)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, end, hi)]
    if len(ends) >= sentences:
        return ends[sentences - 1] if sentences else end
    return hi


def reports_html(documents: Sequence[DocumentInfo]) -> str:
    if not documents:
        return "索引中还没有报告。"
    ordered = sorted(documents, key=lambda d: (d.district, d.year or 0, d.title))
    lines = [f"<b>已收录的报告</b>（{len(ordered)} 份）"]
    lines += [
        f"• 《{escape(d.title)}》— {escape(d.district or '地区不详')}，{_year(d.year)}" for d in ordered
    ]
    return "\n".join(lines)


def help_html(documents: Sequence[DocumentInfo]) -> str:
    examples = "\n".join(f"• {escape(q)}" for q in EXAMPLES)
    return (
        "<b>法治问答</b>：回答关于各地法治政府建设报告的问题，"
        "答案是报告中的原句，并注明出自哪份报告、哪一节。\n\n"
        "直接发问题（群里请 @我 或用 /ask 问题），例如：\n"
        f"{examples}\n\n"
        "追问时可以只说地区或年份，例如“那四季青街道呢？”或“2021年呢？”。\n"
        "/reports 列出已收录的报告。\n\n"
        f"{reports_html(documents)}"
    )


# ---- splitting --------------------------------------------------------------------------------
def _units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _closers(stack: Sequence[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _openers(stack: Sequence[tuple[str, str]]) -> str:
    return "".join(tag for _, tag in stack)


def split_html(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split Telegram HTML into messages of at most ``limit`` units, preferring line breaks.

    Never cuts inside a tag or an entity; a tag open at a cut is closed at the end of one message and
    opened again at the start of the next.
    """
    if _units(text) <= limit:
        return [text] if _visible(text) else []
    tokens = _TOKEN.findall(text)
    chunks: list[str] = []
    stack: list[tuple[str, str]] = []
    current: list[str] = []  # tokens of the message being built, after its re-opened tags
    prefix = ""  # tags re-opened at the start of the message being built
    size = 0
    newline: tuple[int, list[tuple[str, str]]] | None = None  # cut after a line break: (index, open tags)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        after = _push(stack, token)
        if current and size + _units(token) + _units(_closers(after)) > limit:
            cut, kept = (newline[0], newline[1]) if newline is not None else (len(current), stack)
            chunks.append(prefix + "".join(current[:cut]) + _closers(kept))
            prefix, current, stack = _openers(kept), current[cut:], kept
            for t in current:
                stack = _push(stack, t)
            size = _units(prefix) + sum(_units(t) for t in current)
            newline = None
            continue
        current.append(token)
        size += _units(token)
        stack = after
        if token == "\n":
            newline = (len(current), stack)
        i += 1
    chunks.append(prefix + "".join(current) + _closers(stack))
    return [c for c in (chunk.strip("\n") for chunk in chunks) if _visible(c)]


def _push(stack: list[tuple[str, str]], token: str) -> list[tuple[str, str]]:
    tag = _TAG.match(token)
    if not (tag and token.startswith("<")):
        return stack
    closing, name = tag.group(1), tag.group(2).lower()
    if closing and stack and stack[-1][0] == name:
        return stack[:-1]
    if not closing:
        return [*stack, (name, token)]
    return stack


def _visible(chunk: str) -> bool:
    return bool(re.sub(r"<[^>]*>", "", chunk).strip())
