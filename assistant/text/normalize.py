"""Normalization for MATCHING only: display text is never rewritten.

Vietnamese text in the wild mixes NFC and NFD, two tone-mark placements
(``Hoá``/``Hóa``, ``Uỷ``/``Ủy``), markdown and HTML markup, and users type without
diacritics. Every comparison goes through :func:`match_key` or :func:`fold`.
"""

from __future__ import annotations

import re
from functools import lru_cache
import unicodedata

# Markup seen in the corpus: **bold**, <b>, <i>, <sup>1</sup>, <a href="…">text</a>, ## headings.
_TAG = re.compile(r"</?(?:b|i|u|em|strong|sup|sub|span|a)(?:\s[^>]*)?>", re.IGNORECASE)
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_BOLD = re.compile(r"\*{2,3}|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")
_SPACE = re.compile(r"\s+")
# Vietnamese capital letters, for a character class: the range "À-Ỹ" would hold lower-case letters too.
UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"

# Old-style tone placement on open syllables ("hoá", "thuỷ") -> the common style
# ("hóa", "thủy"), the same choice underthesea's text_normalize makes.
_TONE_PAIRS = {
    "oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oé": "óe", "oè": "òe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_PAIRS.update({k.upper(): v.upper() for k, v in list(_TONE_PAIRS.items())})
_TONE_PAIRS.update({k[0].upper() + k[1:]: v[0].upper() + v[1:] for k, v in list(_TONE_PAIRS.items()) if k.islower()})
# Only at the end of a syllable, and not after "q" ("quý" is already right).
_TONE_RE = re.compile(r"(?<![qQ])(" + "|".join(map(re.escape, _TONE_PAIRS)) + r")(?!\w)")


# "tỉ lệ"/"tỷ lệ", "kĩ"/"kỹ", "lí"/"lý", "qui"/"quy": after these onsets a lone i and y are one vowel, and
# both spellings are in use; they match as y, the spelling of official documents.
_I_AS_Y = {"i": "y", "í": "ý", "ì": "ỳ", "ỉ": "ỷ", "ĩ": "ỹ", "ị": "ỵ"}
_I_AS_Y.update({k.upper(): v.upper() for k, v in list(_I_AS_Y.items())})
_I_RE = re.compile(r"(?<!\w)([tklmshTKLMSH]|[qQ][uU])([iíìỉĩịIÍÌỈĨỊ])(?!\w)")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def unify_tone_marks(text: str) -> str:
    """One tone placement ("hoá" -> "hóa") and one spelling of i/y ("tỉ" -> "tỷ")."""
    text = _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group(1)], nfc(text))
    return _I_RE.sub(lambda m: m.group(1) + _I_AS_Y[m.group(2)], text)


def strip_markup(text: str) -> str:
    """Remove markdown/HTML markup, keeping the words (and link targets of autolinks)."""
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _BOLD.sub("", text)
    return text


def collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def clean(text: str) -> str:
    """Display-safe cleaning: markup removed and whitespace collapsed, words untouched."""
    return collapse(strip_markup(text))


# Answering compares the same corpus sentences question after question: both keys are remembered.
@lru_cache(maxsize=32768)
def match_key(text: str) -> str:
    """The form two strings are compared in: NFC, one tone placement, no markup, casefolded."""
    return collapse(unify_tone_marks(strip_markup(text))).casefold()


@lru_cache(maxsize=32768)
def fold(text: str) -> str:
    """Diacritics removed (``Thanh Hóa`` -> ``thanh hoa``), for accent-less questions."""
    decomposed = unicodedata.normalize("NFD", match_key(text).replace("đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def folded_words(text: str) -> str:
    """The folded words and numbers of a text joined by single spaces (punctuation and line breaks gone),
    for finding a wording as written."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


def has_diacritics(text: str) -> bool:
    return fold(text) != match_key(text)
