"""What the index and the feedback log write is the owner's alone: folders 0700, files 0600.

Reports may be public, but the feedback log holds what people asked, and an index folder that
others can write to could be swapped for another. Modes are set explicitly, whatever the umask.
"""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def make_private_dir(path: Path) -> None:
    """Create ``path`` 0700 (missing parents too); a folder that exists is left as it is."""
    if path.is_dir():
        return
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    path.chmod(DIR_MODE)


def create_private_file(path: Path) -> None:
    """Create ``path`` empty and 0600 unless it exists, before a library opens it with its own mode."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))


def restrict_tree(root: Path) -> None:
    """``root`` and every folder under it 0700, every file 0600 (files written by bm25s or FAISS)."""
    root.chmod(DIR_MODE)
    for path in root.rglob("*"):
        path.chmod(DIR_MODE if path.is_dir() else FILE_MODE)
