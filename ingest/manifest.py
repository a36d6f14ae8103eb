"""Document metadata from ``manifest.json`` files beside the documents."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.core.models import DocumentMeta

MANIFEST_NAME = "manifest.json"


def read_manifest(folder: Path) -> tuple[dict[str, DocumentMeta], list[str]]:
    """Metadata by file name from ``folder/manifest.json``, and warnings for a bad manifest."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return {}, []
    if path.is_symlink() and path.resolve().parent != folder.resolve():
        return {}, [f"{path}: manifest ignored (a link into another folder)"]
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        entries = data["documents"] if isinstance(data, dict) else data
        result = {}
        for entry in entries:
            result[str(entry["file"])] = DocumentMeta(
                title=str(entry.get("title") or entry["file"]),
                publisher=str(entry.get("publisher") or ""),
                published=str(entry.get("published") or ""),
                kind=str(entry.get("kind") or ""),
            )
        return result, []
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return {}, [f"{path}: manifest ignored ({type(exc).__name__}: {exc})"]


def fallback_meta(doc_id: str, title_hint: str | None) -> DocumentMeta:
    """Metadata for a file the manifest does not list: title from its first heading or name."""
    title = (title_hint or "").strip() or Path(doc_id).stem
    return DocumentMeta(title=title[:200])
