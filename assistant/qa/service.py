"""Grounded question answering: route, answer from records or passages, cite verbatim, or refuse.

No language model is needed: structured questions (indicators, lists by status, legal
documents, comparisons) are answered from the extracted records; the rest from hybrid
retrieval by choosing the sentence that answers. The order of strategies is in router.py.
"""

from __future__ import annotations

import time

from assistant.extract.store import Records
from assistant.qa.compose import plain
from assistant.qa.evidence import Evidence
from assistant.qa.guards import unknown_words
from assistant.qa.models import Answer
from assistant.qa.router import default_strategies, route
from assistant.qa.understand import Question, followup_words, is_followup, spell_out, understand
from assistant.qa.validation import QuestionError, validate_question
from assistant.settings import Settings

__all__ = ["AnswerService", "QuestionError"]


class AnswerService:
    def __init__(self, settings: Settings, searcher=None, records: Records | None = None):
        self.settings = settings
        if searcher is None:
            from assistant.retrieval.search import Searcher

            searcher = Searcher(settings)
        self.searcher = searcher
        self.records = records or searcher.records  # the records of the build the searcher serves
        self.evidence = Evidence(settings, searcher, self.records)
        self.docs = self.evidence.docs
        self.strategies = default_strategies(self.evidence)

    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        started = time.perf_counter()
        question = validate_question(question, self.settings.max_question_chars)
        answer = route(self.strategies, self.understand(question, history or []))
        answer.answer = plain(answer.answer) if answer.found else self.evidence.refusal
        answer.question = question
        answer.latency_ms = round((time.perf_counter() - started) * 1000, 1)
        return answer

    def understand(self, question: str, history: list[str]) -> Question:
        """A follow-up keeps the previous question's subject: "còn xã X thì sao?", "đơn vị nào chủ trì?"."""
        names = self.evidence.unit_names
        q = understand(question, names)
        q.unknown_words = unknown_words(self.evidence, spell_out(question))
        q.places = self.evidence.places_without_report(q.text)
        if not history or not is_followup(question) or q.legal_key:
            return q
        context = understand(f"{history[-1]} {question}", names)
        context.unknown_words = q.unknown_words
        context.places = q.places or self.evidence.places_without_report(context.text)
        # What the follow-up names anew replaces the previous subject: "còn đoàn số 3?" after "đoàn số 1".
        context.numbered = q.numbered or context.numbered
        context.own_words = followup_words(names.without_names(q.folded))
        context.alone = q if context.own_words else None
        if q.units:
            context.units, context.is_compare = q.units, False
        return context
