"""What every stage of one ingest shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ingest.core.settings import Settings
from ingest.index.store import DataDir
from ingest.ja.tokenize import Tokenizer
from ingest.pipeline.summary import IngestSummary, Progress
from ingest.pipeline.uploads import Changes

if TYPE_CHECKING:
    from ingest.pipeline.rebuild import Recovered


@dataclass
class IngestContext:
    settings: Settings
    data: DataDir
    tokenizer: Tokenizer
    summary: IngestSummary
    progress: Progress
    #: ``settings -> (Embedder | None, reason)``; None: :func:`ingest.embed.load_embedder`.
    embedder_loader: Callable | None = None
    #: Documents of the index before that this ingest rightly leaves out, each counted in
    #: ``summary.removed`` or reported in ``summary.failed``; any other that goes missing
    #: stops the ingest before it publishes.
    leaving: set[str] = field(default_factory=set)
    #: In a rebuild, the documents of the index before (their stored texts are the fallback).
    recovered: Recovered | None = None
    #: Uploads and deletions through the API.
    changes: Changes = field(default_factory=Changes)
