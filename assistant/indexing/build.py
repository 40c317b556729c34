"""Build the index: corpus -> per-document artifacts -> Chroma (dense) + BM25 (lexical) + records.

Every build goes to a fresh folder ``index_dir/build-<timestamp>-<pid>/``; the
``index_dir/current`` symlink is switched to it atomically only once the build is
complete and its ``build.json`` (with checksums) written. A build that fails midway
removes its folder and leaves ``current`` (and whoever is serving from it) untouched.

Builds are incremental: a build patches a copy of the current one. Only the documents whose
artifact key changed (file bytes, manifest overrides, code) are parsed (or taken from the
artifact cache), segmented and embedded (embeddings are cached by text); the previous
build's vectors are copied and their stale chunks swapped; its records file is copied and
patched (see :mod:`assistant.indexing.records`). What spans documents is recomputed over
the records: the BM25 index, indicator links, legal references, word statistics. A build
in use by a serving process (it holds a lease) is never deleted.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import sys
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from llama_index.core.schema import TextNode
from tqdm import tqdm

from assistant.components import EmbeddingCache, LocalEmbedding, configure_llama_index, embed_passages_cached, get_embedding
from assistant.components.embedding import model_id_for
from assistant.documents.loader import MANIFEST, DocumentError, LoadError, corpus_files, load_file, read_manifest
from assistant.indexing.artifacts import ArtifactCache, DocumentArtifact, analyze, artifact_key
from assistant.indexing.chunker import embed_text
from assistant.indexing.lexical import LEXICAL_NAMESPACE, build_lexical_retriever, index_tokens, lexical_forms
from assistant.indexing.records import RecordsWriter
from assistant.qa import statistics
from assistant.settings import Settings

log = logging.getLogger(__name__)

# Bump when the index layout changes; code that shapes the index is also hashed (code_version).
CODE_VERSION = "index-7"
# The packages whose code decides what an index holds: parsing, text handling, chunking, records.
INDEX_CODE = ("documents", "text", "indexing", "extract")
INDEX_CODE_FILES = ("qa/statistics.py", "qa/compose.py")  # word statistics and the sentence splitter they use
# Code that assembles a build from the documents' artifacts without shaping any one of them.
ASSEMBLY_FILES = ("extract/canonical.py", "indexing/__init__.py", "indexing/build.py", "indexing/ingest.py",
                  "indexing/lexical.py", "indexing/records.py")
BUILD_JSON = "build.json"
CACHE_FILE = "embeddings.sqlite"
ARTIFACTS_FILE = "artifacts.sqlite"
RECORDS_FILE = "records.sqlite"
KEEP_BUILDS = 2  # the new build and the one before it stay on disk (a fallback when one is damaged)


class BuildError(RuntimeError):
    """The build could not produce an index; ``current`` was left as it was."""


class IndexNotReady(RuntimeError):
    """There is no usable index: ``assistant index`` must be run first."""


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
    # What changed since the build this one was derived from, and each changed document's summary.
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reparsed: list[str] = field(default_factory=list)
    summaries: dict[str, dict] = field(default_factory=dict)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["errors"] = [{"name": e.name, "reason": e.reason} for e in self.errors]
        return data


# ---------------------------------------------------------------- fingerprint


def file_sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def corpus_files_state(corpus_dir: Path) -> dict[str, str]:
    """sha256 of every corpus file and of the manifest."""
    files = {p.name: file_sha(p) for p in corpus_files(corpus_dir)}
    manifest = corpus_dir / MANIFEST
    if manifest.exists():
        files[MANIFEST] = file_sha(manifest)
    return files


def fingerprint(settings: Settings, files: dict[str, str] | None = None) -> str:
    """What the current index must have been built from: corpus files, manifest, code, embedding model."""
    files = corpus_files_state(settings.corpus_dir) if files is None else files
    h = hashlib.sha256()
    h.update(f"code={CODE_VERSION}:{code_version()}\nmodel={model_id_for(settings)}\n".encode())
    for name in sorted(files):
        h.update(f"{name}={files[name]}\n".encode())
    return h.hexdigest()


def code_version(artifacts_only: bool = False) -> str:
    """A hash of the code that shapes an index, so that a changed parser or extractor rebuilds it.

    ``artifacts_only``: the code that shapes one document's artifact (the artifact cache's key). A
    change to the code that only assembles a build (linking, records, BM25) then rebuilds the index
    from cached artifacts instead of parsing every document again. Embeddings are cached by content.
    """
    package = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    paths = [p for folder in INDEX_CODE for p in sorted((package / folder).rglob("*.py"))]
    for path in paths + [package / f for f in INDEX_CODE_FILES]:
        name = str(path.relative_to(package))
        if path.name in ("cli.py", "gold.py") or (artifacts_only and name in ASSEMBLY_FILES):
            continue
        h.update(name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


# ---------------------------------------------------------------- build folders: integrity, leases, fallback


def read_build_info(build_dir: Path) -> dict | None:
    try:
        return json.loads((build_dir / BUILD_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _checksums(build_dir: Path) -> dict[str, str]:
    """sha256 of the files a search reads as they are; Chroma's folder is checked by its file list
    (Chroma rewrites its own files when opened, so their hashes cannot be fixed at build time)."""
    sums = {RECORDS_FILE: file_sha(build_dir / RECORDS_FILE)}
    for path in sorted((build_dir / "bm25").iterdir()):
        sums[f"bm25/{path.name}"] = file_sha(path)
    for path in sorted((build_dir / "chroma").rglob("*")) if (build_dir / "chroma").is_dir() else []:
        if path.is_file() and not path.name.endswith(("-wal", "-shm", "-journal")):
            sums[str(path.relative_to(build_dir))] = "present"
    return sums


def verify_build(build_dir: Path) -> str | None:
    """None when the build is complete and intact, else what is damaged (one line, Vietnamese)."""
    info = read_build_info(build_dir)
    if info is None:
        return f"{build_dir.name}: thiếu hoặc hỏng {BUILD_JSON}"
    for name, expected in (info.get("checksums") or {}).items():
        path = build_dir / name
        if not path.is_file():
            return f"{build_dir.name}: thiếu {name}"
        if expected != "present" and file_sha(path) != expected:
            return f"{build_dir.name}: {name} bị thay đổi hoặc hỏng (checksum)"
    if not info.get("checksums"):
        return f"{build_dir.name}: {BUILD_JSON} không có checksum (bản dựng cũ)"
    return None


def good_builds(index_dir: Path) -> list[Path]:
    """Complete builds, newest first (not verified: see :func:`verify_build`)."""
    builds = [p for p in index_dir.glob("build-*") if p.is_dir() and (p / BUILD_JSON).exists()]
    return sorted(builds, key=lambda p: (read_build_info(p) or {}).get("created_ns", 0) or p.stat().st_mtime_ns, reverse=True)


def resolve_build(settings: Settings) -> Path:
    """The build to serve: ``current`` when intact, else the newest intact build (logged once, one line)."""
    current = settings.current_index
    tried: list[str] = []
    if current.exists():
        target = current.resolve()
        problem = verify_build(target)
        if problem is None:
            return target
        tried.append(problem)
    for build in good_builds(settings.index_dir):
        if current.exists() and build == current.resolve():
            continue
        problem = verify_build(build)
        if problem is None:
            if tried:
                log.error("Chỉ mục hiện tại bị hỏng (%s); dùng bản dựng trước %s", "; ".join(tried), build.name)
            return build
        tried.append(problem)
    detail = f" ({'; '.join(tried)})" if tried else ""
    raise IndexNotReady(
        f"Chưa có chỉ mục dùng được trong {settings.index_dir}{detail}: hãy chạy `assistant index`. "
        f"(No usable index: run `assistant index`.)"
    )


def is_stale(settings: Settings) -> bool:
    """True when there is no intact current index or it was built from something else."""
    current = settings.current_index
    if not current.exists() or verify_build(current.resolve()) is not None:
        return True
    try:
        return (read_build_info(current.resolve()) or {}).get("fingerprint") != fingerprint(settings)
    except OSError:
        return True


LEASES = "leases"


@contextlib.contextmanager
def lease(build_dir: Path):
    """Mark a build as in use by this process for as long as the context lasts."""
    folder = build_dir.parent / LEASES
    folder.mkdir(exist_ok=True)
    path = folder / f"{build_dir.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    path.touch()
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def acquire_lease(build_dir: Path) -> contextlib.ExitStack:
    """A lease to release later (``.close()``), for holders that outlive one ``with`` block."""
    stack = contextlib.ExitStack()
    stack.enter_context(lease(build_dir))
    return stack


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def leased_builds(index_dir: Path) -> set[str]:
    """Builds some live process is serving from (stale leases of dead processes are removed)."""
    names = set()
    for path in (index_dir / LEASES).glob("build-*"):
        name, pid, _ = path.name.rsplit(".", 2)
        if _pid_alive(int(pid)):
            names.add(name)
        else:
            path.unlink(missing_ok=True)
    return names


@contextlib.contextmanager
def build_lock(index_dir: Path):
    """One build at a time per index folder, across processes (CLI and server)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".build.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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


def _artifact_keys(settings: Settings, report: BuildReport, code: str, files: dict[str, str]) -> dict[str, tuple[Path, str, dict | None]]:
    """name -> (path, artifact key, manifest entry) of every corpus file; a broken manifest goes to ``report.errors``."""
    try:
        manifest = read_manifest(settings.corpus_dir)
    except DocumentError as exc:  # the documents still load, with metadata from their headers
        report.errors.append(LoadError(exc.name, exc.reason))
        manifest = {}
    return {path.name: (path, artifact_key(path.name, files[path.name], manifest.get(path.name), code),
                        manifest.get(path.name))
            for path in corpus_files(settings.corpus_dir)}


def _artifacts(keys: dict[str, tuple[Path, str, dict | None]], names: list[str], cache: ArtifactCache,
               report: BuildReport) -> list[DocumentArtifact]:
    """The artifacts of these files, from the cache or computed now; broken files go to ``report.errors``."""
    out = []
    for name in names:
        path, key, entry = keys[name]
        artifact = cache.get(key)
        if artifact is None:
            try:
                doc = load_file(path, entry)
            except DocumentError as exc:
                report.errors.append(LoadError(path.name, exc.reason))
                continue
            artifact = analyze(doc, key)
            cache.put(artifact)
            report.reparsed.append(path.name)
        out.append(artifact)
    return out


def _reusable_build(settings: Settings, model_id: str) -> Path | None:
    """The build a new build may patch: intact, same model, layout and code."""
    try:
        build = resolve_build(settings)
    except IndexNotReady:
        return None
    info = read_build_info(build) or {}
    same = (info.get("code_version") == CODE_VERSION and info.get("code") == code_version()
            and info.get("embedding_model") == model_id
            and info.get("chroma_mode", "embedded") == settings.chroma_mode)
    return build if same else None


# Beyond this share of changed documents, a build starts from empty instead of patching a copy.
PATCH_AT_MOST = 0.5


def _write_chroma(build_dir: Path, new_nodes: list[TextNode], stale: list[str], records: RecordsWriter,
                  changed: set[str], embed: LocalEmbedding, settings: Settings, base: Path | None,
                  cache: EmbeddingCache) -> str:
    """Vectors of the new build: the base build's copied, with the stale chunks swapped for the new ones,
    or a new collection with every chunk (vectors of unchanged chunks come from the embedding cache)."""
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from assistant.components.chroma import create_collection, release

    collection, copied = create_collection(settings, build_dir, embed, base)
    todo = new_nodes
    if copied:
        for i in range(0, len(stale), 5000):
            collection.delete(ids=stale[i:i + 5000])
    elif base is not None:  # a server collection starts empty: the unchanged documents' chunks too
        kept = records.nodes(skip=changed)
        vectors, _ = embed_passages_cached(embed, [embed_text(n) for n in kept], cache,
                                           batch_size=settings.embedding_batch_size)
        for node, vector in zip(kept, vectors):
            node.embedding = vector.tolist()
        todo = kept + new_nodes
    store = ChromaVectorStore(chroma_collection=collection)
    for i in range(0, len(todo), 5000):
        store.add(todo[i:i + 5000])
    release(build_dir)
    return collection.name


def build_index(settings: Settings, progress: bool = True) -> BuildReport:
    """Build a new index from ``settings.corpus_dir`` and make it current.

    Documents that cannot be read are reported in ``report.errors`` and skipped;
    :class:`BuildError` is raised (and ``current`` left alone) when nothing can
    be indexed or anything fails midway.
    """
    if not settings.corpus_dir.is_dir():
        raise BuildError(f"Không tìm thấy thư mục tài liệu (corpus folder not found): {settings.corpus_dir}")
    with build_lock(settings.index_dir):
        return _build(settings, progress)


def _build(settings: Settings, progress: bool) -> BuildReport:
    started = time.perf_counter()
    index_dir = settings.index_dir
    files = corpus_files_state(settings.corpus_dir)
    report = BuildReport()
    code = code_version(artifacts_only=True)
    embed = get_embedding(settings)
    previous = _reusable_build(settings, embed.model_id)
    previous_files = (read_build_info(previous) or {}).get("files", {}) if previous else {}

    with ArtifactCache(index_dir / ARTIFACTS_FILE) as artifacts_cache:
        keys = _artifact_keys(settings, report, code, files)
        base_keys = _keys_of(previous)
        changed = [n for n in keys if base_keys.get(n) != keys[n][1]]
        removed = [n for n in base_keys if n not in keys]
        base = previous if base_keys and len(changed) + len(removed) <= PATCH_AT_MOST * max(len(base_keys), 1) else None
        if base is None:
            changed, removed = list(keys), []
        artifacts = _artifacts(keys, changed, artifacts_cache, report)
        artifacts_cache.prune({key for _, key, _ in keys.values()})

    names = set(keys) - {e.name for e in report.errors}
    report.added = sorted(n for n in names if n not in previous_files)
    report.removed = sorted(n for n in previous_files if n not in names and n != MANIFEST)
    report.summaries = {a.name: a.summary() for a in artifacts}

    build_dir = _new_build_dir(index_dir)
    records = None
    try:
        configure_llama_index(embed)
        records = RecordsWriter(build_dir / RECORDS_FILE, base / RECORDS_FILE if base else None)
        stale = records.remove(changed + removed)
        nodes_of = {a.name: a.text_nodes() for a in artifacts}
        nodes = [n for a in artifacts for n in nodes_of[a.name]]
        report.embedding_model = embed.model_id

        with EmbeddingCache(index_dir / CACHE_FILE) as cache:
            with tqdm(total=len(nodes), desc="Tách từ (segmenting)", unit="chunk", disable=not progress,
                      file=sys.stderr, leave=False) as bar:
                forms = [index_tokens(f) for f in lexical_forms(nodes, cache, progress=bar)]
            with tqdm(total=0, desc="Nhúng (embedding)", unit="chunk", disable=not progress, file=sys.stderr) as bar:
                vectors, computed = embed_passages_cached(
                    embed, [embed_text(n) for n in nodes], cache, batch_size=settings.embedding_batch_size, progress=bar
                )
            for node, vector in zip(nodes, vectors):
                node.embedding = vector.tolist()
            at = 0
            for a in artifacts:
                own = nodes_of[a.name]
                records.add(a, own, forms[at:at + len(own)])
                at += len(own)
            collection = _write_chroma(build_dir, nodes, stale, records, set(changed), embed, settings, base, cache)
        report.reembedded = len(computed)
        for i in computed:
            source = nodes[i].metadata["source"]
            report.reembedded_by_source[source] = report.reembedded_by_source.get(source, 0) + 1

        counts = records.counts()
        if not counts["documents"]:
            raise BuildError(
                f"Không có tài liệu nào đọc được trong {settings.corpus_dir} (no readable document)"
                + "".join(f"\n  {e}" for e in report.errors)
            )
        ids, tokens = records.lexical()
        build_lexical_retriever(ids, tokens).persist(str(build_dir / "bm25"))
        records.relink()
        records.relegal()
        statistics.save(records.statistics(), build_dir)  # QA word statistics
        for name, value in counts.items():
            setattr(report, name, value)
        report.warnings = records.problems()
        records.close()
        records = None
        report.records = True

        report.build_dir = str(build_dir)
        report.seconds = round(time.perf_counter() - started, 2)
        info = {
            "code_version": CODE_VERSION,
            "code": code_version(),
            "fingerprint": fingerprint(settings, files),
            "files": files,
            "embedding_model": embed.model_id,
            "embedding_dim": embed.dim,
            "collection": collection,
            "chroma_mode": settings.chroma_mode,
            "lexical": LEXICAL_NAMESPACE,
            "created": datetime.now().isoformat(timespec="seconds"),
            "created_ns": time.time_ns(),
            "derived_from": base.name if base else None,
            "checksums": _checksums(build_dir),
            "report": report.to_dict(),
        }
        (build_dir / BUILD_JSON).write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
        _switch_current(index_dir, build_dir)
    except BaseException:
        if records is not None:
            records.abort()
        shutil.rmtree(build_dir, ignore_errors=True)
        raise
    remove_old_builds(index_dir, settings)
    return report


def _keys_of(build: Path | None) -> dict[str, str]:
    """Document name -> artifact key of a build's records (empty when there is no build to patch)."""
    if build is None:
        return {}
    try:
        con = sqlite3.connect(f"file:{build / RECORDS_FILE}?mode=ro", uri=True)
        try:
            return dict(con.execute("SELECT source, key FROM artifacts"))
        finally:
            con.close()
    except sqlite3.Error:
        return {}


def _switch_current(index_dir: Path, build_dir: Path) -> None:
    """Point ``index_dir/current`` at ``build_dir`` atomically."""
    current = index_dir / "current"
    if current.exists() and not current.is_symlink():
        raise BuildError(f"{current} tồn tại nhưng không phải symlink (exists and is not a symlink)")
    tmp = index_dir / f".current-{os.getpid()}-{time.monotonic_ns()}"
    os.symlink(build_dir.name, tmp)  # relative: the index folder can be moved
    try:
        os.replace(tmp, current)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def remove_old_builds(index_dir: Path, settings: Settings | None = None) -> list[str]:
    """Delete builds beyond the newest :data:`KEEP_BUILDS`, except those in use and those still being built."""
    from assistant.components.chroma import drop_collection

    current = (index_dir / "current").resolve().name if (index_dir / "current").exists() else None
    keep = {current} | leased_builds(index_dir) | {p.name for p in good_builds(index_dir)[:KEEP_BUILDS]}
    removed = []
    for path in index_dir.glob("build-*"):
        if path.name in keep or not path.is_dir():
            continue
        finished = (path / BUILD_JSON).exists()
        try:
            pid = int(path.name.split("-")[4])
        except (IndexError, ValueError):
            pid = -1
        if finished or pid == os.getpid() or not _pid_alive(pid):
            if settings is not None:
                drop_collection(settings, path, (read_build_info(path) or {}).get("collection"))
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed
