"""Refusal guards: strategies that answer "Không tìm thấy" when the documents cannot answer.

A wrong figure is worse than no answer, so these run before (out of corpus) and between
(key word missing) the answerers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.qa.answer_types import FIGURE_KINDS, MEASURES, NOT_A_NOUN, PERCENT, counted_phrase, expected_kind, numbers_of
from assistant.qa.evidence import Evidence, not_found
from assistant.qa.statistics import marked_words, words
from assistant.qa.understand import CUE_WORDS, Question, asking_text, cue_words_in, is_filler
from assistant.text.glossary import GLOSSARY, expand, known_terms
from assistant.text.normalize import UPPER, fold, folded_words, has_diacritics, match_key
from assistant.text.places import PROVINCES
from assistant.text.segment import is_stopword, pos_tags
from assistant.text.years import year_pattern


# Parts of speech (underthesea's) that say what a question is about: nouns, proper nouns, abbreviations,
# adjectives. An unknown verb or classifier ("ai bỏ ra", "giữ chức vụ", "ông") says how or who, not what.
CONTENT_TAGS = {"N", "Np", "Ny", "Nb", "A"}


def unknown_words(ev: Evidence, question: str) -> list[str]:
    """Content words of the question the documents never use ("phở", "nóng", "mưa")."""
    marked = has_diacritics(question)
    split = marked_words if marked else words
    glossary = known_terms()
    unknown = [w for w in split(question) if ev.df.get(w, 0) == 0 and not w.isdigit() and len(w) > 1
               and fold(w) not in CUE_WORDS and fold(w) not in glossary and fold(w) not in MEASURES
               and not is_filler(w, marked) and not re.fullmatch(r"[\d.,%/]+", w)]
    if not unknown or not marked:
        return unknown  # without diacritics the tagger cannot tell a noun from a verb
    content = {w for token, tag in pos_tags(question) if tag in CONTENT_TAGS for w in marked_words(token)}
    return [w for w in unknown if w in content]


class OutOfCorpus:
    """Words, names, years and document numbers the documents never mention mean they cannot answer."""

    name = "out_of_scope"

    def __init__(self, ev: Evidence):
        self.ev = ev

    def applies(self, q: Question) -> bool:
        ev = self.ev
        if q.unknown_words:
            return True
        known = [name for name in q.names if ev.corpus_has(fold(name))]
        if not has_diacritics(q.text):  # with diacritics, capitalized names below are the signal
            # Unit names first: a unit named "… Sơn" followed by "la" must not read as the province Sơn La.
            rest = ev.unit_names.without_names(q.folded)
            # So are the names the documents know: "KKT Nghi Son la theo …" names no Sơn La.
            for name in known:
                rest = rest.replace(fold(name), " ")
            for place in PROVINCES:
                pattern = rf"(?<![a-z]){place}(?![a-z])"
                if re.search(pattern, rest) and not ev.corpus_has(place, pattern):
                    return True  # another province the documents never mention
        if len(known) < len(q.names):
            return True  # a name the documents never mention
        if q.opening_name and _unknown_opening_name(ev, q.opening_name):
            return True  # "Nghệ An có bao nhiêu …": a place the documents never mention
        if any(not ev.corpus_has(fold(name)) for name in _DEPARTMENT.findall(q.text)):
            return True  # "Sở Tư pháp được giao …": a department the documents never mention
        if not ev.knows_document(q):
            return True  # a decision or plan number the documents never mention
        return any(not ev.corpus_has(y, year_pattern(y)) for y in q.years)

    def answer(self, q: Question):
        return not_found(self.name)


# A department by the first two words of its name ("Sở Tư pháp", "Sở Y tế"); not an abbreviation ("Sở TTTT").
_DEPARTMENT = re.compile(rf"\bSở\s+(?![{UPPER}]{{2}})[{UPPER}][^\W\d_]*\s+[^\W\d_]+")


def _unknown_opening_name(ev: Evidence, run: str) -> bool:
    """A capitalized run opening a question names what the documents never mention.

    Its first word is capitalized either way: "Huyện Hà Trung" is the name "Hà Trung" after a
    common word, so a run of three or more words is read without its first word; a run of two
    ("Nghệ An", but also "Nhóm An toàn") is a name only when it is a province's.
    """
    parts = run.split()
    if ev.corpus_has(fold(run)):
        return False
    if len(parts) > 2:
        return not ev.corpus_has(fold(" ".join(parts[1:])))
    return fold(run) in PROVINCES


# "năm 2023": the word that says when.
_WHEN = re.compile(r"\b(nam)\s+20\d\d\b")
_DEGREE = re.compile(r"\b(muc do)\s+(?!\d)")
# Nouns that count occasions ("đợt kiểm tra", "buổi tập huấn"): the event they count is the subject.
_EVENT_CLASSIFIERS = {"đợt", "cuộc", "buổi", "chuyến"}


def has_key_word(ev: Evidence, q: Question, candidate) -> bool:
    """A candidate that does not cover the question well must hold its rarest known word (or its wording)."""
    _, wanted, _ = ev.terms(q)
    cues = cue_words_in(q.folded)
    known = [w for w in wanted if ev.df.get(w, 0) > 0 and fold(w) not in cues]
    hit = candidate[1]
    # Words naming the candidate's document ("theo BC 9 tháng …") say where, not what: none is the key word.
    named = ev.naming_words(q, hit.source)
    known = [w for w in known if w not in named] or known
    known = [w for w in known if w in nouns(q)] or known
    # "năm 2023" says when, not what: the year itself is checked elsewhere.
    when = set(_WHEN.findall(q.folded))
    known = [w for w in known if fold(w) not in when]
    # "mức độ hài lòng": the degree of what follows, which is the subject ("mức độ 4" is a level: a code).
    degree = set(" ".join(_DEGREE.findall(q.folded)).split())
    known = [w for w in known if fold(w) not in degree] or known
    if not known or candidate[0] >= 0.7:
        return True
    said = ev.said_words(q, candidate)
    # "đợt kiểm tra": a noun counting occasions is the key word only when the candidate says it ("đợt ra quân").
    known = [w for w in known if w not in _EVENT_CLASSIFIERS or ev.has_term(q, w, said)]
    if not known:
        return True
    rarest = min(known, key=lambda w: ev.df[w])
    return ev.has_term(q, rarest, said)


def about_it(ev: Evidence, q: Question, candidate) -> bool:
    """The candidate holds what the question is about: its key word, its codes, its measure and its qualities."""
    return (has_key_word(ev, q, candidate) and has_codes(ev, q, candidate) and has_measure(ev, q, candidate)
            and has_qualities(ev, q, candidate) and has_given_rates(ev, q, candidate)
            and counts_what_asked(ev, q, candidate))


def counts_what_asked(ev: Evidence, q: Question, candidate) -> bool:
    """A count asked of a thing the documents qualify ("bao nhiêu doanh nghiệp công nghệ số") is not answered by
    a number of the thing qualified otherwise ("600 doanh nghiệp tiếp cận …") in a text that never says the
    question's qualifier. The qualifier is the run of words the documents write after the thing."""
    phrase = _counted_words(ev, asking_text(q))
    text = ev.candidate_text(candidate)
    counted = numbers_of(phrase[0], text) if len(phrase) > 1 else []
    said = f" {' '.join(words(text))} "
    for after in counted:
        part = next((i for i, (asked, written) in enumerate(zip(phrase, after)) if asked != written), None)
        if part is None or phrase[part] in _WHERE_WORDS or phrase[part] == "cap":
            return True  # the number counts the thing as asked ("đoàn kiểm tra cấp tỉnh": a level says where)
        # Its count ends there ("03 Đoàn kiểm tra do …", "hơn 600 doanh nghiệp trên địa bàn"), or goes on otherwise:
        # either way the text must say the question's qualifier ("công nghệ số").
        qualifier = phrase[part:part + 2]
        if f" {' '.join(qualifier)} " in said or (len(qualifier) == 1 and _says_term(ev, q, qualifier[0], text)):
            return True
    return not counted


@lru_cache(maxsize=1024)  # read per candidate; the question's counted words are the same each time
def _counted_words(ev: Evidence, asked: str) -> tuple[str, ...]:
    """The counted thing and the words the documents write after it in the question ("doanh nghiep cong nghe
    so" of "bao nhiêu doanh nghiệp công nghệ số rồi"); empty when no count is asked."""
    phrase = counted_phrase(asked)
    for i in range(1, len(phrase)):
        if f"{phrase[i - 1]} {phrase[i]}" not in ev.bigrams or phrase[i] in CUE_WORDS or phrase[i] in NOT_A_NOUN:
            return tuple(phrase[:i])
    return tuple(phrase)


def _says_term(ev: Evidence, q: Question, word: str, text: str) -> bool:
    """The text holds the word or the documents' wording of it ("BHYT": "Bảo hiểm Y tế"), marked or not."""
    return any(ev.has_term(q, w, set(split(text))) for split in (words, marked_words) for w in {word, *(
        m for m in marked_words((q.alone or q).text) if fold(m) == word)})


# An indicator's row names it precisely: two of the question's compound words it does not say make it another one.
MAX_UNSAID_WORDS = 2


def unsaid_words(ev: Evidence, q: Question, text: str) -> list[str]:
    """The question's compound words (underthesea's, when typed with marks: "cán bộ", "công chức") that the text
    does not say; words that ask, name a document or a level, or a unit are none of them."""
    own = (q.alone.text if q.alone else None) if q.followup else q.text  # a follow-up's own words, if any
    if not own or not has_diacritics(own):
        return []  # without marks the segmenter cannot tell the words
    said = f" {folded_words(text)} "
    return [w for w in _compound_words(ev, own) if f" {w} " not in said]


@lru_cache(maxsize=1024)
def _compound_words(ev: Evidence, text: str) -> tuple[str, ...]:
    cues = cue_words_in(fold(text))
    found = []
    for token, _ in pos_tags(text):
        folded = fold(token).lower()
        parts = folded.split()
        if len(parts) < 2 or folded in _NAMING_WORDS or ev.unit_names.sources_in(folded) \
                or any(p in cues or p.isdigit() for p in parts) or all(p in _WHERE_WORDS or p == "cap" for p in parts):
            continue
        found.append(folded)
    return tuple(found)


# Compounds that name a document or a period, not what it says: "kế hoạch", "chỉ tiêu", "9 tháng".
_NAMING_WORDS = {"ke hoach", "bao cao", "quyet dinh", "cong van", "kiem tra", "chi tieu", "phu luc", "nhiem vu",
                 "chuyen doi", "doi so", "chuyen doi so"}


def shares_a_phrase(ev: Evidence, q: Question, text: str) -> bool:
    """Two of the question's content words that stand together stand together in the text too, or the question has
    no two: "thủ đô của nước Pháp" is not answered by "thu thập … nhà nước … pháp luật", whose syllables it shares
    one by one. Both are read folded, abbreviations spelled out, so that a question typed without marks drops the
    same function words as the text ("bao", "ha" fold to stopwords). A unit's name is no such pair: it says where,
    and "mai Thanh Hoa co mua khong" shares nothing with a text that names the province."""
    pairs = _word_pairs(ev.unit_names.without_names(fold(expand(q.text))))
    return not pairs or not pairs.isdisjoint(_word_pairs(fold(text)))


@lru_cache(maxsize=4096)  # the question's pairs are read once per candidate
def _word_pairs(folded: str) -> frozenset[str]:
    """Adjacent content words of a folded text ("thu do", "nuoc phap")."""
    split = words(folded)
    return frozenset(f"{a} {b}" for a, b in zip(split, split[1:]))


def has_given_rates(ev: Evidence, q: Question, candidate) -> bool:
    """A question naming an indicator by its rate and asking something else ("chỉ tiêu 90% người dân … căn cứ văn
    bản nào, ai chủ trì?") is about a text holding that rate; asking a figure, the rate it gives may be another
    year's ("năm 2023 là 50%, năm 2025 nâng lên bao nhiêu?")."""
    given = {re.sub(r"\s", "", m) for m in PERCENT.findall((q.alone or q).text)}
    if not given or expected_kind(q.text) in FIGURE_KINDS:
        return True
    return given <= {re.sub(r"\s", "", m) for m in PERCENT.findall(ev.candidate_text(candidate))}


# Adjectives that compare or hurry, not qualify: "cao hơn", "hỏi nhanh".
_NOT_QUALITIES = {"cao", "thap", "hon", "nhieu", "it", "nhanh", "lon", "nho nhat", "cao nhat", "thap nhat"}


def has_qualities(ev: Evidence, q: Question, candidate) -> bool:
    """The adjectives of a question typed with marks stand in the candidate: "hồ sơ giải quyết đúng hạn" is not
    answered by "hồ sơ … được số hóa". Without marks the tagger cannot tell an adjective."""
    if not has_diacritics(q.text):
        return True
    said = match_key(f"{candidate[1].section} {ev.candidate_text(candidate)}")
    return all(re.search(rf"(?<!\w){re.escape(a)}(?!\w)", said) for a in _qualities(ev, (q.alone or q).text))


@lru_cache(maxsize=1024)  # read per candidate; the question's adjectives are the same each time
def _qualities(ev: Evidence, text: str) -> tuple[str, ...]:
    """The question's adjectives the documents know, with the noun after them when the documents write the two
    together (the tagger reads "đúng hạn" as "đúng" + "hạn")."""
    cues, tagged = cue_words_in(fold(text)), pos_tags(text)
    found = []
    for i, (token, tag) in enumerate(tagged):
        folded = fold(token)
        if tag != "A" or folded in _NOT_QUALITIES or set(folded.split()) & cues or not all(ev.df.get(w, 0) for w in folded.split()):
            continue
        after, after_tag = tagged[i + 1] if i + 1 < len(tagged) else ("", "")
        together = after_tag == "N" and fold(after) not in _WHERE_WORDS and f"{folded} {fold(after)}" in ev.bigrams
        found.append(match_key(f"{token} {after}" if together else token))
    return tuple(found)


# Measures that are not a rate of something: "mật độ thuê bao" (per 100 people) is not answered by "tỷ lệ hộ có
# Internet", nor "tỷ trọng kinh tế số" by another share.
SPECIFIC_MEASURES = ("mat do", "ty trong")


def has_measure(ev: Evidence, q: Question, candidate) -> bool:
    """A specific measure the question asks ("mật độ", "tỷ trọng") stands in the candidate or its section; a
    follow-up with a subject of its own ("thế tỷ lệ DN …?") asks its own measure, not the previous one's."""
    folded = (q.alone or q).folded
    asked = [m for m in SPECIFIC_MEASURES if re.search(rf"\b{m}\b", folded)]
    if not asked:
        return True
    said = fold(f"{candidate[1].section} {ev.candidate_text(candidate)}")
    return all(re.search(rf"\b{m}\b", said) for m in asked)


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
    """Syllables of the nouns (and foreign words) of a question typed with diacritics (all its words
    otherwise), read once: what it is about. "đi kiểm tra", "làm trưởng đoàn", "chiếm … GRDP": a rare verb says how, not what,
    so it is no key word."""
    if q.nouns is None:
        if has_diacritics(q.text):
            q.nouns = {w for token, tag in pos_tags(q.text) if tag.startswith("N") or tag == "FW"
                       for w in match_key(token).split()}
        else:
            q.nouns = set(marked_words(q.text)) | set(words(q.text))
    return q.nouns


class KeyWordMissing:
    """The question's rarest known word (a place name, "tiền") must stand in some good candidate.

    Coverage alone lets a passage answer a question about something the documents do not
    report, when it shares the common words; the rarest word is what the question is about.
    The answerers after this guard check each candidate they use themselves.
    """

    name = "passage"

    def __init__(self, ev: Evidence):
        self.ev = ev

    def applies(self, q: Question) -> bool:
        scored = self.ev.scored(q)
        floor = self.ev.settings.min_answer_coverage
        return bool(scored) and not any(about_it(self.ev, q, c) for c in scored if c[0] >= floor)

    def answer(self, q: Question):
        return not_found(self.name)


def names_another_kind(ev: Evidence, q: Question, text: str) -> bool:
    """The text says the question's thing, but of another kind: "mật độ thuê bao điện thoại" does not answer
    "mật độ thuê bao Internet", nor "dân số trưởng thành có điện thoại thông minh" "… có chữ ký số", nor
    "tỷ lệ hồ sơ …" "tỷ lệ thanh toán …".

    Where two or more words of the question stand together in the text, the word right after them in each
    (same clause) tells the kind: a conflict when both are content words (nouns, adjectives, foreign words
    in the text) and each is absent from the other side. After a measure alone ("tỷ lệ"), only two nouns
    conflict ("tỷ lệ dùng chung" is "tỷ lệ sử dụng chung"). A follow-up's words carry an earlier subject:
    not read this way."""
    if q.alone is not None:
        return False
    marked = has_diacritics(q.text)
    asked, said = _clause_words(expand(q.text)), _clause_words(expand(text))
    asked_set, said_set = {f for f, _ in asked}, {f for f, _ in said}
    # An abbreviation the text spells out is said: "TTHC" in "… thủ tục hành chính …".
    said_set |= {f for f, _ in asked if f in GLOSSARY and fold(GLOSSARY[f]) in fold(text)}
    asked_pairs, said_pairs = _pairs(asked), _pairs(said)
    at: dict[tuple[str, str], list[int]] = {}
    for j in range(len(said) - 1):
        if said[j][0].isalpha() and said[j + 1][0].isalpha():
            at.setdefault((said[j][0], said[j + 1][0]), []).append(j)
    for i in range(len(asked) - 1):
        for j in at.get((asked[i][0], asked[i + 1][0]), []):
            n = 2
            while i + n < len(asked) and j + n < len(said) and asked[i + n][0] == said[j + n][0] != "|":
                n += 1
            if i + n >= len(asked) or j + n >= len(said) or asked[i + n - 1][0] in _RELATION_WORDS:
                continue  # after "giữa các" comes a party, not a kind ("nhà mạng")
            tags = CONTENT_TAGS | {"FW"} if any(_names_a_thing(w) for w in asked[i:i + n]) else {"N"}
            x, y = asked[i + n], said[j + n]
            x_next = asked[i + n + 1][0] if i + n + 1 < len(asked) else ""
            y_next = said[j + n + 1][0] if j + n + 1 < len(said) else ""
            # Typed with marks, the question's word is judged by its part of speech; cue words ("chủ trì") are
            # folded, so "chữ" would read as one of them. Typed without, a function word may begin a
            # compound the documents write ("tu nhan": "tư nhân", not "từ"; "hoa don": "hóa đơn").
            x_kind = (_kind_word(ev, x, said_set, cue=False) and x[0] in _tagged(q.text, tags)) if marked else (
                _kind_word(ev, x, said_set) or (f"{x[0]} {x_next}" in ev.bigrams and (x[0], x_next) not in said_pairs))
            # The text's word may share its first syllable with one of the question's: "điện thoại" is no "điện tử".
            y_kind = _kind_word(ev, y, asked_set) or (_kind_word(ev, y, set()) and f"{y[0]} {y_next}" in _compounds(text)
                                                      and (y[0], y_next) not in asked_pairs and y_next not in asked_set)
            if x_kind and y_kind and y[0] in _tagged(text, tags):
                return True
    return False


def _clause_words(text: str) -> list[tuple[str, str]]:
    """(folded, as written in lower case) words; punctuation kept as "|" so that a run never crosses a clause."""
    return [(fold(w), w) if w[0].isalnum() else ("|", "|") for w in re.findall(r"[^\W_]+|[^\w\s]", match_key(text))]


def _pairs(words: list[tuple[str, str]]) -> set[tuple[str, str]]:
    return {(a[0], b[0]) for a, b in zip(words, words[1:])}


def _compounds(text: str) -> set[str]:
    """The text's words of two syllables, as underthesea segments them, folded ("dien thoai")."""
    return {fold(token) for token, _ in pos_tags(text) if token.count(" ") == 1}


def _names_a_thing(word: tuple[str, str]) -> bool:
    folded, written = word
    return folded.isalpha() and not is_stopword(written) and folded not in CUE_WORDS and folded not in _MEASURE_HEADS


# Prepositions and determiners (folded): the word after them is their object, not a kind of what came before.
_RELATION_WORDS = set("giua cac cua voi cho tai o tren trong va hoac nhung tu den ve doi theo".split())
# Words that head a measure of something ("tỷ lệ", "số lượng", "mức"): what follows says what is measured.
_MEASURE_HEADS = {"ty", "le", "so", "luong", "tong", "muc"}


def _tagged(text: str, tags: set[str]) -> set[str]:
    """Folded syllables of the text's words of these parts of speech."""
    return {w for token, tag in pos_tags(text) if tag in tags for w in fold(token).split()}


def _kind_word(ev: Evidence, word: tuple[str, str], other: set[str], cue: bool = True) -> bool:
    """A word that can name a kind of thing (judged as written: "chữ" is no "chú"), absent from the other side;
    with ``cue``, no word of the cues that ask ("đạt", "kết quả")."""
    folded, written = word
    return (folded not in other and folded.isalpha() and len(folded) > 1 and not is_stopword(written)
            and not (cue and folded in CUE_WORDS) and folded not in ev.unit_words and folded not in _WHERE_WORDS
            and ev.df.get(folded, 0) > 0)


# Words that say where or when, or which of several, not what kind.
_WHERE_WORDS = {"tinh", "huyen", "xa", "thi", "phuong", "tran", "toan", "nam", "thang", "quy", "dia", "ban", "tren",
                "khac", "chung", "moi", "cac"}
