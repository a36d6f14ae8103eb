"""The typed records of a generation: its metadata and one record per document.

A row of the chunk file is :class:`ingest.core.models.Chunk` and a row of the fact files is
:class:`ingest.facts.Fact`; both convert to and from their JSON form themselves.
A new field joins its record here, with a default, so that older generations still read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ingest.core.models import Chunk, DocumentMeta, PageSpan
from ingest.facts.model import Fact
from ingest.ja.morphemes import FineMorpheme


@dataclass(frozen=True)
class IndexMeta:
    """The generation's metadata: what built it, checked when it is opened."""

    format_version: int
    generation: str
    tokenizer: str
    embed_model: str | None
    collection: str | None
    documents: int
    chunks: int
    created: str
    #: Version of the relation-extraction rules (None: an index from before facts existed).
    facts_version: int | None = None
    #: The dense unit scheme of the vectors (``ingest.dense_units.SCHEMES``; None: no vectors,
    #: or vectors of whole chunks keyed by chunk id, from before units were recorded).
    embed_units: str | None = None
    #: sha256 of every other file of the generation, by its path inside the generation
    #: (None: a generation from before checksums were recorded).
    checksums: dict[str, str] | None = None
    #: Version of the answer units' rules (None: an index from before answer units existed).
    units_version: int | None = None

    def to_json(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict) -> IndexMeta:
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class DocumentRecord:
    """One document of the catalogue: where it came from, its catalogue metadata and its rows.

    ``chunk_ids`` are the document's chunk rows in order (the rows of all documents, in
    catalogue order, are the rows of the chunk file). ``text_file`` names the
    document's original text inside the generation's text folder; ``pages`` say which
    characters of it came from which PDF page, so that the document can be rebuilt from
    that text alone when its file is gone. An ``uploaded`` document
    came through the API: its original is kept in the generation (``original_file`` in its
    originals folder, ``path`` the full path of that copy). ``ocr_pages`` are the PDF pages
    whose text was recognised by OCR.
    """

    doc_id: str
    path: str
    meta: DocumentMeta
    format: str = ""
    fingerprint: str = ""
    chunk_ids: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    chars: int = 0
    text_file: str | None = None
    pages: tuple[PageSpan, ...] = ()
    uploaded: bool = False
    original_file: str | None = None
    ocr_pages: tuple[int, ...] = ()
    #: Access groups: the document is visible to the members of any of them; none: to everyone
    #: signed in (``ingest.pipeline.groups`` decides them, ``assistant.access`` applies them).
    groups: tuple[str, ...] = ()

    def to_json(self) -> dict:
        data = {
            "doc_id": self.doc_id,
            "path": self.path,
            "fingerprint": self.fingerprint,
            "format": self.format,
            "chunk_ids": list(self.chunk_ids),
            "warnings": list(self.warnings),
            "chars": self.chars,
            **self.meta.as_dict(),
        }
        if self.text_file is not None:
            data["text_file"] = self.text_file
        if self.pages:
            data["pages"] = [[p.page, p.start, p.end] for p in self.pages]
        if self.uploaded:
            data["uploaded"] = True
        if self.original_file is not None:
            data["original_file"] = self.original_file
        if self.ocr_pages:
            data["ocr_pages"] = list(self.ocr_pages)
        if self.groups:
            data["groups"] = list(self.groups)
        return data

    @classmethod
    def from_json(cls, data: dict) -> DocumentRecord:
        return cls(
            doc_id=data["doc_id"],
            path=data.get("path", ""),
            meta=DocumentMeta.from_dict(data),
            format=data.get("format", ""),
            fingerprint=data.get("fingerprint", ""),
            chunk_ids=tuple(data.get("chunk_ids") or ()),
            warnings=tuple(data.get("warnings") or ()),
            chars=data.get("chars", 0),
            text_file=data.get("text_file"),
            pages=tuple(PageSpan(int(page), int(start), int(end)) for page, start, end in data.get("pages") or ()),
            uploaded=bool(data.get("uploaded", False)),
            original_file=data.get("original_file"),
            ocr_pages=tuple(int(p) for p in data.get("ocr_pages") or ()),
            groups=tuple(data.get("groups") or ()),
        )


@dataclass(frozen=True)
class UnitRecord:
    """An answer unit of a chunk (:mod:`ingest.units`): ``[start, end)`` of the chunk's text,
    the span shown when it is quoted (``show_*``, chunk text) and where that span stands in
    the document's original text (``source_*``), which citations give."""

    kind: str
    start: int
    end: int
    lead: str = ""
    caption: str = ""
    show_start: int = -1
    show_end: int = -1
    source_start: int = -1
    source_end: int = -1

    @property
    def show(self) -> tuple[int, int]:
        return (self.show_start, self.show_end) if self.show_start >= 0 else (self.start, self.end)

    def to_row(self) -> list:
        return [self.kind, self.start, self.end, self.lead, self.caption, self.show_start, self.show_end,
                self.source_start, self.source_end]

    @classmethod
    def from_row(cls, row: list) -> UnitRecord:
        return cls(*row)


@dataclass(frozen=True)
class ChunkUnits:
    """A chunk's answer units and the mode-A morphemes of its text (offsets into the text)."""

    chunk_id: str
    units: tuple[UnitRecord, ...]
    morphemes: tuple[FineMorpheme, ...]

    def to_record(self) -> dict:
        return {
            "chunk_id": self.chunk_id,
            "units": [u.to_row() for u in self.units],
            "morphemes": [[m.start, m.end, m.pos_id, m.normalized] for m in self.morphemes],
        }

    @classmethod
    def from_record(cls, data: dict) -> ChunkUnits:
        return cls(
            data["chunk_id"],
            tuple(UnitRecord.from_row(r) for r in data["units"]),
            tuple(FineMorpheme(*m) for m in data["morphemes"]),
        )

    def to_line(self) -> UnitsLine:
        """This record as its line of the units file (``json.dumps`` of :meth:`to_record`)."""
        return UnitsLine(self.chunk_id, json.dumps(self.to_record(), ensure_ascii=False))


@dataclass(frozen=True)
class UnitsLine:
    """A chunk's answer units as their line of the units file, without the line end
    (:meth:`ChunkUnits.to_line`; read back with :meth:`ChunkUnits.from_record`).

    What an ingest worker hands the writer: one string crosses the process boundary instead
    of a chunk's hundreds of morphemes, and the writer, which runs alone, does not encode
    them again."""

    chunk_id: str
    line: str


@dataclass(frozen=True)
class GenerationContents:
    """Everything a new generation holds, before it is written; rows in document order."""

    documents: dict[str, DocumentRecord]
    chunks: list[Chunk]
    #: Index terms of each row.
    tokens: list[list[str]]
    #: Relation facts of every document, as extracted (merged when written).
    facts: list[Fact]
    #: Original texts to store, by document id; a document not here keeps the stored text
    #: of the generation it comes from.
    texts: dict[str, str]
    #: Answer units of each row, encoded (none: readers cut them from the chunk text when asked).
    units: list[UnitsLine] = field(default_factory=list)
