"""``docqa eval``: run the QA sets (or JSQuAD) and write a report.

Registered by :func:`assistant.cli.build_parser` with ``add_eval_command(sub)``.
Exit codes: 0 done, 1 ``--check-baseline`` found a drop of more than 0.02 (or no
baseline file), 2 unusable arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ingest.core.settings import PROJECT_ROOT

EVAL_DIR = PROJECT_ROOT / "eval"
#: Every QA set of eval/qa/ (the tuning sets live in its subfolder).
DEFAULT_QA = tuple(sorted((EVAL_DIR / "qa").glob("*.jsonl")))
DEFAULT_OUT = EVAL_DIR / "reports" / "latest"
BASELINE = EVAL_DIR / "baseline.json"


def add_eval_command(sub) -> argparse.ArgumentParser:
    from eval.runner import CONFIGS

    p = sub.add_parser("eval", help="evaluate answers and retrieval on QA sets and write a report")
    p.add_argument("qa", nargs="*", type=Path, help="QA JSONL files (default: every set in eval/qa/)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="report folder (default: eval/reports/latest)")
    p.add_argument("--config", action="append", choices=list(CONFIGS), metavar="NAME",
                   help=f"configuration to run, repeatable (default: all of {', '.join(CONFIGS)})")
    p.add_argument("--corpus", type=Path, default=None, help="folder to ingest (default: DOCQA_CORPUS_DIR)")
    p.add_argument("--jsquad", action="store_true", help="run the external JSQuAD benchmark instead of the QA sets "
                   "(retrieval, the whole pipeline, and reading with the gold passage given)")
    p.add_argument("--jaquad", action="store_true",
                   help="reading comprehension on JaQuAD validation with the gold passage given (EM, character F1)")
    p.add_argument("--facts", action="store_true",
                   help="score the extracted relation facts against eval/facts_gold.jsonl instead of the QA sets")
    p.add_argument("--gold", type=Path, default=None, help="--facts: the gold file (default: eval/facts_gold.jsonl)")
    p.add_argument("--split", default="valid", choices=("valid", "test"), help="JSQuAD split (test is held out)")
    p.add_argument("--limit", type=int, default=None, help="JSQuAD: fixed-seed subset of N questions")
    p.add_argument("--check-baseline", action="store_true",
                   help="exit 1 if lexical dev answer accuracy or hit@5 is > 0.02 below eval/baseline.json")
    p.add_argument("--write-baseline", action="store_true", help="write eval/baseline.json from this run")
    p.set_defaults(handler=cmd_eval)
    return p


def _cmd_reading(dataset: str, args, say) -> int:
    from eval import reading

    result = reading.read_gold_passages(dataset, args.limit, progress=say)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"reading-{dataset}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    (args.out / f"reading-{dataset}.md").write_text(reading.render(result), encoding="utf-8")
    print(reading.render(result))
    return 0


def cmd_eval(args) -> int:
    def say(message: str) -> None:
        print(f"docqa eval: {message}", file=sys.stderr)

    if args.facts:
        return _cmd_facts(args)
    if args.jaquad:
        return _cmd_reading("jaquad", args, say)
    if args.jsquad:
        from eval import jsquad

        if args.split == "valid":
            _cmd_reading("jsquad", args, say)
        result = jsquad.run_jsquad(args.split, args.limit, progress=say)
        jsquad.write(result, args.out)
        print(jsquad.render(result))
        return 0

    from eval.report import summary_lines, write_report
    from eval.runner import BASELINE_CONFIG, baseline_numbers, check_baseline, run_eval

    qa_files = args.qa or list(DEFAULT_QA)
    for path in qa_files:
        if not path.is_file():
            print(f"docqa eval: no such QA file: {path}", file=sys.stderr)
            return 2
    configs = args.config
    if (args.check_baseline or args.write_baseline) and configs and BASELINE_CONFIG not in configs:
        configs = [BASELINE_CONFIG, *configs]
    report = run_eval(qa_files, configs, corpus=args.corpus, progress=say)
    written = write_report(report, args.out)
    print("\n".join(summary_lines(report)))
    print(f"report: {written[1]}")
    if args.write_baseline:
        numbers = baseline_numbers(report)
        BASELINE.write_text(json.dumps(numbers, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"baseline written: {BASELINE} {numbers}")
    if args.check_baseline:
        if not BASELINE.is_file():
            print(f"docqa eval: no baseline at {BASELINE} (create it with --write-baseline)", file=sys.stderr)
            return 1
        failures = check_baseline(report, json.loads(BASELINE.read_text(encoding="utf-8")))
        for line in failures:
            print(f"baseline check failed: {line}", file=sys.stderr)
        if failures:
            return 1
        print("baseline check passed")
    return 0


def _cmd_facts(args) -> int:
    from eval import facts
    from ingest.core.settings import get_settings

    gold_path = args.gold or facts.GOLD
    if not gold_path.is_file():
        print(f"docqa eval: no such gold file: {gold_path}", file=sys.stderr)
        return 2
    settings = get_settings()
    corpus = args.corpus or settings.corpus_dir
    result = facts.score_facts(facts.extract_corpus_facts(corpus, settings), facts.load_gold(gold_path))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "facts.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    text = facts.render(result)
    (args.out / "facts.md").write_text("# Relation facts against the gold set\n\n" + text + "\n", encoding="utf-8")
    print(text)
    print(f"report: {args.out / 'facts.md'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m eval.cli``: the same command without the rest of docqa's CLI."""
    parser = argparse.ArgumentParser(prog="docqa")
    sub = parser.add_subparsers(dest="command", required=True)
    add_eval_command(sub)
    args = parser.parse_args(["eval", *(argv if argv is not None else sys.argv[1:])])
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
