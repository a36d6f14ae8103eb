"""In-process ``ask`` latency over the dev set after warm-up, lexical + extractive:
p50 and p95, on the corpus and on the corpus replicated 100×.

    .venv/bin/python eval/bench/bench_query.py [--copies 100] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from common import CORPUS, REPO, percentile, replicate_corpus


def load_questions() -> list[dict]:
    path = REPO / "eval" / "qa" / "dev.jsonl"
    if not path.exists():
        path = REPO.parent / "shared" / "eval" / "dev_qa.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def measure(folder: Path, questions: list[dict], rounds: int) -> dict:
    from assistant.service import Assistant
    from ingest.core.settings import Settings
    from ingest.pipeline import run_ingest

    with tempfile.TemporaryDirectory() as data:
        settings = Settings(data_dir=data, embed_model="none")
        summary = run_ingest([folder], settings)
        assistant = Assistant.from_settings(settings, with_models=False)
        for q in questions:  # warm-up: caches, page cache, Sudachi dictionary
            assistant.ask(q["question"], history=q.get("history"))
        latencies = []
        for _ in range(rounds):
            for q in questions:
                start = time.perf_counter()
                assistant.ask(q["question"], history=q.get("history"))
                latencies.append((time.perf_counter() - start) * 1000)
    return {"chunks": summary.chunks, "n": len(latencies), "p50_ms": round(percentile(latencies, 50), 2),
            "p95_ms": round(percentile(latencies, 95), 2), "max_ms": round(max(latencies), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    questions = load_questions()
    rows = [("corpus", measure(CORPUS, questions, args.rounds))]
    with tempfile.TemporaryDirectory() as tmp:
        rows.append((f"corpus x{args.copies}", measure(replicate_corpus(Path(tmp) / "large", args.copies), questions, args.rounds)))
    print("| corpus | chunks | asks | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|---|")
    for label, r in rows:
        print(f"| {label} | {r['chunks']} | {r['n']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} |")


if __name__ == "__main__":
    main()
