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
from assistant.text.normalize import fold, has_diacritics, match_key
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
            rest = ev.unit_names.without_names(q.folded)
            for place in PROVINCES:
                pattern = rf"(?<![a-z]){place}(?![a-z])"
                if re.search(pattern, rest) and not re.search(pattern, ev.corpus_folded):
                    return True  # another province the documents never mention
        if any(fold(name) not in ev.corpus_folded for name in q.names):
            return True
        if q.opening_name and _unknown_opening_name(ev, q.opening_name):
            return True  # "Nghệ An có bao nhiêu …": a place the documents never mention
        if not ev.knows_document(q):
            return True  # a decision or plan number the documents never mention
        return any(not mentions_year(ev.corpus_folded, y) for y in q.years)

    def answer(self, q: Question):
        return not_found(self.name)


def _unknown_opening_name(ev: Evidence, run: str) -> bool:
    """A capitalized run opening a question names what the documents never mention.

    Its first word is capitalized either way: "Huyện Hà Trung" is the name "Hà Trung" after a
    common word, so a run of three or more words is read without its first word; a run of two
    ("Nghệ An", but also "Nhóm An toàn") is a name only when it is a province's.
    """
    parts = run.split()
    if fold(run) in ev.corpus_folded:
        return False
    if len(parts) > 2:
        return fold(" ".join(parts[1:])) not in ev.corpus_folded
    return fold(run) in PROVINCES


def has_key_word(ev: Evidence, q: Question, candidate) -> bool:
    """A candidate that does not cover the question well must hold its rarest known word (or its wording)."""
    split, wanted, _ = ev.terms(q)
    known = [w for w in wanted if ev.df.get(w, 0) > 0 and fold(w) not in CUE_WORDS]
    known = [w for w in known if w in nouns(q)] or known
    if not known or candidate[0] >= 0.7:
        return True
    rarest = min(known, key=lambda w: ev.df[w])
    hit = candidate[1]
    return ev.has_term(q, rarest, set(split(f"{hit.section} {ev.candidate_text(candidate)}")))


def has_codes(ev: Evidence, q: Question, candidate) -> bool:
    """Codes of letters and digits the question names ("5G", "IPv6") must stand in the candidate.

    "trạm BTS 5G" is not answered by a sentence counting 2G, 3G and 4G stations: the code is
    what the question is about, however common its other words are.
    """
    codes = set(re.findall(r"(?<![a-z0-9])(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9]+(?![a-z0-9])", q.folded))
    if not codes:
        return True
    hit = candidate[1]
    have = set(re.findall(r"[a-z0-9]+", fold(f"{hit.section} {ev.candidate_text(candidate)}")))
    return codes <= have


def nouns(q: Question) -> set[str]:
    """Syllables of the nouns of a question typed with diacritics (all its words otherwise), read once:
    what it is about. "đi kiểm tra", "làm trưởng đoàn", "chiếm … GRDP": a rare verb says how, not what,
    so it is no key word."""
    if q.nouns is None:
        if has_diacritics(q.text):
            from underthesea import pos_tag  # loaded with the segmenter's package, on first use

            q.nouns = {w for token, tag in pos_tag(q.text) if tag.startswith("N") for w in match_key(token).split()}
        else:
            q.nouns = set(marked_words(q.text)) | set(words(q.text))
    return q.nouns


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
        return bool(scored) and (not has_key_word(self.ev, q, scored[0]) or not has_codes(self.ev, q, scored[0]))

    def answer(self, q: Question):
        return not_found(self.name)
