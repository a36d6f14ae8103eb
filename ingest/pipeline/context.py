"""What every stage of one ingest shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ingest.core.settings import Settings
from ingest.index.store import DataDir
from ingest.ja.tokenize import Tokenizer
from ingest.pipeline.summary import IngestSummary, Progress


@dataclass
class IngestContext:
    settings: Settings
    data: DataDir
    tokenizer: Tokenizer
    summary: IngestSummary
    progress: Progress
    #: ``settings -> (Embedder | None, reason)``; None: :func:`ingest.embed.load_embedder`.
    embedder_loader: Callable | None = None
