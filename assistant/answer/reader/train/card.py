"""The model card written beside the reader's models: data, licence, features, figures."""

from __future__ import annotations

from pathlib import Path

CARD_FILE = "MODEL_CARD.md"

_ATTRIBUTION = (
    "So, Byun, Kim, Kim, Lee, Park, Ko. \"JaQuAD: Japanese Question Answering Dataset for Machine Reading "
    "Comprehension\", arXiv:2202.01764 (2022), Skelter Labs — https://github.com/SkelterLabsInc/JaQuAD "
    "(commit 23f5d72), licence CC BY-SA 3.0; contexts from Japanese Wikipedia."
)


def _kept(meta: dict) -> str:
    """What a run with ``--only`` kept: the other model, trained on an earlier day."""
    only = meta.get("only")
    if not only:
        return ""
    other = "spans" if only == "units" else "units"
    when = meta.get("trained_each", {}).get(other, "an earlier run")
    return (f"\nThat run fitted the {only} model only (`--only {only}`: its features had changed); the "
            f"{other} model, and its figures below, are from the run of {when}, same seed.")


def _questions(meta: dict) -> str:
    """How many JaQuAD training questions each model was fitted on."""
    data = meta["data"]
    each = meta.get("questions_each") or {"units": data["train_questions"], "spans": data["train_questions"]}
    available = data.get("train_available")

    def said(n: int) -> str:
        return f"all {n} training questions" if available is not None and n >= available else f"{n} training questions (a seeded sample)"

    if len(set(each.values())) == 1:
        return said(next(iter(each.values())))
    return "; ".join(f"the {name} model on {said(n)}" for name, n in each.items())


def write_card(folder: Path, meta: dict) -> Path:
    m = meta["metrics"]
    features = "\n".join(f"- **{name}** ({len(names)}): {', '.join(names)}" for name, names in meta["features"].items())
    text = f"""# docqa reader models

Two LightGBM models (text format, no pickle) that read docqa's answer units:

| file | model | task |
|---|---|---|
| `units.txt` | lambdarank | rank the answer units of the retrieved passages for a question |
| `spans.txt` | lambdarank | rank the candidate answer spans of the best units |

Made by `make train-reader` (`python -m assistant.answer.reader.train`) on {meta['trained']} in
{meta['seconds']} s (Python {meta['python']}, LightGBM {meta['lightgbm']}), seed {meta['data']['seed']}.{_kept(meta)}
Feature version {meta['feature_version']}: the code refuses models of another version (`assistant/answer/reader/model.py`).

## Data and licence

Trained on **JaQuAD** only — no docqa QA set was used to train them or to set their parameters
(which of two equally good unit rankers ships was compared on docqa's development sets: see
the README's Results):
{_questions(meta)}; measured on JaQuAD validation (all questions).

{_ATTRIBUTION}

The models are derived from CC BY-SA 3.0 data and are shared under the same licence, with this attribution.

## How the examples are made

Each question is retrieved by docqa's BM25 (Sudachi tokens) over the split's paragraphs; the
units of the top 3 paragraphs (the article title as a heading unit, then the sentences) are
ranked (label 2: the sentence holding the annotated answer; 1: another unit containing the
answer text). Span candidates come from the gold paragraph's best-covered sentences.

## Features

{features}

The unit ranker reads how much of the question a unit, its context and its neighbours hold
(IDF-weighted terms, bigrams, characters, the longest common piece), whether it states the
question's predicate, years and proper nouns, what typed values it holds, and where its passage
ranks. The span scorer reads a candidate's type against the question word and counter, its
distance to the question's terms and to its predicate on each side (`pred_l`, `pred_r`), the
particles around it against those around the question word, how much of the text beside it the
question writes as it stands (`left_echo`, `right_echo`), how far it stands from the longest
piece of the question its unit writes and how long that piece is (`anchor_before`,
`anchor_after`, `anchor_len`), whether it is of the kind the question asks (`asked_head`), and
its unit's score and rank. `assistant/answer/reader/features.py` defines each feature.

## Figures (JaQuAD validation)

| model | top-1 | top-2 |
|---|---|---|
| unit ranker (retrieved paragraphs) | {m['units']['valid_top1']:.1%} | {m['units']['valid_top2']:.1%} |
| coverage alone (first feature), for comparison | {m['units']['valid_top1_first_feature']:.1%} | – |
| span scorer (gold sentence among the candidates) | {m['spans']['valid_top1']:.1%} | {m['spans']['valid_top2']:.1%} |

Reading-comprehension figures with the gold passage given (EM / character F1) are measured by
`docqa eval --jaquad` and `docqa eval --jsquad` and reported in the README.
"""
    path = folder / CARD_FILE
    path.write_text(text, encoding="utf-8")
    return path
