"""Subcommands beyond ``ingest``; each module registers its parser and handler."""

from __future__ import annotations


def add_commands(sub) -> None:
    from assistant.cli_ask import add_ask_command
    from assistant.cli_facts import add_facts_command
    from assistant.cli_serve import add_serve_command
    from eval.cli import add_eval_command

    add_ask_command(sub)
    add_serve_command(sub)
    add_eval_command(sub)
    add_facts_command(sub)
