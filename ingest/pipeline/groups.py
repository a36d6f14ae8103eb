"""Each document's access groups (``DocumentRecord.groups``), decided once per ingest.

``docqa ingest PATH --group G`` gives the documents of this run group G (an upload, the
groups sent with it); otherwise the manifest entry's ``"groups": [...]`` does (``[]``: visible to everyone signed in); otherwise a
document keeps the groups it had. An ingest that names no groups therefore never opens a
document that had some (``make run`` over a folder of restricted documents keeps them
restricted), and a groups value that is not a list of group names stops the ingest before it
starts rather than publish the document to everyone.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ingest.discover import FoundFile
from ingest.index.records import DocumentRecord, GenerationContents
from ingest.manifest import manifest_groups
from ingest.pipeline.uploads import Upload


def decided_groups(
    files: list, uploads: tuple[Upload, ...] = (), given: tuple[str, ...] | None = None, max_bytes: int | None = None
) -> dict[str, tuple[str, ...]]:
    """Groups by document id, for each file of this run whose groups ``--group``, its manifest
    or its upload names."""
    found = [f for f in files if isinstance(f, FoundFile)]
    decided = {u.doc_id: u.groups for u in uploads if u.groups is not None}
    if given is not None:
        return {**decided, **{f.path.name: given for f in found}}
    manifests: dict[Path, dict[str, tuple[str, ...]]] = {}
    for f in found:
        folder = f.path.parent
        if folder not in manifests:
            manifests[folder] = manifest_groups(folder, max_bytes)
        if f.path.name in manifests[folder]:
            decided[f.path.name] = manifests[folder][f.path.name]
    return decided


def with_groups(
    contents: GenerationContents, decided: dict[str, tuple[str, ...]], earlier: dict[str, DocumentRecord]
) -> GenerationContents:
    """The contents with every document's groups: decided now, else as it had them."""
    documents = {}
    for doc_id, record in contents.documents.items():
        groups = decided.get(doc_id)
        if groups is None:
            groups = earlier[doc_id].groups if doc_id in earlier else record.groups
        documents[doc_id] = record if record.groups == groups else replace(record, groups=groups)
    return replace(contents, documents=documents)
