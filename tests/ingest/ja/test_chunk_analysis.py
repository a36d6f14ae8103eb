"""The shared Sudachi pass of a chunk gives exactly what the two separate analyses give:
the index terms of its index_text and the mode-A morphemes of its text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.ja.chunk_analysis import analyse_chunk, shared_break
from ingest.ja.dates import annotate_eras
from ingest.ja.morphemes import fine_morphemes
from ingest.ja.tokenize import SudachiTokenizer, WhitespaceTokenizer

pytestmark = pytest.mark.unit

TOKENIZER = SudachiTokenizer()


@pytest.fixture(scope="module")
def corpus_chunks(tmp_path_factory):
    from tests.conftest import CORPUS, make_settings

    from ingest.loaders import load_file
    from ingest.manifest import fallback_meta
    from ingest.pipeline.process import build_chunks

    settings = make_settings(tmp_path_factory.mktemp("data"))
    chunks = []
    for path in sorted(CORPUS.glob("*.txt")):
        loaded = load_file(path, settings)
        chunks += build_chunks(loaded, fallback_meta(path.name, loaded.title_hint), settings)
    return chunks


def separately(index_text: str, text: str) -> tuple[list[str], list]:
    return TOKENIZER.tokenize(index_text), fine_morphemes(text)


def shared(index_text: str, text: str) -> tuple[list[str], list]:
    analysis = analyse_chunk(TOKENIZER, index_text, text)
    return analysis.terms, analysis.morphemes


def index_text_of(title: str, section: str, body: str) -> str:
    """As the chunker and process_document build it (ingest/chunk.py, ingest/pipeline/process.py)."""
    return f"{title}\n" + "\n".join(x for x in (section, annotate_eras(body)) if x)


def test_every_chunk_of_the_corpus_gets_the_terms_and_morphemes_of_separate_analyses(corpus_chunks):
    breaks = 0
    for chunk in corpus_chunks:
        assert shared(chunk.index_text, chunk.text) == separately(chunk.index_text, chunk.text), chunk.chunk_id
        breaks += shared_break(chunk.index_text, chunk.text) is not None
    assert breaks > len(corpus_chunks) // 2  # most chunks do take the shared path


@pytest.mark.parametrize("body", [
    "第1章 概要\n\n本市は2016年に覚書を締結した。\n\n研修員を受け入れた。",
    "見出し\n本市はスラバヤ市と覚書を締結した。\nいつも協力している。",
    # The first morpheme after a line break differs from the one at the start of a text:
    # the head is analysed on its own, so the text's first line is cut as a text's start.
    "アンデルス・オングストロームは19世紀の人。\n数世紀にわたり国際交易から利益を得ていた。",
    "令和3年度の実績\n\n研修員を受け入れた。",  # an era year in the head only
    "研修員を受け入れた。\n\n令和3年度に再び延長された。",  # an era year in the last line: no shared break
    "一段落だけの本文で改行がない。",
    "表\t令和元年度\t6,230人\n人数\t平成30年度\t5,100人",
    "空白で始まる行\n 行頭が空白\n\t行頭がタブ\nふつうの行",
    "行末に空白 \n次の行",
    "",
])
def test_invented_bodies_get_the_same_terms_and_morphemes(body):
    index_text = index_text_of("川崎市の国際協力", "第2章 国際協力 > 1. 概要", body)
    assert shared(index_text, body) == separately(index_text, body)


def test_a_break_is_shared_only_behind_the_same_run_of_line_breaks_between_non_blank_characters():
    assert shared_break("題\n見出し\n本文", "見出し\n本文").at == len("見出し\n")
    assert shared_break("題\n見出し\n\n本文", "見出し\n\n本文").at == len("見出し\n\n")
    assert shared_break("題\n本文だけ", "本文だけ") is None  # the text's first morpheme starts a text
    assert shared_break("題\n見出し \n本文", "見出し \n本文") is None  # a space joins the run
    assert shared_break("題\n見出し\n 本文", "見出し\n 本文") is None
    assert shared_break("題\n令和3年(2021年)\n本文", "令和3年\n本文").at == len("令和3年\n")
    assert shared_break("題\n本文\n令和3年(2021年)", "本文\n令和3年") is None


def test_another_tokenizer_gets_its_own_terms_and_sudachi_morphemes():
    analysis = analyse_chunk(WhitespaceTokenizer(), "題\n見出し\n本文 です", "見出し\n本文 です")
    assert analysis.terms == ["題", "見出し", "本文", "です"]
    assert analysis.morphemes == fine_morphemes("見出し\n本文 です")


def test_the_tokenizer_cuts_terms_and_morphemes_of_one_text_from_one_analysis():
    text = "東京二十三区清掃一部事務組合は、2023年度にヴィエンチャン市と覚書を締結した。\n研修を行った。"
    terms, morphemes = TOKENIZER.terms_and_morphemes(text, 0, 0)
    assert terms == TOKENIZER.tokenize(text)
    assert morphemes == fine_morphemes(text)
    start = text.index("研修")
    terms, tail = TOKENIZER.terms_and_morphemes(text, start, 100 - start)
    assert tail and tail[0].start == 100
    assert [m.normalized for m in tail] == [m.normalized for m in fine_morphemes(text) if m.start >= start]


_PIECES = st.sampled_from([
    "本市", "は", "スラバヤ市", "と", "覚書", "を", "締結した", "。", "令和3年度", "平成元年", "2016年",
    "ホーチミン市人民委員会", "JICA", "(", ")", "・", "、", "研修員", "受け入れ", "ー", "カタカナ", "123",
    "\n", "\n\n", " ", "\t", "　", "事務局", "低炭素", "都市", "づくり", "です",
])


@settings(max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.lists(_PIECES, max_size=4).map("".join), section=st.lists(_PIECES, max_size=4).map("".join),
       body=st.lists(_PIECES, max_size=40).map("".join))
def test_generated_chunks_get_the_same_terms_and_morphemes(title, section, body):
    index_text = index_text_of(title, section, body)
    assert shared(index_text, body) == separately(index_text, body)
