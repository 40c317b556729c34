"""IT projects of a plan: the list, or those an agency leads."""

from __future__ import annotations

import re

from assistant.qa.compose import Citations, section_at
from assistant.qa.evidence import Evidence
from assistant.qa.models import Answer, Item
from assistant.qa.understand import Question
from assistant.text.normalize import fold


class ProjectsAnswerer:
    name = "projects"

    def __init__(self, ev: Evidence):
        self.ev = ev

    def applies(self, q: Question) -> bool:
        return "du an" in q.folded and re.search(r"nhung|nao|gom|cac|danh sach|bao nhieu", q.folded) is not None

    def answer(self, q: Question) -> Answer | None:
        ev = self.ev
        projects = ev.records.projects()
        agencies = [p for p in projects if p["lead_agency"] and fold(p["lead_agency"]) in q.folded]
        if agencies:
            projects = agencies
        elif not re.search(r"cac du an|nhung du an|danh sach|bao nhieu du an|may du an", q.folded):
            return None
        cites = Citations()
        lines, items = [f"Có {len(projects)} dự án:"], []
        for p in projects:
            doc = ev.docs[p["source"]]
            n = cites.add(doc, section_at(doc, p["start"]), p["start"], p["end"])
            agency = f"chủ trì: {p['lead_agency']}" if p["lead_agency"] else ""
            lines.append(f"- {p['name']}{' — ' + agency if agency else ''} [{n}]")
            items.append(Item(text=p["name"], unit=doc.get("short_title") or "", detail=agency, citation=n))
        return Answer(answer="\n".join(lines), found=True, citations=cites.items, intent=self.name,
                      kind="list", count=len(projects), items=items)
