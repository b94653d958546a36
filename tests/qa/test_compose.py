"""Composition: settings choose the encoder and the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.compose import build_encoder, open_feedback, open_store
from qa.config import Settings
from qa.errors import ModelUnavailable
from qa.index.feedback import FeedbackStore
from qa.index.local import LocalIndexStore


def test_fake_encoder_by_name() -> None:
    encoder = build_encoder(Settings(model="fake-hash-16"))
    assert encoder.dim == 16 and encoder.name == "fake-hash-16"
    assert build_encoder(Settings(model="fake")).dim == 64


def test_a_model_that_is_not_on_disk_is_refused_with_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="QA_MODEL"):
        build_encoder(Settings(model=str(tmp_path / "no-such-model"), model_cache=tmp_path))


def test_local_store_and_its_feedback_file(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "index", feedback_db=tmp_path / "fb.sqlite3")
    assert isinstance(open_store(settings), LocalIndexStore)
    assert isinstance(open_feedback(settings), FeedbackStore)
