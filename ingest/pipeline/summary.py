"""What an ingest reports: the summary it returns, and the progress it shows while it works."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ingest.pathnames import shown


@dataclass(frozen=True)
class Failure:
    """A file that was not indexed, and why (one line, for users)."""

    path: str
    error: str


@dataclass
class IngestSummary:
    documents: int = 0
    chunks: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def fail(self, path, error: str) -> None:
        self.failed.append(Failure(shown(path), error))

    def warn(self, path, message: str) -> None:
        """A warning about ``path``: ``"PATH: message"``, the path as :func:`shown` prints it."""
        self.warnings.append(f"{shown(path)}: {message}")

    def to_json(self) -> dict:
        return asdict(self)


class Progress:
    """What the pipeline reports while it works; the CLI draws it, tests ignore it."""

    def start(self, stage: str, total: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...
