"""TextLoader and the shared byte decoding: Japanese encodings, binary refusal, titles."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ingest.core.errors import BinaryFileError
from ingest.loaders.text import (
    TextLoader,
    decode_text,
    first_short_line,
    markdown_title,
    normalise_newlines,
)

TITLE = "子育て世帯への支援について"
BODY = (
    "市では、令和六年度から子育て世帯への支援を拡充します。対象となるのは、市内に住所を有し、"
    "中学生以下の子どもを養育している世帯です。申請は市役所の窓口またはオンラインで受け付けます。"
    "必要な書類は、申請書、本人確認書類、振込先口座の分かるものです。詳しくは子育て支援課まで"
    "お問い合わせください。"
)
JAPANESE = f"{TITLE}\n\n{BODY}\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def load(path: Path):
    return TextLoader().load(path, path.name)


@pytest.mark.integration
@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "shift_jis", "cp932", "euc_jp", "utf-16"]
)
def test_japanese_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, "notice.txt", JAPANESE.encode(encoding))
    doc = load(path)
    assert doc.text == JAPANESE  # a UTF-8 BOM is stripped, not kept as U+FEFF
    assert doc.title_hint == TITLE
    assert doc.format == "text"
    assert doc.doc_id == "notice.txt"


@pytest.mark.integration
def test_cp932_only_characters_survive(tmp_path: Path) -> None:
    # ① and ㈱ are Windows extensions that plain shift_jis cannot decode.
    text = "①株式会社は㈱と略します。" + BODY
    assert load(write(tmp_path, "a.txt", text.encode("cp932"))).text == text


@pytest.mark.unit
def test_iso2022jp_is_not_mistaken_for_ascii() -> None:
    assert decode_text(BODY.encode("iso2022_jp")) == BODY


@pytest.mark.integration
def test_line_endings_are_normalised(tmp_path: Path) -> None:
    path = write(tmp_path, "crlf.txt", "一行目\r\n二行目\r三行目\n".encode("cp932"))
    assert load(path).text == "一行目\n二行目\n三行目\n"


@pytest.mark.integration
def test_random_bytes_are_refused(tmp_path: Path) -> None:
    data = random.Random(1).randbytes(4096)
    assert b"\x00" in data
    with pytest.raises(BinaryFileError, match=r"looks like a binary file \(contains NUL bytes\)"):
        load(write(tmp_path, "random.txt", data))


@pytest.mark.integration
def test_random_bytes_without_nul_are_refused(tmp_path: Path) -> None:
    data = random.Random(2).randbytes(4096).replace(b"\x00", b"\x01")
    with pytest.raises(BinaryFileError, match=r"^looks like a binary file \(.+\), not text$"):
        load(write(tmp_path, "random.txt", data))


@pytest.mark.unit
def test_mostly_control_characters_are_binary() -> None:
    with pytest.raises(BinaryFileError, match="control characters"):
        decode_text(bytes(range(1, 32)) * 20)


@pytest.mark.integration
def test_markdown_title_is_the_first_heading(tmp_path: Path) -> None:
    text = "```sh\n# not a heading\n```\n\n## " + TITLE + " ##\n\n" + BODY
    doc = load(write(tmp_path, "guide.MD", text.encode()))
    assert doc.format == "markdown"
    assert doc.title_hint == TITLE


@pytest.mark.unit
def test_markdown_without_heading_falls_back_to_first_short_line() -> None:
    assert markdown_title("\n\n  概要  \n" + BODY) == "概要"


@pytest.mark.unit
def test_long_first_line_is_no_title() -> None:
    assert first_short_line("\n" + BODY) is None
    assert first_short_line("") is None


@pytest.mark.unit
@hypothesis_settings(derandomize=True, max_examples=200)
@given(st.text(alphabet=st.sampled_from("あいう漢字テスト abc\r\n\t。、")))
def test_normalise_newlines_leaves_no_carriage_return(text: str) -> None:
    once = normalise_newlines(text)
    assert "\r" not in once
    assert normalise_newlines(once) == once
    assert once.count("\n") == text.count("\n") + text.count("\r") - text.count("\r\n")


@pytest.mark.unit
@hypothesis_settings(derandomize=True, max_examples=200)
@given(st.text(alphabet=st.sampled_from("あいう漢字テスト①ｱ abc\n\t。、"), min_size=1))
def test_utf8_round_trips(text: str) -> None:
    assert decode_text(text.encode("utf-8")) == text
