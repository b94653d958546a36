"""Reading file modes for the tests of what the index and the feedback log write."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def usual_umask() -> Iterator[None]:
    """The common umask 022 (files 0644 unless the code says otherwise), restored afterwards."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def loose_modes(root: Path) -> list[str]:
    """Everything under ``root`` (itself included) that others than the owner may read or enter."""
    paths = [root, *root.rglob("*")]
    return [
        f"{p.relative_to(root.parent)} {stat.filemode(p.stat().st_mode)}"
        for p in paths
        if stat.S_IMODE(p.stat().st_mode) & 0o077
    ]
