"""``run_ingest``: the four stages in order, under the data directory's lock."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from ingest.core.errors import ConfigError
from ingest.core.settings import Settings
from ingest.discover import discover_files
from ingest.groups import check_groups
from ingest.index.store import DataDir
from ingest.ja.tokenize import SudachiTokenizer, Tokenizer
from ingest.pipeline.assemble import assemble, check_nothing_dropped
from ingest.pipeline.context import IngestContext
from ingest.pipeline.groups import decided_groups, with_groups
from ingest.pipeline.heap import release, settle
from ingest.pipeline.plan import plan_ingest
from ingest.pipeline.previous import load_previous
from ingest.pipeline.process import process_files
from ingest.pipeline.publish import publish
from ingest.pipeline.rebuild import rebuild_sources, recover_documents
from ingest.pipeline.summary import IngestSummary, Progress
from ingest.pipeline.uploads import Changes, kept_uploads


def run_ingest(
    paths: Iterable[Path],
    settings: Settings,
    *,
    prune: bool = False,
    rebuild: bool = False,
    progress: Progress | None = None,
    tokenizer: Tokenizer | None = None,
    embedder_loader: Callable | None = None,
    changes: Changes | None = None,
    groups: Iterable[str] | None = None,
) -> IngestSummary:
    """Index ``paths`` into ``settings.data_dir`` and publish a new generation.

    ``rebuild``: every document of the index is made again (from its file, or from its
    stored text when the file is gone) together with ``paths``, reusing nothing derived;
    this is the repair for an index that cannot be read back. Uploaded documents are made
    again from the originals the index keeps.

    ``changes`` are uploads and deletions through the API (:mod:`ingest.pipeline.uploads`),
    made by the same stages under the same lock.

    ``groups`` (``--group``) are the access groups of the documents of ``paths``; without it
    each keeps its manifest's groups or those it had (:mod:`ingest.pipeline.groups`).
    """
    started = time.perf_counter()
    paths = [Path(p) for p in paths]
    for path in paths:
        if not path.exists():
            raise ConfigError(f"no such file or folder: {path}")
    ctx = IngestContext(
        settings=settings,
        data=DataDir(settings.data_dir),
        tokenizer=tokenizer or SudachiTokenizer(),
        summary=IngestSummary(),
        progress=progress or Progress(),
        embedder_loader=embedder_loader,
        changes=changes or Changes(),
    )
    files, discover_warnings = discover_files(paths, exclude=[ctx.data.root])
    ctx.summary.warnings.extend(discover_warnings)
    given = check_groups(list(groups)) if groups is not None else None
    decided = decided_groups(files, ctx.changes.uploads, given, settings.max_file_mb * 2**20)
    lock = ctx.data.lock(settings.lock_timeout_s)
    try:
        for build in ctx.data.remove_abandoned_builds():
            ctx.summary.warnings.append(f"removed {build}, left by an ingest that did not finish")
        if rebuild:
            previous = None
            recovered = recover_documents(ctx.data)
            before = list(recovered.documents)
            earlier = recovered.documents
            ctx.changes = kept_uploads(recovered.generation, recovered.documents, ctx.changes)
            sources = rebuild_sources(ctx, recovered, files, prune)
        else:
            previous = load_previous(ctx.data, ctx.tokenizer)
            settle()  # the previous index's records are kept to the end (heap.py)
            before = list(previous.documents) if previous else []
            earlier = previous.documents if previous else {}
            sources = files
        plan = plan_ingest(ctx, sources, previous)
        processed = process_files(ctx, plan, previous.documents if previous else {})
        assembly = assemble(ctx, processed, previous, paths, prune)
        assembly = with_groups(assembly, decided, earlier)
        check_nothing_dropped(before, assembly.documents, ctx.leaving)
        publish(ctx, assembly, previous)
    finally:
        release()
        lock.release()
    ctx.summary.seconds = round(time.perf_counter() - started, 3)
    return ctx.summary
