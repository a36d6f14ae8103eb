"""The answering seam: a resolved question and ranked passages in, a cited answer out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from assistant.retrieval.base import Filters, Passage
from assistant.schemas import Citation

if TYPE_CHECKING:
    from assistant.answer.understand import Understood


@dataclass
class Answer:
    text: str
    short_answer: str | None
    answerable: bool
    citations: list[Citation] = field(default_factory=list)
    degraded: list[str] = field(default_factory=list)
    answer_type: str | None = None
    notice: str | None = None


@dataclass(frozen=True)
class ResolvedQuestion:
    """The question as asked (a year it names relative to the earlier turns' made absolute:
    「その前の年度は」 → 「平成24年度は」), and the text used for retrieval after follow-up resolution.

    ``language`` is the question's (``"en"`` or ``"ja"``): the answer's own words are in it
    (:mod:`assistant.answer.messages`), the quoted passages stay as written. ``analysis`` is
    what :func:`assistant.answer.understand.understand` found, once, for every answerer (None
    until then: an answerer then analyses the question itself)."""

    question: str
    retrieval_query: str
    carried: tuple[str, ...] = ()
    history: tuple[dict, ...] = ()
    language: str = "ja"
    analysis: Understood | None = None


class Answerer(Protocol):
    """Contract: every ``[n]`` marker in ``Answer.text`` indexes ``citations`` (1-based), and each
    citation's ``text`` occurs in the passage it names."""

    name: str

    def answer(self, question: ResolvedQuestion, passages: list[Passage], filters: Filters) -> Answer: ...
