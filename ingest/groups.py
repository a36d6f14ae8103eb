"""Access group names: the one grammar for a document's groups and a user's.

A group is a short name such as ``総務課`` or ``hr``: letters of any script, digits and
``_ . -``, no spaces or commas, at most :data:`GROUP_MAX_CHARS` characters. A document
with no group is visible to everyone signed in; one with groups, to the members of any of
them (see :mod:`assistant.access`).
"""

from __future__ import annotations

import re
import unicodedata

from ingest.core.errors import ConfigError

GROUP_MAX_CHARS = 64
#: Groups one document or one user may have.
MAX_GROUPS = 32
_GROUP = re.compile(r"[\w.\-]+")


def group_problem(name: str) -> str | None:
    """Why ``name`` cannot be a group, or None when it can."""
    if not name:
        return "a group name is empty"
    if len(name) > GROUP_MAX_CHARS:
        return f"a group name has more than {GROUP_MAX_CHARS} characters"
    if not _GROUP.fullmatch(name):
        return f"{name!r} is not a group name (letters, digits, _ . - only)"
    return None


def check_groups(names: list[str] | tuple[str, ...], where: str = "--group") -> tuple[str, ...]:
    """The groups NFKC-normalised, sorted and without repeats; ConfigError naming ``where`` otherwise."""
    groups = sorted({unicodedata.normalize("NFKC", n).strip() for n in names})
    for name in groups:
        if problem := group_problem(name):
            raise ConfigError(f"{where}: {problem}")
    if len(groups) > MAX_GROUPS:
        raise ConfigError(f"{where}: more than {MAX_GROUPS} groups")
    return tuple(groups)
