"""Schemathesis against docqa's own ``/openapi.json``: no 5xx, every error in its JSON shape, and
every response as the schema says.

The app runs in-process (ASGI) over a fresh lexical index of ``corpus/`` in a temporary data
directory, with an API token set (``token=False``: none, and the schema then declares no
security). Every operation of the schema is fuzzed with schemathesis'
positive cases (valid by the schema) and negative cases (invalid by it), ``max_examples`` of
each, Hypothesis seeded with ``seed``. Two extra variants fix the path parameter to a real
document and a real passage so the highlight range and the record code are reached too.

Every response is checked: status below 500; a 4xx body, and every error event of a stream, is
exactly ``{"error": {"code": str, "message": str}}`` (OpenAI's ``{"error": {"message", "type",
"param", "code"}}`` under ``/v1``); the content type is JSON or an event stream (never HTML, so no
payload echoed in a response can run in a browser). An exception escaping the app counts as a
5xx. Schemathesis' own checks (``CHECKS``) then hold the response to the schema: a documented
status code and content type, a body valid by the documented schema, invalid data refused, and
with a token, no request let through without it.

    .venv/bin/python -m eval.robustness.fuzz --max-examples 300 --seed 20261201
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "eval" / "reports" / "robustness" / "fuzz.json"
TOKEN = "fuzz-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ALLOWED_TYPES = ("application/json", "text/event-stream")
#: What a download answers with (CSV, .xlsx, .docx); errors are JSON all the same.
DOWNLOAD_TYPES = ("text/csv", "application/vnd.openxmlformats-officedocument.")
MAX_FAILURES_KEPT = 20
#: What refuses data the schema calls invalid: schemathesis' own list and 413, since a string past
#: its ``maxLength`` is often past the body limit first once JSON-escaped (six bytes a character).
REJECTED = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]


def build_app(data_dir: Path, token: bool = True):
    """The real app and assistant over a lexical index of ``corpus/`` built in ``data_dir``."""
    from assistant.api import create_app
    from assistant.service import Assistant
    from ingest.core.settings import LOOPBACK_HOSTS, Settings
    from ingest.pipeline import run_ingest

    # Schemathesis sends Host: testserver; the rate limit would turn most ratings into 429s
    # and leave the code behind them unfuzzed.
    settings = Settings(
        data_dir=data_dir, corpus_dir=REPO / "corpus", embed_model="none", api_token=TOKEN if token else None,
        trusted_hosts=[*LOOPBACK_HOSTS, "testserver"], feedback_per_minute=100_000,
    )
    summary = run_ingest([REPO / "corpus"], settings)
    if summary.failed:
        raise RuntimeError(f"the fuzz index could not be built: {summary.failed}")
    assistant = Assistant.from_settings(settings, with_models=False)
    return create_app(settings, assistant), assistant


def error_shape_ok(body: object) -> bool:
    """``{"error": {"code": str, "message": str}}`` and nothing else."""
    if not isinstance(body, dict) or set(body) != {"error"}:
        return False
    error = body["error"]
    return (
        isinstance(error, dict)
        and set(error) == {"code", "message"}
        and isinstance(error["code"], str)
        and isinstance(error["message"], str)
        and bool(error["message"])
    )


def openai_error_shape_ok(body: object) -> bool:
    """OpenAI's ``{"error": {"message": str, "type": str, "param": str|null, "code": str|null}}``
    (the shape of every ``/v1`` error)."""
    if not isinstance(body, dict) or set(body) != {"error"}:
        return False
    error = body["error"]
    return (
        isinstance(error, dict)
        and set(error) == {"message", "type", "param", "code"}
        and isinstance(error["message"], str) and bool(error["message"])
        and isinstance(error["type"], str)
        and all(error[k] is None or isinstance(error[k], str) for k in ("param", "code"))
    )


def judge(status: int, content_type: str, text: str, openai: bool = False) -> list[str]:
    """The problems of one response (an empty list: it is fine); ``openai``: a ``/v1`` route,
    whose errors are in OpenAI's shape."""
    shape_ok = openai_error_shape_ok if openai else error_shape_ok
    problems = []
    if status >= 500:
        problems.append(f"status {status}")
    allowed = ALLOWED_TYPES + DOWNLOAD_TYPES if status < 400 else ALLOWED_TYPES
    if not content_type.startswith(allowed):
        problems.append(f"content type {content_type!r}")
    if 400 <= status:
        try:
            body = json.loads(text)
        except ValueError:
            body = None
        if not shape_ok(body):
            problems.append("error body not in the error shape")
    if content_type.startswith("text/event-stream") and not all(map(shape_ok, stream_errors(text))):
        problems.append("error body not in the error shape (in the event stream)")
    if "Traceback (most recent call last)" in text:  # a stored "Traceback" alone is data
        problems.append("a traceback in the body")
    return problems


def stream_errors(text: str) -> list[object]:
    """The data of every error event in an event stream: ``event: error`` or an ``error`` key."""
    errors = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        data = "\n".join(line[5:].removeprefix(" ") for line in lines if line.startswith("data:"))
        try:
            payload = json.loads(data) if data else None
        except ValueError:
            payload = None
        if "event: error" in lines or (isinstance(payload, dict) and "error" in payload):
            errors.append(payload)
    return errors


def conformance_checks(token: bool) -> list:
    """Schemathesis' checks of a response against the schema (``ignored_auth`` only with a token)."""
    from schemathesis.specs.openapi import checks

    chosen = [
        checks.status_code_conformance, checks.content_type_conformance,
        checks.response_schema_conformance, checks.response_headers_conformance,
        checks.negative_data_rejection,
    ]
    return [*chosen, checks.ignored_auth] if token else chosen


def schemathesis_config():
    """Schemathesis' settings for these runs: a 413 counts as refusing invalid data."""
    from schemathesis.config import SchemathesisConfig

    return SchemathesisConfig.from_dict({"checks": {"negative_data_rejection": {"expected-statuses": REJECTED}}})


def conformance_problems(case, response, checks: list) -> list[str]:
    """What schemathesis' checks find wrong with one response (an empty list: nothing)."""
    try:
        case.validate_response(response, checks=checks)
    except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - a FailureGroup of check failures
        failures = getattr(exc, "exceptions", None) or [exc]
        return [f"conformance: {getattr(f, 'title', type(f).__name__)}: {str(f)[:300]}" for f in failures]
    return []


class Tally:
    """Counts of one run; ``failures`` keeps the first few problems with a curl reproduction."""

    def __init__(self) -> None:
        self.cases = 0
        self.status_5xx = 0
        self.bad_error_shape = 0
        self.bad_content_type = 0
        self.conformance = 0
        self.by_operation: dict[str, Counter] = {}
        self.failures: list[dict] = []

    def record(self, label: str, case, status: int | None, problems: list[str]) -> None:
        self.cases += 1
        self.by_operation.setdefault(label, Counter())[str(status)] += 1
        if status is None or status >= 500:
            self.status_5xx += 1
        if any(p.startswith("error body") for p in problems):
            self.bad_error_shape += 1
        if any(p.startswith("content type") for p in problems):
            self.bad_content_type += 1
        if any(p.startswith("conformance") for p in problems):
            self.conformance += 1
        if problems and len(self.failures) < MAX_FAILURES_KEPT:
            try:
                curl = case.as_curl_command()
            except Exception:  # noqa: BLE001 - the reproduction is a courtesy; the failure is still recorded
                curl = ""
            self.failures.append({"operation": label, "problems": problems, "curl": curl})


def fuzz_operation(operation, mode, label: str, tally: Tally, max_examples: int, seed: int,
                   path_parameters: dict | None = None, headers: dict | None = None,
                   checks: list | None = None) -> None:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis.errors import Unsatisfiable

    headers = dict(AUTH) if headers is None else headers
    strategy = operation.as_strategy(
        generation_mode=mode, headers=dict(headers), path_parameters=path_parameters
    )

    @hypothesis_seed(seed)
    @settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(strategy)
    def run(case) -> None:
        try:
            response = case.call(headers=dict(headers))
        except Exception as exc:  # noqa: BLE001 - an exception escaping the app is a 5xx
            tally.record(label, case, None, [f"exception {type(exc).__name__}: {exc}"[:300]])
            return
        content_type = response.headers.get("content-type", [""])
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        # A download (.xlsx, .docx) is bytes, not text; what judge reads of it is its content type.
        body = response.content.decode("utf-8", "replace")
        problems = judge(response.status_code, content_type, body, operation.path.startswith("/v1"))
        problems += conformance_problems(case, response, checks or [])
        tally.record(label, case, response.status_code, problems)

    try:
        run()
    except Unsatisfiable:
        pass  # e.g. no negative case exists for an operation without parameters


def run_fuzz(max_examples: int, seed: int, token: bool = True) -> dict:
    """Fuzz every operation of ``/openapi.json``; the figures of the run (see the module doc)."""
    import schemathesis
    from schemathesis import GenerationMode
    from schemathesis.python import asgi

    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="docqa-fuzz-") as data:
        app, assistant = build_app(Path(data), token)
        headers = dict(AUTH) if token else {}
        checks = conformance_checks(token)
        index = assistant.handle.get()
        real_doc = min(index.docs)
        real_passage = index.chunks[len(index.chunks) // 2].chunk_id
        try:
            schema = schemathesis.openapi.from_asgi(
                "/openapi.json", app, config=schemathesis_config(), headers=dict(headers)
            )
            operations = [result.ok() for result in schema.get_all_operations()]
            for operation in operations:
                label = f"{operation.method.upper()} {operation.path}"
                variants = [(label, None)]
                if operation.path == "/api/documents/{doc}":
                    variants.append((f"{label} (real doc)", {"doc": real_doc}))
                if operation.path == "/api/passages/{passage_id}":
                    variants.append((f"{label} (real passage)", {"passage_id": real_passage}))
                for name, fixed in variants:
                    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                        fuzz_operation(operation, mode, name, tally, max_examples, seed, fixed, headers, checks)
        finally:
            asgi.shutdown_lifespans()
    return {
        "tool": "schemathesis",
        "tool_version": schemathesis.__version__,
        "seed": seed,
        "max_examples": max_examples,
        "cases": tally.cases,
        "status_5xx": tally.status_5xx,
        "bad_error_shape": tally.bad_error_shape,
        "bad_content_type": tally.bad_content_type,
        "conformance": tally.conformance,
        "token": token,
        "operations": len(operations),
        "by_operation": {k: dict(sorted(v.items())) for k, v in sorted(tally.by_operation.items())},
        "failures": tally.failures,
        "measured": datetime.date.today().isoformat(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=300,
                        help="examples per operation and generation mode (default 300)")
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-token", action="store_true", help="serve without an API token")
    args = parser.parse_args(argv)
    result = run_fuzz(args.max_examples, args.seed, token=not args.no_token)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{result['cases']} cases over {result['operations']} operations: "
          f"{result['status_5xx']} 5xx, {result['bad_error_shape']} bad error shapes, "
          f"{result['bad_content_type']} bad content types, {result['conformance']} schema or status "
          f"mismatches -> {args.out}")
    bad = ("status_5xx", "bad_error_shape", "bad_content_type", "conformance")
    return 1 if any(result[k] for k in bad) else 0


if __name__ == "__main__":
    sys.exit(main())
