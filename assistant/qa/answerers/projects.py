"""IT projects of a plan: the list, or those an agency leads."""

from __future__ import annotations

import re

from assistant.qa.answer_types import expected_kind
from assistant.qa.compose import Citations
from assistant.qa.evidence import Evidence, not_found
from assistant.qa.models import Answer, Item
from assistant.qa.understand import Question, cue_words_in
from assistant.text.normalize import fold


# What the list of projects says: which projects, how many, who leads each.
_LISTED = {None, "count", "agency"}


class ProjectsAnswerer:
    name = "projects"

    def __init__(self, ev: Evidence):
        self.ev = ev

    def applies(self, q: Question) -> bool:
        kind = expected_kind(q.text)
        if kind not in _LISTED:
            return False  # "dự án … kinh phí bao nhiêu" asks what the list does not say
        return "du an" in q.folded and (re.search(r"nhung|nao|gom|cac|danh sach|bao nhieu", q.folded) is not None
                                        or kind == "agency")

    def answer(self, q: Question) -> Answer | None:
        ev = self.ev
        projects = ev.records.projects()
        if expected_kind(q.text) == "agency":
            named = self._named(q, projects)
            if len(named) == 1:
                return self._lead_of(named[0])
            if len(named) > 1:  # several projects fit the words: naming one would be a guess
                cites = Citations()
                for p in named[:3]:
                    ev.cite(cites, p)
                return not_found(self.name, kind="agency", related=cites.items)
        agencies = [p for p in projects if p["lead_agency"] and fold(p["lead_agency"]) in q.folded]
        if agencies:
            projects = agencies
        elif not re.search(r"cac du an|nhung du an|danh sach|bao nhieu du an|may du an", q.folded):
            return None
        cites = Citations()
        lines, items = [f"Có {len(projects)} dự án:"], []
        for p in projects:
            doc = ev.docs[p["source"]]
            n = ev.cite(cites, p)
            agency = f"chủ trì: {p['lead_agency']}" if p["lead_agency"] else ""
            lines.append(f"- {p['name']}{' — ' + agency if agency else ''} [{n}]")
            items.append(Item(text=p["name"], unit=doc.get("short_title") or "", detail=agency, citation=n))
        return Answer(answer="\n".join(lines), found=True, citations=cites.items, intent=self.name,
                      kind="list", count=len(projects), items=items)

    def _named(self, q: Question, projects: list[dict]) -> list[dict]:
        """The projects the question may name ("dự án Mini App Nông dân … do đơn vị nào chủ trì"): those whose
        name holds the question's words (a follow-up's own words when it has them), within a margin of the
        best. One means the question names it; several, that it does not say which."""
        asked = q.alone or q
        # The words that ask ("dự án … do đơn vị nào chủ trì") are in no project's name: counted as said.
        asking_words = _ASKING | cue_words_in(asked.folded)
        asking = " ".join(w for w in asked.text.split() if fold(w).lower().strip("?,.") in asking_words)
        scored = sorted(((self.ev.coverage(asked, f"{p['name']} {asking}"), i) for i, p in enumerate(projects)
                         if p["lead_agency"]), reverse=True)
        if not scored or scored[0][0] < NAME_COVERAGE:
            return []
        named = [projects[i] for score, i in scored if score > scored[0][0] - NAME_MARGIN]
        # The name holds the question's rarest word ("đất đai" names no project of "phần mềm quản lý …").
        _, wanted, _ = self.ev.terms(asked)
        own = [w for w in wanted if self.ev.df.get(w, 0) and fold(w).lower() not in asking_words]
        rarest = min(own, key=lambda w: self.ev.df[w], default=None)
        return [p for p in named if rarest is None or fold(rarest).lower() in fold(p["name"]).lower().split()]

    def _lead_of(self, p: dict) -> Answer:
        doc = self.ev.docs[p["source"]]
        cites = Citations()
        n = self.ev.cite(cites, p)
        text = f"Dự án «{p['name']}» ({doc.get('short_title') or doc['title']}): cơ quan chủ trì {p['lead_agency']}. [{n}]"
        return Answer(answer=text, found=True, citations=cites.items, intent=self.name, kind="agency")


# Words naming what is asked about a project, beside the cue words.
_ASKING = {"du", "an", "lam"}

# A project named by the question: the share of its words its name holds, and the lead over the next.
NAME_COVERAGE = 0.5
NAME_MARGIN = 0.1
