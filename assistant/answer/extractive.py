"""The default answerer: cited answers taken from the passages, no generative model.

The question is analysed once (:func:`assistant.answer.analysis.analyse`), then answered
by the first path that settles it:

1. a question naming something no retrieved passage mentions is declined;
2. the fact table answers relation lists and dates (:mod:`assistant.answer.from_facts`);
3. a question asking for N items of a section answers from its sub-headings
   (:mod:`assistant.answer.listing`);
4. the reader (:mod:`assistant.answer.reader`) ranks the passages' answer units with a
   trained model, quotes the best ones and cuts a short answer from them, or declines with
   what the documents do say.

Every sentence shown is an exact excerpt of a cited passage.
"""

from __future__ import annotations

import re

from assistant.answer.analysis import QuestionAnalysis
from assistant.answer.base import Answer, ResolvedQuestion
from assistant.answer.context import AnswerContext
from assistant.answer.evidence import TermWeights
from assistant.answer.from_facts import answer_from_facts
from assistant.answer.listing import answer_list
from assistant.answer.messages import Messages
from assistant.answer.reader.dense import unit_similarity
from assistant.answer.reader.features import TermWeights as ReaderWeights
from assistant.answer.reader.model import ReaderModels, load_models
from assistant.answer.reader.reader import UnitReader, reply_answer
from assistant.answer.reader.units import cut_units
from assistant.answer.understand import DEFINITION_PASSAGES
from assistant.answer.understand import Understood, understand
from assistant.index import IndexHandle, LoadedIndex
from assistant.retrieval.base import Filters, Passage
from assistant.wire import own_words
from ingest.index.lexical import document_frequency
from ingest.index.records import ChunkUnits
from ingest.ja.names import fold, without_admin_suffix

#: Passages whose names the question's names are looked for in.
SENTENCE_PASSAGES = 8


class ExtractiveAnswerer:
    name = "extractive"

    def __init__(self, handle: IndexHandle, retriever, models: ReaderModels | None = None) -> None:
        self._handle = handle
        self._retriever = retriever
        self._reader = UnitReader(models if models is not None else load_models())

    def answer(self, question: ResolvedQuestion, passages: list[Passage], filters: Filters) -> Answer:
        if question.analysis is None:
            question = understand(question)
        understood = question.analysis
        qa = understood.analysis
        m = Messages.for_language(qa.language)
        dense = getattr(self._retriever, "dense", None)
        if qa.english and dense is None and not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", understood.text):
            # Without vectors an English question is read through the glossary alone.
            return _abstain(qa, passages, m.unmatched_english)
        index = self._handle.get()
        required = list(understood.names)
        if not passages:
            return _abstain(qa, passages, m.empty_index)
        missing = _missing_entities(required, passages[:SENTENCE_PASSAGES])
        if missing:
            return _abstain(qa, passages, m.not_in_documents.format(names=m.names(missing)))
        weight = TermWeights(index.lexical, self._handle.tokenizer)
        ctx = AnswerContext(qa, question, passages, index, filters, weight, required)
        from_table = answer_from_facts(ctx)
        if from_table is not None:
            return from_table
        if qa.answer_type == "list" and qa.list_size:
            listed = answer_list(ctx)
            if listed is not None:
                return listed
        return self.read(understood, passages, index, question.question, said=_said_before(question))

    def read(self, understood: Understood, passages: list[Passage], index: LoadedIndex, question: str,
             said: str = "") -> Answer:
        """The reader's answer from ``passages`` (see :mod:`assistant.answer.reader`); ``said``: the
        answer of the turn a follow-up goes on from."""
        qa = understood.analysis
        depth = DEFINITION_PASSAGES if qa.answer_type == "definition" else None
        units = self._reader.units(passages, _units_of(index), depth)
        own = set(understood.analysis.reading.terms) if understood.analysis.reading is not None else set()
        carried = {t: CARRIED_WEIGHT for t in understood.reading.terms if t not in own}
        weights = ReaderWeights(lambda term: document_frequency(index.lexical, term), len(index.chunks), carried)
        similarity = None
        if qa.english:
            similarity = unit_similarity(question, units, getattr(self._retriever, "dense", None))
        reply = self._reader.read(understood.reading, units, weights, understood.names, understood.event, similarity,
                                  said=said)
        return reply_answer(understood.reading, reply, units, qa.answer_type, Messages.for_language(qa.language))


#: How much a term a follow-up carries from the turn before counts beside its own terms.
CARRIED_WEIGHT = 0.5


def _said_before(question: ResolvedQuestion) -> str:
    """What the last answer of the conversation ``question`` goes on in said in its own words
    ("" for a first question): its lines that quote a passage (「… [1]」) are the documents', and a
    value they hold (「24年度:2,350人」) may well answer the follow-up."""
    answer = next((str(t.get("content", "")) for t in reversed(question.history) if t.get("role") == "assistant"), "")
    return "\n".join(own_words(answer))


def _units_of(index: LoadedIndex):
    """A passage's stored answer units (cut now for an index from before units)."""

    def units_of(passage: Passage) -> ChunkUnits:
        row = index.by_id.get(passage.chunk.chunk_id)
        if index.units is not None and row is not None:
            return index.units[row]
        return cut_units(passage)

    return units_of


#: What a question may write after a name that the documents need not (「辻元清美氏」「日本共産党内」).
_LOOSE_SUFFIXES = ("氏", "さん", "様", "殿", "内", "側", "等", "ら", "たち", "達", "向け", "向", "出身", "製", "産")


def _variants(name: str) -> list[str]:
    loose = next((name[: -len(x)] for x in _LOOSE_SUFFIXES if name.endswith(x) and len(name) - len(x) >= 2), None)
    forms = [name] + ([loose] if loose else [])
    forms += [b for f in forms if (b := without_admin_suffix(f)) and b != f]
    return list(dict.fromkeys(fold(f) for f in forms))


def _mentions(name: str, text: str) -> bool:
    folded = fold(text)
    return any(v and v in folded for v in _variants(name))


def _context(passage: Passage) -> str:
    c = passage.chunk
    return " ".join((c.text, c.section, c.meta.title, c.meta.publisher))


def _missing_entities(required: list[str], passages: list[Passage]) -> list[str]:
    return [name for name in required if not any(_mentions(name, _context(p)) for p in passages)]


def _abstain(qa: QuestionAnalysis, passages: list[Passage], reason: str | None) -> Answer:
    m = Messages.for_language(qa.language)
    return Answer(text=m.declined(reason, bool(passages)), short_answer=None, answerable=False,
                  answer_type=qa.answer_type, notice=m.no_evidence_notice)
