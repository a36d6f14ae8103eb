"""A fake assistant with the real one's surface (:class:`assistant.api.deps.AssistantLike`),
for tests and demos.

Its small in-memory corpus becomes a real index: one chunk per paragraph, written by the
same generation writer as ``docqa ingest`` and read back through the same
:class:`~assistant.index.IndexHandle`, so the document routes run unchanged. Retrieval is
:class:`~assistant.retrieval.fake.FakeRetriever` and answers are
:class:`~assistant.answer.fake.CannedAnswerer`'s: the first :class:`FakeAnswer` whose
``match`` occurs in the question wins; otherwise the fake abstains and lists the first passages.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from assistant.answer.analysis import language_of
from assistant.answer.base import ResolvedQuestion
from assistant.answer.fake import ABSTAIN_TEXT, CannedAnswerer, FakeAnswer
from assistant.index import IndexHandle
from assistant.retrieval.base import Filters, Passage
from assistant.retrieval.fake import FakeRetriever
from assistant.schemas import AskResponse, Health, Timings
from assistant.service import ask_response, health_report
from ingest.core.models import Chunk, DocumentMeta
from ingest.index.records import DocumentRecord, GenerationContents
from ingest.index.store import DataDir
from ingest.ja.tokenize import WhitespaceTokenizer

__all__ = [
    "ABSTAIN_TEXT", "FakeAnswer", "FakeAssistant", "FakeDocument", "SAMPLE_ANSWERS", "SAMPLE_DOCUMENTS",
    "build_index", "paragraphs", "sample_assistant",
]


@dataclass(frozen=True)
class FakeDocument:
    doc: str
    title: str
    text: str
    publisher: str = ""
    published: str = ""
    kind: str = ""
    #: Access groups (``DocumentRecord.groups``); none: visible to everyone signed in.
    groups: tuple[str, ...] = ()


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the blank-line separated paragraphs of ``text``."""
    spans, start = [], 0
    for part in text.split("\n\n"):
        stripped = part.strip()
        if stripped:
            offset = start + part.index(stripped)
            spans.append((offset, offset + len(stripped)))
        start += len(part) + 2
    return spans


def _chunks(document: FakeDocument, meta: DocumentMeta) -> list[Chunk]:
    """One chunk per paragraph; a paragraph starting with ``■`` names the section of those after it."""
    chunks: list[Chunk] = []
    section = ""
    for ordinal, (start, end) in enumerate(paragraphs(document.text)):
        text = document.text[start:end]
        if text.startswith("■"):
            section = text.lstrip("■ ").splitlines()[0]
        chunks.append(
            Chunk(f"{document.doc}#p{ordinal:03d}", document.doc, ordinal, text, text, section, start, end,
                  ordinal // 2 + 1, meta)
        )
    return chunks


def build_index(root: Path, documents: list[FakeDocument]) -> IndexHandle:
    """``documents`` published as the current generation of the data directory ``root``."""
    tokenizer = WhitespaceTokenizer()
    docs: dict[str, DocumentRecord] = {}
    chunks: list[Chunk] = []
    for document in documents:
        meta = DocumentMeta(document.title, document.publisher, document.published, document.kind)
        own = _chunks(document, meta)
        docs[document.doc] = DocumentRecord(
            doc_id=document.doc,
            path=f"/corpus/{document.doc}.txt",
            meta=meta,
            format="text",
            chunk_ids=tuple(c.chunk_id for c in own),
            chars=len(document.text),
            groups=tuple(sorted(document.groups)),
        )
        chunks.extend(own)
    contents = GenerationContents(
        documents=docs,
        chunks=chunks,
        tokens=[tokenizer.tokenize(c.index_text) for c in chunks],
        facts=[],
        texts={d.doc: d.text for d in documents},
    )
    data = DataDir(root)
    name, build = data.new_generation()
    build.write(contents, name=name, tokenizer=tokenizer.name)
    data.publish(name, build)
    return IndexHandle(root, tokenizer)


class FakeAssistant:
    """Records every call in ``calls``; set ``error`` to make ``ask`` raise it, and
    ``unavailable`` to report components as unavailable (in ``/health`` and ``degraded``)."""

    def __init__(self, handle: IndexHandle, answers: list[FakeAnswer] | None = None) -> None:
        self.handle = handle
        self.retriever = FakeRetriever(handle)
        self.answerer = CannedAnswerer(handle, answers)
        self.calls: list[dict] = []
        self.error: Exception | None = None
        self.unavailable: list[str] = []
        self._lock = threading.Lock()

    @classmethod
    def build(
        cls, root: Path, documents: list[FakeDocument], answers: list[FakeAnswer] | None = None
    ) -> FakeAssistant:
        return cls(build_index(Path(root), documents), answers)

    def ask(self, question, history=None, k=None, filters=None, id=None, access=None) -> AskResponse:  # noqa: A002
        with self.handle.scoped(access):
            return self._ask(question, history, k, filters, id)

    def _ask(self, question, history, k, filters, id) -> AskResponse:  # noqa: A002
        with self._lock:
            self.calls.append(
                {"question": question, "history": list(history or []), "k": k, "filters": filters, "id": id}
            )
        if self.error is not None:
            raise self.error
        flt = filters if isinstance(filters, Filters) else Filters.from_dict(filters)
        answer = self.answerer.answer(ResolvedQuestion(question, question, language=language_of(question)), [], flt)
        if answer.answerable:
            index = self.handle.get()
            passages = [Passage(index.chunks[index.by_id[c.passage_id]], 1.0 - c.n / 10) for c in answer.citations]
        else:
            passages = self.retriever.retrieve(question, k or 3, flt)
        timings = Timings(retrieve=1.0, answer=1.0, total=2.0)
        return ask_response(question, id, answer, passages, timings, list(self.unavailable))

    def health(self, access=None) -> Health:
        with self.handle.scoped(access):
            index = self.handle.get()
        return health_report(index, [self.retriever.name], self.answerer.name, [], unavailable=self.unavailable)


# --- a small sample corpus: the examples the chat UI offers --------------------------------------

OSAKA = FakeDocument(

    doc="osaka-env-intl-cooperation",
    title="大阪市の環境国際協力",
    publisher="大阪市環境局",
    published="2024-04",
    kind="web_page",
    text=(
        "■ 大阪市の環境分野における国際協力\n\n"
        "大阪市は、アジアの諸都市の低炭素化と環境改善に向けて、都市間協力を進めています。\n\n"
        "■ 覚書（MOU）の締結\n\n"
        "大阪市は、ホーチミン市（ベトナム）と2013年に環境分野の覚書を締結しました。\n\n"
        "また、ケソン市（フィリピン）とは2019年に、低炭素都市づくりに関する覚書（MOU）を締結しています。\n\n"
        "■ 今後の取組\n\n"
        "これらの都市との協力を通じて、脱炭素社会の実現に貢献していきます。"
    ),
)
KAWASAKI = FakeDocument(
    doc="kawasaki-env-yearbook",
    title="第3章 国際貢献への取組",
    publisher="川崎市",
    published="2024",
    kind="yearbook",
    text=(
        "■ 第1節 都市間連携\n\n"
        "川崎市とバンドン市（インドネシア）は、2015年11月に環境分野の覚書を締結した。\n\n"
        "両市は廃棄物管理と水環境の改善について、専門家の相互派遣を続けている。"
    ),
)
SAMPLE_DOCUMENTS = [OSAKA, KAWASAKI]
SAMPLE_ANSWERS = [
    FakeAnswer(
        match="ベトナム",
        text="ベトナムの都市はホーチミン市です[1]。",
        cites=((OSAKA.doc, "ホーチミン市（ベトナム）"),),
        short_answer="ホーチミン市（ベトナム）",
    ),
    FakeAnswer(
        match="大阪市",
        text="大阪市は次の都市と覚書（MOU）を締結しています。\n- ホーチミン市（ベトナム）[1]\n- ケソン市（フィリピン）[2]",
        cites=(
            (OSAKA.doc, "ホーチミン市（ベトナム）と2013年"),
            (OSAKA.doc, "ケソン市（フィリピン）とは2019年"),
        ),
    ),
    FakeAnswer(
        match="バンドン",
        text="川崎市とバンドン市の覚書は2015年11月に締結されました[1]。",
        cites=((KAWASAKI.doc, "2015年11月に環境分野の覚書を締結した"),),
        short_answer="2015年11月",
    ),
]


def sample_assistant(root: Path) -> FakeAssistant:
    """The fake over the sample corpus, its index written to the data directory ``root``."""
    return FakeAssistant.build(root, SAMPLE_DOCUMENTS, SAMPLE_ANSWERS)
