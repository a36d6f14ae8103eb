"""``python -m assistant.answer.reader.train`` (``make train-reader``): train the reader.

Builds the examples from JaQuAD's training split (all of it, or a seeded sample), fits the unit ranker and
the span scorer, measures them on JaQuAD's validation split, and writes the two models,
``training.json`` and ``MODEL_CARD.md`` to the model folder. No docqa QA set is read. About
15 minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

from assistant.answer.reader.features import (
    FEATURE_VERSION,
    SPAN_CATEGORICAL,
    SPAN_FEATURES,
    UNIT_CATEGORICAL,
    UNIT_FEATURES,
)
from assistant.answer.reader.model import FILES, META_FILE, MODEL_DIR
from assistant.answer.reader.train.card import write_card
from assistant.answer.reader.train.corpus import QACorpus
from assistant.answer.reader.train.examples import ranking_examples, sample
from assistant.answer.reader.train.fit import (
    RANK_PARAMS,
    SPAN_ROUNDS,
    UNIT_PARAMS,
    UNIT_ROUNDS,
    fit_ranker,
    top_hit,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.answer.reader.train", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="model folder (default: the shipped one)")
    parser.add_argument("--questions", type=int, default=None,
                        help="JaQuAD training questions for the rankers: a seeded sample (default: all of them)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=("units", "spans"),
                        help="fit this model only and keep the other one (and its figures) from --out: "
                             "for a change to one model's features")
    args = parser.parse_args(argv)
    out = Path(args.out)
    kept = _kept(out, args.only)
    started = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f} s] {message}", file=sys.stderr, flush=True)

    say("reading JaQuAD train and validation")
    train, valid = QACorpus("jaquad-train"), QACorpus("jaquad-valid")
    train_q = sample(train, args.questions, args.seed)
    valid_q = sample(valid, None, args.seed)
    say(f"ranking examples: {len(train_q)} training, {len(valid_q)} validation questions")
    train_units, train_spans = ranking_examples(train, train_q)
    valid_units, valid_spans = ranking_examples(valid, valid_q)
    metrics: dict = dict(kept.get("metrics", {}))
    trained_each: dict = dict(kept.get("trained_each", {}))
    questions_each: dict = dict(kept.get("questions_each", {}))
    boosters = {}
    for name, (tr, va), features, categorical, params, rounds in (
        ("units", (train_units, valid_units), UNIT_FEATURES, UNIT_CATEGORICAL, UNIT_PARAMS, UNIT_ROUNDS),
        ("spans", (train_spans, valid_spans), SPAN_FEATURES, SPAN_CATEGORICAL, RANK_PARAMS, SPAN_ROUNDS),
    ):
        if args.only and name != args.only:
            say(f"{name}: kept from {out} (trained {trained_each.get(name)})")
            continue
        x, y, g = tr.arrays()
        say(f"fitting {name} on {len(g)} groups, {len(y)} rows")
        booster = fit_ranker(x, y, g, features, categorical, params, rounds)
        vx, vy, vg = va.arrays()
        scores = booster.predict(vx, num_threads=1)
        metrics[name] = {
            "train_groups": len(g), "valid_groups": len(vg),
            "valid_top1": round(top_hit(scores, vy, vg), 4), "valid_top2": round(top_hit(scores, vy, vg, 2), 4),
            "valid_top1_first_feature": round(top_hit(vx[:, 0], vy, vg), 4) if name == "units" else None,
        }
        say(f"{name}: {metrics[name]}")
        boosters[name] = booster
        trained_each[name] = time.strftime("%Y-%m-%d", time.gmtime())
        questions_each[name] = len(train_q)
    out.mkdir(parents=True, exist_ok=True)
    for name, booster in boosters.items():
        booster.save_model(str(out / FILES[name]))
    meta = {
        "feature_version": FEATURE_VERSION,
        "features": {"units": list(UNIT_FEATURES), "spans": list(SPAN_FEATURES)},
        "data": {"train": "JaQuAD train", "train_questions": len(train_q), "train_available": len(train.questions),
                 "valid": "JaQuAD validation", "seed": args.seed},
        "metrics": metrics,
        "trained": time.strftime("%Y-%m-%d", time.gmtime()),
        "trained_each": trained_each,
        "questions_each": questions_each,
        "only": args.only,
        "seconds": round(time.perf_counter() - started),
        "python": platform.python_version(),
        "lightgbm": __import__("lightgbm").__version__,
    }
    (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_card(out, meta)
    say(f"written to {out}")
    return 0


def _kept(out: Path, only: str | None) -> dict:
    """The training record of the models in ``out`` whose model ``--only`` leaves as it is."""
    if only is None:
        return {}
    try:
        meta = json.loads((out / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SystemExit(f"--only {only}: no readable {META_FILE} in {out} to keep the other model from ({exc})")
    other = "spans" if only == "units" else "units"
    if not (out / FILES[other]).is_file():
        raise SystemExit(f"--only {only}: {out / FILES[other]} is missing")
    date = meta.get("trained_each", {}).get(other, meta.get("trained"))
    questions = meta.get("questions_each", {}).get(other, meta.get("data", {}).get("train_questions"))
    return {"metrics": {other: meta["metrics"][other]}, "trained_each": {other: date}, "questions_each": {other: questions}}


if __name__ == "__main__":
    sys.exit(main())
