"""Word segmentation with underthesea, and the lexical form BM25 indexes.

The lexical form of a text holds, for each word: the segmented word with
diacritics (``chuyển_đổi_số``), its folded form (``chuyen_doi_so``) and its folded
syllables (``chuyen doi so``), so that questions typed with or without accents,
segmented well or badly, meet the same tokens.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.normalize import fold, match_key
from assistant.text.numbers import number_tokens

_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _tokenizer():
    from underthesea import word_tokenize  # imported lazily: ~1.3 s

    return word_tokenize


@lru_cache(maxsize=1024)
def pos_tags(text: str) -> tuple[tuple[str, str], ...]:
    """underthesea's (word, part of speech) pairs of a text typed with diacritics ("giữ" V, "chức vụ" N)."""
    from underthesea import pos_tag  # loaded with the segmenter's package, on first use

    return tuple(pos_tag(text))


def segment(text: str) -> list[str]:
    """underthesea words of a text, joined with "_" inside compounds."""
    words = _tokenizer()(match_key(text))
    return [w.replace(" ", "_") for w in words if _WORD.search(w)]


def lexical_tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for word in segment(number_tokens(text)):
        word = word.strip("_")
        if not word:
            continue
        folded = fold(word)
        tokens.append(word)
        if folded != word:
            tokens.append(folded)
        if "_" in folded:
            tokens.extend(part for part in folded.split("_") if part)
    return tokens


def lexical_form(text: str) -> str:
    return " ".join(lexical_tokens(text))


def content_words(text: str) -> set[str]:
    """Folded syllables of a text without the commonest function words, for overlap scores."""
    return {fold(w) for w in _WORD.findall(match_key(number_tokens(text))) if not is_stopword(w)}


# Folded function words and question words that carry no content in a question.
STOPWORDS = set(
    """
    la gi bao nhieu nao the nao sao co khong duoc cua va voi cac nhung mot trong tren theo
    ve den cho tai tu khi da dang se thi ma nay do nhu hay hoac de ra vao boi o
    ai dau khi nao may bi nhe a ha vay chu nhi con thi sao hien nay phai
    """.split()
)

# The same words as written. A syllable typed with its marks is a stopword only as written:
# "mấy" is one, "máy" (máy tính) is not; nor are "cơ" (cơ quan), "tài" (tài khoản), "thẻ", "mã",
# "chủ" (chủ trì), "đề" (đề án), "tư" (đầu tư), "độ" (mức độ), whose folded forms are stopwords.
MARKED_STOPWORDS = set(
    """
    là gì bao nhiêu nào thế sao có không được của và với các những một trong trên theo
    về đến cho tại từ khi đã đang sẽ thì mà này đó như hay hoặc để ra vào bởi ở
    ai đâu mấy bị nhé à hả vậy chứ nhỉ còn hiện nay do phải
    """.split()
)


@lru_cache(maxsize=65536)
def is_stopword(word: str) -> bool:
    """``word`` as written (any case): by its marks when it has them, else by its folded form."""
    key = match_key(word)
    folded = fold(key)
    return key in MARKED_STOPWORDS if folded != key else folded in STOPWORDS

