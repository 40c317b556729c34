"""Add, replace and remove corpus documents, then build: the one path the CLI and the upload API share.

Each incoming file is checked first (its type read from its content, then parsed);
a file that cannot be read is reported by name and never reaches the corpus. The
accepted files are moved into the corpus folder atomically and an incremental build
runs; if that build fails, the corpus is put back as it was and the previous index
keeps serving.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.documents.loader import DocumentError, load_file, read_manifest
from assistant.documents.model import Document
from assistant.indexing.artifacts import ArtifactCache, analyze, artifact_key
from assistant.indexing.build import ARTIFACTS_FILE, BuildReport, build_index, code_version, file_sha
from assistant.settings import Settings


@dataclass
class Ingested:
    """One document's line in an ingest report."""

    name: str
    status: str  # added | replaced | removed | error
    unit: str = ""
    kind: str = ""
    sections: int = 0
    tables: int = 0
    indicators: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


class IngestError(ValueError):
    """The request cannot be carried out at all (unknown document, nothing to add)."""


_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)


def safe_name(name: str) -> str:
    """A corpus file name from an uploaded name: no folders, no hidden files, no odd characters."""
    base = unicodedata.normalize("NFC", Path(str(name).replace("\\", "/")).name).strip()
    base = _UNSAFE.sub("_", base).strip(" ._")
    if not base or base.lower() in ("manifest.json", "readme.md"):
        raise IngestError(f"Tên tệp không hợp lệ: «{name}»")
    return base[:150]


def _checked(name: str, data: bytes, folder: Path, max_bytes: int,
             manifest: dict) -> tuple[Path | None, Document | None, str | None]:
    """Read an upload like a corpus file, its type taken from its content: (path, document, None) or (None, None, reason)."""
    from assistant.documents.readers.sniff import DOCX, PDF, sniff

    if len(data) > max_bytes:
        return None, None, f"tệp quá lớn ({len(data):,} byte, tối đa {max_bytes:,})".replace(",", ".")
    probe = folder / f".probe-{name}"
    probe.write_bytes(data)
    target = probe
    try:
        kind = sniff(probe)
        claimed = Path(name).suffix.lower()
        suffix = {DOCX: ".docx", PDF: ".pdf"}.get(kind) or (claimed if claimed in (".txt", ".md") else ".txt")
        target = probe.rename(folder / (Path(name).stem + suffix))
        doc = load_file(target, manifest.get(target.name))
    except (DocumentError, OSError) as exc:
        target.unlink(missing_ok=True)
        return None, None, getattr(exc, "reason", str(exc))
    return target, doc, None


def _remember(settings: Settings, parsed: list[tuple[Path, Document]], manifest: dict) -> None:
    """The checked uploads go into the artifact cache under the key the build will look for,
    so the build does not parse them a second time (a PDF costs a second or more)."""
    code = code_version(artifacts_only=True)
    with ArtifactCache(settings.index_dir / ARTIFACTS_FILE) as cache:
        for path, doc in parsed:
            cache.put(analyze(doc, artifact_key(path.name, file_sha(path), manifest.get(path.name), code)))


def _summary(report: BuildReport, name: str, status: str) -> Ingested:
    s = report.summaries.get(name, {})
    return Ingested(name=name, status=status, unit=s.get("unit", ""), kind=s.get("kind", ""),
                    sections=s.get("sections", 0), tables=s.get("tables", 0), indicators=s.get("indicators", 0),
                    warnings=s.get("warnings", []))


def add_documents(settings: Settings, files: list[tuple[str, bytes]]) -> tuple[list[Ingested], BuildReport | None]:
    """Add or replace documents (name, bytes), then build. Broken files are reported and skipped."""
    corpus = settings.corpus_dir
    corpus.mkdir(parents=True, exist_ok=True)
    results: list[Ingested] = []
    accepted: list[tuple[str, Path, Document]] = []  # (name in the corpus, checked file, its parsed document)
    try:
        manifest = read_manifest(corpus)
    except DocumentError:  # the build reports a broken manifest; uploads are still read
        manifest = {}
    with tempfile.TemporaryDirectory(dir=corpus, prefix=".incoming-") as tmp:
        for i, (raw_name, data) in enumerate(files):
            try:
                name = safe_name(raw_name)
            except IngestError as exc:
                results.append(Ingested(name=str(raw_name), status="error", error=str(exc)))
                continue
            own = Path(tmp) / str(i)  # a folder per file: two uploads of one name never overwrite each other
            own.mkdir()
            path, doc, reason = _checked(name, data, own, settings.max_upload_bytes, manifest)
            if path is not None and any(path.name == taken for taken, *_ in accepted):
                path, reason = None, "trùng tên với một tệp khác trong cùng lần tải lên"
            if path is None:
                results.append(Ingested(name=name, status="error", error=f"{name}: {reason}"))
            else:
                accepted.append((path.name, path, doc))
        if not accepted:
            return results, None
        backup = Path(tmp) / ".previous"
        backup.mkdir()
        replaced = set()
        for name, path, _ in accepted:
            old = corpus / name
            if old.exists():
                shutil.copy2(old, backup / name)
                replaced.add(name)
            os.replace(path, old)
        try:
            _remember(settings, [(corpus / name, doc) for name, _, doc in accepted], manifest)
            report = build_index(settings, progress=False)
        except BaseException:
            for name, *_ in accepted:  # the corpus goes back to what the serving index was built from
                (corpus / name).unlink(missing_ok=True)
                if name in replaced:
                    os.replace(backup / name, corpus / name)
            raise
    for name, *_ in accepted:
        results.append(_summary(report, name, "replaced" if name in replaced else "added"))
    return results, report


def remove_documents(settings: Settings, names: list[str]) -> tuple[list[Ingested], BuildReport]:
    """Remove documents from the corpus, then build; unknown names raise :class:`IngestError`."""
    corpus = settings.corpus_dir
    paths = []
    for name in names:
        path = corpus / safe_name(name)
        if not path.is_file() or path.name != name:
            raise IngestError(f"Không có tài liệu «{name}» trong kho tài liệu.")
        paths.append(path)
    with tempfile.TemporaryDirectory(dir=corpus, prefix=".removed-") as tmp:
        for path in paths:
            os.replace(path, Path(tmp) / path.name)
        try:
            report = build_index(settings, progress=False)
        except BaseException:
            for path in paths:
                os.replace(Path(tmp) / path.name, path)
            raise
    return [Ingested(name=p.name, status="removed") for p in paths], report
