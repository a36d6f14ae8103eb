"""Request and response bodies of the HTTP API.

Every string is bounded. Limits that are settings (question length, history turns)
have a static ceiling here (the setting's own upper bound) and are checked against
the configured value by :func:`assistant.api.deps.valid_ask_request`, so that a
changed setting needs no code change.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, Literal, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from assistant.draft import Quote, Source
from assistant.schemas import Citation, Turn
from ingest.facts.model import Fact
from ingest.jobs import FileResult, JobState

#: Ceilings from the ``Settings`` field bounds (max_question_chars le, max_history_turns le).
QUESTION_CEILING = 100_000
HISTORY_CEILING = 1000
MAX_K = 50


#: Request bodies take exactly their schema's types: no ``true``, ``"5"`` or ``5.0`` for an integer.
STRICT = ConfigDict(strict=True)


class _Strict(BaseModel):
    model_config = ConfigDict(**STRICT, extra="forbid")


class AskFilters(_Strict):
    documents: list[str] | None = Field(None, max_length=100)
    publisher: str | None = Field(None, max_length=200)
    kind: str | None = Field(None, max_length=100)
    year: int | None = Field(None, ge=1900, le=2100)

    def to_dict(self) -> dict:
        return self.model_dump(exclude_none=True)


class AskRequest(_Strict):
    question: str = Field(min_length=1, max_length=QUESTION_CEILING)
    history: list[Turn] = Field(default_factory=list, max_length=HISTORY_CEILING)
    k: int | None = Field(None, ge=1, le=MAX_K)
    filters: AskFilters | None = None
    id: str | None = Field(None, max_length=100)


# --- documents ------------------------------------------------------------------------------


class DocumentSummary(BaseModel):
    doc: str
    title: str = ""
    publisher: str = ""
    published: str = ""
    kind: str = ""
    chunks: int = 0
    chars: int = 0
    series: str = ""
    edition: str = ""
    format: str = ""
    uploaded: bool = Field(False, description="Came through the API (it can be replaced and deleted there).")
    ocr_pages: list[int] = Field(default_factory=list, description="PDF pages whose text was recognised by OCR.")


def _dataclass_fields(cls) -> dict[str, tuple]:
    """A dataclass's fields as pydantic field definitions (tuples become lists on the wire)."""
    hints = get_type_hints(cls)
    out: dict[str, tuple] = {}
    for f in dataclasses.fields(cls):
        annotation = hints[f.name]
        if get_origin(annotation) is tuple:
            annotation = list[get_args(annotation)[0]]
        default = ... if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING else (
            f.default if f.default is not dataclasses.MISSING else list(f.default_factory())
        )
        out[f.name] = (annotation, default)
    return out


#: One relation fact (the fields of :class:`ingest.facts.Fact`) and where its passage is.
FactRecord = create_model(
    "FactRecord",
    __doc__="One relation fact: who, with whom, what, when, and the passage that says so.",
    **_dataclass_fields(Fact),
    title=(str | None, None),
    section=(str | None, None),
    start=(int | None, None),
    end=(int | None, None),
    page=(int | None, None),
    edition=(str | None, None),
)


#: What became of one document of an ingest job (:class:`ingest.jobs.FileResult`).
JobResult = create_model(
    "JobResult", __doc__="What became of one document: indexed, unchanged, refused (why) or deleted.",
    **_dataclass_fields(FileResult),
)
#: An ingest job started by an upload, a replacement or a deletion (:class:`ingest.jobs.JobState`).
Job = create_model(
    "Job", __doc__="An ingest job: its state, progress through the stages, and the result per document.",
    **{**_dataclass_fields(JobState), "results": (list[JobResult], [])},
)


class Highlight(BaseModel):
    start: int
    end: int


class Segment(BaseModel):
    """A piece of the reading view: ``text`` as shown, from ``[start, end)`` of the original."""

    text: str
    start: int
    end: int
    role: Literal["context", "passage", "quote"]


class DocumentDetail(DocumentSummary):
    format: str = ""
    text: str
    highlight: Highlight | None = None
    before: str | None = None
    passage: str | None = None
    after: str | None = None
    quote: Highlight | None = Field(None, description="The quote's span in the original text, when found.")
    segments: list[Segment] | None = Field(
        None, description="The passage in its context for reading: lines broken inside sentences joined."
    )
    more_before: bool = False
    more_after: bool = False


class PassageRecord(BaseModel):
    passage_id: str
    doc: str
    text: str
    section: str = ""
    page: int | None = None
    start: int
    end: int
    title: str = ""
    publisher: str = ""
    published: str = ""


class PassagesAsked(_Strict):
    """Passage ids an answer kept by a client cites (``POST /api/passages/missing``)."""

    passage_ids: list[Annotated[str, Field(max_length=300)]] = Field(max_length=500)


class PassagesMissing(BaseModel):
    """The asked passages that are not in the current index (their document deleted or replaced)."""

    missing: list[str]


# --- council answer drafts -------------------------------------------------------------------


class DraftCitation(Citation):
    """A citation of an answer, as the chat UI sends it back (its strings bounded)."""

    model_config = ConfigDict(**STRICT, extra="ignore")

    doc: str = Field(max_length=300)
    title: str = Field("", max_length=500)
    passage_id: str = Field(max_length=300)
    text: str = Field(max_length=5000)
    section: str = Field("", max_length=500)
    publisher: str = Field("", max_length=300)
    published: str = Field("", max_length=50)
    series: str = Field("", max_length=300)
    edition: str = Field("", max_length=100)


class DraftRequest(_Strict):
    question: str = Field("", max_length=QUESTION_CEILING)
    answer: str = Field(max_length=50_000)
    citations: list[DraftCitation] = Field(default_factory=list, max_length=200)


#: A quoted statement and a source of a draft: the fields of :mod:`assistant.draft`'s records.
DraftQuote = create_model("DraftQuote", **_dataclass_fields(Quote))
DraftSource = create_model(
    "DraftSource", __doc__="One distinct passage of a draft, with the statements quoted from it.",
    **{**_dataclass_fields(Source), "quotes": (list[DraftQuote], ...)},
)


class DraftOut(BaseModel):
    """The answer renumbered to its sources (one per distinct passage) and the draft as text."""

    answer: str
    sources: list[DraftSource]
    text: str = Field(description="公用文 style, with 「出典：」")
    markdown: str


# --- feedback -------------------------------------------------------------------------------


class FeedbackCitation(BaseModel):
    model_config = ConfigDict(**STRICT, extra="ignore")

    n: int | None = None
    doc: str = Field("", max_length=300)
    title: str = Field("", max_length=500)
    passage_id: str = Field("", max_length=300)
    text: str = Field("", max_length=5000)
    page: int | None = None
    section: str = Field("", max_length=500)
    start: int | None = None
    end: int | None = None
    publisher: str = Field("", max_length=300)
    published: str = Field("", max_length=50)


class FeedbackRequest(_Strict):
    rating: Literal["good", "bad"]
    comment: str = Field("", max_length=2000)
    question: str = Field(min_length=1, max_length=QUESTION_CEILING)
    answer: str = Field(max_length=50_000)
    citations: list[FeedbackCitation] = Field(default_factory=list, max_length=100)


class FeedbackCreated(BaseModel):
    id: int


class FeedbackRecord(BaseModel):
    id: int
    created: str
    rating: Literal["good", "bad"]
    comment: str
    question: str
    answer: str
    citations: list[dict[str, Any]]


# --- sign-in ---------------------------------------------------------------------------------


class SignInRequest(_Strict):
    name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1024)


class Me(BaseModel):
    """The signed-in viewer, as the chat UI shows it; ``csrf`` goes with every state-changing
    request of a browser session (``X-CSRF-Token``)."""

    auth: Literal["off", "local"]
    name: str | None = None
    role: Literal["reader", "editor", "admin"]
    groups: list[str] = Field(default_factory=list)
    via: Literal["open", "service", "token", "session", "proxy"]
    csrf: str | None = None


class SignedOut(BaseModel):
    signed_out: Literal[True] = True
