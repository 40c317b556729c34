"""Plain text and markdown: decode, then parse the text into the document model."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from assistant.documents.model import Document, DocumentMeta
from assistant.documents.parser import parse
from assistant.documents.readers.sniff import DocumentError, decode_text


def normalize_text(text: str) -> str:
    # NFC keeps offsets stable for every consumer; the corpus is already NFC.
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def read_text(path: Path, meta: DocumentMeta, max_bytes: int) -> Document:
    size = path.stat().st_size
    if size > max_bytes:
        raise DocumentError(
            path.name, f"tệp văn bản quá lớn: {size / 1e6:.1f} MB, giới hạn {max_bytes / 1e6:.0f} MB (max_document_bytes)"
        )
    text = normalize_text(decode_text(path.name, path.read_bytes()))
    if not text.strip():
        raise DocumentError(path.name, "tệp rỗng (empty file)")
    return parse(text, meta)
