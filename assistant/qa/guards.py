"""Refusal guards: strategies that answer "Không tìm thấy" when the documents cannot answer.

A wrong figure is worse than no answer, so these run before (out of corpus) and between
(key word missing) the answerers.
"""

from __future__ import annotations

import re

from assistant.qa.evidence import Evidence, mentions_year, not_found
from assistant.qa.statistics import marked_words, words
from assistant.qa.understand import CUE_WORDS, Question
from assistant.text.glossary import known_terms
from assistant.text.normalize import fold, has_diacritics
from assistant.text.places import PROVINCES


def unknown_words(ev: Evidence, question: str) -> list[str]:
    """Content words of the question the documents never use ("phở", "nóng", "mưa")."""
    split = marked_words if has_diacritics(question) else words
    glossary = known_terms()
    return [w for w in split(question) if ev.df.get(w, 0) == 0 and not w.isdigit() and len(w) > 1
            and fold(w) not in CUE_WORDS and fold(w) not in glossary and not re.fullmatch(r"[\d.,%/]+", w)]


class OutOfCorpus:
    """Words, names, years and document numbers the documents never mention mean they cannot answer."""

    name = "out_of_scope"

    def __init__(self, ev: Evidence):
        self.ev = ev

    def applies(self, q: Question) -> bool:
        ev = self.ev
        if q.unknown_words:
            return True
        if not has_diacritics(q.text):  # with diacritics, capitalized names below are the signal
            # Unit names first: a unit named "… Sơn" followed by "la" must not read as the province Sơn La.
            rest = q.folded
            for names in ev.unit_names.values():
                for name in names:
                    rest = re.sub(rf"(?<![a-z]){re.escape(name)}(?![a-z])", " ", rest)
            for place in PROVINCES:
                pattern = rf"(?<![a-z]){place}(?![a-z])"
                if re.search(pattern, rest) and not re.search(pattern, ev.corpus_folded):
                    return True  # another province the documents never mention
        if any(fold(name) not in ev.corpus_folded for name in q.names):
            return True
        if not ev.knows_document(q):
            return True  # a decision or plan number the documents never mention
        return any(not mentions_year(ev.corpus_folded, y) for y in q.years)

    def answer(self, q: Question):
        return not_found(self.name)


def has_key_word(ev: Evidence, q: Question, candidate) -> bool:
    """A candidate that does not cover the question well must hold its rarest known word (or its wording)."""
    split, wanted, _ = ev.terms(q)
    known = [w for w in wanted if ev.df.get(w, 0) > 0 and fold(w) not in CUE_WORDS]
    if not known or candidate[0] >= 0.7:
        return True
    rarest = min(known, key=lambda w: ev.df[w])
    hit = candidate[1]
    return ev.has_term(q, rarest, set(split(f"{hit.section} {ev.candidate_text(candidate)}")))


class KeyWordMissing:
    """The question's rarest known word must stand in the best candidate (a place name, "tiền").

    Coverage alone lets a passage answer a question about something the documents do not
    report, when it shares the common words; the rarest word is what the question is about.
    """

    name = "passage"

    def __init__(self, ev: Evidence):
        self.ev = ev

    def applies(self, q: Question) -> bool:
        scored = self.ev.scored(q)
        return bool(scored) and not has_key_word(self.ev, q, scored[0])

    def answer(self, q: Question):
        return not_found(self.name)
