"""`assistant ask`, `assistant chat`, `assistant eval`."""

from __future__ import annotations

import json
import sys

import click

from assistant.settings import ROOT
from assistant.qa.evaluate import SPLITS


def _service(index_dir):
    from assistant.qa.service import AnswerService

    from assistant.cli import settings_with_index

    return AnswerService(settings_with_index(index_dir).for_answering())


def _render(answer: dict) -> str:
    lines = [answer["answer"], ""]
    for c in answer["citations"]:
        lines.append(f"[{c['id']}] {c['source']} — {c['section'] or c['title']} (ký tự {c['start']}–{c['end']})")
    return "\n".join(lines).rstrip()


def json_line(record: dict) -> str:
    """One JSON line; text that cannot be written as UTF-8 (lone surrogates) is escaped instead."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record)
    return line


def stdin_lines():
    """(line number, text) per non-blank stdin line; text is None for a line that is not UTF-8."""
    stream = getattr(sys.stdin, "buffer", None)
    for line_no, raw in enumerate(stream if stream is not None else sys.stdin, start=1):
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield line_no, None
                continue
        if raw.strip():
            yield line_no, raw


def _ask_lines(service, lines) -> int:
    """`ask --jsonl`: one answer or error line per input line, in order; a bad line never stops the batch."""
    import logging

    from assistant.qa.evaluate import run_batch, user_turns
    from assistant.qa.validation import QuestionError, validate_question

    failed = False
    for line_no, line in lines:
        item: dict = {}
        try:
            if line is None:
                raise TypeError("không phải văn bản UTF-8")
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("history") or [], list):
                raise TypeError('mỗi dòng cần {"question": "...", "history": [...]}')
            item["history"] = [validate_question(h, None) for h in user_turns(item.get("history") or [])]
            [answer] = list(run_batch(service, [item]))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            answer, failed = {"error": f"dòng {line_no} không hợp lệ: {exc}"}, True
        except QuestionError as exc:
            answer, failed = {"question": item.get("question"), "error": str(exc)}, True
        except Exception as exc:  # reported on its line; the other questions are still answered
            logging.getLogger(__name__).exception("ask --jsonl line %d", line_no)
            answer, failed = {"question": item.get("question"), "error": f"dòng {line_no}: lỗi khi trả lời ({type(exc).__name__})"}, True
        click.echo(json_line(answer))
    return 1 if failed else 0


@click.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="print the answer as JSON")
@click.option("--jsonl", is_flag=True, help='read {"question": …} lines on stdin, write one answer per line')
@click.option("--index-dir", type=click.Path(), help="index folder (default: index/)")
def ask(question, as_json, jsonl, index_dir):
    """Answer a question from the documents, with verbatim citations."""
    from assistant.qa.validation import QuestionError

    if not jsonl and not question:
        raise click.UsageError("hãy nhập câu hỏi, hoặc dùng --jsonl")
    service = _service(index_dir)
    if jsonl:
        sys.exit(_ask_lines(service, stdin_lines()))
    try:
        answer = service.ask(question).model_dump()
    except QuestionError as exc:
        raise click.ClickException(str(exc))
    click.echo(json.dumps(answer, ensure_ascii=False, indent=1) if as_json else _render(answer))


@click.command()
@click.option("--index-dir", type=click.Path(), help="index folder (default: index/)")
def chat(index_dir):
    """An interactive conversation in the terminal (empty line or Ctrl-D to quit)."""
    from assistant.qa.validation import QuestionError

    service = _service(index_dir)
    history: list[str] = []
    click.echo("Trợ lý ảo chuyển đổi số Thanh Hóa — hỏi bằng tiếng Việt, có dấu hoặc không dấu.")
    while True:
        try:
            question = input("\nBạn: ").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if not question:
            break
        try:
            answer = service.ask(question, history=history).model_dump()
        except QuestionError as exc:
            click.echo(f"Lỗi: {exc}")
            continue
        history.append(question)
        click.echo("\nTrợ lý: " + _render(answer))


@click.command(name="eval")
@click.option("--split", type=click.Choice(list(SPLITS)), default="all", show_default=True,
              help="dev: tuning questions; test: never tuned on")
@click.option("--gold", type=click.Path(exists=True), help="a gold .jsonl file instead of a split")
@click.option("--index-dir", type=click.Path(), help="index folder (default: index/)")
@click.option("--min-answer", type=float, help="exit 1 when answer accuracy is below this")
@click.option("--max-wrong", type=float, help="exit 1 when the wrong-answer rate is above this")
@click.option("--min-refusal", type=float, help="exit 1 when refusal accuracy is below this")
@click.option("--show-failures", is_flag=True)
def evaluate(split, gold, index_dir, min_answer, max_wrong, min_refusal, show_failures):
    """Score answers on the gold questions: accuracy per kind, refusals, wrong answers, latency."""
    from pathlib import Path

    from assistant.qa.evaluate import below_bar
    from assistant.qa.evaluate import evaluate as run

    paths = [Path(gold)] if gold else [ROOT / "eval" / name for name in SPLITS[split]]
    report = run(_service(index_dir), paths, ROOT / "eval" / "results")
    click.echo(f"{'kind':<14}{'n':>5}{'correct':>9}{'wrong':>7}{'accuracy':>10}")
    for kind, v in report["per_kind"].items():
        click.echo(f"{kind:<14}{v['n']:>5}{v['correct']:>9}{v['wrong']:>7}{v['accuracy']:>10.3f}")
    for key in ("questions", "answer_accuracy", "refusal_accuracy", "wrong_answer_rate", "answerable_found_rate",
                "citation_verbatim_precision"):
        click.echo(f"{key}: {report[key]}")
    click.echo(f"latency_ms: p50 {report['latency_ms']['p50']}  p95 {report['latency_ms']['p95']}")
    if show_failures:
        for f in report["failures"]:
            click.echo(json.dumps(f, ensure_ascii=False))
    if short := below_bar(report, min_answer, max_wrong, min_refusal):
        click.echo("Dưới ngưỡng chất lượng / below the quality bar: " + "; ".join(short), err=True)
        sys.exit(1)
