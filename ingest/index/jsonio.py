"""JSON and JSON-lines files, written with an fsync so that a published generation is on disk,
and read back, when asked, against the sha256 recorded when they were written."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

#: Bytes hashed at a time.
_BLOCK = 1 << 20


class DigestMismatch(ValueError):
    """A file's bytes are not those whose sha256 was recorded when it was written."""


def file_digest(path: Path) -> str:
    """The sha256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def check_digest(data: bytes, sha256: str | None) -> bytes:
    """``data``, after checking it against ``sha256`` (None: nothing recorded, nothing checked)."""
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        raise DigestMismatch("its bytes do not match the checksum recorded when it was written")
    return data


def read_json(path: Path, sha256: str | None = None):
    return json.loads(check_digest(Path(path).read_bytes(), sha256))


def write_json(path: Path, data) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())


def write_jsonl(path: Path, rows) -> None:
    write_lines(path, (json.dumps(row, ensure_ascii=False) for row in rows))


def write_lines(path: Path, lines) -> None:
    """A JSON-lines file of rows encoded already (each ``json.dumps(row, ensure_ascii=False)``)."""
    with open(path, "w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(line)
            fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())


def read_jsonl(path: Path, sha256: str | None = None) -> list:
    """Every row; with ``sha256``, the file is hashed as it is read and a mismatch raises
    :class:`DigestMismatch` (a line that is not JSON raises ``ValueError`` either way)."""
    digest = hashlib.sha256() if sha256 is not None else None
    rows, broken = [], None
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, 1):
            if digest is not None:
                digest.update(line)
            if broken is None and line.strip():
                try:
                    rows.append(json.loads(line))
                except ValueError as exc:
                    broken = ValueError(f"line {number} is not JSON ({exc})")
                    if digest is None:
                        break
    if digest is not None and digest.hexdigest() != sha256:
        raise DigestMismatch("its bytes do not match the checksum recorded when it was written")
    if broken is not None:
        raise broken
    return rows
