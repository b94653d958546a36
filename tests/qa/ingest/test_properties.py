"""Property-based tests: arbitrary input never crashes the pipeline and offsets always hold."""

from __future__ import annotations

import hashlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.errors import UnsupportedFile
from qa.ingest.parse import parse_document
from qa.ingest.readers import read_document
from qa.records import RawDocument
from qa.retrieve.followup import resolve_followup
from qa.retrieve.gazetteer import Gazetteer
from qa.retrieve.query import parse_query

GAZ = Gazetteer.build(["东城街道", "黄石街道", "天津市", "海南省"])
REPORT_ALPHABET = st.sampled_from(
    list(
        "一二三四五是、。；，：()（）《》“”\n 0123456789.%年月日街道法治出庭率abcXYZ\t\r\x00\x0b\u3000\u200b🙂ß"
    )
)
report_text = st.one_of(
    st.text(max_size=2000),
    st.text(alphabet=REPORT_ALPHABET, max_size=3000),
    st.builds(
        lambda s, n: s * n,
        st.text(alphabet=REPORT_ALPHABET, min_size=1, max_size=10),
        st.integers(1000, 1500),
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_text)
def test_parse_never_crashes_and_offsets_slice(text: str) -> None:
    raw = RawDocument(
        source="x.txt", sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), text=text
    )
    try:
        parsed = parse_document(raw)
    except UnsupportedFile:
        return
    body = parsed.report.text
    previous_end = 0
    for i, p in enumerate(parsed.passages):
        assert p.ordinal == i and 0 <= p.start < p.end <= len(body)
        assert body[p.start : p.end] == p.text and p.start >= previous_end
        previous_end = p.end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600), st.lists(st.text(max_size=60), max_size=4))
def test_query_parsing_never_crashes(question: str, history: list[str]) -> None:
    query = parse_query(question, GAZ)
    assert query.qtype in ("figure", "list", "which", "yesno", "general")
    assert set(query.districts) <= set(GAZ.names)
    assert isinstance(resolve_followup(question, history, GAZ), str)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".md"]))
def test_reading_arbitrary_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"f{suffix}"
    path.write_bytes(data)
    try:
        raw = read_document(path)
    except UnsupportedFile as exc:
        assert "f" + suffix in str(exc)
        return
    assert raw.text.strip() and raw.sha256 == hashlib.sha256(data).hexdigest()
