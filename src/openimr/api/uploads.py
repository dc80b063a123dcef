"""Checking an uploaded record by its content: a PDF (``%PDF-`` magic) or UTF-8 text, within a size.

The file's name and declared content type are not trusted; only its bytes are.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MAX_UPLOAD_BYTES", "UploadRejected", "CheckedUpload", "check_upload"]

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class UploadRejected(ValueError):
    """An upload that is too large, empty, or neither a PDF nor UTF-8 text; the message says which."""

    def __init__(self, message: str, status_code: int = 415) -> None:
        super().__init__(message)
        self.status_code = status_code


@dataclass(frozen=True)
class CheckedUpload:
    """An accepted upload: ``kind`` is "pdf" or "text"; ``text`` is set for text uploads."""

    kind: str
    data: bytes
    text: str | None


def check_upload(data: bytes, *, limit: int = MAX_UPLOAD_BYTES) -> CheckedUpload:
    """Accept ``data`` as a PDF or as UTF-8 text, or say why not.

    Raises:
        UploadRejected: over ``limit`` bytes (413), empty (422), or not PDF or text (415).
    """
    if len(data) > limit:
        raise UploadRejected(f"file is larger than the {limit} byte limit", 413)
    if not data.strip():
        raise UploadRejected("file is empty", 422)
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            raise UploadRejected("file starts as a PDF but is incomplete (no %%EOF)")
        return CheckedUpload(kind="pdf", data=data, text=None)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadRejected("file is neither a PDF nor UTF-8 text") from None
    if any(ch in text for ch in _BINARY_CONTROLS):
        raise UploadRejected("file is neither a PDF nor UTF-8 text (binary control characters)")
    return CheckedUpload(kind="text", data=data, text=text)


# Control characters no text record holds (tab, newline, carriage return and form feed are fine).
_BINARY_CONTROLS = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f") | {"\x7f"}
