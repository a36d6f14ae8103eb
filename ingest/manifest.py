"""Document metadata from ``manifest.json`` files beside the documents.

A manifest is ``{"documents": [ENTRY, ...]}`` or a bare list of entries; an entry is
``{"file", "title", "publisher", "published", "kind", "series", "edition"}``
(:class:`ManifestEntry`; ``series``/``edition`` make it one edition of a yearbook or the like). What does
not fit is ignored with a warning that names the manifest: the whole file when its shape
is wrong, one entry when that entry is. Field lengths are capped, since the title is
indexed with every chunk of its document and shown with every answer. An entry's
``"groups"`` are the document's access groups (:func:`manifest_groups`, checked strictly).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints, ValidationError

from ingest.core.errors import ConfigError
from ingest.core.models import DocumentMeta
from ingest.groups import check_groups
from ingest.pathnames import shown

MANIFEST_NAME = "manifest.json"
#: Longest title kept, from a manifest or a document's first heading.
TITLE_MAX_CHARS = 200
#: Bad entries described one by one; beyond this, one more warning counts the rest.
_SHOWN_PROBLEMS = 5


def _scalar_text(value):
    """Numbers become text (``"published": 2024``); lists and objects stay and fail validation."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _text(max_length: int, min_length: int = 0):
    return Annotated[
        str, StringConstraints(min_length=min_length, max_length=max_length), BeforeValidator(_scalar_text)
    ]


class ManifestEntry(BaseModel):
    """One document's catalogue entry; unknown keys are ignored."""

    model_config = ConfigDict(extra="ignore")

    file: _text(255, min_length=1)
    title: _text(TITLE_MAX_CHARS) | None = None
    publisher: _text(200) | None = None
    published: _text(40) | None = None
    kind: _text(100) | None = None
    series: _text(200) | None = None
    edition: _text(100) | None = None

    def meta(self) -> DocumentMeta:
        return DocumentMeta(
            title=self.title or self.file, publisher=self.publisher or "",
            published=self.published or "", kind=self.kind or "",
            series=self.series or "", edition=self.edition or "",
        )


def read_manifest(folder: Path, max_bytes: int | None = None) -> tuple[dict[str, DocumentMeta], list[str]]:
    """Metadata by file name from ``folder/manifest.json``, and warnings for what was ignored."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return {}, []

    def ignored(reason: str) -> tuple[dict[str, DocumentMeta], list[str]]:
        return {}, [f"{shown(path)}: manifest ignored ({reason})"]

    if path.is_symlink() and path.resolve().parent != folder.resolve():
        return ignored("a link into another folder")
    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            return ignored(f"larger than {max_bytes:,} bytes (DOCQA_MAX_FILE_MB)")
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        return ignored(f"cannot read it: {exc.strerror or exc}")
    except RecursionError:
        return ignored("nested too deeply")
    except ValueError as exc:
        return ignored(f"not JSON: {exc}")
    entries = data.get("documents") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        found = "an object without a list of documents" if isinstance(data, dict) else f"a {_kind(data)}"
        return ignored(f'expected {{"documents": [...]}} or a list of entries, found {found}')
    result: dict[str, DocumentMeta] = {}
    problems: list[str] = []
    for number, raw in enumerate(entries, 1):
        try:
            entry = ManifestEntry.model_validate(raw)
        except ValidationError as exc:
            problems.append(f"entry {number} ignored ({_describe(exc, raw)})")
            continue
        result[entry.file] = entry.meta()
    warnings = [f"{shown(path)}: {p}" for p in problems[:_SHOWN_PROBLEMS]]
    if len(problems) > _SHOWN_PROBLEMS:
        warnings.append(f"{shown(path)}: {len(problems) - _SHOWN_PROBLEMS} more entries ignored")
    return result, warnings


def manifest_groups(folder: Path, max_bytes: int | None = None) -> dict[str, tuple[str, ...]]:
    """Access groups by file name, for the entries of ``folder/manifest.json`` with a ``"groups"`` key.

    A manifest that cannot be read gives none (:func:`read_manifest` warns of it). A groups
    value that is not a list of group names raises ConfigError naming the entry, even when
    the rest of the entry is ignored: a mistyped group must not open a document to everyone.
    """
    path = folder / MANIFEST_NAME
    try:
        if not path.is_file() or (path.is_symlink() and path.resolve().parent != folder.resolve()):
            return {}
        if max_bytes is not None and path.stat().st_size > max_bytes:
            return {}
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return {}
    entries = data.get("documents") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        return {}
    groups: dict[str, tuple[str, ...]] = {}
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or "groups" not in entry or not isinstance(entry.get("file"), str):
            continue
        where = f"{shown(path)}: entry {number}: groups"
        value = entry["groups"]
        if not isinstance(value, list) or not all(isinstance(g, str) for g in value):
            raise ConfigError(f"{where}: must be a list of group names, e.g. [\"総務課\"]")
        groups[entry["file"]] = check_groups(value, where=where)
    return groups


def _kind(value) -> str:
    return {str: "string", int: "number", float: "number", bool: "boolean", type(None): "null"}.get(type(value), "value")


def _describe(exc: ValidationError, raw) -> str:
    """The first problem of an entry, without echoing its (possibly huge) values."""
    if not isinstance(raw, dict):
        return f"a {_kind(raw) if not isinstance(raw, list) else 'list'}, not an object"
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error.get("loc", ())) or "entry"
    return f"{where}: {error.get('msg', 'invalid value')}"


def fallback_meta(doc_id: str, title_hint: str | None) -> DocumentMeta:
    """Metadata for a file the manifest does not list: title from its first heading or name."""
    title = (title_hint or "").strip() or Path(doc_id).stem
    return DocumentMeta(title=title[:TITLE_MAX_CHARS])
