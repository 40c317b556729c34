"""Link the same indicator reported by several units to one canonical indicator.

Units report on the same assigned indicators in their own words: "Tỷ lệ người dân trưởng
thành có chữ ký số hoặc chữ ký điện tử cá nhân" and "Tỷ lệ dân số trưởng thành có chữ ký
số" are one indicator; "… hợp đồng điện tử" and "… hóa đơn điện tử" are two. A wrong
link would put one unit's figure under another indicator, so linking asks for the
words that make an indicator distinct, not for a similar sentence: features are the
syllables and syllable pairs of the wording (targets and numbers aside), weighed by how
rare they are among the corpus's distinct indicator wordings, and two wordings are one
indicator when the shorter is almost wholly contained in the longer and the two share
most of their weight. (A sentence embedding was measured and rejected as the deciding
signal: multilingual-e5-small scores "hợp đồng điện tử" vs "hóa đơn điện tử" 0.98,
above true paraphrases at 0.94–0.96.)
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from assistant.text.normalize import fold, match_key
from assistant.text.segment import is_stopword

# Measured on the generator's paraphrase gold (eval/generate_reports.py) and the seed corpus:
# see tests/test_canonical.py for the pairs that must and must not link.
CONTAINED = 0.72  # weight of the shorter wording found in the longer
SHARED = 0.3  # weight shared, over the longer wording (a long wording may add "hoặc chữ ký điện tử cá nhân")
STRICT = 0.7  # both scores, for two rows of ONE report (a plan table and a results table) to be one indicator

# Targets and filler that do not say which indicator it is.
_TARGET = re.compile(r"(?:đạt|tối thiểu|ít nhất|trên|dưới|không dưới|phấn đấu|phần đấu|phân đấu)?\s*[<>≥≤]?\s*\d+(?:[.,]\d+)?\s*%?", re.IGNORECASE)
_FILLER = {"tỷ lệ", "tỉ lệ", "số", "đạt", "trên", "có", "được", "các", "của", "và", "hoặc", "năm", "người", "dân", "dân số"}


def _expand_abbreviations(text: str) -> str:
    """"hồ sơ TTHC" and "hồ sơ thủ tục hành chính" are one wording: upper-case abbreviations are spelled out."""
    from assistant.text.glossary import GLOSSARY

    return re.sub(r"\b[A-ZĐ]{2,6}\b", lambda m: GLOSSARY.get(fold(m.group(0)), m.group(0)), text)


def _syllables(text: str) -> list[str]:
    text = _TARGET.sub(" ", match_key(_expand_abbreviations(re.sub(r"\([^)]*\)", " ", text))))
    return [w for w in re.findall(r"[^\W\d_]+", text) if not is_stopword(w)]


def features(text: str) -> set[str]:
    words = _syllables(text)
    pairs = {f"{a} {b}" for a, b in zip(words, words[1:])}
    return ({w for w in words} | pairs) - _FILLER


def slug(text: str, words: int = 8) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", fold(text))[:words])


class Linker:
    """Weights from the distinct wordings of a corpus; ``same(a, b)`` says whether two wordings are one indicator."""

    def __init__(self, texts: list[str]) -> None:
        distinct = list(dict.fromkeys(texts))
        self._features = {t: features(t) for t in distinct}
        df = Counter(f for fs in self._features.values() for f in fs)
        n = len(distinct)
        self._idf = {f: math.log((n + 1) / (c + 0.5)) + 0.1 for f, c in df.items()}
        self._pairs: dict[tuple[str, str], tuple[float, float]] = {}

    def feats(self, text: str) -> set[str]:
        if text not in self._features:
            self._features[text] = features(text)
        return self._features[text]

    def rarest(self, fs: set[str], n: int) -> list[str]:
        return sorted(fs, key=lambda f: -self._idf.get(f, 1.0))[:n]

    def weight(self, fs: set[str]) -> float:
        return sum(self._idf.get(f, 1.0) for f in fs)

    def scores(self, a: str, b: str) -> tuple[float, float]:
        # Hundreds of reports repeat the same wordings: each pair is scored once.
        pair = self._pairs.get((a, b))
        if pair is None:
            pair = self._pairs[(a, b)] = self._scores(a, b)
        return pair

    def _scores(self, a: str, b: str) -> tuple[float, float]:
        fa, fb = self.feats(a), self.feats(b)
        wa, wb, both = self.weight(fa), self.weight(fb), self.weight(fa & fb)
        if not wa or not wb:
            return 0.0, 0.0
        return both / min(wa, wb), both / max(wa, wb)

    def same(self, a: str, b: str) -> bool:
        contained, shared = self.scores(a, b)
        return contained >= CONTAINED and shared >= SHARED


def link(indicators: list) -> None:
    """Set ``canonical_id`` on every indicator (records of tables first: they carry the full wording)."""
    ordered = sorted(indicators, key=lambda r: (r.table.startswith("prose"), r.plan is None, r.source, r.start))
    linker = Linker([r.text for r in ordered])
    canon: list[tuple[str, str, set[str]]] = []  # (id, first wording, sources)
    by_feature: dict[str, list[int]] = defaultdict(list)  # candidates share a rare feature
    ids: set[str] = set()
    rarest: dict[str, list[str]] = {}
    for rec in ordered:
        fs = linker.feats(rec.text)
        if rec.text not in rarest:  # hundreds of reports repeat the same wordings
            rarest[rec.text] = linker.rarest(fs, 6)
        candidates = dict.fromkeys(i for f in rarest[rec.text] for i in by_feature[f])
        best, best_score = None, -1.0
        for i in candidates:
            cid, wording, sources = canon[i]
            if rec.source in sources and min(linker.scores(rec.text, wording)) < STRICT:
                continue  # one report's two rows are two indicators, unless worded all but the same
            if linker.same(rec.text, wording) and sum(linker.scores(rec.text, wording)) > best_score:
                best, best_score = i, sum(linker.scores(rec.text, wording))
        if best is None:
            cid = slug(rec.text)
            while cid in ids:
                cid += "-2"
            ids.add(cid)
            canon.append((cid, rec.text, set()))
            best = len(canon) - 1
            for f in fs:
                by_feature[f].append(best)
        rec.canonical_id = canon[best][0]
        canon[best][2].add(rec.source)
