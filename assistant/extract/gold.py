"""Compare extracted indicator records with hand-checked gold records, field by field."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.text.normalize import clean

FIELDS = ("plan", "group", "number", "text", "target", "deadline", "result", "status", "status_source",
          "lead_agency", "legal_basis", "notes")


def load_gold(gold_dir: Path) -> dict[str, list[dict]]:
    return {p.stem + ".txt": json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(gold_dir).glob("*.json"))}


def _value(record: dict, field: str):
    if field == "text":
        return clean(clean(record["text"])[:40]) if record.get("text") else None
    v = record.get(field)
    return clean(v) if isinstance(v, str) and clean(v) else (v if not isinstance(v, str) else None)


def _gold_value(gold: dict, field: str):
    v = gold.get("text_startswith") if field == "text" else gold.get(field)
    return clean(v) if isinstance(v, str) and clean(v) else (v if not isinstance(v, str) else None)


def align(records: list[dict], gold: list[dict]) -> list[tuple[dict | None, dict | None]]:
    """Pair records with gold rows by their text prefix, in document order."""
    pairs, used = [], set()
    for g in gold:
        match = None
        for i, r in enumerate(records):
            if i not in used and _value(r, "text") == _gold_value(g, "text"):
                match = i
                break
        if match is None:
            pairs.append((None, g))
        else:
            used.add(match)
            pairs.append((records[match], g))
    pairs += [(r, None) for i, r in enumerate(records) if i not in used]
    return pairs


def field_scores(pairs) -> dict[str, dict[str, float]]:
    """Precision and recall per field: a non-empty extracted value is right when it equals the gold value."""
    scores = {}
    for f in FIELDS:
        tp = predicted = expected = 0
        for r, g in pairs:
            rv = _value(r, f) if r else None
            gv = _gold_value(g, f) if g else None
            predicted += rv is not None
            expected += gv is not None
            tp += rv is not None and rv == gv
        scores[f] = {"precision": tp / predicted if predicted else 1.0, "recall": tp / expected if expected else 1.0,
                     "expected": expected}
    return scores


def mismatches(pairs) -> list[str]:
    out = []
    for r, g in pairs:
        if r is None or g is None:
            out.append(f"unmatched: {'gold' if r is None else 'record'} {(g or r).get('number')} {(_gold_value(g, 'text') if g else _value(r, 'text'))}")
            continue
        for f in FIELDS:
            if _value(r, f) != _gold_value(g, f):
                out.append(f"{r['source']} #{r.get('number')} {f}: got {_value(r, f)!r}, gold {_gold_value(g, f)!r}")
    return out
