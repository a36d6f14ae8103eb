"""Stage 3, assemble: the new generation's documents, chunk rows, tokens, answer units and facts.

Documents whose files were not given this time stay (or, with ``--prune``, go when their
file is gone or lies under a given folder); their rows, tokens and facts come from the
previous generation.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ingest.core.errors import IngestError
from ingest.core.models import Chunk
from ingest.facts import Fact, extract_facts
from ingest.index.records import ChunkUnits, DocumentRecord, GenerationContents, UnitsLine
from ingest.ja.normalise import normalise
from ingest.ja.tokenize import Tokenizer, tokenize_many
from ingest.pipeline.context import IngestContext
from ingest.pipeline.previous import PreviousIndex
from ingest.pipeline.process import Processed
from ingest.units import chunk_units


def assemble(
    ctx: IngestContext, processed: Processed, previous: PreviousIndex | None, given: list[Path], prune: bool
) -> GenerationContents:
    docs = processed.documents
    prev_docs = previous.documents if previous else {}
    given_roots = [p.resolve() for p in given]
    removing = ctx.changes.removing
    for doc_id in removing:
        docs.pop(doc_id, None)
        ctx.summary.removed += 1
        ctx.leaving.add(doc_id)
    for doc_id, old in prev_docs.items():
        if doc_id in docs or doc_id in removing:
            continue
        if old.uploaded:  # kept in the index itself: only a deletion removes it
            docs[doc_id] = old
            continue
        gone = not Path(old.path).exists()
        under_given = any(_is_within(Path(old.path).resolve(), root) for root in given_roots)
        if prune and (gone or under_given):
            ctx.summary.removed += 1
            ctx.leaving.add(doc_id)
        else:
            docs[doc_id] = old

    new_by_id = {c.chunk_id: c for c in processed.chunks}
    prev_chunks = previous.chunks if previous else {}
    rows = [new_by_id[cid] if cid in new_by_id else prev_chunks[cid] for doc in docs.values() for cid in doc.chunk_ids]
    tokens = row_tokens(rows, processed.tokens, previous.tokens if previous else {}, ctx.tokenizer)
    facts = _facts_of(docs, rows, processed.facts, previous.facts if previous else {})
    units = row_units(docs, rows, processed, previous)
    return GenerationContents(docs, rows, tokens, facts, processed.texts, units)


def row_units(
    docs: dict[str, DocumentRecord], rows: list[Chunk], processed: Processed, previous: PreviousIndex | None
) -> list[UnitsLine]:
    """Each row's answer units: this run's, else the previous generation's, else cut now from
    the document's stored text (an index made with other unit rules)."""
    units: dict[str, ChunkUnits | UnitsLine] = dict(previous.units) if previous else {}
    units.update(processed.units)
    missing: dict[str, list[Chunk]] = {}
    for chunk in rows:
        if chunk.chunk_id not in units:
            missing.setdefault(chunk.doc_id, []).append(chunk)
    for doc_id, chunks in missing.items():
        text = processed.texts.get(doc_id)
        if text is None and previous is not None:
            text = previous.generation.read_text(docs[doc_id])
        if text is not None:
            units.update((u.chunk_id, u) for u in chunk_units(normalise(text), chunks))
    out = []
    for chunk in rows:
        found = units.get(chunk.chunk_id) or ChunkUnits(chunk.chunk_id, (), ())
        out.append(found if isinstance(found, UnitsLine) else found.to_line())
    return out


def check_nothing_dropped(before: Iterable[str], after: Iterable[str], leaving: set[str]) -> None:
    """The last guard before publishing: every document indexed before is still there, or
    is leaving on purpose (removed with ``--prune``, or reported as not rebuildable)."""
    dropped = sorted(set(before) - set(after) - leaving)
    if dropped:
        raise IngestError(
            f"this ingest would drop {len(dropped)} indexed documents it did not mean to remove "
            f"(e.g. {dropped[0]!r}), so nothing was published; this is a bug, please report it"
        )


def row_tokens(
    rows: list[Chunk], fresh: dict[str, list[str]], previous: dict[str, list[str]], tokenizer: Tokenizer
) -> list[list[str]]:
    """Each row's terms: this run's, else the previous generation's, else tokenised now
    (the chunks of an old index built with another tokenizer)."""
    tokens = dict(previous)
    tokens.update(fresh)
    missing = [c for c in rows if c.chunk_id not in tokens]
    if missing:
        terms = tokenize_many(tokenizer, [c.index_text for c in missing], processes=os.cpu_count() or 1)
        tokens.update(zip((c.chunk_id for c in missing), terms))
    return [tokens[c.chunk_id] for c in rows]


def _facts_of(
    docs: dict[str, DocumentRecord], rows: list[Chunk], fresh: dict[str, list[Fact]], previous: dict[str, list[Fact]]
) -> list[Fact]:
    """Every document's raw facts: new documents' from this run, unchanged ones' from the
    previous index, re-extracted from their chunks when the extraction rules have changed."""
    by_doc: dict[str, list[Chunk]] = {}
    for chunk in rows:
        by_doc.setdefault(chunk.doc_id, []).append(chunk)
    out: list[Fact] = []
    for doc_id in docs:
        if doc_id in fresh:
            out.extend(fresh[doc_id])
        elif doc_id in previous:
            out.extend(previous[doc_id])
        else:
            out.extend(extract_facts(by_doc.get(doc_id, [])))
    return out


def _is_within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
