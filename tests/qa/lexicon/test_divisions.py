"""The national table of divisions: what it knows, how names are found in text."""

from __future__ import annotations

import pytest

from qa.lexicon.divisions import (
    NameMatcher,
    county_stems,
    divisions,
    national_matcher,
    split_chain,
    town_name,
)


@pytest.mark.parametrize(
    ("name", "level", "parents"),
    [
        ("广东省", "省", ()),
        ("天津市", "省", ()),  # municipalities are province-level
        ("深圳市", "市", ("广东省",)),
        ("光明区", "区县", ("广东省", "深圳市")),  # set up in 2018: the yearly tables know it
        ("笋岗街道", "街道", ("广东省", "深圳市", "罗湖区")),
        ("黄石街道", "街道", ("广东省", "广州市", "白云区")),
    ],
)
def test_known_places_with_their_level_and_enclosing_units(
    name: str, level: str, parents: tuple[str, ...]
) -> None:
    assert any(d.level == level and d.parents == parents for d in divisions().get(name))


def test_one_name_many_places() -> None:
    cities = {d.parents[-1] for d in divisions().get("南山区")}
    assert {"深圳市", "鹤岗市"} <= cities


@pytest.mark.parametrize(
    ("raw", "county", "name"),
    [("笋岗街道办事处", "罗湖区", "笋岗街道"), ("梁平县双桂街道办事处", "梁平县", "双桂街道"),
     ("四季青地区办事处", "海淀区", "四季青地区"), ("石碣镇", "", "石碣镇"), ("东城管理委员会", "", "")],
)  # fmt: skip
def test_town_names_as_reports_write_them(raw: str, county: str, name: str) -> None:
    assert town_name(raw, county) == name


def test_matcher_takes_the_leftmost_then_longest_name() -> None:
    matcher = NameMatcher(["深圳", "深圳市", "圳市南", "南山区"])
    assert matcher.find("深圳市南山区") == [(0, 3, "深圳市"), (3, 6, "南山区")]
    assert NameMatcher([]).find("深圳") == []


def test_national_names_in_text() -> None:
    found = [name for _, _, name in national_matcher().find("北京市东城区和深圳南山、推进城镇化")]
    assert found == ["北京市", "东城区", "深圳", "南山"]  # full names, city and county short forms
    assert "义乌" in county_stems() and "海淀" in county_stems()  # proper names, rare in general text
    assert not {"和平", "光明", "新城", "城关区"} & county_stems()  # everyday words; a full name


def test_split_chain() -> None:
    assert split_chain("广东省深圳市罗湖区") == ("广东省", "深圳市", "罗湖区")
    assert split_chain("深圳市光明新区") == ("深圳市", "光明新区")
    assert split_chain("") == ()
