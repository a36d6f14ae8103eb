"""``docqa ask``: one question, or a JSONL file of requests."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.answer.messages import Messages
from assistant.draft import OCR_NOTE, edition_note
from ingest.core.errors import ConfigError


def add_ask_command(sub) -> None:
    p = sub.add_parser("ask", help="ask a question and get a cited answer")
    p.add_argument("question", nargs="?", help="the question (omit with --jsonl)")
    p.add_argument("--json", action="store_true", help="print one JSON response object")
    p.add_argument("--k", type=int, default=None, help="passages to retrieve (default: DOCQA_TOP_K)")
    p.add_argument("--history", type=Path, help="JSON file with earlier turns [{role, content}]")
    p.add_argument("--jsonl", type=Path, help="answer every request line of this file, one response per line")
    p.set_defaults(handler=cmd_ask)


def _read_history(path: Path | None) -> list[dict]:
    if path is None:
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read --history {path}: {exc}") from exc
    if isinstance(data, dict):
        data = data.get("history", [])
    if not isinstance(data, list) or not all(isinstance(t, dict) and "role" in t and "content" in t for t in data):
        raise ConfigError("--history must be a JSON list of {\"role\", \"content\"} objects")
    return data


def cmd_ask(args) -> int:
    from assistant.service import Assistant
    from ingest.core.settings import get_settings

    if args.k is not None and not 1 <= args.k <= 100:
        raise ConfigError("--k must be between 1 and 100")
    if bool(args.question) == bool(args.jsonl):
        raise ConfigError("give either a QUESTION or --jsonl FILE")
    assistant = Assistant.from_settings(get_settings())
    if args.jsonl:
        return _ask_jsonl(assistant, args)
    response = assistant.ask(args.question, history=_read_history(args.history), k=args.k)
    if args.json:
        print(response.model_dump_json())
    else:
        print(render(response))
    return 0


def _ask_jsonl(assistant, args) -> int:
    try:
        lines = args.jsonl.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read {args.jsonl}: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            question = request["question"]
        except (ValueError, KeyError, TypeError) as exc:
            print(json.dumps({"id": None, "line": number, "error": {"code": "bad_request", "message": str(exc)}}, ensure_ascii=False))
            continue
        response = assistant.ask(question, history=request.get("history") or [], k=args.k, id=request.get("id"))
        print(response.model_dump_json())
        sys.stdout.flush()
    return 0


def render(response) -> str:
    """The answer and its numbered sources, for a terminal."""
    lines = [response.answer]
    if response.short_answer:
        lines.insert(0, Messages.for_language("ja").short_answer.format(short=response.short_answer))  # 「答え: …」 as scripts read it
    if response.citations:
        lines.append("")
        lines.append("出典:")
        for c in response.citations:
            where = " ".join(x for x in (c.section, f"p.{c.page}" if c.page else "", f"（{OCR_NOTE}）" if c.ocr else "") if x)
            origin = "、".join(x for x in (edition_note(c.edition, c.title), c.publisher, c.published) if x)
            lines.append(f"[{c.n}] {c.title}{f'（{origin}）' if origin else ''}{where}")
            lines.append(f"    「{c.text}」")
    elif not response.answerable and response.passages:
        lines.append("")
        lines.append("関連しそうな箇所:")
        for p in response.passages[:3]:
            lines.append(f"- {p.title} {p.section}: {p.text[:80]}…")
    return "\n".join(lines)
