"""The question analysed once, for every answerer: what it asks, about what, and when.

:func:`understand` runs after follow-up resolution and before retrieval. It reads the
question (an English one through the glossary) into a :class:`QuestionAnalysis` — answer
type, counters, names, years, the reader's view — with one Sudachi analysis per text, and
adds what the answerers need beside it: the names an answer must be about, the event a
when-question asks about, and the reader's view with the terms a follow-up carries. The
service chooses the retrieval depth from it (:func:`retrieval_depth`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.answer.analysis import QuestionAnalysis, analyse, entity_kinds, event_predicate, is_english
from assistant.answer.base import ResolvedQuestion
from assistant.answer.glossary import translate_question
from assistant.answer.reader.question import Reading

#: Passages retrieved (and listed in a response) for a question, and for one asking for a list.
PASSAGES = 10
LIST_PASSAGES = 20
#: Passages retrieved and read for a definition question: the footnote that says what a term
#: means often stands in another passage than the term's own text, further down.
DEFINITION_PASSAGES = 12


@dataclass(frozen=True)
class Understood:
    """Everything the answerers read of a question."""

    #: The text analysed: the question, or the glossary's Japanese terms of an English one.
    text: str
    analysis: QuestionAnalysis
    #: The reader's view, with a follow-up's carried names and terms read in.
    reading: Reading
    #: Places and bodies the answer must be about (names in brackets are aliases, not required).
    names: tuple[str, ...]
    #: The words of the event a when-question asks about (締結, 調印 …), or None.
    event: frozenset[str] | None


def understand(question: ResolvedQuestion) -> ResolvedQuestion:
    """``question`` with its analysis (see the module docstring)."""
    english = is_english(question.question)
    text = translate_question(question.question) if english else question.question
    analysis = replace(analyse(text), english=english)
    reading = analyse(" ".join(question.carried) + " " + text).reading if question.carried else analysis.reading
    understood = Understood(text, analysis, reading, tuple(required_names(text, question.carried)), event_predicate(text))
    return replace(question, analysis=understood)


def required_names(text: str, carried: tuple[str, ...]) -> list[str]:
    """Names the answer must be about; names in parentheses are aliases and optional."""
    bare = re.sub(r"[(（][^()（）]*[)）]", " ", text)
    kinds = entity_kinds(bare)
    names = [n for n, kind in kinds.items() if kind != "latin" or len(n) >= 3]
    for c in carried:
        if c in entity_kinds(c) and c not in names:
            names.append(c)
    return names


def retrieval_depth(question: ResolvedQuestion, k: int) -> int:
    """How many passages to retrieve for ``question`` (at least ``k``)."""
    kind = question.analysis.analysis.answer_type if question.analysis is not None else None
    return max(k, LIST_PASSAGES if kind == "list" else DEFINITION_PASSAGES if kind == "definition" else PASSAGES)
