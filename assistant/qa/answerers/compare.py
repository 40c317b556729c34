"""Comparisons across units: the same indicator in each unit's report, or each unit's best sentence."""

from __future__ import annotations

from assistant.extract.status import STATUS_LABELS
from assistant.qa.answer_types import expected_kind
from assistant.qa.compose import Citations, clean_value, say
from assistant.qa.evidence import Evidence
from assistant.qa.models import Answer, Item
from assistant.qa.understand import Question


# Kinds of value a comparison of indicators never gives.
_NOT_COMPARED = {"date", "person", "agency", "partner", "reason", "rank"}


class CompareAnswerer:
    name = "compare"

    def __init__(self, ev: Evidence):
        self.ev = ev

    def applies(self, q: Question) -> bool:
        # "Xã X được UBND tỉnh công nhận vào ngày nào?" names two units but asks a date, not a comparison.
        return q.is_compare and expected_kind(q.text) not in _NOT_COMPARED

    def answer(self, q: Question) -> Answer | None:
        return self._linked_records(q) or self._best_sentence_per_unit(q)

    def _match_record(self, q: Question) -> tuple[dict | None, float]:
        best, best_score = None, 0.0
        for rank, hit in enumerate(self.ev.hits(q)[:8]):
            if hit.kind != "row":
                continue
            record = self.ev.record_at(hit.source, hit.start)
            if record is None:
                continue
            score = self.ev.coverage(q, hit.text) - 0.01 * rank
            if score > best_score:
                best, best_score = record, score
        return best, best_score

    def _linked_records(self, q: Question) -> Answer | None:
        ev = self.ev
        record, score = self._match_record(q)
        if record is None or score < ev.settings.min_answer_coverage:
            return None
        linked = ev.records.indicators(canonical_id=record["canonical_id"])
        if q.units:
            linked = [r for r in linked if r["source"] in q.units] or linked
        linked = [r for r in linked if r["result"] or r["status_source"] != "none"]
        if len({r["source"] for r in linked}) < 2:
            return None
        cites = Citations()
        lines, items = [say("compare_head", text=record["text"])], []
        for r in linked:
            doc = ev.docs[r["source"]]
            n = ev.cite(cites, r)
            target, result = clean_value(r["target"]), clean_value(r["result"])
            bits = ([say("target", value=target)] if target else []) + ([say("result", value=result)] if result else []) + [STATUS_LABELS[r["status"]]]
            lines.append(f"- {doc.get('short_title')}: " + "; ".join(bits) + f" [{n}]")
            items.append(Item(text=r["text"], unit=doc.get("short_title") or "", detail="; ".join(bits), citation=n))
        return Answer(answer="\n".join(lines), found=True, citations=cites.items, intent=self.name,
                      kind="compare", items=items)

    def _best_sentence_per_unit(self, q: Question) -> Answer | None:
        ev = self.ev
        units = q.units or list(ev.docs)
        chosen, seen = [], set()
        for item in ev.scored(q):
            unit = ev.docs[item[1].source].get("unit")
            if item[1].source in units and unit not in seen and item[0] >= ev.settings.min_answer_coverage:
                chosen.append(item)
                seen.add(unit)
        if len(chosen) < 2:
            return None
        cites = Citations()
        lines = []
        for _, hit, s, e in chosen:
            doc = ev.docs[hit.source]
            n = cites.add(doc, hit.section, s, e)
            lines.append(f"- {doc.get('short_title')}: «{cites.quote(n)}» [{n}]")
        return Answer(answer="\n".join(lines), found=True, citations=cites.items, intent=self.name, kind="compare")
