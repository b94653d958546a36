"""What a report says about itself: title, the unit it covers, the year it reports on, its date.

Everything is read from the text (headings, the title and subtitle lines, the signature, source and
time stamps), never from the file name. The only reference data is the list of China's
province-level divisions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from qa.ingest.clean import TITLE_WINDOW, find_title, normalize_lines
from qa.ingest.structure import parse_heading
from qa.lexicon.numerals import cn_number, digits_to_int
from qa.lexicon.places import PROVINCE_PATTERN, level_of, province_of
from qa.lexicon.words import PLAN_HEADING
from qa.records import Metadata

_CJK = "\u4e00-\u9fff"
_DATE_AR = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
_DATE_CN = re.compile(
    r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
_DATE_RUN = re.compile(r"^(\d{4})年?(\d{1,4})月?(\d{1,2})?日$")  # "2023130日": a date with marks lost
_LABELLED_TIME = re.compile(r"(?:发布|发表|更新)?(?:时间|日期)\s*[:：]\s*(.*)$")
_TIMESTAMP_TIME = re.compile(r"\d{1,2}[:：]\d{2}|\d{1,2}时\d{1,2}分")
_MEETING = re.compile(r"人民代表大会|人大|会议上")
_GOV_REPORT = re.compile(r"政府工作报告")
_YEAR_IN_TITLE = re.compile(r"(?<!\d)(\d{4})\s*年")
_REPORT_TOPIC = re.compile(r"现将(.{2,30}?)(?:有关|相关)?(?:工作)?(?:情况)?(?:报告|总结|汇报)如下")

# A 街道/镇/乡 named just before one of these is the reporting unit (strong) or a likely one (weak).
_UNIT_STRONG = r"办事处|工作委员会|党工委|党委|人民政府|\d{4}\s*年|法治|关于"
_UNIT_WEAK = r"在|坚持|[，,。、；\s]|$"
_UNIT_RE = re.compile(rf"(街道|镇|乡)(?=({_UNIT_STRONG})|{_UNIT_WEAK})")
_ADMIN_CHARS = set("省市区县州盟旗府委共党政")
_FUNCTION_CHARS = set("于的和与及在对向由经为将把被是了我本该各全所每其之等这那个些从按据以")
_PREFIX_WORDS = ("中共", "中国共产党", "关于", "按照", "根据", "印发", "制发", "推进", "加强", "创建", "成立")
_CHAIN_RE = re.compile(rf"([{_CJK}]{{2,5}}?市)?([{_CJK}]{{2,5}}?[区县])?$")
_CITY_COUNTY = re.compile(rf"[{_CJK}]{{2,5}}?市[{_CJK}]{{2,5}}?[区县]")
_REGION_SUFFIX = re.compile(rf"([{_CJK}]{{2,8}}?(?:自治区|自治州|特别行政区|省|市|区|县|旗|盟|街道|镇|乡))")


# --- dates ------------------------------------------------------------------------------------


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day) if 1900 <= year <= 2100 else None
    except ValueError:
        return None


def find_date(text: str) -> dt.date | None:
    """The first valid date in ``text``: 2021年1月14日, 2021-12-27, 二〇二六年一月二十七日."""
    for match in _DATE_AR.finditer(text):
        date = _valid(int(match[1]), int(match[2]), int(match[3]))
        if date:
            return date
    for match in _DATE_CN.finditer(text):
        year = digits_to_int(match[1])
        date = _valid(year, int(cn_number(match[2]) or 0), int(cn_number(match[3]) or 0))
        if date:
            return date
    return None


def _signature_date(line: str) -> dt.date | None:
    """A date standing alone on a line, also when its 年/月 marks were lost ("2023130日")."""
    compact = line.replace(" ", "")
    if len(compact) > 16:
        return None
    date = find_date(compact)
    if date:
        return date
    run = _DATE_RUN.match(compact)
    if run is None:
        return None
    digits = "".join(part or "" for part in run.groups()[1:])
    year = int(run[1])
    for split in (1, 2):
        month, day = digits[:split], digits[split:]
        if month and day and (date := _valid(year, int(month), int(day))):
            return date
    return None


def _labelled_date(lines: Sequence[str]) -> dt.date | None:
    """A date given by a 发布时间：/时间： label, on the label's line or the next."""
    for i, line in enumerate(lines):
        match = _LABELLED_TIME.search(line)
        if match is None:
            continue
        date = find_date(match[1]) or (
            find_date(lines[i + 1]) if i + 1 < len(lines) and not match[1] else None
        )
        if date:
            return date
    return None


def _stamp_date(lines: Iterable[str]) -> dt.date | None:
    """The date of a site time stamp (a date with a clock time) near the top."""
    for line in lines:
        if _TIMESTAMP_TIME.search(line) and len(line) <= 80 and (date := find_date(line)):
            return date
    return None


def _delivery_date(lines: Sequence[str]) -> dt.date | None:
    """The date of the meeting the report was delivered at (the subtitle of a 政府工作报告, which
    may run over two lines)."""
    for i, line in enumerate(lines):
        meeting = (
            _MEETING.search(line) or "届" in line or (i + 1 < len(lines) and _MEETING.search(lines[i + 1]))
        )
        if meeting and (date := find_date(line)):
            return date
    return None


# --- places -----------------------------------------------------------------------------------


def _strip_prefix(name: str, keep: int) -> str:
    """Drop leading function words ("关于", "与", "中共" …) while at least ``keep`` chars remain."""
    changed = True
    while changed:
        changed = False
        for word in _PREFIX_WORDS:
            if name.startswith(word) and len(name) - len(word) >= keep:
                name, changed = name[len(word) :], True
        if len(name) > keep and name[0] in _FUNCTION_CHARS:
            name, changed = name[1:], True
    return name


def _unit_name(text: str, end: int) -> str:
    """The name (2–4 characters) just before ``text[end]``: the longest run that contains no
    administrative suffix and does not start with a function word."""
    start = end
    while start > 0 and end - start < 4 and "\u4e00" <= text[start - 1] <= "\u9fff":
        start -= 1
    best = ""
    for i in range(start, end - 1):
        name = text[i:end]
        if (
            _ADMIN_CHARS.isdisjoint(name)
            and name[0] not in _FUNCTION_CHARS
            and not name.startswith(_PREFIX_WORDS)
        ):
            best = name
            break
    return best


def _units(text: str) -> Counter[str]:
    """Candidate 街道/镇/乡 units, scored by how they are named (strong contexts count double)."""
    scores: Counter[str] = Counter()
    for match in _UNIT_RE.finditer(text):
        name = _unit_name(text, match.start())
        if len(name) >= 2:
            scores[name + match[1]] += 2 if match[2] else 1
    return scores


def _chain_before(text: str, end: int) -> tuple[str, str]:
    """(city, county) written just before ``text[end]``, e.g. 广州市白云区(人民政府)黄石街道."""
    line_start = max(text.rfind("\n", 0, end) + 1, end - 16)
    chunk = text[line_start:end]
    chunk = re.sub(r"(?:人民政府|政府|中共)$", "", chunk)
    chunk = re.split(rf"[^{_CJK}]", chunk)[-1]
    match = _CHAIN_RE.search(chunk)
    if match is None:
        return "", ""
    city = _strip_prefix(match[1], 3) if match[1] else ""
    county = match[2] or ""
    if not city and county:
        county = _strip_prefix(county, 3)
    return city, county


def _best_variant(candidate: str, text: str, keep: int) -> str:
    """Of ``candidate`` and its suffixes (at least ``keep`` long), the longest one that occurs as
    often as the most frequent: "与重庆市梁平区" → "重庆市梁平区"."""
    variants = [candidate[i:] for i in range(len(candidate) - keep + 1)]
    counts = {v: text.count(v) for v in variants}
    top = max(counts.values())
    return next(v for v in variants if counts[v] == top)


def _enclosing(unit: str, text: str) -> str:
    """The city/district enclosing ``unit``, as written next to it or, failing that, the most
    frequent "X市Y区" in the text."""
    chains: Counter[tuple[str, str]] = Counter()
    for match in re.finditer(re.escape(unit), text):
        city, county = _chain_before(text, match.start())
        if city or county:
            chains[(city, county)] += 2 if city and county else 1
    full = [c for c in chains if c[0] and c[1]]
    if full:
        city, county = max(full, key=lambda c: chains[c])
        return _best_variant(city + county, text, len(county) + 3)
    counties = [c for c in chains if c[1]]
    if counties:
        county = max(counties, key=lambda c: chains[c])[1]
        above = re.search(rf"([{_CJK}]{{2,5}}?市){re.escape(county)}", text)
        return _best_variant(_strip_prefix(above[1], 3), text, 3) + county if above else county
    cities = [c for c in chains if c[0]]
    if cities:
        return max(cities, key=lambda c: chains[c])[0]
    found = Counter(_strip_prefix(m[0], 6) for m in _CITY_COUNTY.finditer(text))
    if found:
        best = found.most_common(1)[0][0]
        return _best_variant(best, text, len(best) - best.index("市") + 1)
    return ""


def _region_in_title(title: str) -> str:
    """The region a title names: "2025年广州市政府工作报告" → 广州市 (provinces by the list)."""
    province = province_of(title)
    if province:
        return province
    stripped = _YEAR_IN_TITLE.sub("", title)
    match = _REGION_SUFFIX.search(stripped)
    return _strip_prefix(match[1], 2) if match else ""


# --- the pieces together ----------------------------------------------------------------------


def _gov_report_region(title: str, header: Sequence[str], text: str) -> str:
    """The region a 政府工作报告 is about: from its title, its subtitle (在X省第…人民代表大会),
    the speaker (X省省长), then the province named most often."""
    region = _region_in_title(title) if title else ""
    if region:
        return region
    for line in header:
        if "来源" in line:
            continue
        if _MEETING.search(line) or re.search(r"省长|市长|主席|区长|县长", line):
            region = province_of(line) or _region_in_title(line.split("人民代表大会")[0])
            if region:
                return region
    counts = Counter(province_of(m[0]) or "" for m in PROVINCE_PATTERN.finditer(text))
    return counts.most_common(1)[0][0] if counts else ""


def _local_unit(title: str, lines: Sequence[str], text: str) -> tuple[str, str]:
    """(unit, enclosing city) for a report that is not a 政府工作报告."""
    scores = _units(text)
    tail = "\n".join(lines[-6:])
    for name in list(scores):
        scores[name] += 5 * (name in title) + 3 * (name in tail)
    if scores:
        unit, score = scores.most_common(1)[0]
        if score >= 2:
            return unit, _enclosing(unit, text)
    region = _region_in_title(title) if title else ""
    if region and level_of(region) != "省":
        above = _enclosing(region, text)
        return region, "" if above == region else above
    return region, ""


def _reported_year(title: str, lines: Sequence[str], signed: dt.date | None) -> int | None:
    """The year an annual report covers: the year in its title, a leading "2023年，", the first
    reviewed-year heading, or the signing year (the previous one when signed in Jan–Mar)."""
    if match := _YEAR_IN_TITLE.search(title):
        return int(match[1])
    for line in lines[:TITLE_WINDOW]:
        if match := re.match(r"(\d{4})\s*年(?:度)?[，,以来]", line):
            return int(match[1])
    for line in lines:
        heading = parse_heading(line)
        if (
            heading
            and heading.rank == 1
            and not PLAN_HEADING.search(heading.label)
            and (match := _YEAR_IN_TITLE.search(heading.label))
        ):
            return int(match[1])
    if signed:
        return signed.year - 1 if signed.month <= 3 else signed.year
    return None


def _topic(lines: Sequence[str]) -> str:
    """What an untitled report says it reports on ("现将我街法治建设有关工作情况总结如下")."""
    for line in lines[:TITLE_WINDOW]:
        if match := _REPORT_TOPIC.search(line):
            topic = re.sub(r"^(?:我[街镇乡区县市]道?|本[街镇乡区县市]道?|\d{4}\s*年度?)+", "", match[1])
            topic = re.sub(r"(?:有关|相关|工作|情况)+$", "", topic)
            if len(topic) >= 2:
                return topic
    return "法治建设"


def extract_metadata(raw_text: str, clean: str, source: str) -> Metadata:
    """Metadata of one report read from its raw and cleaned text. ``source`` (the file name) is
    never used to infer fields; it only names the report when the text gives nothing at all."""
    lines = clean.split("\n") if clean else []
    raw_lines = normalize_lines(raw_text)
    title_at = find_title(lines)
    title = lines[title_at] if title_at is not None else ""
    header = lines[:TITLE_WINDOW]
    raw_header = raw_lines[: 2 * TITLE_WINDOW]
    text = "\n".join(raw_lines)

    signed = next((d for line in reversed(lines[-4:]) if (d := _signature_date(line))), None)
    delivered = _delivery_date(header) or _delivery_date(raw_header)
    published = _labelled_date(raw_header) or _stamp_date(raw_header) or signed or delivered

    if _GOV_REPORT.search(title) or any(_GOV_REPORT.search(line) for line in header[:3]):
        district = _gov_report_region(title, raw_header, text)
        level = level_of(district) if district else "unknown"
        city = ""
        title_year = _YEAR_IN_TITLE.search(title)
        delivery_year = (
            delivered.year
            if delivered
            else int(title_year[1])
            if title_year
            else published.year
            if published
            else None
        )
        year = delivery_year - 1 if delivery_year else None
        if not title or not _region_in_title(title):
            title = f"{delivery_year or ''}{'年' if delivery_year else ''}{district}政府工作报告"
    else:
        district, city = _local_unit(title, lines, text)
        level = level_of(district) if district else "unknown"
        year = _reported_year(title, lines, signed)
        if not title:
            title = (
                f"{district}{year or ''}{'年' if year else ''}{_topic(lines)}工作报告"
                if district or year
                else source
            )
    return Metadata(
        title=title,
        district=district,
        city=city,
        level=level,
        year=year,
        published=published.isoformat() if published else None,
    )
