"""The ``docqa`` command line: ``ingest``, ``ask``, ``serve``, ``eval``, ``facts``, ``users``, ``audit``.

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
    p.add_argument(
        "--rebuild", action="store_true",
        help="rebuild every indexed document from its file (or its stored text when the file is gone), reusing nothing",
    )
    p.add_argument(
        "--group", action="append", default=None, metavar="G",
        help="give these documents access group G (repeat for more); without it each keeps its manifest's groups or those it had",
    )
    p.add_argument(
        "--check", action="store_true",
        help="verify the current index against the checksums recorded when it was written; exit 1 when damaged",
    )

    # The one place that ties ingest, assistant and eval together: each command's module
    # registers its own parser and handler.
    from assistant.cli_ask import add_ask_command
    from assistant.cli_audit import add_audit_command
    from assistant.cli_facts import add_facts_command
    from assistant.cli_serve import add_serve_command
    from assistant.cli_users import add_users_command
    from eval.cli import add_eval_command

    add_ask_command(sub)
    add_serve_command(sub)
    add_eval_command(sub)
    add_facts_command(sub)
    add_users_command(sub)
    add_audit_command(sub)
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


def cmd_check(args) -> int:
    """``docqa ingest --check``: every file of the current generation against its checksum."""
    from ingest.core.settings import get_settings
    from ingest.index.store import DataDir
    from ingest.pipeline.previous import REPAIR

    if args.paths or args.rebuild or args.prune or args.group:
        raise ConfigError("--check takes no paths and no other option but --json")
    data = DataDir(get_settings().data_dir)
    generation = data.current()
    damages = generation.verify()
    if args.json:
        print(json.dumps({
            "generation": generation.path.name, "ok": not damages,
            "damaged": [{"file": d.file, "problem": d.problem} for d in damages],
        }, ensure_ascii=False))
    for damage in damages:
        print(f"damaged: {generation.path / damage.file}: {damage.problem}", file=sys.stderr)
    if damages:
        print(f"docqa: the index in {data.root} is damaged ({len(damages)} of its files); {REPAIR}", file=sys.stderr)
        return EXIT_ERROR
    if not args.json:
        meta = generation.read_meta()
        checked = "checksums" if meta.checksums is not None else "parsed (no checksums recorded: made by an older docqa)"
        print(f"ok: generation {generation.path.name}, {meta.documents} documents, {meta.chunks} chunks, every file {checked}")
    return EXIT_OK


def cmd_ingest(args) -> int:
    from assistant.progress import make_progress
    from ingest.core.settings import get_settings
    from ingest.pipeline import run_ingest

    if args.check:
        return cmd_check(args)
    settings = get_settings()
    paths = args.paths or [settings.corpus_dir]
    with make_progress(enabled=sys.stderr.isatty()) as progress:
        summary = run_ingest(paths, settings, prune=args.prune, rebuild=args.rebuild, progress=progress, groups=args.group)
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
