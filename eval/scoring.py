"""Pure scoring functions for the QA evaluation: no I/O, no docqa imports.

Matching rules (every comparison goes through :func:`normalise`):

* Unicode NFKC (full-width digits and letters become half-width, ``１７カ国`` → ``17カ国``),
* lower-cased,
* all whitespace removed (PDF artefacts such as ``2 3 区`` match ``23区``),
* thousands separators between digits removed (``6,230`` matches ``6230``).

An answer *key* is a list of groups, each group a list of alternatives; an answer is
correct when every group has at least one alternative contained in it.

Evidence: a passage *contains* a quote when the normalised quote is a substring of the
normalised passage, or when the chunker cut the quote at the passage edge: a contiguous
prefix of the quote covering at least :data:`EDGE_SHARE` of its normalised characters
ends the passage, or such a suffix of the quote begins it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

#: Share of a quote's normalised characters that must sit at a passage edge when a chunk
#: boundary cut the quote.
EDGE_SHARE = 0.8

_SPACE = re.compile(r"\s+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")

Groups = Sequence[Sequence[str]]


def normalise(text: str) -> str:
    """The matching form of ``text``: NFKC, lower case, no whitespace, no thousands separators."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _SPACE.sub("", text)
    return _THOUSANDS.sub("", text)


def _group_hit(norm_text: str, group: Sequence[str]) -> bool:
    return any(normalise(alt) and normalise(alt) in norm_text for alt in group)


def answer_correct(answer_text: str | None, groups: Groups) -> bool:
    """Every group has an alternative contained in the answer. No groups: False (nothing to match)."""
    if not groups or not answer_text:
        return False
    norm = normalise(answer_text)
    return all(_group_hit(norm, group) for group in groups)


def key_recall(answer_text: str | None, groups: Groups) -> float | None:
    """Share of groups matched by the answer; None when there are no groups."""
    if not groups:
        return None
    norm = normalise(answer_text or "")
    return sum(_group_hit(norm, group) for group in groups) / len(groups)


def short_answer_correct(short: str | None, groups: Groups) -> bool:
    """The short answer contains an alternative of the (single) group, or of every group."""
    return answer_correct(short, groups)


def passage_contains(passage_text: str, quote: str) -> bool:
    """Quote in passage, allowing a cut of at most ``1 - EDGE_SHARE`` at a chunk boundary."""
    p, q = normalise(passage_text), normalise(quote)
    if not q:
        return False
    if q in p:
        return True
    need = math.ceil(EDGE_SHARE * len(q))
    for n in range(len(q) - 1, need - 1, -1):
        if p.endswith(q[:n]) or p.startswith(q[-n:]):
            return True
    return False


def _quote_ranks(passages: Sequence[str], quotes: Sequence[str]) -> list[int | None]:
    """For each quote, the 1-based rank of the first passage containing it."""
    ranks: list[int | None] = []
    for quote in quotes:
        rank = next((i for i, text in enumerate(passages, 1) if passage_contains(text, quote)), None)
        ranks.append(rank)
    return ranks


def first_hit_rank(passages: Sequence[str], quotes: Sequence[str]) -> int | None:
    """Rank (1-based) of the first passage containing any quote; None when none does."""
    ranks = [r for r in _quote_ranks(passages, quotes) if r is not None]
    return min(ranks) if ranks else None


def hit_at_k(passages: Sequence[str], quotes: Sequence[str], k: int) -> bool | None:
    """Some passage in the top ``k`` contains some quote; None when there are no quotes."""
    if not quotes:
        return None
    rank = first_hit_rank(passages, quotes)
    return rank is not None and rank <= k


def recall_at_k(passages: Sequence[str], quotes: Sequence[str], k: int = 5) -> float | None:
    """Share of quotes found in the top ``k`` passages."""
    if not quotes:
        return None
    return sum(p is not None for p in _quote_ranks(passages[:k], quotes)) / len(quotes)


def reciprocal_rank(passages: Sequence[str], quotes: Sequence[str]) -> float | None:
    if not quotes:
        return None
    rank = first_hit_rank(passages, quotes)
    return 1.0 / rank if rank else 0.0


def ndcg_at_k(passages: Sequence[str], quotes: Sequence[str], k: int = 10) -> float | None:
    """Coverage nDCG: each quote gains ``1/len(quotes)`` at the first passage containing it.

    The ideal ranking puts every quote in the first passage (DCG = 1), so the score lies in
    [0, 1]; a quote first found at rank r contributes ``1/log2(r + 1)`` of its share.
    """
    if not quotes:
        return None
    ranks = _quote_ranks(passages[:k], quotes)
    return sum(1.0 / math.log2(r + 1) for r in ranks if r is not None) / len(quotes)


def _citation_passage(citation: dict, lookup: Callable[[str], str | None]) -> str:
    """The full passage a citation points to; the quoted text only when the passage is unknown."""
    return lookup(citation["passage_id"]) or citation.get("text", "")


def citation_support(citations: Sequence[dict], quotes: Sequence[str], lookup: Callable[[str], str | None]) -> bool | None:
    """Some cited passage (full text via ``lookup``) contains some evidence quote."""
    if not quotes:
        return None
    return any(
        passage_contains(_citation_passage(c, lookup), q) for c in citations for q in quotes
    )


def citation_precision(
    citations: Sequence[dict], quotes: Sequence[str], groups: Groups, lookup: Callable[[str], str | None]
) -> float | None:
    """Share of citations whose passage contains an evidence quote or an answer key; None without citations."""
    if not citations:
        return None
    alternatives = [alt for group in groups for alt in group]
    good = 0
    for citation in citations:
        text = _citation_passage(citation, lookup)
        norm = normalise(text)
        if any(passage_contains(text, q) for q in quotes) or any(
            normalise(a) and normalise(a) in norm for a in alternatives
        ):
            good += 1
    return good / len(citations)


def abstention_correct(expected_answerable: bool, said_answerable: bool) -> bool:
    return expected_answerable == said_answerable


def percentile(values: Iterable[float], pct: float) -> float | None:
    """Linear-interpolated percentile (like numpy's default); None for no values."""
    data = sorted(values)
    if not data:
        return None
    pos = (len(data) - 1) * pct / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


#: Per-question fields averaged by :func:`aggregate` (None values are left out).
MEAN_FIELDS = (
    "correct", "short_correct", "key_recall", "top1_holds", "top3_holds", "hit@1", "hit@5", "hit@10", "recall@5", "mrr",
    "ndcg@10", "citation_support", "citation_precision", "abstention_correct", "answer_chars",
)


def aggregate(records: Sequence[dict]) -> dict:
    """Means of :data:`MEAN_FIELDS` over the records that have a value, latency p50/p95 and counts.

    ``correct`` means: answerable questions answered with every key group, unanswerable
    questions declined (``answerable: false``).
    """
    out: dict = {"n": len(records)}
    for name in MEAN_FIELDS:
        values = [float(r[name]) for r in records if r.get(name) is not None]
        out[name] = round(sum(values) / len(values), 4) if values else None
        out[f"n_{name}"] = len(values)
    latencies = [r["latency_ms"] for r in records if r.get("latency_ms") is not None]
    out["latency_p50_ms"] = _round(percentile(latencies, 50))
    out["latency_p95_ms"] = _round(percentile(latencies, 95))
    return out


def aggregate_by(records: Sequence[dict], key: str) -> dict[str, dict]:
    groups: dict[str, list[dict]] = {}
    for record in records:
        groups.setdefault(str(record[key]), []).append(record)
    return {name: aggregate(rows) for name, rows in sorted(groups.items())}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
