"""Stage 4, publish: embed the assembled generation, write it, and make it current.

A build that fails (a full disk, a damaged stored text to copy) is removed before the
error is raised, so a failed ingest leaves the data directory as it found it.
"""

from __future__ import annotations

from ingest.core.errors import IndexCorruptError
from ingest.index.records import GenerationContents
from ingest.pipeline.context import IngestContext
from ingest.pipeline.previous import REPAIR, PreviousIndex


def publish(ctx: IngestContext, contents: GenerationContents, previous: PreviousIndex | None) -> None:
    """Build the new generation beside the current one, then swap ``CURRENT`` to it."""
    from ingest.pipeline.dense import build_vectors, drop_stale_collections

    data = ctx.data
    name, build = data.new_generation()
    try:
        vectors = build_vectors(ctx, name, contents.chunks, previous.meta if previous else None)
        meta = build.write(
            contents,
            name=name,
            tokenizer=ctx.tokenizer.name,
            embed_model=vectors.embed_model,
            embed_units=vectors.embed_units,
            collection=vectors.collection,
            previous=previous.generation if previous else None,
            previous_docs=previous.documents if previous else None,
        )
    except IndexCorruptError as exc:  # a stored text of a kept document
        data.discard(build)
        raise IndexCorruptError(
            f"the current index cannot be read back completely: {exc}. Nothing was published; {REPAIR}"
        ) from exc
    except OSError as exc:
        data.discard(build)
        raise data.storage_error(exc) from exc
    except BaseException:
        data.discard(build)
        raise
    data.publish(name, build)
    ctx.summary.warnings.extend(vectors.warnings)
    deleted = data.prune_generations()
    if deleted or vectors.collection:
        drop_stale_collections(ctx.settings, data)
    ctx.summary.documents = meta.documents
    ctx.summary.chunks = meta.chunks
