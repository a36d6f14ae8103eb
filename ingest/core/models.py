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


@dataclass(frozen=True)
class Heading:
    """The line starting at ``start`` of a document's original text is a heading of ``level``
    (1 the top)."""

    start: int
    level: int


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
    #: PDF pages whose text was recognised by OCR (1-based).
    ocr_pages: list[int] = field(default_factory=list)
    #: Lines of ``text`` that are headings the format marks as such (a Word heading style,
    #: a sheet name), whatever their shape; the chunker opens a section at each.
    headings: list[Heading] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        for span in self.pages:
            if span.start <= offset < span.end:
                return span.page
        return self.pages[-1].page if self.pages and offset >= self.pages[-1].end else None

    def is_ocr(self, start: int, end: int) -> bool:
        """Whether any of ``[start, end)`` came from a page read by OCR."""
        if not self.ocr_pages:
            return False
        read = set(self.ocr_pages)
        return any(s.page in read and s.start < end and start < s.end for s in self.pages)


@dataclass(frozen=True)
class DocumentMeta:
    """Catalogue metadata attached to every chunk of a document.

    ``series`` and ``edition`` make a document one edition of a publication that comes out
    again and again (series 「川崎市環境局年報」, edition 「2023年度」); answers prefer the
    newest edition of a series (``assistant/answer/editions.py``).
    """

    title: str
    publisher: str = ""
    published: str = ""
    kind: str = ""
    series: str = ""
    edition: str = ""

    def as_dict(self) -> dict[str, str]:
        """The fields as stored; ``series``/``edition`` only when set, so a document without
        them is stored (and fingerprinted) as before they existed."""
        data = {
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published,
            "kind": self.kind,
        }
        if self.series or self.edition:
            data.update(series=self.series, edition=self.edition)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> DocumentMeta:
        """The metadata of a stored record (a chunk or a document); missing fields are empty."""
        return cls(
            title=data.get("title", ""), publisher=data.get("publisher", ""),
            published=data.get("published", ""), kind=data.get("kind", ""),
            series=data.get("series", ""), edition=data.get("edition", ""),
        )


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
    #: The chunk's text (or part of it) was recognised by OCR from a scanned page.
    ocr: bool = False

    def to_record(self) -> dict:
        record = {
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
        if self.ocr:
            record["ocr"] = True
        return record

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
            meta=DocumentMeta.from_dict(rec),
            ocr=bool(rec.get("ocr", False)),
        )
