"""What the extractive answerer's paths (fact table, lists, single facts) all work from."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.analysis import QuestionAnalysis
from assistant.answer.base import ResolvedQuestion
from assistant.answer.evidence import TermWeights
from assistant.index import LoadedIndex
from assistant.retrieval.base import Filters, Passage


@dataclass(frozen=True)
class AnswerContext:
    """One question being answered: its analysis, the passages retrieved for it, the index
    they come from, the filters asked for, the term weights, and the names (entities) an
    answer must be about."""

    qa: QuestionAnalysis
    question: ResolvedQuestion
    passages: list[Passage]
    index: LoadedIndex
    filters: Filters
    weight: TermWeights
    required: list[str]
