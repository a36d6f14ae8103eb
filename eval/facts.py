"""``docqa eval --facts``: extracted relation facts against the hand-labelled gold set.

Two levels, each with precision, recall and F1:

* **partners**: the set of (subject, partner) pairs — is every partner of every subject found?
* **events**: the set of (subject, partner, relation, year) tuples.
* **gold events**: the gold's own events (its ``event`` ids): one is found when the tuple of
  any of its lines is. A summary sentence and a dated list line of one signing are two gold
  lines but one event, and the fact table keeps one record of it (an undated back-reference
  such as 「…で締結した覚書」 is a line of the event it refers to).

Names match when they are equal after NFKC and whitespace removal to the gold line's
name or one of its aliases (``subject_aliases``, ``partner_aliases``), so a partner
the extractor calls ホーチミン市 matches gold's ベトナム社会主義共和国ホーチミン市人民委員会
when the gold lists ホーチミン市 among its spellings. Gold lines marked
``"confidence": "low"`` are borderline by the labeller's own account: the *strict*
score counts them as required, the *confident* score neither requires them nor counts
an extracted item that matches only them as wrong.
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

from ingest.facts import Fact

GOLD = Path(__file__).resolve().parent / "facts_gold.jsonl"


def _key(name: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", name or "").split())


def load_gold(path: Path = GOLD) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


class _Names:
    """Spelling → gold entity, for subjects and partners separately.

    Every name and alias of a gold line is one entity (aliases given on different lines
    join their entities), and each spelling is also known without its country prefix
    (タイ王国 / インドネシア共和国, from the line's own ``partner_country``) and without
    a bracketed abbreviation: 東部経済回廊(EEC)事務局 is 東部経済回廊事務局.
    """

    def __init__(self, gold: list[dict]) -> None:
        self._subjects = _UnionFind()
        self._partners = _UnionFind()
        for line in gold:
            self._subjects.join(_spellings([line["subject"], *line.get("subject_aliases", [])], None))
            country = line.get("partner_country")
            self._partners.join(_spellings([line["partner"], *line.get("partner_aliases", [])], country))

    def subject(self, name: str) -> str:
        return self._subjects.find(_key(name))

    def partner(self, name: str) -> str:
        return self._partners.find(_key(name))


class _UnionFind:
    def __init__(self) -> None:
        self._parent: dict[str, str] = {}
        self._canonical: dict[str, str] = {}

    def _root(self, item: str) -> str:
        while self._parent.get(item, item) != item:
            item = self._parent[item]
        return item

    def join(self, items: list[str]) -> None:
        first = items[0]
        self._parent.setdefault(first, first)
        self._canonical.setdefault(first, first)
        for item in items[1:]:
            self._parent.setdefault(item, item)
            a, b = self._root(first), self._root(item)
            if a != b:
                self._parent[b] = a

    def find(self, item: str) -> str:
        """The entity's first gold name, or ``?name`` for a name the gold does not know."""
        if item not in self._parent:
            return "?" + item
        return self._canonical.get(self._root(item), self._root(item))


_COUNTRY_FORMS = r"(?:社会主義共和国|連邦共和国|民主共和国|人民共和国|共和国|王国|連邦|国)?[・･]?"


def _spellings(names: list[str], country: str | None) -> list[str]:
    out: list[str] = []
    for name in names:
        key = _key(name)
        variants = [key, re.sub(r"[(（][^()（）]*[)）]", "", key)]
        if country:
            prefix = re.compile("^" + re.escape(_key(country)) + _COUNTRY_FORMS)
            variants += [prefix.sub("", v) for v in variants]
        out.extend(v for v in variants if v and v not in out)
    return out


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def _prf(found: set, gold: set, ignorable: set) -> dict:
    counted = {item for item in found if item in gold or item not in ignorable}
    tp = len(counted & gold)
    precision = tp / len(counted) if counted else 1.0
    recall = tp / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
        "tp": tp, "extracted": len(counted), "gold": len(gold),
        "missed": sorted(map(list, gold - counted), key=str), "wrong": sorted(map(list, counted - gold), key=str),
    }


def score_facts(facts: list[Fact], gold: list[dict]) -> dict:
    """Precision and recall of pairs and events, strict and confident, overall and per subject."""
    names = _Names(gold)
    sure = [g for g in gold if g.get("confidence") != "low"]
    low = [g for g in gold if g.get("confidence") == "low"]

    def pairs(lines):
        return {(names.subject(g["subject"]), names.partner(g["partner"])) for g in lines}

    def events(lines):
        return {(names.subject(g["subject"]), names.partner(g["partner"]), g["relation"], _year(g.get("date"))) for g in lines}

    found_pairs = {(names.subject(f.subject), names.partner(f.partner)) for f in facts}
    found_events = {(names.subject(f.subject), names.partner(f.partner), f.relation, f.year) for f in facts}

    def gold_events(lines, ignorable):
        """found_events with every tuple of a gold event named by the event's id."""
        tuples: dict[str, set] = defaultdict(set)
        for g in lines:
            tuples[g.get("event") or g.get("id") or repr(sorted(events([g])))] |= events([g])
        found = {event for event, items in tuples.items() if items & found_events}
        # An extracted tuple no gold line has is a wrong event of its own (unless ignorable).
        wrong = {item for item in found_events - events(gold) if item not in ignorable}
        return _prf(found | wrong, set(tuples), set())

    result = {
        "facts": len(facts),
        "gold_lines": len(gold),
        "gold_low_confidence": len(low),
        "strict": {
            "partners": _prf(found_pairs, pairs(gold), set()),
            "events": _prf(found_events, events(gold), set()),
            "gold events": gold_events(gold, set()),
        },
        "confident": {
            "partners": _prf(found_pairs, pairs(sure), pairs(low)),
            "events": _prf(found_events, events(sure), events(low)),
            "gold events": gold_events(sure, events(low)),
        },
    }
    per_subject: dict[str, dict] = {}
    by_subject: dict[str, list[dict]] = defaultdict(list)
    for g in sure:
        by_subject[names.subject(g["subject"])].append(g)
    for subject, lines in sorted(by_subject.items()):
        mine = {p for p in found_pairs if p[0] == subject}
        per_subject[subject] = _prf(mine, pairs(lines), pairs(low))
    result["confident"]["per_subject"] = per_subject
    return result


def extract_corpus_facts(corpus: Path, settings) -> list[Fact]:
    """Ingest ``corpus`` into a temporary data directory (lexical only) and return its facts."""
    from assistant.index import IndexHandle
    from ingest.pipeline import run_ingest

    with tempfile.TemporaryDirectory(prefix="docqa-facts-") as tmp:
        local = settings.model_copy(update={"data_dir": Path(tmp), "embed_model": "none"})
        run_ingest([corpus], local)
        return list(IndexHandle(local.data_dir).get().facts)


def render(result: dict) -> str:
    lines = [
        (
            f"facts extracted: {result['facts']}; gold lines: {result['gold_lines']} "
            f"({result['gold_low_confidence']} low-confidence)"
        ),
        "| level | scoring | precision | recall | F1 | extracted | gold |",
        "|---|---|---|---|---|---|---|",
    ]
    for scoring in ("confident", "strict"):
        for level in ("partners", "events", "gold events"):
            s = result[scoring][level]
            lines.append(
                f"| {level} | {scoring} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | "
                f"{s['extracted']} | {s['gold']} |"
            )
    lines += ["", "per subject (confident partners):", "| subject | precision | recall | gold |", "|---|---|---|---|"]
    for subject, s in result["confident"]["per_subject"].items():
        lines.append(f"| {subject} | {s['precision']:.3f} | {s['recall']:.3f} | {s['gold']} |")
    for scoring in ("confident",):
        for level in ("partners", "events"):
            s = result[scoring][level]
            for label, items in (("missed", s["missed"]), ("wrong", s["wrong"])):
                for item in items:
                    lines.append(f"{label} ({level}): {' / '.join(str(x) for x in item)}")
    return "\n".join(lines)
