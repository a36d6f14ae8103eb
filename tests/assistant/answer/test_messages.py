"""The answer's own words: one template set per language, the same templates in both."""

from __future__ import annotations

import re
import string

import pytest

from assistant.answer.messages import ENGLISH, JAPANESE, LANGUAGES, Messages, templates

pytestmark = pytest.mark.unit

KANA = re.compile(r"[\u3040-\u30ff]")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_templates_and_placeholders():
    assert [Messages.for_language(lang).language for lang in LANGUAGES] == ["ja", "en"]
    ja, en = templates(JAPANESE), templates(ENGLISH)
    assert ja.keys() == en.keys()
    for name in ja:
        assert placeholders(ja[name]) == placeholders(en[name]), name


def test_english_templates_are_english():
    for name, text in templates(ENGLISH).items():
        # Japanese only as the documents' own terms, quoted as examples (覚書, 姉妹都市).
        assert not KANA.search(re.sub(r"e\.g\. [^)]*\)", "", text)), name


def test_unknown_languages_fall_back_to_japanese():
    assert Messages.for_language("fr") is JAPANESE


def test_declining_joins_the_parts_in_each_language():
    assert JAPANESE.declined("理由。", True) == JAPANESE.abstain + "理由。" + JAPANESE.closest_below
    assert ENGLISH.declined(None, False) == ENGLISH.abstain
    assert ENGLISH.declined("Why.", True) == f"{ENGLISH.abstain} Why. {ENGLISH.closest_below}"
    assert JAPANESE.names(["A", "B"]) == "「A」、「B」" and ENGLISH.names(["A", "B"]) == "“A”, “B”"
    assert JAPANESE.years((2019,)) == "2019年" and ENGLISH.years((2019, 2020)) == "2019, 2020"
