"""Text files: bytes decoded (UTF-8, UTF-16 with BOM, else GB18030/GBK/Big5 … by detection), binary refused."""

from __future__ import annotations

import unicodedata

from charset_normalizer import from_bytes

from qa.errors import UnsupportedFile

CONTROL_SHARE = 0.05  # more control characters than this: not text
REPLACEMENT_SHARE = 0.02  # more U+FFFD than this after decoding: wrong or no encoding


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
    return bad / len(text)


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    return _control_share(text) <= CONTROL_SHARE and text.count("\ufffd") / len(text) <= REPLACEMENT_SHARE


def decode_bytes(data: bytes, name: str) -> str:
    """Decode file bytes: UTF-8 (BOM or not), UTF-16 with BOM, else the encoding charset-normalizer
    detects (GB18030/GBK/Big5 …). Raises ``UnsupportedFile`` for binary or undecodable data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnsupportedFile(f"{name}: cannot decode UTF-16 text ({exc.reason})") from exc
        if not _looks_like_text(text):
            raise UnsupportedFile(f"{name}: looks like a binary file, not text")
        return text
    if b"\x00" in data:
        raise UnsupportedFile(f"{name}: looks like a binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise UnsupportedFile(
                f"{name}: cannot decode the text (tried UTF-8, UTF-16 and detection of GB18030/GBK/Big5 "
                "and other encodings); save it as UTF-8"
            ) from None
        text = str(best)
    if not _looks_like_text(text):
        raise UnsupportedFile(f"{name}: looks like a binary file, not text")
    return text
