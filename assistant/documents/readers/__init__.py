"""One reader per real file type (sniffed from the bytes); every reader returns a Document."""

from __future__ import annotations

from pathlib import Path

from assistant.documents.model import Document, DocumentMeta
from assistant.documents.readers.sniff import DOCX, PDF, DocumentError, sniff
from assistant.documents.readers.text import read_text

EXTENSIONS = (".txt", ".md", ".docx", ".pdf")


def read_document(path: Path, meta: DocumentMeta, max_bytes: int) -> Document:
    kind = sniff(path)
    if kind == DOCX:
        from assistant.documents.readers.docx import read_docx

        doc = read_docx(path, meta)
    elif kind == PDF:
        from assistant.documents.readers.pdf import read_pdf

        doc = read_pdf(path, meta)
    else:
        doc = read_text(path, meta, max_bytes)
    if not doc.tables and not any(b.kind != "heading" for b in doc.blocks) and len(doc.blocks) < 2:
        raise DocumentError(path.name, "không đọc được nội dung nào (parsed into nothing)")
    return doc


__all__ = ["EXTENSIONS", "DocumentError", "read_document"]
