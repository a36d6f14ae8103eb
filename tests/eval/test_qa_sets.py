"""The QA sets are well-formed, cover what the evaluation needs, and quote the corpus exactly."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from eval.cli import DEFAULT_QA

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
QA = ROOT / "eval" / "qa"
CORPUS = ROOT / "corpus"
SHARED_DEV = Path("/work/shared/eval/dev_qa.jsonl")
TYPES = {
    "factoid", "date", "number", "list", "definition", "person", "place", "era", "followup",
    "crosslingual", "unanswerable", "table",
}
TABLE_DOCS = {"tokyo23-clean-intl-cooperation-action-program-2021.txt", "iges-local-gov-intl-env-cooperation-factsheet.txt"}
SETS = [path.name for path in DEFAULT_QA]
#: Minimum counts in extra.jsonl.
MINIMUM = {"era": 6, "table": 6, "followup": 6, "unanswerable": 8}


def rows(name):
    return [json.loads(line) for line in (QA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def corpus_text(doc):
    return (CORPUS / doc).read_text(encoding="utf-8")


def is_english(text):
    return len(re.findall(r"[A-Za-z]", text)) > 0.6 * len(re.sub(r"\s", "", text))


@pytest.mark.parametrize("name", SETS)
def test_every_line_parses_and_has_the_fields(name):
    lines = (QA / name).read_text(encoding="utf-8").splitlines()
    assert lines
    for line in lines:
        row = json.loads(line)
        assert isinstance(row["id"], str) and row["id"]
        assert isinstance(row["question"], str) and row["question"].strip()
        assert row["type"] in TYPES, row["id"]
        assert isinstance(row["answerable"], bool)
        assert isinstance(row["answers"], list) and isinstance(row["evidence"], list)
        for group in row["answers"]:
            assert group and all(isinstance(alt, str) and alt.strip() for alt in group), row["id"]
        for turn in row.get("history", []):
            assert turn["role"] in ("user", "assistant") and turn["content"].strip()


def test_dev_is_the_shared_file_byte_for_byte():
    if not SHARED_DEV.exists():
        pytest.skip(f"{SHARED_DEV} is not present on this machine")
    assert (QA / "dev.jsonl").read_bytes() == SHARED_DEV.read_bytes()


def test_ids_are_unique_across_both_sets():
    ids = [r["id"] for name in SETS for r in rows(name)]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]


def test_extra_size_and_type_coverage():
    extra = rows("extra.jsonl")
    counts = Counter(r["type"] for r in extra)
    assert len(extra) >= 60
    assert set(counts) == TYPES, TYPES - set(counts)
    for type_, minimum in MINIMUM.items():
        assert counts[type_] >= minimum, (type_, counts[type_])
    assert sum(is_english(r["question"]) for r in extra) >= 8


def test_extra_follow_ups_carry_history():
    followups = [r for r in rows("extra.jsonl") if r["type"] == "followup"]
    for row in followups:
        assert row.get("history"), row["id"]
        assert row["history"][0]["role"] == "user"


def test_extra_table_questions_quote_a_table_row():
    tables = [r for r in rows("extra.jsonl") if r["type"] == "table"]
    for row in tables:
        assert any(e["doc"] in TABLE_DOCS and _in_table(e) for e in row["evidence"]), row["id"]


def _in_table(evidence):
    """The quote sits on a tab-separated line of the document."""
    text = corpus_text(evidence["doc"])
    at = text.index(evidence["quote"])
    line = text[text.rfind("\n", 0, at) + 1 : text.find("\n", at)]
    return "\t" in line


def test_extra_questions_are_not_copied_from_dev():
    dev = {r["question"] for r in rows("dev.jsonl")}
    assert not dev & {r["question"] for r in rows("extra.jsonl")}


@pytest.mark.parametrize("name", SETS)
def test_answerability_matches_answers_and_evidence(name):
    for row in rows(name):
        if row["answerable"]:
            assert row["answers"] and row["evidence"], row["id"]
            assert row["type"] != "unanswerable", row["id"]
        else:
            assert row["answers"] == [], row["id"]
            assert row["type"] == "unanswerable", row["id"]
            # The hold-out sets may name the closest passage of an unanswerable question.
            assert row["evidence"] == [] or name.startswith("holdout"), row["id"]


@pytest.mark.parametrize("name", SETS)
def test_every_evidence_quote_is_an_exact_substring_of_its_document(name):
    docs = {p.name for p in CORPUS.glob("*.txt")}
    for row in rows(name):
        for evidence in row["evidence"]:
            assert evidence["doc"] in docs, (row["id"], evidence["doc"])
            assert evidence["quote"] in corpus_text(evidence["doc"]), (row["id"], evidence["quote"])


def test_english_questions_are_english_and_answered_from_the_documents():
    english = rows("english.jsonl")
    assert len(english) >= 50
    assert all(is_english(r["question"]) and r["type"] == "crosslingual" for r in english)
