"""Questions across units, on unit reports the project never saw (eval/generate_reports.py, all three formats):
the count first, then the units, each cited; checked against the generator's gold."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from assistant.indexing import build_index
from assistant.qa.service import AnswerService
from assistant.settings import Settings
from assistant.text.normalize import fold
from tests.conftest import CACHE_NAME, seed_cache

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("generate_reports", ROOT / "eval" / "generate_reports.py")
gen = sys.modules.setdefault("generate_reports", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(gen)

STATUS_ASKED = {"đã hoàn thành": {"completed"}, "chưa hoàn thành": {"not_completed", "in_progress"}}


@pytest.fixture(scope="module")
def units(tmp_path_factory, index_settings):
    """Twenty-four generated reports indexed with no manifest; the service over them and the gold."""
    root = tmp_path_factory.mktemp("units")
    gold = gen.generate(root / "corpus", n=24, seed=5)
    (root / "corpus" / "gold.json").unlink()  # not a document
    settings = Settings(corpus_dir=root / "corpus", index_dir=root / "index", data_dir=root / "data")
    seed_cache(settings.index_dir, index_settings.index_dir / CACHE_NAME)
    report = build_index(settings, progress=False)
    assert not report.errors
    return AnswerService(settings), gold


def _family(text: str) -> int | None:
    """Which of the generator's indicators a wording is (the same indicator is worded differently by units)."""
    return next((i for i, (_, wordings, _) in enumerate(gen.INDICATORS) if text.rstrip(".") in wordings), None)


def _reporting(gold: dict, level: str) -> dict[int, dict[str, str]]:
    """Indicator family -> {unit: status}, over the gold of the reports of one level."""
    out: dict[int, dict[str, str]] = defaultdict(dict)
    for entry in gold.values():
        if entry["meta"]["level"] != level:
            continue
        for ind in entry["indicators"]:
            if (family := _family(ind["text"])) is not None:
                out[family][entry["meta"]["unit"]] = ind["status"]
    return out


def test_which_communes_reached_an_indicator_count_first_then_each_unit(units):
    """The units counted all report the asked indicator (in any wording), with the status the generator wrote;
    exactly those with the asked status are listed, each cited."""
    from assistant.qa.aggregate import aggregate

    service, gold = units
    across = next(s for s in service.strategies if s.name == "across_units")
    checked, found, total = 0, 0, 0
    for family, statuses in _reporting(gold, "xã").items():
        if len(statuses) < 3 or "unknown" in statuses.values():
            continue
        wording = gen.INDICATORS[family][1][0]
        for asked, wanted in STATUS_ASKED.items():
            question = f"Những xã nào {asked} chỉ tiêu {wording[0].lower()}{wording[1:]}?"
            a = service.ask(question)
            assert a.found and a.intent == "across_units", a.answer
            agg = aggregate(across.index, fold(question))
            for row in agg.reporting:  # no other indicator, no other level, the generator's status
                assert _family(row.record["text"]) == family and row.unit in statuses
                assert row.record["status"] == statuses[row.unit], (row.unit, row.record)
            expected = sorted(row.unit for row in agg.reporting if statuses[row.unit] in wanted)
            assert a.answer.startswith(f"Có {len(expected)}/{len(agg.reporting)} xã"), a.answer
            assert sorted(item.unit for item in a.items) == expected
            assert a.citations and all(c.quote for c in a.citations)
            checked, found, total = checked + 1, found + len(agg.reporting), total + len(statuses)
    assert checked >= 2
    # Units that word it too differently stay apart (a wrong link is worse), but most are linked.
    assert found >= 0.5 * total, (found, total)


def test_a_district_narrows_the_units_and_the_question_may_be_typed_without_diacritics(units):
    service, gold = units
    entry = next(e for e in gold.values() if e["meta"]["level"] == "xã" and e["meta"]["district"]
                 and any(_family(i["text"]) is not None and i["status"] == "completed" for i in e["indicators"]))
    ind = next(i for i in entry["indicators"] if _family(i["text"]) is not None and i["status"] == "completed")
    a = service.ask(fold(f"{entry['meta']['district']} có những xã nào đã đạt chỉ tiêu {ind['text'].rstrip('.')}?"))
    assert a.found and a.intent == "across_units", a.answer
    assert re.match(r"Có 1/1 xã thuộc ", a.answer) and entry["meta"]["district"] in a.answer
    assert [item.unit for item in a.items] == [entry["meta"]["unit"]]


def test_a_target_asked_or_an_indicator_no_report_gives_is_not_an_aggregate(units):
    service, _ = units
    assert service.ask("Năm 2025 phấn đấu bao nhiêu xã hoàn thành chuyển đổi số?").intent != "across_units"
    a = service.ask("Những xã nào chưa hoàn thành chỉ tiêu số trạm sạc xe điện công cộng?")
    assert not a.found or a.intent != "across_units"
    assert "Có " not in a.answer.split("\n")[0] or not a.found


def test_one_units_indicator_is_answered_with_its_result_or_refused(units):
    """"Xã X đạt bao nhiêu về chỉ tiêu Y?": the unit's own figure; when its report gives no figure (it only
    lists the indicator under a status), no figure is invented: "not found", the row offered as related."""
    service, gold = units
    answered = refused = 0
    for entry in list(gold.values())[:12]:
        ind = entry["indicators"][0]
        subject = ind["text"].rstrip(".")
        a = service.ask(f"{entry['meta']['unit']} đạt bao nhiêu về chỉ tiêu {subject[0].lower()}{subject[1:]}?")
        figure = re.search(r"\d[\d.,]*\s*%?", ind["result"] or "")
        if figure:
            assert a.found, (entry["meta"]["unit"], subject, a.answer)
            assert entry["meta"]["unit"] in a.answer and subject in a.answer, a.answer
            assert figure.group(0) in a.answer, (ind, a.answer)
            answered += 1
        else:
            assert not a.found, (ind, a.answer)
            assert any(subject in c.quote for c in a.related), (subject, a.related)
            refused += 1
    assert answered and refused


def test_only_the_reports_of_the_year_asked_are_counted(units):
    """"Năm 2024 những xã nào …": the reports of other years say nothing of it."""
    from assistant.qa.aggregate import aggregate

    service, gold = units
    across = next(s for s in service.strategies if s.name == "across_units")
    family, statuses = max(_reporting(gold, "xã").items(), key=lambda kv: len(kv[1]))
    wording = gen.INDICATORS[family][1][0].rstrip(".")
    period = {e["meta"]["unit"]: e["meta"]["period"] for e in gold.values()}
    years = {re.search(r"20\d\d", period[unit]).group(0) for unit in statuses}
    assert len(years) >= 2  # the generated reports span several years
    for year in sorted(years):
        question = f"Năm {year} những xã nào đã hoàn thành chỉ tiêu {wording}?"
        agg = aggregate(across.index, fold(question), [year])
        assert agg.reporting and all(year in period[row.unit] for row in agg.reporting), question
        assert len(agg.reporting) < len(statuses)  # the other years' reports are left out
