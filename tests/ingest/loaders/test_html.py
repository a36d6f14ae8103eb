"""HtmlLoader: main text only, one block per line, no markup or attribute text."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders.html import HtmlLoader, declared_charset, extract_main_text

CHROME_PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="{charset}"><title>ごみの出し方｜テスト市</title>
<script>var tracker = "SCRIPT_TEXT";</script><style>.x {{ color: red }}</style></head>
<body onload="init()">
<div id="skip"><a href="#main">本文へ移動</a></div>
<p class="skip">ページの先頭です。</p>
<header><h1><a href="/"><img src="logo.png" alt="テスト市ロゴ"></a></h1>
  <nav><ul><li><a href="/kurashi">くらし・手続き</a></li></ul></nav></header>
<div id="topicPath"><a href="/">ホーム</a> &gt; くらし</div>
<div class="wrapper has-sidebar">
<main id="main"><article>
<header><h1>ごみの出し方について</h1></header>
<p>燃えるごみは、<a href="/bag.html" onclick="track('bag')">指定の袋</a>に入れて
朝8時までに出してください。</p>
<h2>収集日</h2>
<ul><li>燃えるごみ：<b>月曜日</b>と木曜日</li>
<li>資源ごみ<ul><li>びん</li><li>かん</li></ul></li></ul>
<table><caption>収集時間</caption>
<tr><th>地区</th><th>時間</th></tr>
<tr><td>北地区</td><td>8時<span>30分</span>まで</td></tr>
<tr><td>&nbsp;</td><td></td></tr></table>
<div class="snsShare"><button onclick="share()">シェア</button>
  <a href="https://twitter.com/share">ツイート</a></div>
<div id="enquete"><h2>このページの情報は役に立ちましたか？</h2>
  <form action="/survey"><input type="radio" name="q">役に立った<textarea>意見</textarea></form></div>
<p>お問い合わせ：環境課<br>電話：0120-000-000</p>
<!-- COMMENT_TEXT -->
</article></main>
<aside>関連リンク</aside>
</div>
<div class="pagetop"><a href="#top">このページの先頭へ</a></div>
<footer>Copyright テスト市</footer>
<div id="cookie-banner">クッキーを使用しています<button>同意する</button></div>
<noscript>JavaScriptを有効にしてください</noscript>
</body></html>
"""

EXPECTED = """ごみの出し方について

燃えるごみは、指定の袋に入れて朝8時までに出してください。

収集日

・燃えるごみ：月曜日と木曜日
・資源ごみ
・びん
・かん

収集時間
地区\t時間
北地区\t8時30分まで

お問い合わせ：環境課
電話：0120-000-000"""


def write_page(tmp_path: Path, html: str, encoding: str = "utf-8", name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_bytes(html.encode(encoding))
    return path


def load(path: Path):
    return HtmlLoader().load(path, path.name)


@pytest.mark.integration
def test_only_main_text_survives(tmp_path: Path) -> None:
    doc = load(write_page(tmp_path, CHROME_PAGE.format(charset="utf-8")))
    assert doc.text == EXPECTED
    assert doc.title_hint == "ごみの出し方について"
    assert doc.format == "html"


@pytest.mark.integration
def test_no_markup_attribute_or_chrome_text_leaks(tmp_path: Path) -> None:
    text = load(write_page(tmp_path, CHROME_PAGE.format(charset="utf-8"))).text
    for leaked in (
        "<",
        "onclick",
        "track(",
        "href",
        "http",
        "logo.png",
        "テスト市ロゴ",
        "SCRIPT_TEXT",
        "color",
        "COMMENT_TEXT",
        "くらし",
        "ホーム",
        "本文へ",
        "先頭",
        "シェア",
        "ツイート",
        "役に立ちましたか",
        "意見",
        "関連リンク",
        "Copyright",
        "クッキー",
        "JavaScript",
    ):
        assert leaked not in text, leaked


@pytest.mark.integration
@pytest.mark.parametrize("label", ["Shift_JIS", "shift-jis", "x-sjis", "Windows-31J"])
def test_shift_jis_meta_charset_decodes_as_cp932(tmp_path: Path, label: str) -> None:
    html = CHROME_PAGE.format(charset=label).replace("収集日", "①収集日")
    doc = load(write_page(tmp_path, html, "cp932"))
    assert "①収集日" in doc.text


@pytest.mark.integration
def test_euc_jp_without_declaration_is_detected(tmp_path: Path) -> None:
    html = (
        CHROME_PAGE.replace('<meta charset="{charset}">', "").replace("{{", "{").replace("}}", "}")
    )
    assert load(write_page(tmp_path, html, "euc_jp", name="page.htm")).text == EXPECTED


@pytest.mark.integration
def test_wrong_declaration_is_ignored(tmp_path: Path) -> None:
    doc = load(write_page(tmp_path, CHROME_PAGE.format(charset="euc-jp"), "utf-8"))
    assert doc.text == EXPECTED


@pytest.mark.unit
def test_declared_charset_reads_http_equiv() -> None:
    html = b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
    assert declared_charset(html) == "cp932"
    assert declared_charset(b"<p>none</p>") is None


@pytest.mark.unit
def test_without_main_the_body_is_used_and_title_comes_from_title_tag() -> None:
    html = (
        "<html><head><title> 申請書ダウンロード </title></head><body>"
        "<header>サイト名</header><div><h2>申請書</h2><p>様式をダウンロードしてください。</p></div>"
        "<footer>フッター</footer></body></html>"
    )
    text, title = extract_main_text(html)
    assert text == "申請書\n\n様式をダウンロードしてください。"
    assert title == "申請書ダウンロード"


@pytest.mark.unit
def test_empty_main_falls_back_to_body() -> None:
    text, _ = extract_main_text("<body><main id='app'></main><div>本文です。</div></body>")
    assert text == "本文です。"


@pytest.mark.unit
def test_line_breaks_join_japanese_but_separate_latin_words() -> None:
    text, _ = extract_main_text("<p>日本語の\n  文章と English\nwords</p>")
    assert text == "日本語の文章と English words"


@pytest.mark.unit
def test_blocks_divs_and_nested_tables() -> None:
    html = (
        "<main><div>一つ目</div><div>二つ目</div><pre>  a\n  b</pre>"
        "<table><tr><td>外<table><tr><td>内1</td><td>内2</td></tr></table></td><td>右</td></tr></table>"
        "<dl><dt>用語</dt><dd>説明</dd></dl></main>"
    )
    text, title = extract_main_text(html)
    assert text == "一つ目\n二つ目\n\n  a\n  b\n\n外 内1 内2\t右\n\n用語\n説明"
    assert title is None


@pytest.mark.unit
def test_hidden_and_aria_labelled_chrome_is_dropped() -> None:
    html = (
        "<main><p hidden>隠し</p><p style='display: none'>非表示</p>"
        "<div aria-label='パンくずリスト'>ホーム</div><div role='navigation'>ナビ</div>"
        "<p>残る本文</p></main>"
    )
    assert extract_main_text(html)[0] == "残る本文"


@pytest.mark.unit
def test_page_wrapping_form_is_not_mistaken_for_a_survey() -> None:
    # ASP.NET WebForms pages wrap the whole body in one <form>.
    html = (
        "<body><form id='form1' action='/default.aspx'><input type='hidden' value='VIEWSTATE'>"
        "<h2>休日診療</h2><p>日曜日は当番医が診療します。</p>"
        "<div class='enquete'><form><input type='radio'>満足</form></div></form></body>"
    )
    assert extract_main_text(html)[0] == "休日診療\n\n日曜日は当番医が診療します。"
