"""Training examples for the three models, made from a :class:`QACorpus`.

* **units** — for each question, the units of the top :data:`RANK_PASSAGES` paragraphs its
  BM25 retrieval returns; label 2 for the sentence holding the annotated answer span, 1 for
  any other unit containing the answer text, 0 otherwise (a lambdarank group per question);
* **spans** — the candidates of the gold paragraph's three best-covered sentences and the
  answer's sentence; label 1 when a candidate is the answer (compared as JSQuAD's metric
  compares: NFKC, lower case, no spaces or punctuation).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

import numpy as np

from assistant.answer.reader.features import span_features, unit_features
from assistant.answer.reader.question import Reading, read_question
from assistant.answer.reader.train.corpus import QACorpus, Question
from assistant.answer.reader.units import UnitView
from ingest.ja.morphemes import fine_morphemes

RANK_PASSAGES = 3


def answer_form(text: str) -> str:
    """How answers are compared: NFKC, lower case, without white space and punctuation."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] not in "PZ")


def _holds(unit: UnitView, answer: str) -> bool:
    return answer in "".join(unicodedata.normalize("NFKC", unit.text).lower().split())


@dataclass
class Table:
    """Feature rows, labels and group sizes of one model's examples."""

    x: list[np.ndarray]
    y: list[np.ndarray]
    groups: list[int]

    @classmethod
    def empty(cls) -> Table:
        return cls([], [], [])

    def add(self, x: np.ndarray, y: np.ndarray) -> None:
        self.x.append(x)
        self.y.append(y)
        self.groups.append(len(y))

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return np.vstack(self.x), np.concatenate(self.y), np.array(self.groups)


def reading_of(question: Question) -> Reading:
    text = unicodedata.normalize("NFKC", question.text)
    return read_question(text, tuple(fine_morphemes(text)))


def sample(corpus: QACorpus, n: int | None, seed: int) -> list[Question]:
    questions = corpus.questions
    if n is None or n >= len(questions):
        return list(questions)
    return random.Random(seed).sample(questions, n)


def ranking_examples(corpus: QACorpus, questions: list[Question]) -> tuple[Table, Table]:
    """The unit-ranking and span-scoring tables of ``questions``."""
    units_table, spans_table = Table.empty(), Table.empty()
    for q in questions:
        reading = reading_of(q)
        answer = "".join(unicodedata.normalize("NFKC", q.answers[0]).lower().split())
        gold_form = answer_form(q.answers[0])
        hits = corpus.retrieve(q.text, 5)[:RANK_PASSAGES]
        if hits:
            top = hits[0][1]
            views = [v for rank, (p, score) in enumerate(hits) for v in corpus.units(p, rank, score / top)]
            labels = np.array([
                2 if hits[v.passage_rank][0] == q.passage and v.kind == "sentence" and v.start <= q.answer_start < v.end
                else 1 if _holds(v, answer) else 0
                for v in views
            ])
            if labels.max() > 0:
                units_table.add(unit_features(reading, views, corpus.weights), labels)
        gold = corpus.units(q.passage, heading=False)
        if not gold:
            continue
        features = unit_features(reading, gold, corpus.weights)
        chosen = [int(i) for i in np.argsort(-features[:, 0], kind="stable")[:3]]
        answer_unit = next((i for i, v in enumerate(gold) if v.start <= q.answer_start < v.end), None)
        if answer_unit is not None and answer_unit not in chosen:
            chosen.append(answer_unit)
        rows, labels_ = [], []
        paragraph = corpus.paragraphs[q.passage].text
        for rank, i in enumerate(chosen):
            found, table = span_features(reading, gold[i], corpus.weights, float(features[i, 0]), rank, paragraph)
            if found:
                rows.append(table)
                labels_.extend(1 if answer_form(c.text) == gold_form else 0 for c in found)
        if rows and max(labels_) > 0:
            spans_table.add(np.vstack(rows), np.array(labels_))
    return units_table, spans_table
