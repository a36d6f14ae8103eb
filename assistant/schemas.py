"""The response object shared by ``docqa ask --json``, ``POST /api/ask`` and the evaluation."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Turn(BaseModel):
    role: Literal["user", "assistant", "system"]
    content: str = Field(max_length=20_000)


class Citation(BaseModel):
    n: int
    doc: str
    title: str
    passage_id: str
    text: str = Field(description="The quoted text; the passage contains it.")
    page: int | None = None
    section: str = ""
    start: int = Field(description="Start of the passage in the document's original text.")
    end: int
    publisher: str = ""
    published: str = ""
    series: str = ""
    edition: str = Field("", description="The edition of its series the passage is from (e.g. 2023年度), when the document has one.")
    ocr: bool = Field(False, description="The quoted text was recognised by OCR from a scanned page.")
    quote_start: int | None = Field(
        None, description="Start of the quoted text in the document's original text; None when unknown."
    )
    quote_end: int | None = Field(None, description="End (exclusive) of the quoted text; None when unknown.")


class PassageOut(BaseModel):
    doc: str
    passage_id: str
    text: str
    score: float
    page: int | None = None
    section: str = ""
    title: str = ""
    start: int = 0
    end: int = 0
    edition: str = ""
    ocr: bool = False


class Timings(BaseModel):
    retrieve: float
    answer: float
    total: float


class AskResponse(BaseModel):
    id: str | None = None
    question: str
    answer: str
    short_answer: str | None = None
    answerable: bool
    citations: list[Citation] = Field(default_factory=list)
    passages: list[PassageOut] = Field(default_factory=list)
    degraded: list[str] = Field(default_factory=list)
    timings_ms: Timings
    answer_type: str | None = None
    notice: str | None = None


class IndexHealth(BaseModel):
    generation: str
    documents: int
    chunks: int
    tokenizer: str
    embed_model: str | None = None
    embed_units: str | None = None
    created: str


class EmbedderHealth(BaseModel):
    """The embedder the dense retriever queries with."""

    name: str
    dim: int
    units: str = Field(description="The dense unit scheme (ingest.dense_units.SCHEMES).")
    threads: int | None = Field(None, description="BLAS threads, when the embedder sets them.")
    version: str | None = Field(None, description="Version of the package that ships the model.")


#: The dense retriever: in use, configured but its Chroma cannot be reached now, or not in use.
DenseState = Literal["ok", "unavailable", "off"]


class Health(BaseModel):
    """What ``GET /health`` reports of an assistant (the route adds the docqa version)."""

    status: Literal["ok"] = "ok"
    index: IndexHealth
    retrievers: list[str]
    embedder: EmbedderHealth | None = None
    answerer: str
    notices: list[str] = Field(default_factory=list)
    unavailable: list[str] = Field(
        default_factory=list,
        description="Configured components that could not be used (dense, reranker, llm); `notices` says why.",
    )
    dense: DenseState = Field(
        "off",
        description="Dense retrieval: `ok`, `unavailable` (its Chroma server cannot be reached now; questions "
        "are answered lexically until it is back) or `off` (not configured, or the index has no vectors).",
    )
