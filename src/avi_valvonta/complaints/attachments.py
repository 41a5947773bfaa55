"""Attachments of a complaint, a statement or a reply: PDF or plain text, read before anything is stored.

The text is extracted with the same reader as a case bundle's documents (:mod:`avi_valvonta.bundle.documents`:
pypdfium2 for the text, pdfplumber to tell scanned pages), so an unreadable file (encrypted, truncated, not a PDF,
not UTF-8) is refused with the reason, and nothing of the complaint is stored. The bytes are kept as received in
the database with their SHA-256; the text is masked (identity codes) before it is stored or shown.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from avi_valvonta.identity import mask_identity_codes

MEDIA_TYPES = {".pdf": "application/pdf", ".txt": "text/plain"}


class AttachmentError(Exception):
    """An attachment that cannot be accepted; the message says why."""


@dataclass(frozen=True)
class AttachmentFile:
    name: str
    media_type: str
    size: int
    sha256: str
    pages: int
    needs_ocr: bool
    text: str  # masked
    content: bytes


def read_attachment(path: Path, max_bytes: int) -> AttachmentFile:
    """Read, hash and extract one file. Raises :class:`AttachmentError` with a message an inspector understands."""
    from avi_valvonta.bundle.documents import DocumentError, extract

    suffix = path.suffix.lower()
    if suffix not in MEDIA_TYPES:
        raise AttachmentError(f"unsupported attachment type {suffix or '(none)'}: only .pdf and .txt are accepted")
    if not path.is_file():
        raise AttachmentError("file not found")
    size = path.stat().st_size
    if size == 0:
        raise AttachmentError("the file is empty (0 bytes)")
    if size > max_bytes:
        raise AttachmentError(f"the file is {size / 1e6:.1f} MB, more than the limit {max_bytes / 1e6:.0f} MB")
    try:
        content = path.read_bytes()
        document = extract(path)
    except OSError as e:
        raise AttachmentError(f"cannot read the file: {e.strerror}") from None
    except DocumentError as e:
        raise AttachmentError(e.message) from None
    sha256 = hashlib.sha256(content).hexdigest()
    if sha256 != document.sha256:  # the file changed while it was read
        raise AttachmentError("the file changed while it was read; try again")
    text = "\f".join(p.text for p in document.pages)
    return AttachmentFile(
        name=path.name,
        media_type=MEDIA_TYPES[suffix],
        size=size,
        sha256=sha256,
        pages=len(document.pages),
        needs_ocr=any(p.has_images and not p.has_text for p in document.pages),
        text=mask_identity_codes(text),
        content=content,
    )
