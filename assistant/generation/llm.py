"""The model call: llama-index OpenAILike against any OpenAI-compatible server (vLLM, llama.cpp, Ollama)."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

import openai
from llama_index.core.llms import ChatMessage
from llama_index.llms.openai_like import OpenAILike

from assistant.resources import read_prompt
from assistant.settings import Settings

# Errors worth one more try; anything else (bad request, auth) fails at once.
RETRYABLE = (openai.APIConnectionError, openai.APITimeoutError, openai.InternalServerError)


@lru_cache(maxsize=1)
def templates() -> dict[str, str]:
    return tomllib.loads(read_prompt("generate.toml"))


@lru_cache(maxsize=4)
def _llm(base_url: str, model: str, api_key: str, timeout: float) -> OpenAILike:
    # max_retries=0: llama-index and the openai client would each retry (their product is unbounded
    # in practice); retries are counted once, in generate().
    return OpenAILike(model=model, api_base=base_url, api_key=api_key, is_chat_model=True,
                      timeout=timeout, max_retries=0, temperature=0.1, max_tokens=400)


def quote_lines(citations: list[dict]) -> str:
    return "\n".join(f"[{c['id']}] {c['title']} — {c['section']}: «{c['quote']}»" for c in citations)


def messages(answer: dict) -> list[ChatMessage]:
    t = templates()
    user = t["user"].format(question=answer["question"], quotes=quote_lines(answer["citations"]), draft=answer["answer"])
    return [ChatMessage(role="system", content=t["system"]), ChatMessage(role="user", content=user)]


def instructions(answer: dict) -> list[str]:
    """The prompt's own lines (placeholders cut out) and the question line: an answer must not repeat them."""
    t = templates()
    lines = f"{t['system']}\n{t['user']}".splitlines()
    return [re.sub(r"\{\w+\}", " ", line).strip() for line in lines] + [f"Câu hỏi: {answer['question']}"]


def generate(answer: dict, settings: Settings) -> tuple[str, list[str]]:
    """(generated text, the prompt's instruction lines). At most llm_max_retries + 1 calls of llm_timeout_seconds."""
    llm = _llm(settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout_seconds)
    sent = messages(answer)
    prompt = instructions(answer)
    retries = max(settings.llm_max_retries, 0)
    while True:
        try:
            return llm.chat(sent).message.content or "", prompt
        except RETRYABLE:
            if retries == 0:
                raise
            retries -= 1
