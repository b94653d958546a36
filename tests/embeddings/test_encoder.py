from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from embeddings.encoder import FakeEncoder, PrefixedEncoder, _QueryCache


def test_fake_encoder_is_deterministic_and_normalised() -> None:
    enc = FakeEncoder(32)
    a = enc.encode_documents(["出庭应诉率为70%", "信访"])
    b = enc.encode_queries(["出庭应诉率为70%"])
    assert a.shape == (2, 32) and a.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(a[0], b[0])
    assert enc.encode_documents([]).shape == (0, 32)


def test_query_cache_evicts_oldest() -> None:
    cache = _QueryCache(size=2)
    for key in ("a", "b", "c"):
        cache.put(key, np.zeros(1))
    assert cache.get("a") is None and cache.get("c") is not None


class _CountingEncoder(PrefixedEncoder):
    def __init__(self) -> None:
        self._name, self._dim, self.calls = "counting", 4, 0
        self._set_prefixes("q: ", "")

    def _encode(self, texts: Sequence[str], show_progress: bool) -> np.ndarray:
        self.calls += len(texts)
        return np.ones((len(texts), self._dim), dtype=np.float32) / 2


def test_query_vectors_are_cached_until_forgotten() -> None:
    enc = _CountingEncoder()
    enc.encode_queries(["出庭应诉率"])
    enc.encode_queries(["出庭应诉率"])
    assert enc.calls == 1
    enc.forget_queries()
    enc.encode_queries(["出庭应诉率"])
    assert enc.calls == 2
