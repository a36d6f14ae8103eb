"""A fake assistant with the real one's ``ask``/``health``/``handle`` surface, for tests and demos.

It serves a small in-memory corpus whose original texts are written to disk the way
an index generation stores them (``<root>/texts/000000.txt``), so the document routes
run unchanged. Answers are canned: the first :class:`FakeAnswer` whose ``match`` occurs
in the question wins; otherwise the fake abstains and lists the first passages.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from assistant.answer.base import make_citation
from assistant.retrieval.base import Passage
from assistant.schemas import AskResponse, PassageOut, Timings
from ingest.core.errors import DocqaError
from ingest.core.models import Chunk, DocumentMeta

ABSTAIN_TEXT = "提供された資料には、この質問に答える根拠が見つかりませんでした。"


@dataclass(frozen=True)
class FakeDocument:
    doc: str
    title: str
    text: str
    publisher: str = ""
    published: str = ""
    kind: str = ""


@dataclass(frozen=True)
class FakeAnswer:
    """``text`` with markers ``[n]`` for ``cites[n-1]`` = (doc, a quote found in that document)."""

    match: str
    text: str
    cites: tuple[tuple[str, str], ...] = ()
    short_answer: str | None = None


@dataclass
class FakeIndex:
    path: Path
    docs: dict[str, dict]
    chunks: list[Chunk]
    by_id: dict[str, int] = field(default_factory=dict)
    generation: str = "fake"
    facts: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_id = {c.chunk_id: i for i, c in enumerate(self.chunks)}


class FakeHandle:
    def __init__(self, index: FakeIndex) -> None:
        self.index = index

    def get(self) -> FakeIndex:
        return self.index


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


def build_index(root: Path, documents: list[FakeDocument]) -> FakeIndex:
    """One chunk per paragraph; a paragraph starting with ``■`` names the section of those after it."""
    (root / "texts").mkdir(parents=True, exist_ok=True)
    docs: dict[str, dict] = {}
    chunks: list[Chunk] = []
    for number, document in enumerate(documents):
        name = f"{number:06d}.txt"
        (root / "texts" / name).write_text(document.text, encoding="utf-8")
        meta = DocumentMeta(document.title, document.publisher, document.published, document.kind)
        section = ""
        ids = []
        for ordinal, (start, end) in enumerate(paragraphs(document.text)):
            text = document.text[start:end]
            if text.startswith("■"):
                section = text.lstrip("■ ").splitlines()[0]
            chunk_id = f"{document.doc}#p{ordinal:03d}"
            ids.append(chunk_id)
            chunks.append(
                Chunk(
                    chunk_id,
                    document.doc,
                    ordinal,
                    text,
                    text,
                    section,
                    start,
                    end,
                    ordinal // 2 + 1,
                    meta,
                )
            )
        docs[document.doc] = {
            **meta.as_dict(),
            "doc_id": document.doc,
            "path": f"/corpus/{document.doc}.txt",
            "format": "text",
            "chunk_ids": ids,
            "text_file": name,
            "chars": len(document.text),
        }
    return FakeIndex(path=root, docs=docs, chunks=chunks)


class FakeAssistant:
    """Records every call in ``calls``; set ``error`` to make ``ask`` raise it."""

    def __init__(self, index: FakeIndex, answers: list[FakeAnswer] | None = None) -> None:
        self.handle = FakeHandle(index)
        self.answers = list(answers or [])
        self.calls: list[dict] = []
        self.error: Exception | None = None
        self._lock = threading.Lock()

    @classmethod
    def build(
        cls, root: Path, documents: list[FakeDocument], answers: list[FakeAnswer] | None = None
    ) -> FakeAssistant:
        return cls(build_index(Path(root), documents), answers)

    def _chunk_quoting(self, doc: str, quote: str) -> Chunk:
        for chunk in self.handle.index.chunks:
            if chunk.doc_id == doc and quote in chunk.text:
                return chunk
        raise DocqaError(f"fake answer quotes {quote!r}, which no passage of {doc!r} contains")

    def _passage(self, chunk: Chunk, score: float) -> PassageOut:
        return PassageOut(
            doc=chunk.doc_id,
            passage_id=chunk.chunk_id,
            text=chunk.text,
            score=score,
            page=chunk.page,
            section=chunk.section,
            title=chunk.meta.title,
            start=chunk.start,
            end=chunk.end,
        )

    def ask(self, question, history=None, k=None, filters=None, id=None) -> AskResponse:
        with self._lock:
            self.calls.append(
                {
                    "question": question,
                    "history": list(history or []),
                    "k": k,
                    "filters": filters,
                    "id": id,
                }
            )
        if self.error is not None:
            raise self.error
        answer = next((a for a in self.answers if a.match in question), None)
        timings = Timings(retrieve=1.0, answer=1.0, total=2.0)
        if answer is None:
            passages = [
                self._passage(c, 0.5 - i / 10)
                for i, c in enumerate(self.handle.index.chunks[: k or 3])
            ]
            return AskResponse(
                id=id,
                question=question,
                answer=ABSTAIN_TEXT,
                answerable=False,
                passages=passages,
                timings_ms=timings,
            )
        citations, passages = [], []
        for n, (doc, quote) in enumerate(answer.cites, start=1):
            chunk = self._chunk_quoting(doc, quote)
            citations.append(make_citation(n, Passage(chunk, 1.0 - n / 10), quote))
            passages.append(self._passage(chunk, 1.0 - n / 10))
        return AskResponse(
            id=id,
            question=question,
            answer=answer.text,
            short_answer=answer.short_answer,
            answerable=True,
            citations=citations,
            passages=passages,
            timings_ms=timings,
            answer_type="list",
        )

    def health(self) -> dict:
        index = self.handle.index
        return {
            "status": "ok",
            "index": {
                "generation": index.generation,
                "documents": len(index.docs),
                "chunks": len(index.chunks),
            },
            "retrievers": ["lexical"],
            "answerer": "fake",
            "notices": [],
        }


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
        short_answer="ホーチミン市",
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
    """The fake over the sample corpus, its texts written under ``root``."""
    return FakeAssistant.build(root, SAMPLE_DOCUMENTS, SAMPLE_ANSWERS)
