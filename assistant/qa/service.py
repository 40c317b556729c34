"""Grounded question answering: route, answer from records or passages, cite verbatim, or refuse.

No language model is needed: structured questions (indicators, lists by status, legal
documents, comparisons) are answered from the extracted records; the rest from hybrid
retrieval by choosing the sentence that answers. The order of strategies is in router.py.
"""

from __future__ import annotations

import re
import time

from assistant.extract.store import Records
from assistant.qa.compose import plain
from assistant.qa.evidence import Evidence
from assistant.qa.guards import nouns, unknown_words
from assistant.qa.models import Answer
from assistant.qa.router import default_strategies, route
from assistant.qa.understand import (Question, both_units, followup_words, leans_on_history, named_words, spell_out,
                                     understand, without_both, without_pointed_back, without_source)
from assistant.qa.validation import QuestionError, validate_question
from assistant.settings import Settings
from assistant.text.normalize import fold, has_diacritics

__all__ = ["AnswerService", "QuestionError"]


# Earlier questions a follow-up may reach back through: "… là gì?", "ai chủ trì?", "đơn vị nào phối hợp?".
MAX_THREAD = 4

# Initials joined by "&" are an abbreviation even when each part is a known word ("GD&ĐT", "KH&CN").
_JOINED_ABBREVIATION = re.compile(r"(?<![^\W_])[A-ZĐ]{1,5}(?:&[A-ZĐ]{1,5})+(?![^\W_])")

# Every Vietnamese syllable has a vowel: a word without one is an abbreviation ("vhttdl", "ktkt").
_VOWEL = re.compile(r"[aeiouy]", re.IGNORECASE)


def _whole_word(word: str, flags: int = 0) -> re.Pattern:
    """The word standing alone, not inside another ("KH" not in "KHCN")."""
    return re.compile(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", flags)


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
        self.strategies = default_strategies(self.evidence, lambda text: self.understand(text, []))

    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        started = time.perf_counter()
        question = validate_question(question, self.settings.max_question_chars)
        answer = route(self.strategies, self.understand(question, history or []))
        answer.answer = plain(answer.answer) if answer.found else self.evidence.refusal
        answer.question = question
        answer.latency_ms = round((time.perf_counter() - started) * 1000, 1)
        return answer

    def spell_abbreviations(self, question: str, unknown: list[str]) -> str:
        """The question with the abbreviations among its ``unknown`` words that the documents spell out, spelled
        their way, for matching ("Sở VHTTDL" -> "Sở Văn hóa, Thể thao và Du lịch"); typed without diacritics,
        spelled without."""
        for token in dict.fromkeys(_JOINED_ABBREVIATION.findall(question)):  # "Sở GD&ĐT": known letters, joined
            if phrase := self.evidence.abbreviation(token.replace("&", "")):
                question = question.replace(token, phrase if has_diacritics(question) else fold(phrase))
        unknown = {fold(w) for w in unknown}
        for token in dict.fromkeys(re.findall(r"[^\W_]+", question)):
            if fold(token).lower() in unknown and 2 <= len(token) <= 8 and (token.isupper() or not _VOWEL.search(fold(token))):
                if phrase := self.evidence.abbreviation(token):
                    phrase = phrase if has_diacritics(question) else fold(phrase)
                    question = _whole_word(token).sub(phrase, question)
        return question

    def respell(self, question: str, unknown: list[str]) -> str:
        """The question with each of its ``unknown`` words that is a word the documents use often, typed with a
        letter missing ("bao nhiu", "gắn chp"), written that word's way; a name (capitalized) is left as typed."""
        marked = has_diacritics(question)
        for word in dict.fromkeys(unknown):
            typed = _whole_word(word, re.IGNORECASE)
            if any(m.group(0)[0].isupper() for m in typed.finditer(question)):
                continue
            if reading := self.evidence.respelled(word, marked):
                question = typed.sub(reading, question)
        return question

    def own_words(self, q: Question) -> list[str]:
        """A follow-up's own subject, which its answer must hold ("còn dữ liệu bảo hiểm xã hội?"): not what it
        points back at ("số liệu đó"), not "cả hai nơi", and, typed with marks, only its nouns ("lấy theo")."""
        own = followup_words(self.evidence.unit_names.without_names(without_both(fold(without_pointed_back(q.text)))))
        said = {fold(w) for w in nouns(q)}
        return [w for w in own if w in said]

    def understand(self, question: str, history: list[str]) -> Question:
        """A follow-up keeps the subject of the questions before it: "còn xã X thì sao?", "đơn vị nào chủ trì?".
        The previous question is read the same way, so a follow-up to a follow-up reaches the question that
        stood alone."""
        names = self.evidence.unit_names
        unknown = unknown_words(self.evidence, spell_out(question))
        if (unknown or _JOINED_ABBREVIATION.search(question)) and (spelled := self.spell_abbreviations(question, unknown)) != question:
            question, unknown = spelled, unknown_words(self.evidence, spell_out(spelled))
        if unknown and (respelled := self.respell(question, unknown)) != question:
            question, unknown = respelled, unknown_words(self.evidence, spell_out(respelled))
        q = understand(question, names)
        q.unknown_words = unknown
        q.places = self.evidence.places_without_report(q.text)
        q.thread = question
        if not history or not leans_on_history(q, names) or q.legal_key:
            return q
        previous = self.understand(history[-1], history[-MAX_THREAD:-1])
        before = without_source(previous.thread, previous.years if q.years else []) if q.units or q.years else previous.thread
        thread = f"{before} {question}"
        # One of them typed without marks, the two are read without: "gui" must find "gửi", "hồ sơ" "ho so".
        if not (has_diacritics(question) and has_diacritics(previous.thread)):
            thread = fold(thread)
        context = understand(thread, names)
        context.unknown_words = q.unknown_words
        context.followup = True
        context.places = q.places or self.evidence.places_without_report(context.text)
        # What the follow-up names anew replaces the previous subject: "còn đoàn số 3?" after "đoàn số 1".
        context.numbered = q.numbered or previous.numbered or context.numbered
        # "Kế hoạch 77 nói về gì?" then "đến 2025 có bao nhiêu doanh nghiệp số?": the follow-up asks a figure of
        # the document's subject, not again what the document is.
        context.about_document = q.about_document
        context.own_words = self.own_words(q)
        context.alone = q if context.own_words else None
        if q.years:  # "thế năm 2023?" after a question about 2025
            context.years = q.years
        if q.units:
            context.units, context.is_compare = q.units, False
        elif both_units(q.folded):
            context.is_compare = len(context.units) >= 2
        elif previous.units:
            context.units, context.is_compare = previous.units, previous.is_compare
        context.thread = f"{before} {named_words(q.text)}"
        return context
