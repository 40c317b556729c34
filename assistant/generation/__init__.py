"""Optional phrasing of extractive answers by an OpenAI-compatible model server, verified before use.

Off unless ``llm_base_url`` is set. :func:`phrase` wraps the answer of ``AnswerService.ask``: a refusal
is never sent to the model; a generated text is used only when :func:`verify.problems` finds nothing
wrong, otherwise (or when the server is slow, down or odd) the extractive answer comes back unchanged.
The response says which path produced it (``answer_path``) and why a generation was set aside
(``generation_note``).
"""

from __future__ import annotations

import logging

from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel

from assistant.generation.llm import generate
from assistant.generation.verify import problems
from assistant.settings import Settings

log = logging.getLogger(__name__)


def enabled(settings: Settings) -> bool:
    return bool(settings.llm_base_url)


def phrase(answer, settings: Settings):
    """The answer, reworded by the model when enabled and verified; same type as given (dict or model)."""
    if not enabled(settings):
        return answer
    data = jsonable_encoder(answer)
    update = {"answer_path": "extractive", "generation_note": None}
    if data.get("found") and data.get("citations"):
        update.update(_generated(data, settings))
    if isinstance(answer, BaseModel):
        return type(answer).model_validate({**data, **update})
    return {**data, **update}


def _generated(data: dict, settings: Settings) -> dict:
    try:
        text, prompt = generate(data, settings)
    except Exception as exc:  # any server failure: the extractive answer stands
        log.warning("generation failed: %s: %s", type(exc).__name__, exc)
        return {"generation_note": f"máy chủ mô hình không trả lời được ({type(exc).__name__})"}
    found = problems(text, data["citations"], prompt)
    if found:
        log.info("generation rejected: %s", "; ".join(found))
        return {"generation_note": "; ".join(found)}
    return {"answer": text.strip(), "answer_path": "generated"}
