"""Word statistics of the corpus, computed once at build time and loaded by the answer service.

Document frequencies are counted over sentences (a question word that is in few sentences
says more about which sentence answers), for folded words and words with their diacritics.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from assistant.qa.compose import sentences
from assistant.text.normalize import fold, match_key
from assistant.text.segment import is_stopword

FILE_NAME = "statistics.json"


def words(text: str) -> list[str]:
    """Folded content words: for questions typed without diacritics."""
    return list(_words(text))


def marked_words(text: str) -> list[str]:
    """Content words with their diacritics: "chi" (spend) and "chỉ" (only) stay apart."""
    return list(_marked_words(text))


# Answering splits the same corpus sentences question after question: remember the splits.
@lru_cache(maxsize=32768)
def _words(text: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in re.findall(r"[^\W_]+", match_key(text)) if not is_stopword(w))


@lru_cache(maxsize=32768)
def _marked_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in re.findall(r"\w+", match_key(text)) if _is_marked_word(w))


@lru_cache(maxsize=65536)
def _is_marked_word(w: str) -> bool:
    return w != "_" and not is_stopword(w)


def _text(doc) -> str:
    return doc["text"] if isinstance(doc, dict) else doc.text


def document_statistics(text: str) -> dict:
    """One document's share of the statistics (kept with its build artifact, so a build only merges)."""
    df: Counter[str] = Counter()
    bigrams: set[str] = set()
    n = 0
    for s, e in sentences(text, 0, len(text)):
        folded = words(text[s:e])
        df.update(set(folded) | set(marked_words(text[s:e])))
        bigrams.update(f"{a} {b}" for a, b in zip(folded, folded[1:]))
        n += 1
    return {"sentences": n, "df": dict(df), "bigrams": sorted(bigrams)}


def merge_statistics(parts) -> dict:
    """{"sentences": n, "df": {word: sentences containing it}, "bigrams": [folded word pairs]} of several documents."""
    df: Counter[str] = Counter()
    bigrams: set[str] = set()
    n = 0
    for part in parts:
        df.update(part["df"])
        bigrams.update(part["bigrams"])
        n += part["sentences"]
    return {"sentences": max(n, 1), "df": dict(df), "bigrams": sorted(bigrams)}


def compute_statistics(docs) -> dict:
    """Statistics of parsed documents (``.text``) or records' document dicts (``["text"]``)."""
    return merge_statistics(document_statistics(_text(doc)) for doc in docs)


def save(stats: dict, build_dir: Path) -> Path:
    path = Path(build_dir) / FILE_NAME
    path.write_text(json.dumps(stats, ensure_ascii=False), encoding="utf-8")
    return path


def load(build_dir: Path) -> dict | None:
    """The statistics written at build time, or None when the build has none (older builds)."""
    path = Path(build_dir) / FILE_NAME
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_statistics(docs, build_dir: Path) -> Path:
    """The build step: compute and save (called from assistant/indexing/build.py)."""
    return save(compute_statistics(docs), build_dir)
