"""Place names: China's province-level divisions, administrative suffixes, the short forms people type,
and the level a name's suffix gives."""

from __future__ import annotations

import re

from qa.records import Level

# Province-level divisions (full name, short form), in the order of their administrative codes.
PROVINCES: tuple[tuple[str, str], ...] = (
    ("北京市", "北京"), ("天津市", "天津"), ("河北省", "河北"), ("山西省", "山西"),
    ("内蒙古自治区", "内蒙古"), ("辽宁省", "辽宁"), ("吉林省", "吉林"), ("黑龙江省", "黑龙江"),
    ("上海市", "上海"), ("江苏省", "江苏"), ("浙江省", "浙江"), ("安徽省", "安徽"),
    ("福建省", "福建"), ("江西省", "江西"), ("山东省", "山东"), ("河南省", "河南"),
    ("湖北省", "湖北"), ("湖南省", "湖南"), ("广东省", "广东"), ("广西壮族自治区", "广西"),
    ("海南省", "海南"), ("重庆市", "重庆"), ("四川省", "四川"), ("贵州省", "贵州"),
    ("云南省", "云南"), ("西藏自治区", "西藏"), ("陕西省", "陕西"), ("甘肃省", "甘肃"),
    ("青海省", "青海"), ("宁夏回族自治区", "宁夏"), ("新疆维吾尔自治区", "新疆"),
    ("台湾省", "台湾"), ("香港特别行政区", "香港"), ("澳门特别行政区", "澳门"),
)  # fmt: skip
PROVINCE_NAMES = tuple(full for full, _ in PROVINCES)
# The one-character abbreviations (简称) of the province-level divisions, as the State Council lists
# them (with the second ones in use: 黔/贵, 滇/云, 秦/陕, 陇/甘, 蜀/川)
PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "京": "北京市", "津": "天津市", "冀": "河北省", "晋": "山西省", "蒙": "内蒙古自治区", "辽": "辽宁省",
    "吉": "吉林省", "黑": "黑龙江省", "沪": "上海市", "苏": "江苏省", "浙": "浙江省", "皖": "安徽省",
    "闽": "福建省", "赣": "江西省", "鲁": "山东省", "豫": "河南省", "鄂": "湖北省", "湘": "湖南省",
    "粤": "广东省", "桂": "广西壮族自治区", "琼": "海南省", "渝": "重庆市", "川": "四川省", "蜀": "四川省",
    "黔": "贵州省", "贵": "贵州省", "滇": "云南省", "云": "云南省", "藏": "西藏自治区", "陕": "陕西省",
    "秦": "陕西省", "甘": "甘肃省", "陇": "甘肃省", "青": "青海省", "宁": "宁夏回族自治区",
    "新": "新疆维吾尔自治区",
}  # fmt: skip
# An abbreviation names a province only standing alone before a year or 省 (沪2025年…, 粤省): inside
# words the characters mean other things (新增, 云南, 青年)
ABBREVIATED_PROVINCE = re.compile(
    f"(?:^|(?<=[^\u4e00-\u9fff]))([{''.join(PROVINCE_ABBREVIATIONS)}])(?=(?:19|20)\\d{{2}}\\s*年|省)"
)
MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})
_PROVINCE_OF = {name: full for full, short in PROVINCES for name in (full, short)}
PROVINCE_PATTERN = re.compile("|".join(sorted(_PROVINCE_OF, key=len, reverse=True)))

# Administrative suffixes, longest first (a name's short form drops one of them).
SUFFIXES = (
    "特别行政区",  # 香港特别行政区 → 香港
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "街道办事处",
    "街道",
    "新区",
    "省",
    "市",
    "区",
    "县",
    "镇",
    "乡",
)


def province_of(text: str) -> str | None:
    """The full name of the first province named in ``text`` (广东 → 广东省), or None."""
    match = PROVINCE_PATTERN.search(text)
    return _PROVINCE_OF[match[0]] if match else None


def aliases(name: str) -> set[str]:
    """Full name plus the short forms that still name the place unambiguously enough."""
    out = {name}
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix == "街道":
                out.add(stem + "街")
            if suffix in ("壮族自治区", "回族自治区", "维吾尔自治区"):
                out.add(stem)
            if len(stem) >= 2:
                out.add(stem)
            break
    if name == "内蒙古自治区":
        out.add("内蒙古")
    return out


def level_of(name: str) -> Level:
    """The administrative level a unit's name says: 东城街道 → 街道, 天津市 → 市 …"""
    if name in MUNICIPALITIES:
        return "市"
    if name.endswith(("省", "自治区", "特别行政区")):
        return "省"
    if name.endswith("街道"):
        return "街道"
    if name.endswith(("镇", "乡")):
        return "乡镇"
    if name.endswith(("区", "县", "旗")):
        return "区县"
    if name.endswith(("市", "州", "盟")):
        return "市"
    return "unknown"
