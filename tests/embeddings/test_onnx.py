"""The ONNX Runtime encoder against the torch one, on the real m3e-small exported once per module."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from embeddings.encoder import Encoder, SentenceTransformerEncoder
from qa.config import PROJECT_ROOT

pytest.importorskip("onnxruntime", reason="onnxruntime is not installed (pip install -e '.[bench]')")

from embeddings.onnx import (  # noqa: E402  (after the skip: the module needs onnxruntime at use)
    FP32_FILE,
    INFO_FILE,
    INT8_FILE,
    REFERENCE_FILE,
    REFERENCE_SENTENCES,
    Int8Drift,
    OnnxEncoder,
    export_is_current,
    export_onnx,
    int8_drift,
    load_onnx_encoder,
    reproduces,
)

pytestmark = pytest.mark.integration

MODEL_DIR = PROJECT_ROOT / ".cache" / "models" / "m3e-small"
REPORTS = PROJECT_ROOT / "data" / "reports"


def _report_sentences(count: int = 50) -> list[str]:
    sentences: list[str] = []
    for path in sorted(REPORTS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines()[:40]:
            sentences += [s.strip() + "。" for s in line.split("。") if len(s.strip()) >= 12]
    step = max(1, len(sentences) // count)
    return sentences[::step][:count]


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("m3e-small-onnx")
    export_onnx(MODEL_DIR, out, quantize=True)
    return out


@pytest.fixture(scope="module")
def int8(export_dir: Path) -> OnnxEncoder:
    return load_onnx_encoder(MODEL_DIR, export_dir, quantized=True, base_name="m3e-small", batch_size=8)


@pytest.fixture(scope="module")
def fp32(export_dir: Path) -> OnnxEncoder:
    return load_onnx_encoder(MODEL_DIR, export_dir, quantized=False, base_name="m3e-small", batch_size=8)


@pytest.fixture(scope="module")
def torch_encoder() -> Encoder:
    """The sentence-transformers encoder the ONNX export reproduces (the default is ONNX int8 now)."""
    return SentenceTransformerEncoder(str(MODEL_DIR), cache=MODEL_DIR.parent, batch_size=8)


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    found = _report_sentences()
    assert len(found) >= 40, f"too few sentences in {REPORTS}"
    return found


def test_names_differ_from_the_torch_encoder(int8: OnnxEncoder, fp32: OnnxEncoder) -> None:
    assert int8.name == "m3e-small+onnx-int8"
    assert fp32.name == "m3e-small+onnx-fp32"
    assert int8.dim == fp32.dim == 512


def test_rows_normalised_in_input_order(fp32: OnnxEncoder, sentences: list[str]) -> None:
    texts = sentences[:20]
    vectors = fp32.encode_documents(texts)
    assert vectors.shape == (20, 512) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(fp32.encode_documents(texts[::-1])[::-1], vectors, atol=1e-5)
    np.testing.assert_allclose(fp32.encode_documents([texts[3]])[0], vectors[3], atol=1e-5)  # padding-free
    assert fp32.encode_documents([]).shape == (0, 512)


def test_int8_rows_barely_depend_on_their_batch(int8: OnnxEncoder, sentences: list[str]) -> None:
    """Activations are quantised per batch, so batch mates move a row a little, never far."""
    texts = sentences[:20]
    vectors = int8.encode_documents(texts)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    cosine = (int8.encode_documents(texts[::-1])[::-1] * vectors).sum(axis=1)
    assert cosine.min() > 0.99
    assert float(int8.encode_documents([texts[3]])[0] @ vectors[3]) > 0.99


def test_queries_are_cached(int8: OnnxEncoder) -> None:
    first = int8.encode_queries(["东城街道行政诉讼出庭率", "信访"])
    again = int8.encode_queries(["信访"])
    assert first.shape == (2, 512)
    np.testing.assert_array_equal(first[1], again[0])
    assert int8.encode_queries([]).shape == (0, 512)


def test_truncates_long_texts(int8: OnnxEncoder) -> None:
    assert int8.token_counts(["法" * 2000])[0] == 512
    assert int8.encode_documents(["法" * 2000]).shape == (1, 512)


def test_close_to_torch(
    int8: OnnxEncoder, fp32: OnnxEncoder, torch_encoder: Encoder, sentences: list[str]
) -> None:
    reference = torch_encoder.encode_documents(sentences)
    cos32 = (fp32.encode_documents(sentences) * reference).sum(axis=1)
    cos8 = (int8.encode_documents(sentences) * reference).sum(axis=1)
    assert cos32.min() >= 0.999, f"onnx fp32 vs torch: min cosine {cos32.min():.5f}"
    assert cos8.mean() >= 0.99, f"onnx int8 vs torch: mean cosine {cos8.mean():.5f}"


def test_int8_passes_its_load_check_on_this_cpu(int8: OnnxEncoder, export_dir: Path) -> None:
    assert int8.path.name == INT8_FILE  # not fallen back
    reference = np.load(export_dir / REFERENCE_FILE)
    assert reference.shape == (len(REFERENCE_SENTENCES), 512)
    drift = int8_drift(int8, reference)
    assert drift.ok(0.99), drift


def test_drift_check_needs_both_the_batch_and_a_lone_row() -> None:
    assert Int8Drift(0.997, 0.996).ok(0.99)
    assert not Int8Drift(0.73, 0.999).ok(0.99)  # saturated kernels (AVX2 without VNNI)
    assert not Int8Drift(0.999, 0.93).ok(0.99)


def test_a_drifting_int8_backend_falls_back_to_fp32(
    export_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """What an AVX2-only CPU did to the old recipe, simulated: the int8 session's vectors are bent
    away from the model's. The loader must notice, warn, and serve the fp32 model under the same name."""
    real_run = OnnxEncoder._run

    def drifting(self: OnnxEncoder, texts: list[str], show_progress: bool = False) -> np.ndarray:
        vectors = real_run(self, texts, show_progress)
        if self.path.name != INT8_FILE:
            return vectors
        noise = np.random.default_rng(len(texts)).normal(0, 0.05, vectors.shape).astype(np.float32)
        bent = vectors + noise
        return bent / np.linalg.norm(bent, axis=1, keepdims=True)

    monkeypatch.setattr(OnnxEncoder, "_run", drifting)
    with caplog.at_level("WARNING", logger="embeddings.onnx"):
        encoder = load_onnx_encoder(MODEL_DIR, export_dir, quantized=True, base_name="m3e-small")
    assert encoder.path.name == FP32_FILE
    assert encoder.name == "m3e-small+onnx-int8"  # the index's vector space is unchanged
    assert "drifts from the fp32 model" in caplog.text and "mean cosine" in caplog.text

    caplog.clear()
    unchecked = load_onnx_encoder(MODEL_DIR, export_dir, quantized=True, base_name="m3e-small", min_cosine=0)
    assert unchecked.path.name == INT8_FILE and not caplog.text


def test_export_is_reused_and_redone_when_stale(export_dir: Path) -> None:
    info_path = export_dir / INFO_FILE
    before = (export_dir / "model.int8.onnx").stat().st_mtime_ns
    assert export_is_current(MODEL_DIR, export_dir, quantize=True)
    export_onnx(MODEL_DIR, export_dir, quantize=True)  # current: nothing is redone
    assert (export_dir / "model.int8.onnx").stat().st_mtime_ns == before

    original = info_path.read_text(encoding="utf-8")
    info = json.loads(original)
    info["sources"]["config.json"]["sha256"] = "0" * 64
    info["sources"]["config.json"]["mtime_ns"] = 0  # a different mtime forces the hash to be recomputed
    info_path.write_text(json.dumps(info), encoding="utf-8")
    try:
        assert not export_is_current(MODEL_DIR, export_dir, quantize=True)
    finally:
        info_path.write_text(original, encoding="utf-8")
    assert export_is_current(MODEL_DIR, export_dir, quantize=True)


def test_incomplete_model_folder_is_refused(tmp_path: Path) -> None:
    from embeddings.errors import ModelUnavailable

    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelUnavailable, match="tokenizer.json"):
        export_onnx(tmp_path, tmp_path / "out")


def test_reproduces_only_mean_pooled_bert_folders(tmp_path: Path) -> None:
    assert reproduces(MODEL_DIR)  # m3e-small: no modules.json, mean-pooled by sentence-transformers
    folder = tmp_path / "bge-like"
    (folder / "1_Pooling").mkdir(parents=True)
    for name in ("config.json", "tokenizer.json", "model.safetensors"):
        (folder / name).write_text("{}")
    (folder / "modules.json").write_text(
        json.dumps(
            [
                {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            ]
        )
    )
    pooling = folder / "1_Pooling/config.json"
    pooling.write_text(json.dumps({"pooling_mode_mean_tokens": True, "pooling_mode_cls_token": False}))
    assert reproduces(folder)
    pooling.write_text(json.dumps({"pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True}))
    assert not reproduces(folder)  # CLS pooling: the export would mean-pool
    assert not reproduces(tmp_path / "missing")
