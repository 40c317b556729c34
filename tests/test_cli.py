"""The command line, as a user types it: indicators, legal, ask."""

import json

from click.testing import CliRunner

from assistant.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_indicators_json_by_status_and_unit(index_settings):
    r = run("indicators", "--status", "in_progress", "--source", "thanhhoa-bc-cds-9thang-2023.txt", "--json",
            "--index-dir", str(index_settings.index_dir))
    rows = json.loads(r.output)
    assert r.exit_code == 0 and len(rows) == 22
    assert set(rows[0]) >= {"source", "plan", "group", "number", "text", "target", "deadline", "result", "status",
                            "status_source", "lead_agency", "legal_basis", "start", "end", "canonical_id"}


def test_indicators_table_for_people(index_settings):
    r = run("indicators", "--source", "Bỉm Sơn", "--status", "not_completed", "--index-dir", str(index_settings.index_dir))
    assert r.exit_code == 0 and "54,4%" in r.output and "6 chỉ tiêu" in r.output


def test_legal_key_in_any_written_form(index_settings):
    r = run("legal", "1829 /QĐ-UBND", "--json", "--index-dir", str(index_settings.index_dir))
    [ref] = json.loads(r.output)
    assert ref["key"] == "1829/QĐ-UBND" and ref["type"] == "Quyết định" and ref["mentions"]
    missing = run("legal", "999/QĐ-XYZ", "--index-dir", str(index_settings.index_dir))
    assert missing.exit_code != 0 and "999/QĐ-XYZ" in missing.output


def test_ask_jsonl_answers_in_order_in_one_process(index_settings):
    questions = ["Quyết định 1829/QĐ-UBND ban hành ngày nào?", "tong so tram bts toan tinh", "Tỉnh Nghệ An có bao nhiêu trạm BTS?"]
    stdin = "\n".join(json.dumps({"question": q}, ensure_ascii=False) for q in questions) + "\n"
    r = run("ask", "--jsonl", "--index-dir", str(index_settings.index_dir), input=stdin)
    answers = [json.loads(line) for line in r.output.splitlines()]
    assert [a["question"] for a in answers] == questions
    assert [a["found"] for a in answers] == [True, True, False]
    assert set(answers[0]) >= {"question", "answer", "found", "citations", "intent", "latency_ms"}


def test_ask_rejects_an_empty_question_clearly(index_settings):
    r = run("ask", "   ", "--index-dir", str(index_settings.index_dir))
    assert r.exit_code != 0 and "Câu hỏi trống" in r.output
