"""The help-desk page marks figures with a copy of the core's unit list: the two must not drift."""

from __future__ import annotations

import re

from api.routes.web import STATIC_DIR
from qa.lexicon.figures import UNITS


def test_the_page_marks_figures_with_the_cores_units() -> None:
    script = (STATIC_DIR / "app.js").read_text(encoding="utf-8")
    match = re.search(r'^const UNIT = "([^"]*)";$', script, re.M)
    assert match, 'app.js must define its unit list as one string literal: const UNIT = "…";'
    assert match.group(1).split("|") == [*UNITS, "万", "亿", "倍"], (
        "api/static/app.js's UNIT differs from qa/lexicon/figures.py UNITS: copy the list over"
    )
