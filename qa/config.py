"""All settings in one place: environment variables with the ``QA_`` prefix, or a ``.env`` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QA_", env_file=".env", extra="ignore")

    index_dir: Path = Field(default=PROJECT_ROOT / "data" / "index", description="where the index lives")
    model: str = Field(
        default="m3e-small",
        description="'m3e-small' (fetched by `qa fetch-model`), a folder with a sentence-transformers "
        "model, or a model name already in the local Hugging Face cache",
    )
    model_cache: Path = Field(default=PROJECT_ROOT / ".cache" / "models")
    cache_dir: Path = Field(
        default=PROJECT_ROOT / ".cache",
        description="this project's own caches (jieba's dictionary cache in jieba/), never the shared temp folder",
    )
    device: str = "cpu"
    encoder_backend: Literal["auto", "torch", "onnx-int8", "onnx-fp32"] = Field(
        default="auto",
        description="auto: ONNX Runtime int8 where the export reproduces the model (a BERT folder "
        "mean-pooled, as m3e-small: ~2.6x faster than torch on CPU, every eval set scored the same), "
        "torch (sentence-transformers) for any other model; or one of them explicitly. ONNX is exported "
        "locally on first use and int8 is checked at load (int8_min_cosine). The index records the "
        "encoder: switching means re-indexing",
    )
    int8_min_cosine: float = Field(
        default=0.99,
        ge=0.0,
        le=1.0,
        description="onnx-int8: the int8 model's least mean cosine to the fp32 model on reference "
        "sentences, checked at load on this CPU; below it the fp32 model is used, with a warning (0: no check)",
    )
    vector_cache: Path | None = Field(
        default=None,
        description="a file remembering passage vectors by model and text: re-indexing the same passages "
        "(a --rebuild after an upgrade, an evaluation corpus) encodes only what changed",
    )
    encode_batch_size: int = Field(
        default=16, ge=1, description="16, length-sorted, measured best on 2 cores"
    )

    max_question_chars: int = Field(default=500, ge=10)
    max_top_k: int = Field(default=50, ge=1)
    max_file_bytes: int = Field(default=20_000_000, ge=1)
    # Reading one file (qa.ingest.readers.ReadLimits): over a limit it is skipped with the reason.
    max_text_chars: int = Field(
        default=5_000_000, ge=1_000, description="characters of text one report may hold"
    )
    max_pdf_pages: int = Field(default=2_000, ge=1, description="pages of one PDF")
    max_read_seconds: float = Field(
        default=30.0,
        gt=0.0,
        description="wall time to read one file; PDFs are read in a child process killed at this limit",
    )

    # Retrieval: BM25 finds the candidates; BM25's top `lexical_pool` plus the dense top `dense_pool`
    # are re-ranked by (minmax(bm25) + dense_weight * minmax(cos)) / (1 + dense_weight) (bench/retrieval.py).
    dense_weight: float = Field(default=0.5, ge=0.0)
    candidates: int = Field(default=100, ge=10)
    lexical_pool: int = Field(default=10, ge=1)
    dense_pool: int = Field(default=3, ge=0)
    min_coverage: float = Field(
        default=0.6,
        ge=0.0,
        le=1.0,
        description="evidence needed to call an answer found (without a verifier)",
    )
    verifier: bool = Field(
        default=True,
        description="decide and score answers with the shipped verifier (qa/answer/data/verifier.json); "
        "off: the evidence-coverage rule (min_coverage) and the hand-set confidence",
    )
    min_confidence: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="the verifier's probability below which an answer is withheld; unset: the threshold "
        "the shipped verifier recommends",
    )
    answer_weights: dict[str, float] = Field(
        default_factory=dict,
        description="overrides of the answer stage's constants (qa.answer.extract.AnswerWeights), as a JSON "
        "object: QA_ANSWER_WEIGHTS='{\"plan_penalty\": 1.0}'",
    )

    # Where the index lives: the local folder (FAISS + BM25 files) or Milvus (Lite file or server).
    store: Literal["local", "milvus"] = Field(
        default="local", description="'local' (QA_INDEX_DIR) or 'milvus' (QA_MILVUS_URI)"
    )
    milvus_uri: str = Field(
        default=str(PROJECT_ROOT / "data" / "milvus.db"),
        description="a local path (Milvus Lite, embedded: one process at a time) or "
        "http://host:19530 (a Milvus server, cluster, or `milvus-lite server`)",
    )
    milvus_token: SecretStr | None = Field(default=None, description="'user:password' or an API key")
    milvus_db: str = Field(default="", description="Milvus database; empty = the server's default")
    milvus_collection: str = Field(
        default="fazhi", pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,200}$", description="collection name prefix"
    )
    milvus_ranker: Literal["weighted", "rrf"] = Field(
        default="weighted", description="server-side fusion of the BM25 and dense routes"
    )
    milvus_dense_weight: float = Field(
        default=0.1, ge=0.0, description="weight of the dense route in Milvus's WeightedRanker"
    )
    milvus_index: Literal["HNSW", "FLAT", "IVF_FLAT", "AUTOINDEX"] = Field(
        default="HNSW", description="dense index type of the passages collection"
    )

    feedback_db: Path = Field(default=PROJECT_ROOT / "data" / "feedback.sqlite3")

    # Serving: access, limits, observability
    api_keys: SecretStr | None = Field(
        default=None,
        description="comma-separated KEY:ROLE pairs, ROLE being 'read' or 'admin' (e.g. 'k1:read,k2:admin'); "
        "when unset the API is open and `qa serve` binds only to loopback unless --allow-open",
    )
    rate_limit: str = Field(
        default="120/minute", description="requests per key (or client IP), `limits` syntax"
    )
    max_body_bytes: int = Field(default=64_000, ge=1_000, description="largest JSON request body")
    max_upload_files: int = Field(default=20, ge=1)
    cors_origins: str = Field(
        default="",
        description="comma-separated origins allowed by CORS, and the only other origins whose pages may "
        "send POST/DELETE requests; empty = CORS off, same-origin pages only",
    )
    allowed_hosts: str = Field(
        default="",
        description="comma-separated names the Host header may carry besides localhost, 127.0.0.1 and ::1 "
        "(the DNS-rebinding guard); '*' = any. `qa serve` adds the address it binds (any, for 0.0.0.0 or ::)",
    )
    reload_check_seconds: float = Field(
        default=2.0, ge=0.1, description="how often the server looks for a new index"
    )
    json_logs: bool = Field(default=True, description="structured JSON logs from `qa serve`")

    # Telegram bot
    telegram_token: SecretStr | None = Field(
        default=None, description="BotFather token; required by `qa bot`"
    )
    telegram_api_url: str = Field(
        default="https://api.telegram.org/bot",
        description="Bot API base URL (a self-hosted Bot API server, or a test stand-in on 127.0.0.1)",
    )
    telegram_allowed_chats: str = Field(default="", description="comma-separated chat ids; empty = everyone")
    telegram_webhook_secret: SecretStr | None = None
    telegram_rate_per_minute: int = Field(default=20, ge=1, description="questions per user per minute")
    telegram_context_seconds: int = Field(
        default=600, ge=10, description="how long a chat's follow-up context lives"
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


@lru_cache
def get_settings() -> Settings:
    return Settings()
