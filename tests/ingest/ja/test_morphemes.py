"""One Sudachi dictionary per process, shared by indexing, question analysis and fact extraction."""

from __future__ import annotations

import threading

import pytest

from ingest.ja import morphemes

pytestmark = pytest.mark.unit


def test_the_dictionary_is_loaded_once_for_every_user(monkeypatch):
    import sudachipy

    from assistant.answer.analysis import analyse
    from ingest.core.models import Chunk, DocumentMeta
    from ingest.facts import extract_facts
    from ingest.facts.entities import find_entities
    from ingest.ja.tokenize import SudachiTokenizer

    loads = []
    real = sudachipy.Dictionary

    def counting(*args, **kwargs):
        loads.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(sudachipy, "Dictionary", counting)
    monkeypatch.setattr(morphemes, "_local", threading.local())
    morphemes.dictionary.cache_clear()
    try:
        assert SudachiTokenizer().tokenize("北九州市はスラバヤ市と覚書を締結した。")
        assert analyse("北九州市とスラバヤ市の覚書はいつ締結されましたか？").answer_type == "date"
        assert find_entities("北九州市はスラバヤ市と協定を結んだ。").entities
        chunk = Chunk("d#1", "d", 0, "北九州市は2012年にスラバヤ市と覚書を締結した。", "", "", 0, 28, None,
                      DocumentMeta("北九州市の国際協力", publisher="北九州市"))
        assert extract_facts([chunk])
        # Another thread (the API's thread pool) gets its own tokenizers from the same dictionary.
        worker = threading.Thread(target=lambda: SudachiTokenizer().tokenize("ダナン市との連携"))
        worker.start()
        worker.join()
    finally:
        morphemes.dictionary.cache_clear()
    assert loads == [{"dict": "core"}]


def test_offsets_are_positions_in_the_text_across_pieces():
    text = "大阪市と" * 3 + "ホーチミン市"
    units = morphemes.sudachi_morphemes(text, piece_chars=5)
    assert "".join(u.surface for u in units) == text
    assert all(text[u.start : u.end] == u.surface for u in units)


def test_fine_morphemes_are_the_split_of_one_analysis():
    from ingest.ja.morphemes import analyse_text, fine_morphemes

    text = "東京二十三区清掃一部事務組合は、2023年度にヴィエンチャン市と覚書を締結した。" * 40
    assert fine_morphemes(text, 120) == analyse_text(text, 120)[1]
