"""Stage 4, publish: embed the assembled generation, write it, and make it current."""

from __future__ import annotations

from ingest.index.records import GenerationContents
from ingest.pipeline.context import IngestContext
from ingest.pipeline.previous import PreviousIndex


def publish(ctx: IngestContext, contents: GenerationContents, previous: PreviousIndex | None) -> None:
    """Build the new generation beside the current one, then swap ``CURRENT`` to it."""
    from ingest.pipeline.dense import build_vectors, drop_stale_collections

    data = ctx.data
    name, build = data.new_generation()
    vectors = build_vectors(ctx, name, contents.chunks, previous.meta if previous else None)
    ctx.summary.warnings.extend(vectors.warnings)
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
    data.publish(name, build)
    deleted = data.prune_generations()
    if deleted or vectors.collection:
        drop_stale_collections(ctx.settings, data)
    ctx.summary.documents = meta.documents
    ctx.summary.chunks = meta.chunks
