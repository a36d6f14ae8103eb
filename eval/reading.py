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
    scored: list[tuple[float, float]] = []
    for i, q in enumerate(questions, 1):
        best = reader.best_span(reading_of(q), corpus.units(q.passage), corpus.weights)
        prediction = best.text if best else ""
        e = exact_match(prediction, list(q.answers))
        scored.append((best.score if best else float("-inf"), e))
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
        "threshold_curve": threshold_curve(scored),
        "seconds": round(time.perf_counter() - started, 1),
    }


#: Span scores at which the curve is read (the reader's SHORT_THRESHOLD is among them).
CURVE_AT = (-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0)


def threshold_curve(scored: list[tuple[float, float]]) -> list[dict]:
    """For each threshold: the share of questions given a short answer (span score above it)
    and the exact match among those, and among all (a question not answered counts as wrong)."""
    n = len(scored) or 1
    out = []
    for t in CURVE_AT:
        given = [e for s, e in scored if s > t]
        out.append({
            "threshold": t, "answered": round(len(given) / n, 4),
            "em_answered": round(sum(given) / len(given), 4) if given else 0.0,
            "em_all": round(sum(given) / n, 4),
        })
    return out


def render(result: dict) -> str:
    from assistant.answer.reader.reader import SHORT_THRESHOLD

    types = ", ".join(f"{t} {v:.3f}" for t, v in result["em_by_answer_type"].items())
    curve = "\n".join(
        f"| {c['threshold']:+.1f}{' (shipped)' if c['threshold'] == SHORT_THRESHOLD else ''} | {c['answered']:.3f} "
        f"| {c['em_answered']:.3f} | {c['em_all']:.3f} |"
        for c in result.get("threshold_curve", [])
    )
    return (
        f"# Reading with the gold passage: {result['dataset']} {result['split']} ({result['questions']} questions)\n\n"
        f"| EM | F1 |\n|---|---|\n| {result['em']:.3f} | {result['f1']:.3f} |\n\nEM by answer type: {types}\n\n"
        "## Short answer given or withheld, by the span score threshold\n\n"
        "| threshold | answered | EM of those answered | EM of all |\n|---|---|---|---|\n" + curve + "\n"
    )
