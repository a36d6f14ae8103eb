"""Plain data passed between the ingestion steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class PageSpan:
    """Characters ``[start, end)`` of a document's original text came from PDF page ``page`` (1-based)."""

    page: int
    start: int
    end: int


@dataclass
class LoadedDocument:
    """What a loader returns: the document's original text, as extracted.

    ``text`` is what citations point into (``start``/``end`` offsets). For PDFs the
    pages are joined with a blank line and ``pages`` says which characters came from
    which page; other formats have no pages.
    """

    doc_id: str
    path: Path
    text: str
    format: str
    pages: list[PageSpan] = field(default_factory=list)
    title_hint: str | None = None
    warnings: list[str] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        for span in self.pages:
            if span.start <= offset < span.end:
                return span.page
        return self.pages[-1].page if self.pages and offset >= self.pages[-1].end else None


@dataclass(frozen=True)
class DocumentMeta:
    """Catalogue metadata attached to every chunk of a document."""

    title: str
    publisher: str = ""
    published: str = ""
    kind: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class ChunkDraft:
    """A chunk before it has an id and metadata.

    ``text`` is normalised text (what users read and quote); ``index_text`` is what the
    lexical and dense indexes see: the section headings carried in, era years annotated.
    ``start``/``end`` are offsets into the document's *original* text.
    """

    text: str
    index_text: str
    section: str
    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    chunk_id: str
    doc_id: str
    ordinal: int
    text: str
    index_text: str
    section: str
    start: int
    end: int
    page: int | None
    meta: DocumentMeta

    def to_record(self) -> dict:
        return {
            "chunk_id": self.chunk_id,
            "doc_id": self.doc_id,
            "ordinal": self.ordinal,
            "text": self.text,
            "index_text": self.index_text,
            "section": self.section,
            "start": self.start,
            "end": self.end,
            "page": self.page,
            **self.meta.as_dict(),
        }

    @classmethod
    def from_record(cls, rec: dict) -> Chunk:
        return cls(
            chunk_id=rec["chunk_id"],
            doc_id=rec["doc_id"],
            ordinal=rec["ordinal"],
            text=rec["text"],
            index_text=rec["index_text"],
            section=rec["section"],
            start=rec["start"],
            end=rec["end"],
            page=rec.get("page"),
            meta=DocumentMeta(
                title=rec.get("title", ""),
                publisher=rec.get("publisher", ""),
                published=rec.get("published", ""),
                kind=rec.get("kind", ""),
            ),
        )
