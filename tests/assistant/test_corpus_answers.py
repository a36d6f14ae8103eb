"""The canonical questions of the brief, on the real corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration


def test_canonical_list_question(corpus_assistant):
    response = corpus_assistant.ask("大阪市はどの都市と覚書（MOU）を締結していますか？")
    for city in ("ホーチミン", "ケソン", "ヤンゴン", "マンチェスター"):
        assert city in response.answer
    assert len(response.citations) >= 4
    assert "索引済みの文書" in response.answer


def test_followup_on_the_quezon_mou(corpus_assistant):
    history = [{"role": "user", "content": "大阪市とケソン市の覚書はいつ締結されましたか？"}, {"role": "assistant", "content": "2018年8月です。"}]
    assert "2021" in corpus_assistant.ask("それはいつ更新されましたか？", history=history).answer


def test_abstains_on_seoul(corpus_assistant):
    response = corpus_assistant.ask("大阪市とソウル市の覚書はいつ締結されましたか？")
    assert response.answerable is False and len(response.passages) >= 10


def test_english_question_via_glossary(corpus_assistant):
    response = corpus_assistant.ask("When did Kawasaki sign the memorandum with Bandung?")
    assert "2016年2月18日" in response.answer


def test_ask_cli_json_and_jsonl(corpus_settings, tmp_path):
    env = {**os.environ, "DOCQA_DATA_DIR": str(corpus_settings.data_dir), "DOCQA_EMBED_MODEL": "none"}
    run = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "川崎市とバンドン市の覚書はいつ締結された？", "--json"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    response = json.loads(run.stdout)
    assert response["short_answer"] == "2016年2月18日"
    assert {"n", "doc", "title", "passage_id", "text", "page", "section", "start", "end"} <= set(response["citations"][0])
    requests = tmp_path / "q.jsonl"
    requests.write_text(
        json.dumps({"id": "q1", "question": "UNEP/IETCが大阪市に誘致されたのはいつ？"}, ensure_ascii=False) + "\n"
        + json.dumps({"id": "q2", "question": "それはいつ更新された？", "history": [{"role": "user", "content": "大阪市とケソン市の覚書"}]}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    batch = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "--jsonl", str(requests)],
                           capture_output=True, text=True, env=env, timeout=120)
    lines = [json.loads(line) for line in batch.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["q1", "q2"]
    assert "1992" in lines[0]["answer"]


def test_concurrent_asks_from_threads(corpus_assistant):
    """The API answers in a thread pool; Sudachi tokenizers must not be shared between threads."""
    from concurrent.futures import ThreadPoolExecutor

    questions = ["UNEP/IETCが大阪市に誘致されたのはいつですか？", "川崎市とバンドン市の覚書はいつ締結された？"] * 40
    expected = {q: corpus_assistant.ask(q).short_answer for q in set(questions)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda q: (q, corpus_assistant.ask(q).short_answer), questions))
    assert all(short == expected[q] for q, short in answers)


def test_english_question_that_cannot_be_matched_says_so(corpus_assistant):
    response = corpus_assistant.ask("Tell me about the weather forecast tomorrow?")
    assert response.answerable is False
    assert "could not be matched" in response.answer


def test_metadata_filters_publisher_kind_year(corpus_assistant):
    from assistant.retrieval.base import Filters

    cases = [
        (Filters(publisher="川崎市"), lambda c: "川崎市" in c.meta.publisher),
        (Filters(kind="web_page"), lambda c: c.meta.kind == "web_page"),
        (Filters(year=2021), lambda c: c.meta.published.startswith("2021")),
    ]
    for flt, accepts in cases:
        passages = corpus_assistant.retrieve("覚書 締結 協力", 10, flt)
        assert passages and all(accepts(p.chunk) for p in passages)


def test_an_english_question_is_answered_in_english_framing_with_japanese_quotes(corpus_assistant):
    listed = corpus_assistant.ask("Which cities has Osaka signed memoranda of understanding with?")
    head, *lines = listed.answer.splitlines()
    assert head.startswith("As far as the indexed documents state") and "(as stated in documents published" in head
    assert any("ホーチミン市" in line for line in lines) and listed.notice.startswith("This list is built")
    dated = corpus_assistant.ask("When did Kawasaki sign the memorandum with Bandung?")
    assert dated.answer.startswith("The 覚書 was signed on 2016年2月18日.")
    assert "覚書" in dated.citations[0].text  # the quote stays as the document writes it
    declined = corpus_assistant.ask("When did Osaka sign a memorandum with Seoul?")
    assert not declined.answerable and declined.notice == "No supporting evidence found"
    assert declined.answer == (
        "No supporting evidence for this question was found in the indexed documents. "
        "The indexed documents say nothing about “ソウル市”. The closest passages are shown below."
    )


def test_the_same_question_in_japanese_keeps_japanese_framing(corpus_assistant):
    declined = corpus_assistant.ask("大阪市とソウル市の覚書はいつ締結されましたか？")
    assert declined.answer.startswith("ご質問に答える根拠が、索引済みの文書の中に見つかりませんでした。")
    assert declined.notice == "根拠が見つかりません"
