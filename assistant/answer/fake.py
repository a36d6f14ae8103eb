"""A fake :class:`~assistant.answer.base.Answerer` for tests and demos: canned answers."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.base import Answer, ResolvedQuestion
from assistant.answer.messages import Messages
from assistant.index import IndexHandle
from assistant.retrieval.base import Filters, Passage
from assistant.wire import make_citation
from ingest.core.errors import DocqaError
from ingest.core.models import Chunk

ABSTAIN_TEXT = Messages.for_language("ja").abstain


@dataclass(frozen=True)
class FakeAnswer:
    """``text`` with markers ``[n]`` for ``cites[n-1]`` = (doc, a quote found in that document)."""

    match: str
    text: str
    cites: tuple[tuple[str, str], ...] = ()
    short_answer: str | None = None


class CannedAnswerer:
    """The first :class:`FakeAnswer` whose ``match`` occurs in the question, cited from the
    chunks that hold its quotes (citation ``n`` scored ``1 - n/10``); otherwise it abstains."""

    name = "fake"

    def __init__(self, handle: IndexHandle, answers: list[FakeAnswer] | None = None) -> None:
        self._handle = handle
        self.answers = list(answers or [])

    def answer(self, question: ResolvedQuestion, passages: list[Passage], filters: Filters) -> Answer:
        canned = next((a for a in self.answers if a.match in question.question), None)
        if canned is None:
            return Answer(text=Messages.for_language(question.language).abstain, short_answer=None, answerable=False)
        citations = [
            make_citation(n, Passage(self._chunk_quoting(doc, quote), 1.0 - n / 10), quote)
            for n, (doc, quote) in enumerate(canned.cites, start=1)
        ]
        return Answer(
            text=canned.text,
            short_answer=canned.short_answer,
            answerable=True,
            citations=citations,
            answer_type="list",
        )

    def _chunk_quoting(self, doc: str, quote: str) -> Chunk:
        for chunk in self._handle.get().chunks:
            if chunk.doc_id == doc and quote in chunk.text:
                return chunk
        raise DocqaError(f"fake answer quotes {quote!r}, which no passage of {doc!r} contains")
