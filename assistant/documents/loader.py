"""Read the corpus folder: sniff and read each file, read its header, apply manifest overrides.

A broken file never stops the others: it becomes a :class:`LoadError` that names
the file and the reason, and the caller decides the exit status.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Callable

from assistant.documents.header import read_header
from assistant.documents.model import Document, DocumentMeta
from assistant.documents.readers import EXTENSIONS, DocumentError, read_document
from assistant.settings import get_settings

MANIFEST = "manifest.json"
log = logging.getLogger(__name__)
_META_FIELDS = {f.name for f in fields(DocumentMeta)} - {"name", "from_manifest"}


@dataclass
class LoadError:
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


def corpus_files(corpus_dir: Path) -> list[Path]:
    return sorted(p for p in corpus_dir.iterdir() if p.is_file() and not p.name.startswith(".") and p.name != MANIFEST and p.name != "README.md")


def read_manifest(corpus_dir: Path) -> dict[str, dict[str, str]]:
    """Per file, the metadata fields the manifest gives (they override what the header says)."""
    path = corpus_dir / MANIFEST
    if not path.exists():
        return {}
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["documents"]
        return {e["file"]: {k: "" if v is None else str(v) for k, v in e.items() if k in _META_FIELDS} for e in entries}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DocumentError(MANIFEST, f"manifest không hợp lệ ({type(exc).__name__}: {exc}); cần {{\"documents\": [{{\"file\": …}}]}}") from None


def load_document(path: Path, meta: DocumentMeta | None = None, given: set[str] | None = None) -> Document:
    """Read one file. Header metadata fills every field of ``meta`` that is empty and not in ``given``."""
    if path.suffix.lower() not in EXTENSIONS:
        raise DocumentError(path.name, f"định dạng {path.suffix or '(không đuôi)'} chưa được hỗ trợ; hỗ trợ: {', '.join(EXTENSIONS)}")
    meta = meta or DocumentMeta(name=path.name)
    given = given if given is not None else {k for k in _META_FIELDS if getattr(meta, k)}
    had_title = bool(meta.title) or "title" in given
    doc = read_document(path, meta, get_settings().max_document_bytes)
    header = read_header(doc)
    for key, value in header.items():
        if key not in given and (not getattr(meta, key) or (key == "title" and not had_title)):
            setattr(meta, key, value)
    if not had_title and doc.sections:  # the preamble is named after the document
        doc.sections[0].heading = meta.title
        doc.sections[0].path = [meta.title]
    meta.short_title = meta.short_title or meta.title[:60]
    return doc


def load_file(path: Path, entry: dict[str, str] | None = None) -> Document:
    """Read one corpus file with its manifest overrides; any failure is a :class:`DocumentError` naming it."""
    entry = entry or {}
    meta = DocumentMeta(name=path.name, from_manifest=bool(entry), **entry)
    try:
        return load_document(path, meta, set(entry))
    except DocumentError:
        raise
    except OSError as exc:
        raise DocumentError(path.name, f"không đọc được tệp ({exc.strerror or exc})") from None
    except Exception as exc:  # a reader bug on one odd file must not stop the others
        log.exception("reading %s failed", path)
        raise DocumentError(path.name, f"lỗi không mong đợi khi đọc tệp ({type(exc).__name__}: {str(exc)[:120]})") from None


def _reader(path: Path) -> Document:
    return load_document(path)


# Supported extensions -> a reader returning the Document (the real type is sniffed from the bytes).
READERS: dict[str, Callable[[Path], Document]] = {ext: _reader for ext in EXTENSIONS}


def load_corpus(corpus_dir: Path) -> tuple[list[Document], list[LoadError]]:
    docs, errors = [], []
    try:
        manifest = read_manifest(corpus_dir)
    except DocumentError as exc:  # the documents still load, with metadata from their headers
        errors.append(LoadError(exc.name, exc.reason))
        manifest = {}
    for path in corpus_files(corpus_dir):
        try:
            docs.append(load_file(path, manifest.get(path.name)))
        except DocumentError as exc:
            errors.append(LoadError(path.name, exc.reason))
    return docs, errors
