"""Per-document build artifacts: what one file contributes to an index, computed once per file version.

A build assembles the index from the artifacts of every corpus file. An artifact is
keyed by the file's sha256, its manifest overrides and the code version, and kept in
``index_dir/artifacts.sqlite``: adding, replacing or removing one report re-parses,
re-chunks and re-extracts that report only (its embeddings come from the embedding
cache when its chunks did not change).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from llama_index.core.schema import TextNode

from assistant.documents.model import Document


@dataclass
class DocumentArtifact:
    name: str
    key: str  # sha256 of (file bytes, manifest entry, code version)
    meta: dict
    text: str
    sections: list[dict]
    pages: list[list[int]]
    nodes: list[dict]  # TextNode.to_dict()
    indicators: list[dict]
    projects: list[dict]
    mentions: list[dict]
    problems: list[str] = field(default_factory=list)
    tables: int = 0
    stats: dict = field(default_factory=dict)  # its share of the QA word statistics

    def text_nodes(self) -> list[TextNode]:
        return [TextNode.from_dict(n) for n in self.nodes]

    def summary(self) -> dict:
        """What the ingest report shows for this document."""
        return {
            "name": self.name, "unit": self.meta.get("unit", ""), "kind": self.meta.get("kind", ""),
            "title": self.meta.get("title", ""), "sections": len(self.sections), "tables": self.tables,
            "indicators": len(self.indicators), "chunks": len(self.nodes), "warnings": list(self.problems),
        }


def artifact_key(name: str, file_sha: str, overrides: dict | None, code: str) -> str:
    """Changes to the file, its name, its manifest overrides or the code make a new artifact.

    The name is part of the key: an artifact carries it (chunk ids, citations), so the same bytes
    sent again under another name are a document of their own, never the first one's twin."""
    overrides = json.dumps(overrides or {}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(f"{name}\n{file_sha}\n{overrides}\n{code}".encode()).hexdigest()


def analyze(doc: Document, key: str) -> DocumentArtifact:
    """Chunk one parsed document and extract its records (everything but cross-document linking)."""
    from assistant.extract.store import extract_document
    from assistant.indexing.chunker import chunk_document
    from assistant.qa.statistics import document_statistics

    indicators, projects, mentions, problems = extract_document(doc)
    pages = [list(p) for p in getattr(doc, "pages", []) or []]
    return DocumentArtifact(
        name=doc.name, key=key, meta=asdict(doc.meta), text=doc.text,
        sections=[{"id": s.id, "heading": s.heading, "path": s.path_text, "level": s.level, "start": s.start, "end": s.end}
                  for s in doc.sections],
        pages=pages,
        nodes=[n.to_dict() for n in chunk_document(doc)],
        indicators=[asdict(r) for r in indicators], projects=[asdict(p) for p in projects],
        mentions=[asdict(m) for m in mentions], problems=problems, tables=len(doc.tables),
        stats=document_statistics(doc.text),
    )


class ArtifactCache:
    """key -> compressed JSON artifact, in SQLite beside the embedding cache."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), timeout=60, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS artifacts (key TEXT PRIMARY KEY, name TEXT, data BLOB NOT NULL) WITHOUT ROWID")
        self._db.commit()

    def get(self, key: str) -> DocumentArtifact | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM artifacts WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return DocumentArtifact(**json.loads(zlib.decompress(row[0])))
        except (ValueError, TypeError, zlib.error):
            return None  # an unreadable entry is recomputed

    def put(self, artifact: DocumentArtifact) -> None:
        data = zlib.compress(json.dumps(asdict(artifact), ensure_ascii=False).encode("utf-8"), 6)
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO artifacts VALUES (?, ?, ?)", (artifact.key, artifact.name, data))
            self._db.commit()

    def prune(self, keep: set[str]) -> None:
        """Drop artifacts of file versions no longer in the corpus (keeps the cache from growing forever)."""
        with self._lock:
            keys = [k for (k,) in self._db.execute("SELECT key FROM artifacts")]
            self._db.executemany("DELETE FROM artifacts WHERE key = ?", [(k,) for k in keys if k not in keep])
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> "ArtifactCache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
