"""The ``docqa`` command line: ``ingest``, ``ask``, ``serve``, ``eval``, ``facts``.

Exit codes: 0 success, 1 an error docqa could not get past, 2 unusable arguments,
3 ``ingest`` indexed some files but others failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ingest.core.errors import ConfigError, DocqaError

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="docqa", description="Cited answers from Japanese municipal documents.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="index documents (default: the corpus folder)")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: DOCQA_CORPUS_DIR)")
    p.add_argument("--json", action="store_true", help="print one JSON summary object")
    p.add_argument("--prune", action="store_true", help="remove indexed documents whose files are gone")
    p.add_argument("--rebuild", action="store_true", help="ignore the current index and rebuild from the files")

    # The one place that ties ingest, assistant and eval together: each command's module
    # registers its own parser and handler.
    from assistant.cli_ask import add_ask_command
    from assistant.cli_facts import add_facts_command
    from assistant.cli_serve import add_serve_command
    from eval.cli import add_eval_command

    add_ask_command(sub)
    add_serve_command(sub)
    add_eval_command(sub)
    add_facts_command(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args) if hasattr(args, "handler") else cmd_ingest(args)
    except ConfigError as exc:
        print(f"docqa: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DocqaError as exc:
        print(f"docqa: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("docqa: interrupted", file=sys.stderr)
        return 130


def cmd_ingest(args) -> int:
    from assistant.progress import make_progress
    from ingest.core.settings import get_settings
    from ingest.pipeline import run_ingest

    settings = get_settings()
    paths = args.paths or [settings.corpus_dir]
    with make_progress(enabled=sys.stderr.isatty()) as progress:
        summary = run_ingest(paths, settings, prune=args.prune, rebuild=args.rebuild, progress=progress)
    if args.json:
        print(json.dumps(summary.to_json(), ensure_ascii=False))
    else:
        print(
            f"{summary.documents} documents, {summary.chunks} chunks "
            f"(added {summary.added}, updated {summary.updated}, unchanged {summary.unchanged}, "
            f"removed {summary.removed}) in {summary.seconds:.1f} s"
        )
        for warning in summary.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        for failure in summary.failed:
            print(f"failed: {failure.path}: {failure.error}", file=sys.stderr)
    return EXIT_PARTIAL if summary.failed else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
