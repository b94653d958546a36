"""A sentence-transformers BERT (m3e-small) run by ONNX Runtime, fp32 or int8, exported locally.

``export_onnx`` turns the local model folder into ``model.fp32.onnx`` (exported with torch, then
fused by ONNX Runtime's BERT optimiser) and ``model.int8.onnx`` (dynamic quantisation: int8 weights,
per channel, on 7 bits; activations quantised on the fly). ``export.json`` beside them records the
source files' size and sha256, so a changed model is exported again, and ``reference.npy`` holds the
fp32 vectors of a few fixed sentences. Nothing is downloaded: the export reads the folder only.

Why 7-bit weights: without VNNI (AVX2-only CPUs), ONNX Runtime multiplies u8 activations by s8
weights with ``vpmaddubsw``, whose 16-bit sums of two products saturate for 8-bit weights
(255·127·2 > 32767): the int8 vectors then drift far from the model's (mean cosine 0.73 measured on
an AVX2-only EPYC). With weights in [-64, 63] the pair sums fit (255·64·2 = 32640), on every x86-64
CPU, at the cost of one bit of weight precision (cosine to fp32 0.9975 → 0.997 on the sample
sentences).

The int8 model is checked where it runs: at load, the reference sentences are encoded by it and
compared with their stored fp32 vectors; below ``min_cosine`` the encoder falls back to the fp32
model with a warning, so no one is served degraded vectors unknowingly.

``OnnxEncoder`` reproduces the sentence-transformers pipeline (tokenise, truncate at ``max_length``,
mean pooling over the attention mask, L2 normalisation) with length-sorted batches, so a batch holds
texts of similar length and little padding is computed.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, NamedTuple

import numpy as np
from filelock import FileLock
from tqdm import tqdm

from embeddings.encoder import PrefixedEncoder, _normalise
from embeddings.errors import EmbeddingError, ModelUnavailable
from embeddings.fetch import sha256_file

log = logging.getLogger(__name__)
Precision = Literal["fp32", "int8"]

FP32_FILE = "model.fp32.onnx"
INT8_FILE = "model.int8.onnx"
INFO_FILE = "export.json"
REFERENCE_FILE = "reference.npy"
LOCK_FILE = ".export.lock"
EXPORT_FORMAT = 2  # bump when the export recipe changes: older exports are then redone
OPSET = 17
SOURCE_FILES = ("config.json", "tokenizer.json")
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT = "last_hidden_state"
EXPORT_TOLERANCE = 1e-3  # largest |ONNX - torch| allowed on the check batch, fp32
INT8_MIN_COSINE = 0.99  # the int8 model's mean cosine to fp32 on the reference sentences, at least
# Report-like sentences of several lengths, encoded at export (fp32) and at every int8 load.
REFERENCE_SENTENCES = (
    "落实行政机关负责人出庭应诉制度，全年行政诉讼案件16宗，出庭应诉率为70%。",
    "受理信访件94件，办结率为99%，群众满意度持续提升。",
    "街道成立合法性审查中心，对重大行政决策和规范性文件开展合法性审查。",
    "2024年地区生产总值增长5.1%左右，城镇新增就业44.1万人。",
    "深入学习贯彻习近平法治思想，扎实推进法治政府建设各项工作任务，推动基层治理法治化水平不断提升。",
    "存在的问题：一是法治宣传的针对性有待加强；二是行政执法规范化程度仍需进一步提升。",
    "开展宪法专题普法讲座10余次，发放宣传资料3000余份，覆盖群众1.2万人次。",
    "下一步，我们将继续加强组织领导，完善行政执法协调监督工作体系，持续优化法治化营商环境。",
)


class Int8Drift(NamedTuple):
    """How far the int8 model's vectors are from the fp32 model's on the reference sentences."""

    mean_cosine: float  # the sentences encoded as one batch
    alone_cosine: float  # the first sentence encoded by itself (activations quantised per batch)

    def ok(self, min_cosine: float) -> bool:
        return min(self.mean_cosine, self.alone_cosine) >= min_cosine


class ExportFailed(EmbeddingError):
    """The exported graph does not reproduce the torch model."""


# --- export ---------------------------------------------------------------------------------------


_ST_MODULES = ("Transformer", "Pooling", "Normalize")


def reproduces(model_dir: Path) -> bool:
    """Whether the export computes what sentence-transformers computes for ``model_dir``: a BERT-like
    folder (config, tokenizer.json, weights) whose pipeline is transformer → mean pooling (→ L2
    normalisation). A folder without ``modules.json`` is mean-pooled by sentence-transformers (as
    m3e-small); CLS or max pooling, Dense layers or other modules are not reproduced."""
    try:
        _source_files(model_dir)
    except ModelUnavailable:
        return False
    modules_file = model_dir / "modules.json"
    if not modules_file.is_file():
        return True
    try:
        modules = json.loads(modules_file.read_text(encoding="utf-8"))
        if any(not str(m["type"]).endswith(_ST_MODULES) for m in modules):
            return False
        pooling = [m for m in modules if str(m["type"]).endswith("Pooling")]
        for module in pooling:
            config = json.loads((model_dir / module["path"] / "config.json").read_text(encoding="utf-8"))
            modes = {k for k, v in config.items() if k.startswith("pooling_mode") and v}
            if modes != {"pooling_mode_mean_tokens"}:
                return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True


def _source_files(model_dir: Path) -> list[Path]:
    missing = [name for name in SOURCE_FILES if not (model_dir / name).is_file()]
    weights = [model_dir / name for name in WEIGHT_FILES if (model_dir / name).is_file()]
    if missing or not weights:
        wanted = ", ".join(missing + ([] if weights else [" or ".join(WEIGHT_FILES)]))
        raise ModelUnavailable(f"{model_dir} is not a complete model folder for ONNX export: no {wanted}")
    return [model_dir / name for name in SOURCE_FILES] + weights[:1]


def _describe_sources(model_dir: Path, known: dict[str, Any] | None = None) -> dict[str, Any]:
    """size, mtime and sha256 of each source file; the hash is reused from ``known`` when the size
    and mtime are unchanged (hashing 100 MB of weights at every start-up is not needed)."""
    known = known or {}
    described: dict[str, Any] = {}
    for path in _source_files(model_dir):
        stat = path.stat()
        old = known.get(path.name) or {}
        same = old.get("size") == stat.st_size and old.get("mtime_ns") == stat.st_mtime_ns
        sha = old["sha256"] if same and "sha256" in old else sha256_file(path)
        described[path.name] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": sha}
    return described


def _recipe(max_length: int) -> dict[str, Any]:
    return {
        "format": EXPORT_FORMAT,
        "opset": OPSET,
        "max_length": max_length,
        "quantization": "dynamic QInt8 weights on 7 bits (reduce_range), per channel, MatMul+Attention",
    }


def _read_info(out_dir: Path) -> dict[str, Any] | None:
    try:
        info = json.loads((out_dir / INFO_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def _identity(sources: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {name: (row.get("size"), row.get("sha256")) for name, row in sources.items()}


def export_is_current(
    model_dir: Path, out_dir: Path, *, quantize: bool = True, max_length: int = 512
) -> bool:
    """Whether ``out_dir`` holds an export of ``model_dir``'s current files made by this recipe."""
    return _is_current(Path(out_dir), Path(model_dir), INT8_FILE if quantize else FP32_FILE, max_length)


def _is_current(out_dir: Path, model_dir: Path, target: str, max_length: int) -> bool:
    info = _read_info(out_dir)
    if info is None or info.get("recipe") != _recipe(max_length) or not isinstance(info.get("sources"), dict):
        return False
    if target not in info.get("files", ()) or not (out_dir / target).is_file():
        return False
    return _identity(info["sources"]) == _identity(_describe_sources(model_dir, info["sources"]))


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _check_batch(vocab_size: int) -> dict[str, np.ndarray]:
    """A padded batch whose shape differs from the tracing example (catches shapes baked in)."""
    rng = np.random.default_rng(0)
    ids = rng.integers(100, min(vocab_size, 8000), size=(3, 23), dtype=np.int64)
    mask = np.ones_like(ids)
    mask[1, 9:] = 0
    mask[2, 17:] = 0
    ids[mask == 0] = 0
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}


def _torch_export(model_dir: Path, path: Path, max_length: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Export the transformer to ``path``; returns a check batch and torch's output for it."""
    import torch
    from transformers import AutoModel

    # eager attention traces to the MatMul/Softmax pattern that ONNX Runtime fuses into Attention
    model = AutoModel.from_pretrained(model_dir, local_files_only=True, attn_implementation="eager").eval()
    if max_length > model.config.max_position_embeddings:
        raise ValueError(
            f"max_length {max_length} exceeds the model's {model.config.max_position_embeddings} positions"
        )

    class LastHiddenState(torch.nn.Module):
        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    wrapper = LastHiddenState(model).eval()
    check = _check_batch(model.config.vocab_size)
    with torch.inference_mode():  # the reference comes first: tracing leaves the torch module altered
        expected = wrapper(*(torch.from_numpy(check[name]) for name in INPUTS)).numpy()
    example = torch.tensor([[101, 1045, 2110, 3221, 102], [101, 3300, 102, 0, 0]])
    example_mask = (example != 0).long()
    axes = {name: {0: "batch", 1: "sequence"} for name in (*INPUTS, OUTPUT)}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer and deprecation chatter
        torch.onnx.export(
            wrapper,
            (example, example_mask, torch.zeros_like(example)),
            str(path),
            input_names=list(INPUTS),
            output_names=[OUTPUT],
            dynamic_axes=axes,
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )
    return check, expected


def _fuse(raw: Path, out: Path, config: dict[str, Any]) -> None:
    from onnxruntime.transformers import optimizer

    fused = optimizer.optimize_model(
        str(raw),
        model_type="bert",
        num_heads=int(config["num_attention_heads"]),
        hidden_size=int(config["hidden_size"]),
    )
    fused.save_model_to_file(str(out))


def _quantise(fp32: Path, out: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        fp32,
        out,
        op_types_to_quantize=["MatMul", "Attention"],  # the word-embedding table stays fp32
        per_channel=True,
        weight_type=QuantType.QInt8,
        reduce_range=True,  # 7-bit weights: no 16-bit saturation in AVX2 (non-VNNI) u8×s8 kernels
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},  # fused ops lack shape inference
    )


def _verify(path: Path, check: dict[str, np.ndarray], expected: np.ndarray) -> float:
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    names = {i.name for i in session.get_inputs()}
    got = session.run([OUTPUT], {k: v for k, v in check.items() if k in names})[0]
    real = check["attention_mask"].astype(bool)
    return float(np.abs(got - expected)[real].max())


def export_onnx(model_dir: Path, out_dir: Path, *, quantize: bool = True, max_length: int = 512) -> Path:
    """Export ``model_dir`` (a local Hugging Face BERT folder) into ``out_dir``; returns the int8
    model's path when ``quantize`` else the fp32 one. An export that is still current is reused.

    Raises ``ModelUnavailable`` when the folder is incomplete, ``ExportFailed`` when the exported
    graph does not match torch within ``EXPORT_TOLERANCE``."""
    model_dir, out_dir = Path(model_dir), Path(out_dir)
    target = INT8_FILE if quantize else FP32_FILE
    out_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(out_dir / LOCK_FILE)):
        if _is_current(out_dir, model_dir, target, max_length):
            return out_dir / target
        sources = _describe_sources(model_dir)
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        staging = Path(tempfile.mkdtemp(prefix=".export-", dir=out_dir))
        try:
            check, expected = _torch_export(model_dir, staging / "raw.onnx", max_length)
            _fuse(staging / "raw.onnx", staging / FP32_FILE, config)
            error = _verify(staging / FP32_FILE, check, expected)
            if error > EXPORT_TOLERANCE:
                raise ExportFailed(
                    f"ONNX export of {model_dir} differs from torch by {error:.3g} (> {EXPORT_TOLERANCE})"
                )
            files = [FP32_FILE, REFERENCE_FILE]
            np.save(staging / REFERENCE_FILE, _reference_vectors(staging / FP32_FILE, model_dir, max_length))
            if quantize:
                _quantise(staging / FP32_FILE, staging / INT8_FILE)
                files.append(INT8_FILE)
            for name in files:
                os.replace(staging / name, out_dir / name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        info = {
            "source": str(model_dir.resolve()),
            "sources": sources,
            "recipe": _recipe(max_length),
            "files": {name: {"size": (out_dir / name).stat().st_size} for name in files},
            "fp32_max_abs_error": error,
        }
        _write_json_atomic(out_dir / INFO_FILE, info)  # written last: it vouches for the files above
    return out_dir / target


def _reference_vectors(fp32: Path, model_dir: Path, max_length: int) -> np.ndarray:
    encoder = OnnxEncoder(fp32, model_dir / "tokenizer.json", name="reference", max_length=max_length)
    return encoder.encode_documents(REFERENCE_SENTENCES)


# --- encoding -------------------------------------------------------------------------------------


def _mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    weights = mask[:, :, None].astype(np.float32)
    return (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)


class OnnxEncoder(PrefixedEncoder):
    """The ``Encoder`` protocol over an exported ONNX model and the model folder's ``tokenizer.json``."""

    def __init__(
        self,
        onnx_path: Path,
        tokenizer_path: Path,
        *,
        name: str,
        batch_size: int = 32,
        max_length: int = 512,
        threads: int | None = None,
        sort_by_length: bool = True,
        query_prefix: str = "",
        document_prefix: str = "",
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or max(1, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length)
        self._pad_id = self._tokenizer.token_to_id("[PAD]") or 0
        self._name = name
        self.path = Path(onnx_path)
        self._batch_size = batch_size
        self._sort = sort_by_length
        self._set_prefixes(query_prefix, document_prefix)
        width = self._session.get_outputs()[0].shape[-1]
        self._dim = width if isinstance(width, int) else int(self._run(["维度"]).shape[1])

    def token_counts(self, texts: Sequence[str]) -> np.ndarray:
        """Tokens per text after truncation, special tokens included (what the model computes on)."""
        return np.array([len(e.ids) for e in self._tokenizer.encode_batch([t.strip() for t in texts])])

    def _run(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray:
        encodings = self._tokenizer.encode_batch([t.strip() for t in texts])
        lengths = np.array([len(e.ids) for e in encodings])
        order = np.argsort(-lengths, kind="stable") if self._sort else np.arange(len(texts))
        batches: list[tuple[np.ndarray, np.ndarray]] = []
        starts = range(0, len(texts), self._batch_size)
        for start in tqdm(starts, desc="encoding", unit="batch", disable=not show_progress):
            rows = order[start : start + self._batch_size]
            ids = np.full((len(rows), int(lengths[rows].max())), self._pad_id, dtype=np.int64)
            mask = np.zeros_like(ids)
            for j, row in enumerate(rows):
                ids[j, : lengths[row]] = encodings[row].ids
                mask[j, : lengths[row]] = 1
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self._session.run([OUTPUT], {k: v for k, v in feeds.items() if k in self._inputs})[0]
            batches.append((rows, _mean_pool(hidden, mask)))
        pooled = np.empty((len(texts), batches[0][1].shape[1]), dtype=np.float32)
        for rows, vectors in batches:
            pooled[rows] = vectors  # back to input order
        return _normalise(pooled)

    def _encode(self, texts: Sequence[str], show_progress: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        return self._run(texts, show_progress)


def int8_drift(int8: OnnxEncoder, reference: np.ndarray) -> Int8Drift:
    """Cosine of ``int8``'s vectors of ``REFERENCE_SENTENCES`` to their fp32 ``reference`` rows."""
    batch = int8.encode_documents(REFERENCE_SENTENCES)
    alone = int8.encode_documents(REFERENCE_SENTENCES[:1])[0]
    return Int8Drift(
        mean_cosine=float((batch * reference).sum(axis=1).mean()),
        alone_cosine=float(alone @ reference[0]),
    )


def load_onnx_encoder(
    model_dir: Path,
    cache_dir: Path,
    *,
    quantized: bool = True,
    base_name: str | None = None,
    batch_size: int = 32,
    max_length: int = 512,
    threads: int | None = None,
    query_prefix: str = "",
    document_prefix: str = "",
    min_cosine: float = INT8_MIN_COSINE,
) -> OnnxEncoder:
    """An ``OnnxEncoder`` for ``model_dir``, exported into ``cache_dir`` on first use (or when the
    model changed) and loaded from there afterwards. Its name is ``<base_name>+onnx-int8`` (or
    ``-fp32``), ``base_name`` defaulting to the folder's name, so an index built with the torch
    encoder is not mixed with ONNX vectors.

    The int8 model is checked on this CPU first (``int8_drift``); when its vectors are further from
    the fp32 model's than ``min_cosine`` (0 skips the check), the fp32 model is loaded instead under
    the same name (its vectors are the ones int8 approximates) and a warning says so."""
    model_dir = Path(model_dir)
    path = export_onnx(model_dir, Path(cache_dir), quantize=quantized, max_length=max_length)
    precision: Precision = "int8" if quantized else "fp32"

    def load(onnx_path: Path) -> OnnxEncoder:
        return OnnxEncoder(
            onnx_path,
            model_dir / "tokenizer.json",
            name=f"{base_name or model_dir.name}+onnx-{precision}",
            batch_size=batch_size,
            max_length=max_length,
            threads=threads,
            query_prefix=query_prefix,
            document_prefix=document_prefix,
        )

    encoder = load(path)
    if not quantized or min_cosine <= 0:
        return encoder
    drift = int8_drift(encoder, np.load(path.parent / REFERENCE_FILE, allow_pickle=False))
    if drift.ok(min_cosine):
        return encoder
    log.warning(
        "the int8 ONNX model drifts from the fp32 model on this CPU (mean cosine %.4f, one sentence "
        "alone %.4f; at least %.2f needed): using the fp32 ONNX model instead (same vectors, ~2.5x "
        "slower). Set QA_ENCODER_BACKEND=onnx-fp32 to silence this.",
        drift.mean_cosine,
        drift.alone_cosine,
        min_cosine,
    )
    return load(path.parent / FP32_FILE)
