"""Subcommands beyond ``ingest``; each module registers its parser and handler."""

from __future__ import annotations


def add_commands(sub) -> None:
    from assistant.cli_ask import add_ask_command

    add_ask_command(sub)
    try:
        from assistant.cli_serve import add_serve_command
    except ImportError:
        pass
    else:
        add_serve_command(sub)
    try:
        from eval.cli import add_eval_command
    except ImportError:
        pass
    else:
        add_eval_command(sub)
