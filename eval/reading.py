"""Reading comprehension with the gold passage given: the reader alone, apart from retrieval.

For each question of JaQuAD's or JSQuAD's validation split, the reader ranks the units of
the question's own paragraph (its title as a heading, then its sentences) and its best span
is the prediction; exact match and character F1 as :mod:`eval.jsquad` computes them. The
splits' test data is never read. ``docqa eval --jaquad`` / ``--jsquad``.
"""

from __future__ import annotations

import time
from collections import Counter

from eval.jsquad import char_f1, exact_match, subset

SPLITS = {"jaquad": "jaquad-valid", "jsquad": "jsquad-valid"}


def read_gold_passages(dataset: str, limit: int | None = None, *, models=None, progress=None) -> dict:
    """EM, character F1 and how often the best unit holds the answer, overall and by answer type."""
    from assistant.answer.reader.model import load_models
    from assistant.answer.reader.reader import UnitReader
    from assistant.answer.reader.train.corpus import QACorpus
    from assistant.answer.reader.train.examples import reading_of

    started = time.perf_counter()
    corpus = QACorpus(SPLITS[dataset])
    reader = UnitReader(models or load_models())
    questions = subset(corpus.questions, limit)
    em = f1 = 0.0
    by_type: Counter = Counter()
    counts: Counter = Counter()
    for i, q in enumerate(questions, 1):
        prediction = reader.best_span(reading_of(q), corpus.units(q.passage), corpus.weights) or ""
        e = exact_match(prediction, list(q.answers))
        em += e
        f1 += char_f1(prediction, list(q.answers))
        by_type[q.answer_type or "-"] += e
        counts[q.answer_type or "-"] += 1
        if progress and i % 500 == 0:
            progress(f"{dataset} reading: {i}/{len(questions)}")
    n = len(questions) or 1
    return {
        "dataset": dataset, "split": "validation", "questions": len(questions), "limit": limit,
        "em": round(em / n, 4), "f1": round(f1 / n, 4),
        "em_by_answer_type": {t: round(by_type[t] / counts[t], 4) for t in sorted(counts)},
        "seconds": round(time.perf_counter() - started, 1),
    }


def render(result: dict) -> str:
    types = ", ".join(f"{t} {v:.3f}" for t, v in result["em_by_answer_type"].items())
    return (
        f"# Reading with the gold passage: {result['dataset']} {result['split']} ({result['questions']} questions)\n\n"
        f"| EM | F1 |\n|---|---|\n| {result['em']:.3f} | {result['f1']:.3f} |\n\nEM by answer type: {types}\n"
    )
