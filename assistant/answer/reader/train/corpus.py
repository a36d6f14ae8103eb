"""Public QA data as the reader sees docqa's documents: paragraphs as passages, retrieved by
docqa's own BM25, cut into units (the article title as a heading, then the sentences).

JaQuAD (``train``, ``validation``) trains and tunes the reader; JSQuAD's validation split
tunes and reports; its test split is never read here. Files: ``passages.jsonl`` and
``questions.jsonl`` of each split (see each data folder's README for source and licence).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assistant.answer.reader.features import TermWeights
from assistant.answer.reader.units import UnitView
from ingest.index.lexical import LexicalIndex, document_frequency, top_k
from ingest.ja.morphemes import FineMorpheme, fine_morphemes
from ingest.ja.sentences import split_sentences
from ingest.ja.tokenize import SudachiTokenizer

EXTERNAL = Path("/work/shared/external")
SPLITS = {
    "jaquad-train": EXTERNAL / "jaquad" / "train",
    "jaquad-valid": EXTERNAL / "jaquad" / "validation",
    "jsquad-valid": EXTERNAL / "jsquad",
}


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    answers: tuple[str, ...]
    answer_start: int
    passage: int
    answer_type: str


@dataclass(frozen=True)
class Paragraph:
    title: str
    text: str
    sentences: tuple[tuple[int, int], ...]
    morphemes: tuple[tuple[FineMorpheme, ...], ...]
    title_morphemes: tuple[FineMorpheme, ...]


class QACorpus:
    """One split: its paragraphs, cut and analysed once, a BM25 index over them (titles
    included, as docqa indexes a chunk with its document's title), and its questions."""

    def __init__(self, split: str, root: Path | None = None) -> None:
        folder = (root / split) if root else SPLITS[split]
        passages = [json.loads(line) for line in (folder / "passages.jsonl").read_text(encoding="utf-8").splitlines() if line]
        ids = {p["id"]: i for i, p in enumerate(passages)}
        tokenizer = SudachiTokenizer()
        self._tokenizer = tokenizer
        self.lexical = LexicalIndex.build([tokenizer.tokenize(p["title"] + "\n" + p["text"]) for p in passages])
        self.weights = TermWeights(lambda term: document_frequency(self.lexical, term), len(passages))
        self.paragraphs = [self._paragraph(p["title"], p["text"]) for p in passages]
        self.questions = []
        for line in (folder / "questions.jsonl").read_text(encoding="utf-8").splitlines():
            if not line:
                continue
            q = json.loads(line)
            spans = q.get("answer_spans") or [{"start": -1}]
            self.questions.append(Question(q["id"], q["question"], tuple(q["answers"]), spans[0]["start"],
                                           ids[q["passage_id"]], q.get("answer_type", "")))

    @staticmethod
    def _paragraph(title: str, text: str) -> Paragraph:
        spans = tuple(split_sentences(text))
        return Paragraph(title, text, spans, tuple(tuple(fine_morphemes(text[a:b])) for a, b in spans),
                         tuple(fine_morphemes(title)))

    def retrieve(self, question: str, k: int) -> list[tuple[int, float]]:
        return top_k(self.lexical.scores(self._tokenizer.tokenize(question)), k)

    def units(self, paragraph: int, rank: int = 0, score: float = 1.0, *, heading: bool = True) -> list[UnitView]:
        """A paragraph's units: its title as a heading, then its sentences."""
        p = self.paragraphs[paragraph]
        count = len(p.sentences) + (1 if heading else 0)
        out = [UnitView(p.title, "heading", None, rank, score, 0, count, p.title_morphemes, context=p.title)] if heading else []
        for j, ((a, b), ms) in enumerate(zip(p.sentences, p.morphemes)):
            out.append(UnitView(p.text[a:b], "sentence", None, rank, score, j, count, ms, context=p.title, start=a, end=b))
        return out
