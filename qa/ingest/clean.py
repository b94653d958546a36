"""Clean decoded report text: one paragraph per line, web-page debris removed.

Debris is recognised by general patterns (site chrome, share/print links, breadcrumbs, source and
time stamps, photo captions), and only on short lines, so report prose that happens to mention a
website or a source survives.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from qa.lexicon.text import CLAUSE_END, ELLIPSIS, OUTLINE_RANKS, SENTENCE_END, heading_rank

DEBRIS_MAX = 60  # a line longer than this is never debris by pattern
TITLE_MAX = 80
TITLE_WINDOW = 10  # the title is among the first lines
TAIL_SHORT = 30  # trailing chrome lines are short

_NEWLINES = re.compile(r"\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_INVISIBLE = re.compile(
    "[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")

_TIME = r"\d{1,2}[:：]\d{2}(?:[:：]\d{2})?|\d{1,2}时\d{1,2}分(?:\d{1,2}秒)?"
_ISO_DATE = r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
_CN_DATE = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
TIMESTAMP = re.compile(rf"(?:{_ISO_DATE}|{_CN_DATE})\s*(?:{_TIME})")
DATE_LINE = re.compile(
    rf"^(?:{_ISO_DATE}|{_CN_DATE}|\d{{4}}年?\d{{1,2}}月?\d{{1,2}}日|[〇○零一二三四五六七八九十]{{4}}年[一二三四五六七八九十]{{1,3}}月[一二三四五六七八九十]{{1,3}}日)$"
)
LABEL_ONLY = re.compile(
    r"^(?:来源|来\s*源|发布时间|发表时间|时间|日期|作者|编辑|责任编辑|信息来源|文章来源)\s*[:：]?$"
)

# Lines that are debris when short: site chrome, share/print widgets, stamps, captions.
_DEBRIS_PATTERNS = (
    r"扫一扫|手机(?:上)?(?:打开|浏览|阅读)|二维码",
    r"^【?\s*(?:字体|字号)\s*[:：]?",
    r"打印本页|关闭窗口|【\s*(?:打印|关闭|收藏)\s*】|^(?:打印|关闭|收藏|下载|全屏|返回顶部)(?:\s+\S{1,4})*$",
    r"^(?:分享到|分享)\s*[:：]?",
    r"^相关(?:新闻|信息|链接|报道|文档|文件|附件|阅读|稿件|专题|推荐)",
    r"^(?:文章)?关键[词字]\s*[:：]",
    r"(?:主办|承办|协办)(?:单位)?\s*[:：].*(?:承办|网站|备案|ICP|版权|技术支持|标识码|地址|电话|邮编)",
    r"网站标识码|备案号|ICP|公网安备|技术支持\s*[:：]|网站地图|联系我们|版权所有|[Cc]opyright|©",
    r"您访问的链接即将离开|即将离开.{0,20}网站",
    r"^(?:头部|ico|首页|尾部|导航|当前位置|您的位置|您现在的位置|您当前的位置|位置)(?:\s*[:：>＞].*)?$",
    r"^首页\s*[>＞]|[>＞]\s*(?:正文|详情)$",
    r"^知识图谱$|点击标签名称查看更多信息|当前展示专题专栏信息类别内容|^返回$|^相关信息和服务$",
    r"^(?:信息|文章)?来\s*源\s*[:：]|^(?:发布|发表|更新|成文)?(?:时间|日期)\s*[:：]|发布时间\s*[:：]",
    r"浏览次数|阅读量|访问量|点击量|点击数|浏览量|阅读次数|责任编辑|^编辑\s*[:：]|^作者\s*[:：]",
    r"(?:记者|摄影|通讯员)\s*[\u4e00-\u9fff·]{2,6}(?:\s*[\u4e00-\u9fff·]{2,6}){0,2}\s*摄?\s*$",
    r"\S\s*摄\s*$",
    r"^[^，,。；]{0,30}作政府工作报告[。.]?$",
)
DEBRIS = re.compile("|".join(f"(?:{p})" for p in _DEBRIS_PATTERNS))
_SITE_NAME = re.compile(r"网站|门户|政府网|客户端|日报|新闻网|网$")
_MEETING = re.compile(r"代表大会|会议上|会议开幕")
_TITLE_WORDS = re.compile(r"报告|情况|总结|要点|纲要|规划|述职|公报|汇报")
_SENTENCE_END = tuple(SENTENCE_END + CLAUSE_END + ELLIPSIS)
_SIGNATURE_END = re.compile(r"(?:委员会|办事处|人民政府|政府|党工委|党委|街道|镇|乡|局|办公室|中心)$")


def _numbered_lines(text: str) -> list[tuple[str, int]]:
    """``normalize_lines``, each line with the index of the line of ``text`` (split on "\n") it comes
    from, so that what is known per input line (a PDF paragraph's page) follows it through cleaning."""
    out: list[tuple[str, int]] = []
    for origin, raw in enumerate(text.split("\n")):
        raw = _INVISIBLE.sub("", _NEWLINES.sub("\n", raw))
        raw = "".join(ch for ch in raw if ch == "\n" or ch == "\t" or unicodedata.category(ch) != "Cc")
        for piece in raw.split("\n"):
            line = _SPACES.sub(" ", piece).strip()
            if line:
                out.append((line, origin))
    return out


def normalize_lines(text: str) -> list[str]:
    """Lines of ``text`` with newlines normalised, invisible and control characters removed, spaces
    (incl. full-width and no-break) collapsed, each line stripped; empty lines dropped."""
    return [line for line, _ in _numbered_lines(text)]


def is_debris(line: str) -> bool:
    """A short line of web-page chrome: share/print widgets, site footer, stamps, captions."""
    if _is_caption(line):
        return True
    if len(line) > DEBRIS_MAX:
        return False
    if DEBRIS.search(line) and not _MEETING.search(line):
        return True
    if TIMESTAMP.search(line) and len(line) <= DEBRIS_MAX:
        return True  # "中国东莞政府门户网站 2023-02-03 15:46:45", a bare time stamp
    return bool(re.fullmatch(_ISO_DATE, line))


def _is_caption(line: str) -> bool:
    """A photo caption (may run a little long): ends with a reporter's credit."""
    return len(line) <= 150 and bool(re.search(r"(?:记者|摄影|通讯员)[^，,。；;]{0,14}$", line))


def is_sentence_like(line: str) -> bool:
    return line.endswith((*_SENTENCE_END, "：", ":", "”", "’"))


def is_heading_like(line: str) -> bool:
    """A line that opens with an outline marker (第一部分, 一、, （一）, 1.)."""
    rank = heading_rank(line)
    return rank is not None and rank <= OUTLINE_RANKS


def is_title_line(line: str) -> bool:
    """A report title: short, names a report (报告/情况/总结 …), not a heading, sentence, caption,
    subtitle or debris."""
    return (
        len(line) <= TITLE_MAX
        and bool(_TITLE_WORDS.search(line))
        and not line.endswith(("。", "；", ";", "：", ":"))
        and not line.startswith(("—", "-", "－", "(", "（", "―"))
        and not is_heading_like(line)
        and not _MEETING.search(line)
        and "作政府工作报告" not in line
        and not is_debris(line)
    )


def find_title(lines: Sequence[str]) -> int | None:
    """Index of the title line among the first lines, or None when the report has none."""
    for i, line in enumerate(lines[:TITLE_WINDOW]):
        if is_title_line(line):
            return i
        if len(line) > TITLE_MAX and not is_debris(line):
            return None  # prose has started
    return None


def is_signature_line(line: str) -> bool:
    """An issuer or date line at the end of a report."""
    return bool(DATE_LINE.match(line.replace(" ", ""))) or (
        len(line) <= 2 * TAIL_SHORT and bool(_SIGNATURE_END.search(line)) and not line.endswith(_SENTENCE_END)
    )


def _debris_free(lines: Sequence[str]) -> list[int]:
    """Indices of the lines that are not web debris."""
    kept: list[int] = []
    skip_value = False
    for i, line in enumerate(lines):
        if skip_value and len(line) <= TAIL_SHORT and not line.endswith(_SENTENCE_END):
            skip_value = False  # the value under a "来源：" / "时间：" label line
            continue
        skip_value = bool(LABEL_ONLY.match(line))
        if skip_value or is_debris(line) or (_SITE_NAME.search(line) and TIMESTAMP.search(line)):
            continue
        kept.append(i)
    return kept


def _leading_chrome_end(lines: Sequence[str]) -> int:
    """How many lines of site chrome come before the title (0 when none or no title)."""
    title = find_title(lines)
    if title is None:
        return 0
    before = lines[:title]
    if all(len(line) <= 2 * TAIL_SHORT and not line.endswith(_SENTENCE_END) for line in before):
        return title
    return 0


def _trailing_chrome_start(lines: Sequence[str]) -> int:
    """Where the short navigation lines after the last line of report text (prose, an issuer or a
    date) begin: ``len(lines)`` when there are none."""
    last = len(lines) - 1
    while last >= 0:
        line = lines[last]
        if (
            len(line) > TAIL_SHORT
            or line.endswith(_SENTENCE_END)
            or is_signature_line(line)
            or is_heading_like(line)
        ):
            break
        last -= 1
    return last + 1 if last >= 0 else len(lines)


def clean_lines(text: str) -> list[tuple[str, int]]:
    """The lines of the cleaned text, each with the index of the line of ``text`` (split on "\n") it
    comes from: web debris, leading site chrome and trailing navigation dropped."""
    numbered = _numbered_lines(text)
    numbered = [numbered[i] for i in _debris_free([line for line, _ in numbered])]
    numbered = numbered[_leading_chrome_end([line for line, _ in numbered]) :]
    return numbered[: _trailing_chrome_start([line for line, _ in numbered])]


def clean_text(text: str) -> str:
    """Cleaned report text: paragraphs joined by single newlines, no empty lines, no web debris."""
    return "\n".join(line for line, _ in clean_lines(text))
