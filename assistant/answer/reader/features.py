"""Features of answer units and answer spans for a question: what the trained models read.

Two tables of numbers, one row per unit (:func:`unit_features`) and one per candidate span
(:func:`span_features`). They depend only on the question's :class:`Reading`, the units'
:class:`UnitView` s and term weights (:class:`TermWeights`), so the same code makes the
training data (JaQuAD paragraphs) and reads docqa's passages. :data:`FEATURE_VERSION`
changes whenever a feature's meaning does; a model records the version it was trained with
and is refused by code of another.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from assistant.answer.reader.candidates import (
    CANDIDATE_KINDS,
    CANDIDATE_TYPES,
    Candidate,
    candidate_type,
    candidates,
)
from assistant.answer.reader.question import Reading, is_content, key
from assistant.answer.reader.units import UnitView
from ingest.ja.dates import find_era_years
from ingest.ja.spans import typed_spans as _typed_spans
from ingest.units import UNIT_KINDS


@lru_cache(maxsize=16384)
def typed_spans(text: str):
    """The grammar's typed spans of a unit's text (units are read many times: cached)."""
    return _typed_spans(text)

FEATURE_VERSION = 6

UNIT_FEATURES = (
    "cov", "cov_ctx", "n_match", "n_terms", "bigram_cov", "char2_cov", "lcs", "pred", "proper_cov",
    "type_compat", "n_typed", "prank", "pscore", "uidx", "urel", "ulen", "kind",
    "prev_cov", "next_cov", "cov_gap", "cov_rank", "n_units", "new_share", "window", "wh", "side_order",
    "lead_focus", "n_numbers", "lead_len", "cov_focus", "n_focus", "focus_gap",
    "year_match", "year_ctx", "year_other",
)
UNIT_CATEGORICAL = ("kind", "wh")

SPAN_FEATURES = (
    "ctype", "wh", "counter_match", "in_q", "dist_l", "dist_r", "near3", "near8", "part_after", "wh_part", "part_eq",
    "before_align", "after_align", "order_agree", "clen", "cmorphs", "is_max", "in_bracket", "gloss_after",
    "unit_score", "unit_rank", "crel", "freq", "head_pos", "starts_num", "compat", "kind", "topic",
    "run_start", "run_end", "run_share", "prev_pos", "next_pos",
    "clause_cov", "clause_excl", "prev_q", "next_q", "asked_head", "left_echo", "right_echo",
    "pred_l", "pred_r", "anchor_len", "anchor_before", "anchor_after",
)
SPAN_CATEGORICAL = ("ctype", "wh", "part_after", "wh_part", "head_pos", "kind", "prev_pos", "next_pos")

PARTICLES = ("", "は", "が", "を", "に", "で", "と", "の", "から", "まで", "へ", "や", "も", "より", "として", "か")
HEAD_POS = ("other", "人名", "地名", "組織名", "固有名詞", "普通名詞", "サ変可能", "数詞", "接尾辞", "形状詞")

#: Candidate types that answer each question class.
WANTED: dict[str, frozenset[str]] = {
    "when": frozenset({"date", "period"}),
    "who": frozenset({"person", "org"}),
    "where": frozenset({"place", "org"}),
    "quantity": frozenset({"quantity", "money", "percent", "number", "phone"}),
}


class TermWeights:
    """Inverse document frequency of a term over the passages of an index (or a training set),
    times ``scale[term]`` for the terms given one (a follow-up's terms carried from the turn
    before count less than its own)."""

    def __init__(self, df: Callable[[str], int], n: int, scale: dict[str, float] | None = None) -> None:
        self._df = df
        self.n = max(n, 1)
        self._scale = scale or {}
        self._cache: dict[str, float] = {}

    def df(self, term: str) -> int:
        return self._df(term)

    def __call__(self, term: str) -> float:
        weight = self._cache.get(term)
        if weight is None:
            d = self._df(term)
            weight = math.log(1 + (self.n - d + 0.5) / (d + 0.5)) * self._scale.get(term, 1.0)
            self._cache[term] = weight
        return weight


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_WH_STRIP = re.compile(r"何|いつ|どこ|誰|どの|どれ|どう|ですか|ますか|でしたか|ましたか|ください|教えて|[?？。、]")


def years_of(text: str) -> set[str]:
    """Western years a text names, era years converted."""
    return set(_YEAR.findall(text)) | {str(e.western) for e in find_era_years(text)}


@lru_cache(maxsize=16384)
def _char2(text: str) -> frozenset[str]:
    s = fold(text)
    return frozenset(s[i : i + 2] for i in range(len(s) - 1))


def _longest_common(a: str, b: str, longer_than: int = 0) -> str:
    """The first longest substring of ``a`` that ``b`` holds (``a`` short: a question), when it is
    longer than ``longer_than`` characters ("" otherwise)."""
    best, length = "", longer_than
    for i in range(len(a) - length):
        j = i + length + 1
        while j <= len(a) and a[i:j] in b:
            best, length = a[i:j], j - i
            j += 1
    return best


def matches(q: Reading, u: UnitView) -> dict[str, list[int]]:
    """Where each question term occurs among the unit's keys (lead first)."""
    terms = set(q.terms)
    found: dict[str, list[int]] = {}
    for i, k in enumerate(u.keys):
        if k in terms:
            found.setdefault(k, []).append(i)
    for k, at in u.extra.items():
        if k in terms:
            found.setdefault(k, []).extend(at)
    return found


@dataclass(frozen=True)
class UnitScores:
    """What several features of one unit need, computed once."""

    found: dict[str, list[int]]
    cov: float
    focus: float


def _compatible(q: Reading, u: UnitView, typed) -> float:
    want = WANTED.get(q.wh)
    if not want:
        return -1.0
    compat = sum(1 for t in typed if t.kind in want)
    if q.wh in ("who", "where"):
        tag = "人名" if q.wh == "who" else "地名"
        compat += sum(1 for m in u.morphemes if m.pos[2] == tag)
    if q.wh == "quantity" and q.counter:
        compat += 2 * sum(1 for t in typed if q.counter[-1] in t.text)
    return float(compat)


def unit_features(q: Reading, units: list[UnitView], weight: TermWeights) -> np.ndarray:
    """One row of :data:`UNIT_FEATURES` per unit."""
    total = sum(weight(t) for t in q.terms) or 1.0
    scores: list[UnitScores] = []
    for u in units:
        found = matches(q, u)
        focus_terms = [t for t in q.terms if t not in u.ctx_keys]
        focus_total = sum(weight(t) for t in focus_terms)
        scores.append(UnitScores(
            found, sum(weight(t) for t in found) / total,
            sum(weight(t) for t in focus_terms if t in found) / focus_total if focus_total else 0.0,
        ))
    covs = np.array([s.cov for s in scores]) if scores else np.zeros(0)
    max_cov = float(covs.max()) if scores else 0.0
    max_focus = max((s.focus for s in scores), default=0.0)
    rank = {int(i): r for r, i in enumerate(np.argsort(-covs, kind="stable"))} if scores else {}
    bigrams = list(zip(q.terms, q.terms[1:]))
    stripped = _WH_STRIP.sub("", q.text)
    q_char2, q_folded = _char2(stripped), fold(stripped)
    q_years = years_of(q.text)
    proper = [t for t in q.terms if t in q.proper]
    rows = []
    for i, u in enumerate(units):
        sc = scores[i]
        found = sc.found
        with_ctx = sum(weight(t) for t in q.terms if t in found or t in u.ctx_keys) / total
        key_pairs = set(zip(u.keys, u.keys[1:]))
        typed = [t for t in typed_spans(u.text)]
        numbers = sum(1 for t in typed if t.kind == "number")
        typed = [t for t in typed if t.kind != "number"]
        content = u.content_keys
        hits = sorted(h for at in found.values() for h in at)
        before = [min(found[t]) for t in found if q.term_side.get(t) == -1]
        after = [min(found[t]) for t in found if q.term_side.get(t) == 1]
        same_passage = lambda j: 0 <= j < len(units) and units[j].passage_rank == u.passage_rank
        rows.append([
            sc.cov, with_ctx, len(found), len(q.terms),
            sum(1 for b in bigrams if b in key_pairs) / max(len(bigrams), 1),
            len(q_char2 & _char2(u.text + " " + u.lead + " " + u.context)) / max(len(q_char2), 1),
            len(_longest_common(q_folded[:60], fold(u.text)[:300])) / max(len(q_folded), 1),
            1.0 if q.predicate and q.predicate in u.keys else 0.0,
            sum(1 for t in proper if t in found or t in u.ctx_keys) / len(proper) if proper else -1.0,
            _compatible(q, u, typed), len(typed), u.passage_rank, u.passage_score, u.index,
            u.index / max(u.n_in_passage, 1), len(u.text), UNIT_KINDS.index(u.kind) if u.kind in UNIT_KINDS else 0,
            scores[i - 1].cov if same_passage(i - 1) else 0.0, scores[i + 1].cov if same_passage(i + 1) else 0.0,
            sc.cov - max_cov, rank.get(i, 0), len(units),
            sum(1 for k in content if k not in found) / max(len(content), 1),
            (hits[-1] - hits[0] + 1) / max(len(u.keys), 1) if len(hits) > 1 else (0.0 if hits else 1.0),
            q.wh_class,
            sum(1 for b in before for a in after if b < a) / (len(before) * len(after)) if before and after else -1.0,
            sum(1 for k in q.before_wh if k in u.keys[u.offset : u.offset + 6]) / len(q.before_wh) if q.before_wh else -1.0,
            numbers, len(u.lead), sc.focus, sum(1 for t in q.terms if t not in u.ctx_keys), sc.focus - max_focus,
            *_year_features(q_years, u),
        ])
    return np.array(rows, dtype=np.float32).reshape(len(rows), len(UNIT_FEATURES))


def _year_features(q_years: set[str], u: UnitView) -> tuple[float, float, float]:
    if not q_years:
        return -1.0, -1.0, -1.0
    own = years_of(u.text) | years_of(u.lead)
    return float(bool(q_years & own)), float(bool(q_years & years_of(u.context))), float(bool(own) and not q_years & own)


#: Parts of speech around a candidate (its neighbours' first POS field).
NEIGHBOUR_POS = ("名詞", "動詞", "形容詞", "形状詞", "助詞", "助動詞", "接尾辞", "接頭辞", "補助記号", "空白", "代名詞", "連体詞", "副詞")


#: The neighbour class of a candidate at the start or end of its unit (categorical values are never negative).
NO_NEIGHBOUR = len(NEIGHBOUR_POS) + 1


def _pos_class(m) -> int:
    head = m.pos[0]
    return NEIGHBOUR_POS.index(head) if head in NEIGHBOUR_POS else len(NEIGHBOUR_POS)


#: What ends a clause of a unit's text: the candidate's clause is read apart from the others
#: (「22億人が…飲料水を利用できておらず、42億人が…衛生施設を…」).
_CLAUSE_END = re.compile(r"[、。,，;；!?！？\n\t]")

#: What may stand between a candidate and the question term it is the value of: particles,
#: copulas, brackets and colons (「実施機関である八千代…」「169 のターゲット」「委員長 清掃…」).
_GLUE_POS = ("助詞", "助動詞", "補助記号", "空白")


def _clauses(text: str) -> list[int]:
    """The offsets where the clauses of ``text`` end (the last is its length)."""
    return [m.start() for m in _CLAUSE_END.finditer(text)] + [len(text)]


def _clause_of(ends: list[int], start: int, end: int) -> tuple[int, int]:
    """The clause (start, end) that holds the candidate at ``start``–``end``."""
    a = max((e + 1 for e in ends if e < start), default=0)
    b = min((e for e in ends if e >= end), default=ends[-1])
    return a, b


def _adjacent_term(ms, start: int, step: int, terms: set[str]) -> float:
    """1 when the nearest content morpheme from ``start`` in direction ``step``, past only
    particles, copulas and punctuation (at most three of them), is a question term."""
    k, glue = start, 0
    while 0 <= k < len(ms) and glue <= 3:
        m = ms[k]
        if m.pos[0] in _GLUE_POS or (m.pos[0] == "動詞" and m.normalized in ("有る", "為る")):
            k += step
            glue += 1
            continue
        return 1.0 if is_content(m) and key(m) in terms else 0.0
    return 0.0


def _head_pos(pos: tuple[str, ...]) -> int:
    for i, tag in enumerate(HEAD_POS):
        if i and tag in pos[1:3]:
            return i
    return 0


def _asked_head(noun: str, c: Candidate, text: str) -> float:
    """Whether the candidate is of the kind the question asks (:attr:`Reading.asked_noun`):
    2 when it ends with that noun (「…バイオマス発電技術」 for 「技術は何」), 1 when the noun
    follows it (「ダナン市職員」 for 「どこの職員」), 0 otherwise, -1 when no noun is asked."""
    if not noun:
        return -1.0
    if fold(c.text).endswith(fold(noun)):
        return 2.0
    rest = text[c.end : c.end + len(noun) + 1]
    return 1.0 if rest.startswith((noun, "の" + noun)) else 0.0


#: How far on each side of a candidate the text is compared with the question (:func:`_echo`).
ECHO_CHARS = 16
_GLUE_LEFT = re.compile(r"(?:[のはがをにでとへも:：\s]|である|とは)+$")
_GLUE_RIGHT = re.compile(r"^(?:[のはがをにでとへも:：\s]|である)+")


def _predicate_gaps(said: list[int], c: Candidate, predicate: str) -> tuple[float, float]:
    """How many morphemes lie between the candidate and the nearest place before it, and after
    it, where the unit writes the question's predicate (「…を策定(2016年3月改定)」: 改定 right after
    the date); -1 when the question has no predicate, 99 when the unit does not write it there."""
    if not predicate:
        return -1.0, -1.0
    left = [c.first - h for h in said if h < c.first]
    right = [h - c.last for h in said if h > c.last]
    return float(min(min(left), 99) if left else 99), float(min(min(right), 99) if right else 99)


#: An anchor shorter than this is no echo of the question (a particle and a kana).
ANCHOR_MIN = 2


def echo_anchor(question: str, text: str) -> tuple[str, list[tuple[int, int]]]:
    """The longest piece of the question (question words aside) that ``text`` writes, folded, and
    where ``text`` writes it (start, end offsets): the place the question's wording is copied
    from, beside which its answer stands in most questions (「長沢浄水場内の広報施設「水とかがやく
    未来館」」 for 「「水とかがやく未来館」はどこにある」)."""
    folded, where = _fold_map(text)
    best = ""
    for piece in _WH_STRIP.split(fold(question)):
        best = _longest_common(piece, folded, len(best)) or best
    if len(best) < ANCHOR_MIN:
        return "", []
    spans, at = [], folded.find(best)
    while at >= 0:
        spans.append((where[at], where[at + len(best) - 1] + 1))
        at = folded.find(best, at + 1)
    return best, spans


def _fold_map(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each of its characters, the offset in ``text`` it comes from."""
    out, where = [], []
    for i, ch in enumerate(text):
        for f in unicodedata.normalize("NFKC", ch).lower():
            if not f.isspace():
                out.append(f)
                where.append(i)
    return "".join(out), where


def _anchor_gaps(anchored: list[tuple[int, int]], c: Candidate) -> tuple[float, float]:
    """Characters from the candidate to the nearest echo anchor after it, and before it (99:
    none on that side; the candidate holding the anchor is neither)."""
    after = [a - c.end for a, b in anchored if a >= c.end]
    before = [c.start - b for a, b in anchored if b <= c.start]
    return float(min(min(after), 99) if after else 99), float(min(min(before), 99) if before else 99)


def echo_length(side: str, q_folded: str, *, left: bool) -> float:
    """How many characters of the text right beside a candidate (past particles and colons)
    the question writes as they stand: 「ごみ焼却施設の75%」 echoes 「全国のごみ焼却施設のうち」 for
    six characters, 「粗大ごみ処理施設の78%」 for two."""
    side = fold(_GLUE_LEFT.sub("", side) if left else _GLUE_RIGHT.sub("", side))
    best = 0
    for n in range(1, len(side) + 1):
        piece = side[-n:] if left else side[:n]
        if piece not in q_folded:
            break
        best = n
    return float(best)


_OPEN_BRACKET = re.compile(r"[「『(（][^」』)）]*$")


def span_features(
    q: Reading, u: UnitView, weight: TermWeights, unit_score: float, unit_rank: int, passage_text: str = ""
) -> tuple[list[Candidate], np.ndarray]:
    """The unit's candidate spans and one row of :data:`SPAN_FEATURES` per candidate."""
    ms = u.morphemes
    typed = typed_spans(u.text)
    found = matches(q, u)
    off = u.offset
    hits = sorted((h - off, t) for t, at in found.items() for h in at)
    terms = set(q.terms)
    want = WANTED.get(q.wh)
    wh_particle = PARTICLES.index(q.wh_particle) if q.wh_particle in PARTICLES else len(PARTICLES)
    total = sum(weight(t) for t in q.terms) or 1.0
    ends = _clauses(u.text)
    q_folded = fold(q.text)
    own_hits = [(ms[h].start, t) for h, t in hits if 0 <= h < len(ms)]
    said = [h for h, t in hits if t == q.predicate] if q.predicate else []
    anchor, anchored = echo_anchor(q.text, u.text)
    out, rows = [], []
    for c in candidates(u.text, ms, typed):
        ctype = candidate_type(c, u.text, ms, typed)
        ckeys = [key(m) for m in ms[c.first : c.last + 1] if is_content(m)]
        left = [h for h, _ in hits if h < c.first]
        right = [h for h, _ in hits if h > c.last]
        near = lambda span: sum(weight(t) for h, t in hits if (c.first - span <= h < c.first) or (c.last < h <= c.last + span))
        nxt = ms[c.last + 1] if c.last + 1 < len(ms) else None
        particle = u.surface(nxt) if nxt is not None and nxt.pos[0] == "助詞" else ""
        prev_keys = [key(m) for m in ms[max(0, c.first - 4) : c.first] if is_content(m)]
        next_keys = [key(m) for m in ms[c.last + 1 : c.last + 6] if is_content(m)]
        agree = [(side < 0 and h < c.first) or (side > 0 and h > c.last) for h, t in hits if (side := q.term_side.get(t)) is not None]
        ca, cb = _clause_of(ends, c.start, c.end)
        inside = {t for at, t in own_hits if ca <= at < cb and not c.start <= at < c.end}
        outside = {t for at, t in own_hits if not ca <= at < cb}
        rows.append([
            CANDIDATE_TYPES.index(ctype), q.wh_class,
            1.0 if q.counter and (c.text.endswith(q.counter) or q.counter in c.text) else 0.0,
            sum(1 for k in ckeys if k in terms) / max(len(ckeys), 1),
            min(c.first - left[-1], 99) if left else 99, min(right[0] - c.last, 99) if right else 99,
            near(3), near(8),
            PARTICLES.index(particle) if particle in PARTICLES else len(PARTICLES), wh_particle,
            1.0 if particle and particle == q.wh_particle else 0.0,
            sum(1 for k in q.before_wh if k in prev_keys) / len(q.before_wh) if q.before_wh else -1.0,
            sum(1 for k in q.after_wh if k in next_keys) / len(q.after_wh) if q.after_wh else -1.0,
            sum(agree) / len(agree) if agree else -1.0,
            len(c.text), c.last - c.first + 1, 1.0 if c.kind == "np" else 0.0,
            1.0 if _OPEN_BRACKET.search(u.text[: c.start]) else 0.0,
            1.0 if u.text[c.end : c.end + 1] in ("(", "（") and c.end < len(u.text) else 0.0,
            unit_score, unit_rank, c.start / max(len(u.text), 1),
            (passage_text or u.text).count(c.text), _head_pos(ms[c.last].pos),
            1.0 if c.text[:1].isdigit() else 0.0,
            (1.0 if ctype in want else 0.0) if want else -1.0,
            CANDIDATE_KINDS.index(c.kind), 1.0 if particle == "は" else 0.0,
            1.0 if c.first == c.run_first else 0.0, 1.0 if c.last == c.run_last else 0.0,
            (c.last - c.first + 1) / max(c.run_last - c.run_first + 1, 1),
            _pos_class(ms[c.first - 1]) if c.first > 0 else NO_NEIGHBOUR, _pos_class(nxt) if nxt is not None else NO_NEIGHBOUR,
            sum(weight(t) for t in inside) / total, sum(weight(t) for t in inside - outside) / total,
            _adjacent_term(ms, c.first - 1, -1, terms), _adjacent_term(ms, c.last + 1, 1, terms),
            _asked_head(q.asked_noun, c, u.text),
            echo_length(u.text[max(0, c.start - ECHO_CHARS) : c.start], q_folded, left=True),
            echo_length(u.text[c.end : c.end + ECHO_CHARS], q_folded, left=False),
            *_predicate_gaps(said, c, q.predicate), float(len(anchor)), *_anchor_gaps(anchored, c),
        ])
        out.append(c)
    return out, np.array(rows, dtype=np.float32).reshape(len(rows), len(SPAN_FEATURES))
