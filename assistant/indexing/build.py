"""Build the index: corpus -> chunks -> Chroma (dense) + BM25 (lexical) + records.

Every build goes to a fresh folder ``index_dir/build-<timestamp>-<pid>/``; the
``index_dir/current`` symlink is switched to it atomically only once the build
is complete. A build that fails midway removes its folder and leaves ``current``
(and whoever is serving from it) untouched.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from assistant.components import EmbeddingCache, LocalEmbedding, configure_llama_index, embed_passages_cached, get_embedding
from assistant.components.chroma import COLLECTION
from assistant.components.embedding import model_id_for
from assistant.documents.loader import MANIFEST, LoadError, corpus_files, load_corpus
from assistant.indexing.chunker import chunk_corpus, embed_text
from assistant.indexing.lexical import LEXICAL_NAMESPACE, build_lexical_retriever, lexical_forms
from assistant.qa.statistics import write_statistics  # QA word statistics, called once after records
from assistant.settings import Settings

log = logging.getLogger(__name__)

# Bump when the index layout changes; code that shapes the index is also hashed (code_version).
CODE_VERSION = "index-3"
# The packages whose code decides what an index holds: parsing, text handling, chunking, records.
INDEX_CODE = ("documents", "text", "indexing", "extract")
BUILD_JSON = "build.json"
CACHE_FILE = "embeddings.sqlite"


class BuildError(RuntimeError):
    """The build could not produce an index; ``current`` was left as it was."""


@dataclass
class BuildReport:
    documents: int = 0
    sections: int = 0
    tables: int = 0
    chunks: int = 0
    rows: int = 0
    seconds: float = 0.0
    errors: list[LoadError] = field(default_factory=list)
    reembedded: int = 0
    reembedded_by_source: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    build_dir: str = ""
    embedding_model: str = ""
    records: bool = False

    def to_dict(self) -> dict:
        data = asdict(self)
        data["errors"] = [{"name": e.name, "reason": e.reason} for e in self.errors]
        return data


# ---------------------------------------------------------------- fingerprint


def _file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def corpus_files_state(corpus_dir: Path) -> dict[str, str]:
    """sha256 of every corpus file and of the manifest."""
    files = {p.name: _file_sha(p) for p in corpus_files(corpus_dir)}
    manifest = corpus_dir / MANIFEST
    if manifest.exists():
        files[MANIFEST] = _file_sha(manifest)
    return files


def fingerprint(settings: Settings, files: dict[str, str] | None = None) -> str:
    """What the current index must have been built from: corpus files, manifest, code, embedding model."""
    files = corpus_files_state(settings.corpus_dir) if files is None else files
    h = hashlib.sha256()
    h.update(f"code={CODE_VERSION}:{code_version()}\nmodel={model_id_for(settings)}\n".encode())
    for name in sorted(files):
        h.update(f"{name}={files[name]}\n".encode())
    return h.hexdigest()


def code_version() -> str:
    """A hash of the code that shapes an index, so that a changed parser or extractor rebuilds it.

    Embeddings are cached by content, so such a rebuild costs seconds, not minutes.
    """
    package = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for folder in INDEX_CODE:
        for path in sorted((package / folder).glob("*.py")):
            if path.name not in ("cli.py", "gold.py"):
                h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def read_build_info(build_dir: Path) -> dict | None:
    try:
        return json.loads((build_dir / BUILD_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_stale(settings: Settings) -> bool:
    """True when there is no complete current index or it was built from something else."""
    info = read_build_info(settings.current_index)
    if info is None:
        return True
    try:
        return info.get("fingerprint") != fingerprint(settings)
    except OSError:
        return True


# ---------------------------------------------------------------- build


def _new_build_dir(index_dir: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = index_dir / f"build-{stamp}-{os.getpid()}"
    n = 1
    while path.exists():
        path = index_dir / f"build-{stamp}-{os.getpid()}-{n}"
        n += 1
    path.mkdir(parents=True)
    return path


def _write_records(docs: list, path: Path) -> bool:
    try:
        from assistant.extract.store import write_records
    except ImportError as exc:
        if exc.name not in ("assistant.extract", "assistant.extract.store"):
            raise
        log.warning("records.sqlite skipped: assistant.extract.store is not available yet (%s)", exc)
        return False
    write_records(docs, path)
    return True


def _write_chroma(build_dir: Path, nodes: list, embed: LocalEmbedding, settings: Settings) -> None:
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from assistant.components.chroma import create_collection

    # The collection carries our embedding function: Chroma never falls back to its default one.
    collection = create_collection(build_dir / "chroma", embed, settings, COLLECTION)
    ChromaVectorStore(chroma_collection=collection).add(nodes)


def build_index(settings: Settings, progress: bool = True) -> BuildReport:
    """Build a new index from ``settings.corpus_dir`` and make it current.

    Documents that cannot be read are reported in ``report.errors`` and skipped;
    :class:`BuildError` is raised (and ``current`` left alone) when nothing can
    be indexed or anything fails midway.
    """
    from tqdm import tqdm

    started = time.perf_counter()
    index_dir = settings.index_dir
    index_dir.mkdir(parents=True, exist_ok=True)
    files = corpus_files_state(settings.corpus_dir) if settings.corpus_dir.is_dir() else None
    if files is None:
        raise BuildError(f"Không tìm thấy thư mục tài liệu (corpus folder not found): {settings.corpus_dir}")

    docs, errors = load_corpus(settings.corpus_dir)
    report = BuildReport(errors=errors)
    if not docs:
        raise BuildError(
            f"Không có tài liệu nào đọc được trong {settings.corpus_dir} (no readable document)"
            + "".join(f"\n  {e}" for e in errors)
        )

    build_dir = _new_build_dir(index_dir)
    try:
        embed = get_embedding(settings)
        configure_llama_index(embed)
        nodes = chunk_corpus(docs)
        report.documents = len(docs)
        report.sections = sum(len(d.sections) for d in docs)
        report.tables = sum(len(d.tables) for d in docs)
        report.chunks = len(nodes)
        report.rows = sum(1 for n in nodes if n.metadata["kind"] == "row")
        report.warnings = [p for d in docs for p in d.problems]
        report.embedding_model = embed.model_id

        with EmbeddingCache(index_dir / CACHE_FILE) as cache:
            with tqdm(total=len(nodes), desc="Tách từ (segmenting)", unit="chunk", disable=not progress,
                      file=sys.stderr, leave=False) as bar:
                forms = lexical_forms(nodes, cache, progress=bar)
            texts = [embed_text(n) for n in nodes]
            with tqdm(total=0, desc="Nhúng (embedding)", unit="chunk", disable=not progress, file=sys.stderr) as bar:
                vectors, computed = embed_passages_cached(
                    embed, texts, cache, batch_size=settings.embedding_batch_size, progress=bar
                )
        report.reembedded = len(computed)
        for i in computed:
            source = nodes[i].metadata["source"]
            report.reembedded_by_source[source] = report.reembedded_by_source.get(source, 0) + 1
        for node, vector in zip(nodes, vectors):
            node.embedding = vector.tolist()

        _write_chroma(build_dir, nodes, embed, settings)
        build_lexical_retriever(nodes, forms).persist(str(build_dir / "bm25"))
        report.records = _write_records(docs, build_dir / "records.sqlite")
        write_statistics(docs, build_dir)  # QA word statistics (owner: assistant/qa/statistics.py)

        report.build_dir = str(build_dir)
        report.seconds = round(time.perf_counter() - started, 2)
        info = {
            "code_version": CODE_VERSION,
            "fingerprint": fingerprint(settings, files),
            "files": files,
            "embedding_model": embed.model_id,
            "embedding_dim": embed.dim,
            "collection": COLLECTION,
            "lexical": LEXICAL_NAMESPACE,
            "created": datetime.now().isoformat(timespec="seconds"),
            "report": report.to_dict(),
        }
        (build_dir / BUILD_JSON).write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
        previous = _switch_current(index_dir, build_dir)
    except BaseException:
        shutil.rmtree(build_dir, ignore_errors=True)
        raise
    _remove_old_builds(index_dir, keep={build_dir.name, previous})
    return report


def _switch_current(index_dir: Path, build_dir: Path) -> str | None:
    """Point ``index_dir/current`` at ``build_dir`` atomically; return the previous target's name."""
    current = index_dir / "current"
    previous = os.readlink(current) if current.is_symlink() else None
    if current.exists() and not current.is_symlink():
        raise BuildError(f"{current} tồn tại nhưng không phải symlink (exists and is not a symlink)")
    tmp = index_dir / f".current-{os.getpid()}-{time.monotonic_ns()}"
    os.symlink(build_dir.name, tmp)  # relative: the index folder can be moved
    try:
        os.replace(tmp, current)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Path(previous).name if previous else None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_old_builds(index_dir: Path, keep: set[str | None]) -> None:
    """Delete builds other than the new and the previous one (never a build still in progress)."""
    for path in index_dir.glob("build-*"):
        if path.name in keep or not path.is_dir():
            continue
        finished = (path / BUILD_JSON).exists()
        try:
            pid = int(path.name.split("-")[4])
        except (IndexError, ValueError):
            pid = -1
        if finished or pid == os.getpid() or not _pid_alive(pid):
            shutil.rmtree(path, ignore_errors=True)

