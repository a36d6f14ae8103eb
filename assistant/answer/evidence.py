"""Sentences of the retrieved passages, scored against a question."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from assistant.retrieval.base import Passage
from ingest.index.lexical import LexicalIndex, document_frequency
from ingest.ja.sentences import split_sentences
from ingest.ja.tokenize import Tokenizer


@dataclass
class Sentence:
    passage: Passage
    rank: int
    start: int
    end: int
    text: str
    score: float = 0.0
    coverage: float = 0.0
    matched: dict[str, list[int]] = field(default_factory=dict)


class TermWeights:
    """Inverse document frequency of question terms, from the lexical index."""

    def __init__(self, lexical: LexicalIndex, tokenizer: Tokenizer) -> None:
        self._lexical = lexical
        self._tokenizer = tokenizer
        self._cache: dict[str, float] = {}

    def __call__(self, term: str) -> float:
        if term not in self._cache:
            n = max(self._lexical.size, 1)
            tokens = self._tokenizer.tokenize(term) or [term.lower()]
            idfs = [math.log(1 + (n - df + 0.5) / (df + 0.5)) for df in (document_frequency(self._lexical, t) for t in tokens)]
            self._cache[term] = max(0.2, sum(idfs) / len(idfs))
        return self._cache[term]


def find_all(haystack: str, needle: str) -> list[int]:
    positions, start = [], 0
    if not needle:
        return positions
    while True:
        i = haystack.find(needle, start)
        if i < 0:
            return positions
        positions.append(i)
        start = i + 1


def sentences_of(passages: list[Passage], limit: int) -> list[Sentence]:
    out: list[Sentence] = []
    for rank, passage in enumerate(passages[:limit]):
        text = passage.chunk.text
        for start, end in split_sentences(text):
            out.append(Sentence(passage, rank, start, end, text[start:end]))
    return out


def score_sentences(sentences: list[Sentence], terms: list[str], weight: TermWeights, best_score: float) -> None:
    """Weighted share of question terms in each sentence; terms found only in the
    passage's section heading or title count half (a list item under its heading)."""
    total = sum(weight(t) for t in terms) or 1.0
    for s in sentences:
        lowered = s.text.lower()
        context = (s.passage.chunk.section + " " + s.passage.chunk.meta.title).lower()
        got = 0.0
        for term in terms:
            hits = find_all(lowered, term.lower())
            if hits:
                s.matched[term] = hits
                got += weight(term)
            elif term.lower() in context:
                got += 0.5 * weight(term)
        s.coverage = got / total
        prior = s.passage.score / best_score if best_score > 0 else 0.0
        s.score = s.coverage + 0.15 * prior - 0.01 * s.rank


_FOCUS = re.compile(r"(?:の|、)?([^\sのはをがにとで、。?？]{1,12})(?:は|とは|って)(?:何|なに|どこ|いつ|誰|どれ)")
_COUNT_PHRASE = re.compile(r"(\d+)\s*(つ|本|点|項目|か国|カ国|件|名|人)")


def question_focus(question: str) -> str | None:
    """The noun the question asks about: 「…の基本目標は何ですか」 → 基本目標."""
    match = _FOCUS.search(question)
    return match.group(1) if match else None


def focus_bonus(sentences: list[Sentence], qa) -> None:
    """Sentences that name the question's focus, or repeat its count (「3本の柱」), rank higher."""
    focus = question_focus(qa.text)
    counts = [m.group(0).replace(" ", "") for m in _COUNT_PHRASE.finditer(qa.text)]
    for s in sentences:
        if focus and focus in s.text:
            s.score += 0.25
            s.coverage = max(s.coverage, 0.34)
        if any(c in s.text.replace(" ", "") for c in counts):
            s.score += 0.25
