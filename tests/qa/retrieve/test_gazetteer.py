"""Place names the index covers and the short forms people type, pinned on small inputs."""

from __future__ import annotations

import pytest

from qa.lexicon.places import aliases
from qa.retrieve.gazetteer import Gazetteer


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("东城街道", {"东城街道", "东城街", "东城"}),
        ("天津市", {"天津市", "天津"}),
        ("广西壮族自治区", {"广西壮族自治区", "广西"}),
        ("内蒙古自治区", {"内蒙古自治区", "内蒙古"}),
    ],
)
def test_aliases(name: str, forms: set[str]) -> None:
    assert aliases(name) == forms


def test_a_short_form_may_mean_several_places() -> None:
    gazetteer = Gazetteer.build(["东城街道", "东城区", "天津市", ""])
    assert gazetteer.names == ("东城区", "东城街道", "天津市")
    assert gazetteer.alias_map["东城"] == ("东城区", "东城街道")
    assert gazetteer.alias_map["东城街"] == ("东城街道",)


def test_find_takes_the_longest_alias_and_reports_its_span() -> None:
    gazetteer = Gazetteer.build(["东城街道", "东城区"])
    assert gazetteer.find("东城街道和东城的情况") == (("东城街道", "东城区"), [(0, 4), (5, 7)])
    assert gazetteer.find("没有地名") == ((), [])


def test_unknown_places_skip_known_spans_and_common_words() -> None:
    gazetteer = Gazetteer.build(["东城街道"])
    assert gazetteer.unknown_places("天河街道和广东省还有推进乡村", []) == ["天河街道", "广东省"]
    assert gazetteer.unknown_places("东城街道", [(0, 4)]) == []
