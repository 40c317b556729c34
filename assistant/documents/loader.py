"""Read the corpus folder: decode each file, attach its manifest entry, parse it.

A broken file never stops the others: it becomes a :class:`LoadError` that names
the file and the reason, and the caller decides the exit status.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from assistant.documents.model import Document, DocumentMeta
from assistant.documents.parser import kind_of_title, parse

MANIFEST = "manifest.json"


@dataclass
class LoadError:
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


class DocumentError(Exception):
    pass


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise DocumentError("tệp rỗng (empty file)")
    if b"\x00" in data[:8192]:
        raise DocumentError("tệp nhị phân, không phải văn bản (binary file)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"không phải mã hóa UTF-8: byte 0x{data[exc.start]:02x} ở vị trí {exc.start} (not UTF-8)"
        ) from None
    # NFC keeps offsets stable for every consumer; the corpus is already NFC.
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


# One reader per format; DOCX and PDF readers slot in here, returning plain text.
READERS: dict[str, Callable[[Path], str]] = {".txt": _read_text, ".md": _read_text}


def corpus_files(corpus_dir: Path) -> list[Path]:
    return sorted(p for p in corpus_dir.iterdir() if p.is_file() and not p.name.startswith(".") and p.name != MANIFEST and p.name != "README.md")


def read_manifest(corpus_dir: Path) -> dict[str, DocumentMeta]:
    path = corpus_dir / MANIFEST
    if not path.exists():
        return {}
    entries = json.loads(path.read_text(encoding="utf-8"))["documents"]
    return {
        e["file"]: DocumentMeta(
            name=e["file"], title=e.get("title", ""), short_title=e.get("short_title", ""), kind=e.get("kind", ""),
            issuer=e.get("issuer", ""), level=e.get("level", ""), unit=e.get("unit", ""),
            period=e.get("period", ""), date=e.get("date", ""), number=e.get("number", ""),
            from_manifest=True,
        )
        for e in entries
    }


def load_document(path: Path, meta: DocumentMeta | None = None) -> Document:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise DocumentError(f"định dạng {path.suffix or '(không đuôi)'} chưa được hỗ trợ; hỗ trợ: {', '.join(READERS)}")
    text = reader(path)
    meta = meta or DocumentMeta(name=path.name)
    doc = parse(text, meta)
    if not doc.tables and not any(b.kind != "heading" for b in doc.blocks) and len(doc.blocks) < 2:
        raise DocumentError("không đọc được nội dung nào (parsed into nothing)")
    _fill_meta_from_header(doc)
    return doc


def load_corpus(corpus_dir: Path) -> tuple[list[Document], list[LoadError]]:
    manifest = read_manifest(corpus_dir)
    docs, errors = [], []
    for path in corpus_files(corpus_dir):
        try:
            docs.append(load_document(path, manifest.get(path.name)))
        except (DocumentError, OSError) as exc:
            errors.append(LoadError(path.name, str(exc)))
    return docs, errors


_DATE = re.compile(r"ngày\s+(\d{1,2})\s*(?:/|tháng)\s*(\d{1,2})\s*(?:/|năm)\s*(\d{4})")
_NUMBER = re.compile(r"Số:\s*(\d+\s*/\s*[\wĐđ-]+)")


def _fill_meta_from_header(doc: Document) -> None:
    """Metadata for files without a manifest entry, read from the document's own header."""
    meta = doc.meta
    if meta.from_manifest:
        return
    head = doc.text[:1500]
    meta.kind = meta.kind or kind_of_title(meta.title)
    if not meta.date and (m := _DATE.search(head)):
        meta.date = f"{int(m.group(1)):02d}/{int(m.group(2)):02d}/{m.group(3)}"
    if not meta.number and (m := _NUMBER.search(head)):
        meta.number = re.sub(r"\s+", "", m.group(1))
    meta.short_title = meta.short_title or meta.title[:60]


def suffix_for(data: bytes, claimed: str = "") -> str:
    """The suffix a document's bytes call for: its type is read from its content, not from its name."""
    import io
    import zipfile

    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            raise DocumentError("tệp nén (zip) bị hỏng, không phải tài liệu Word .docx") from None
        if "word/document.xml" in names:
            return ".docx"
        raise DocumentError("tệp nén (zip) nhưng không phải tài liệu Word .docx")
    return claimed if claimed in (".txt", ".md") else ".txt"
