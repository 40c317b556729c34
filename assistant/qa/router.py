"""The router is data: an ordered list of strategies; the first that applies and answers wins.

To add a kind of answer, write a class with ``name``, ``applies(q) -> bool`` and
``answer(q) -> Answer | None`` (None = "not mine after all, try the next") and put it in the list.
"""

from __future__ import annotations

from typing import Callable, Protocol

from assistant.qa.answerers.across_units import AcrossUnitsAnswerer
from assistant.qa.answerers.basis import DocumentBasisAnswerer
from assistant.qa.answerers.compare import CompareAnswerer
from assistant.qa.answerers.document import DocumentAnswerer
from assistant.qa.answerers.indicator import IndicatorAnswerer
from assistant.qa.answerers.indicator_list import IndicatorListAnswerer
from assistant.qa.answerers.legal import LegalAnswerer
from assistant.qa.answerers.passage import PassageAnswerer
from assistant.qa.answerers.projects import ProjectsAnswerer
from assistant.qa.answerers.signature import SignatureAnswerer
from assistant.qa.answerers.two_parts import TwoPartsAnswerer
from assistant.qa.evidence import Evidence, not_found
from assistant.qa.guards import KeyWordMissing, OutOfCorpus
from assistant.qa.models import Answer
from assistant.qa.understand import Question


class Strategy(Protocol):
    name: str

    def applies(self, q: Question) -> bool: ...

    def answer(self, q: Question) -> Answer | None: ...


def default_strategies(ev: Evidence, understand: Callable[[str], Question] | None = None) -> list[Strategy]:
    """The strategies in order; given ``understand`` (text -> Question), a question asking two values is
    also split in two, each part asked through the others."""
    rest = [
        SignatureAnswerer(ev),      # the signature block: who signed a document of the corpus
        LegalAnswerer(ev),          # records: legal documents
        DocumentAnswerer(ev),       # metadata: a corpus document's own number and date
        DocumentBasisAnswerer(ev),  # a corpus document's opening: what it was made on
        AcrossUnitsAnswerer(ev),    # records: which units of a level reached one indicator, counted
        IndicatorListAnswerer(ev),  # records: lists and counts of indicators
        ProjectsAnswerer(ev),       # records: IT projects
        CompareAnswerer(ev),        # records or passages: across units
        KeyWordMissing(ev),         # refuse: the best candidate lacks what the question is about
        IndicatorAnswerer(ev),      # records: the best candidate is an indicator row
        PassageAnswerer(ev),        # passages: the sentence that answers
    ]
    refuse = OutOfCorpus(ev)        # refuse first: words, names, years the documents never mention
    two_parts = [TwoPartsAnswerer(understand, lambda part: route([refuse, *rest], part))] if understand else []
    return [refuse, *two_parts, *rest]


def route(strategies: list[Strategy], q: Question) -> Answer:
    for strategy in strategies:
        if strategy.applies(q) and (answer := strategy.answer(q)) is not None:
            return answer
    return not_found("passage")
