"""File names as users see them, and the names an index cannot hold.

A name that is not valid UTF-8 (what unzipping a Windows archive leaves: Shift_JIS bytes)
reaches Python as a string with lone surrogates (PEP 383, ``surrogateescape``), which no
JSON file or terminal can hold. Such a file is reported, never indexed under a guessed
name; :func:`shown` is the form every message and summary uses for a path.
"""

from __future__ import annotations

import os
import unicodedata

#: Encodings tried, in order, to suggest what an undecodable name was meant to say.
_LIKELY_ENCODINGS = {"cp932": "Shift_JIS", "euc_jp": "EUC-JP"}


def shown(path: os.PathLike | str) -> str:
    """``path`` as one printable line: bytes that are not UTF-8 as ``\\x82``, control
    characters (a newline in a name) as ``\\n`` or ``\\x07``. The same path always shows the same."""
    text = os.fspath(path)
    if has_undecodable_bytes(text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        text = "".join(repr(ch)[1:-1] if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return text


def has_undecodable_bytes(text: str) -> bool:
    """Whether ``text`` holds bytes that were not UTF-8 (as lone surrogates U+DC80–U+DCFF)."""
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def name_problem(path: os.PathLike | str) -> str | None:
    """Why the index cannot hold a file at ``path`` under its name, or None when it can."""
    text = os.fspath(path)
    if not has_undecodable_bytes(text):
        return None
    in_name = has_undecodable_bytes(os.path.basename(text))
    where = "file name" if in_name else "name of a folder on its path"
    raw = os.fsencode(text)
    reads = ""
    for encoding, label in _LIKELY_ENCODINGS.items():
        if (guess := _decoded(raw, encoding)) is not None:
            reads = f" (as {label} it reads {shown(os.path.basename(guess) if in_name else guess)!r})"
            break
    return (
        f"the {where} is not valid UTF-8{reads}, as unzipping a Windows archive leaves it; "
        "rename it to UTF-8 (for example `convmv -r -f cp932 -t utf-8 --notest PATH`) and ingest again"
    )


def _decoded(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None
