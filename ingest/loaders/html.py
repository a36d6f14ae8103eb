"""HTML loading: the main text of a page as plain lines, without site chrome.

Municipal pages wrap a few paragraphs in navigation, breadcrumbs (パンくず), share
buttons, a page survey (アンケート) and "skip to content" links. Indexing those would
make every page match every question, so they are removed by tag, by ARIA role and by
id/class/aria-label vocabulary; the page's ``<main>``/``<article>`` is preferred.

Only text nodes ever reach the output, so attribute values (``href``, ``onclick``,
``src``, ``alt``) cannot leak into it. Rendering: every block element starts a new line;
paragraphs, headings, lists and tables are separated by a blank line; list items start
with "・"; a table row is one line of tab-separated cells.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from ingest.core.errors import DocumentTooLargeError, LoaderError
from ingest.core.models import LoadedDocument
from ingest.loaders.text import decode_text, read_bytes

_DROP_TAGS = (
    ("head", "script", "style", "noscript", "template", "iframe", "svg", "math", "canvas")
    + ("object", "embed", "video", "audio", "map", "dialog")
    + ("form", "nav", "aside", "button", "input", "select", "textarea")
)
# Page-level header/footer are site chrome; inside sectioning content they are the
# section's own heading block (often holding the article's <h1>), so those stay.
_SECTIONING = ("main", "article", "section")
_DROP_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog"}
)
# Matched against whole id/class tokens (split on punctuation and camelCase).
_CHROME_TOKENS = frozenset(
    ("nav", "navi", "gnav", "gnavi", "lnav", "lnavi", "snav", "navbar", "navigation", "sidebar")
    + ("menu", "globalmenu", "breadcrumb", "breadcrumbs", "pankuzu", "topicpath")
    + ("sns", "share", "social", "survey", "questionnaire", "enquete", "anketo")
    + ("cookie", "cookies", "consent", "skip", "skiplink", "pagetop", "gotop", "totop")
)
# Matched as substrings of id/class/aria-label, for words that are never content.
_CHROME_SUBSTRINGS = (
    ("breadcrumb", "pankuzu", "topicpath", "topic-path", "topic_path", "questionnaire")
    + ("enquete", "cookie", "skip-link", "skip_link", "skiplink", "socialbutton", "sharebutton")
    + ("パンくず", "ナビゲーション", "メニュー", "アンケート")
    + ("シェア", "共有", "クッキー", "本文へ")
)
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE
)
# WHATWG maps these labels to supersets; Python's strict codecs for the plain
# labels reject characters real pages contain (①, ㈱, NEC/IBM extensions).
_CHARSET_ALIASES = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "csshiftjis": "cp932",
    "iso-8859-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "latin1": "cp1252",
    "euc-jp": "euc_jp",
    "x-euc-jp": "euc_jp",
}


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` in the first 4 KB declares, mapped to a Python codec name."""
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    label = match.group(1).decode("ascii", "replace").lower()
    return _CHARSET_ALIASES.get(label, label)


def extract_main_text(html: str) -> tuple[str, str | None]:
    """Return ``(text, title_hint)`` for an HTML document (pure; no I/O).

    ``title_hint`` is the first non-empty ``<h1>`` of the main content, else of the
    page, else ``<title>``. If the main element turns out empty (filled by
    JavaScript), the whole cleaned body is used instead.
    """
    soup = BeautifulSoup(html, "html.parser")
    title = _title_hint(soup)
    main = _main_root(soup)
    _drop_chrome(soup, main)
    text = _render(main)
    if not text and main is not (soup.body or soup):
        text = _render(soup.body or soup)
    return text, title


def _title_hint(soup: BeautifulSoup) -> str | None:
    main = _main_root(soup)
    for scope in (main, soup):
        for h1 in scope.find_all("h1"):
            if text := _squash(h1.get_text(" ")):
                return text
    if soup.title is not None and (text := _squash(soup.title.get_text(" "))):
        return text
    return None


def _main_root(soup: BeautifulSoup) -> Tag:
    for found in (
        soup.find("main"),
        soup.find(attrs={"role": "main"}),
        _only(soup.find_all("article")),
    ):
        if isinstance(found, Tag):
            return found
    return soup.body or soup


def _only(tags: list) -> Tag | None:
    # Several <article>s are a listing page, not one main article.
    return tags[0] if len(tags) == 1 else None


def _drop_chrome(soup: BeautifulSoup, main: Tag) -> None:
    # A wrapper such as <div class="has-sidebar"> around the main content must survive,
    # and so must an ASP.NET-style <form> wrapping the whole page.
    keep = {id(main), *(id(parent) for parent in main.parents)}
    page_chars = len(soup.get_text())
    for tag in soup.find_all(_DROP_TAGS):
        if _decomposed(tag) or id(tag) in keep:
            continue
        if tag.name != "form" or len(tag.get_text()) < page_chars / 2:
            tag.decompose()
    for tag in soup.find_all(["header", "footer"]):
        if not _decomposed(tag) and tag.find_parent(_SECTIONING) is None:
            tag.decompose()
    for tag in soup.find_all(True):
        if not _decomposed(tag) and id(tag) not in keep and _is_chrome(tag):
            tag.decompose()
    for node in soup.find_all(string=True):
        # Comments, doctypes, CDATA and processing instructions are not page text.
        if type(node) is not NavigableString:
            node.extract()


def _decomposed(tag: Tag) -> bool:
    """``tag.decomposed`` in O(1). bs4's property reads ``_decomposed`` with getattr, and on a
    tag that lacks it ``Tag.__getattr__`` searches the whole subtree for a child tag of that
    name: quadratic in nesting depth (20,000 nested divs took 75 s)."""
    return vars(tag).get("_decomposed", False)


def _is_chrome(tag: Tag) -> bool:
    if tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).lower() == "true":
        return True
    if re.search(r"display\s*:\s*none", str(tag.get("style", "")), re.IGNORECASE):
        return True
    if str(tag.get("role", "")).lower() in _DROP_ROLES:
        return True
    classes = tag.get("class") or []
    words = " ".join([str(tag.get("id", "")), *map(str, classes), str(tag.get("aria-label", ""))])
    if not words.strip():
        return False
    lowered = words.lower()
    if any(sub in lowered for sub in _CHROME_SUBSTRINGS):
        return True
    tokens = set(_TOKEN_SPLIT.split(_CAMEL_BOUNDARY.sub(" ", words).lower()))
    return not tokens.isdisjoint(_CHROME_TOKENS)


def _squash(text: str) -> str:
    return " ".join(text.split())


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_PARAGRAPHS = frozenset(
    ("p", "ul", "ol", "dl", "table", "pre", "blockquote", "figure", "hr", *_HEADINGS)
)
_BLOCKS = _PARAGRAPHS | frozenset(
    ("address", "article", "body", "caption", "center", "dd", "details", "div", "dt", "fieldset")
    + ("figcaption", "footer", "header", "hgroup", "li", "main", "section", "summary")
    + ("tbody", "td", "tfoot", "th", "thead", "tr")
)
_WIDE = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
# CSS drops a source line break between two East Asian wide characters (CSS Text 3,
# segment breaks); a space there would split Japanese words in the index.
_WIDE_BREAK = re.compile(f"(?<=[{_WIDE}])[ \t\r\f]*\n[ \t\n\r\f]*(?=[{_WIDE}])")
_HTML_SPACE = re.compile("[ \t\n\r\f\xa0]+")
# Compared after removing spaces, arrows and punctuation, lower-cased.
_SKIP_PHRASES = frozenset(
    ("ページの先頭です", "ページの先頭へ", "ページの先頭へ戻る", "このページの先頭へ")
    + ("このページの先頭へ戻る", "ページトップへ", "ページトップへ戻る", "メニューへ")
    + ("本文へ", "本文へ移動", "本文へスキップ", "本文へジャンプ", "本文ここから", "本文ここまで")
    + ("ここから本文です", "ここまで本文です", "メインメニューへ", "ここからメニューです")
    + ("skiptomaincontent", "skiptocontent", "skipnavigation", "backtotop", "pagetop")
)
_PHRASE_NOISE = re.compile("[\\s↑▲△^ 　・。.>＞]+")


class _Lines:
    """Accumulates inline text into lines; blank lines separate paragraph-level blocks."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.inline: list[str] = []
        self.prefix = ""
        self.list_depth = 0

    def newline(self) -> None:
        line = _HTML_SPACE.sub(" ", _WIDE_BREAK.sub("", "".join(self.inline))).strip()
        self.inline = []
        if line:
            self.lines.append(self.prefix + line)
            self.prefix = ""

    def blank(self) -> None:
        self.newline()
        # Inside a list, nested lists and <p>s stay on consecutive "・" lines.
        if self.list_depth == 0 and self.lines and self.lines[-1] != "":
            self.lines.append("")


def _render(root: Tag) -> str:
    out = _Lines()
    _walk(root, out)
    out.newline()
    lines = [line for line in out.lines if _PHRASE_NOISE.sub("", line).lower() not in _SKIP_PHRASES]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _walk(node: Tag, out: _Lines) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            out.inline.append(str(child))
        elif isinstance(child, Tag):
            _walk_tag(child, out)


def _walk_tag(tag: Tag, out: _Lines) -> None:
    name = tag.name
    if name == "br":
        out.newline()
    elif name == "pre":
        out.blank()
        out.lines.extend(line.rstrip() for line in tag.get_text().strip("\n").split("\n"))
        out.blank()
    elif name == "table":
        out.blank()
        _table(tag, out)
        out.blank()
    elif name == "li":
        out.newline()
        out.prefix = "・"
        _walk(tag, out)
        out.newline()
        out.prefix = ""
    elif name in ("ul", "ol"):
        out.blank()
        out.list_depth += 1
        _walk(tag, out)
        out.list_depth -= 1
        out.blank()
    elif name in _PARAGRAPHS:
        out.blank()
        _walk(tag, out)
        out.blank()
    elif name in _BLOCKS:
        out.newline()
        _walk(tag, out)
        out.newline()
    else:
        _walk(tag, out)


def _table(table: Tag, out: _Lines) -> None:
    if table.caption is not None:
        out.lines.append(_cell_text(table.caption))
    for row in table.find_all("tr"):
        if row.find_parent("table") is not table:
            continue  # a nested table is flattened into its cell's text
        cells = [_cell_text(cell) for cell in row.find_all(["td", "th"], recursive=False)]
        if any(cells):
            out.lines.append("\t".join(cells))


def _cell_text(cell: Tag) -> str:
    inner = _Lines()
    _walk(cell, inner)
    inner.newline()
    # Tabs from a nested table would read as extra columns of the outer row.
    return " ".join(line.replace("\t", " ") for line in inner.lines if line)


class HtmlLoader:
    """Loads ``.html``/``.htm`` files as main text only, one block per line.

    A page whose source is longer than ``max_chars`` is refused before it is parsed:
    indexing a 20 MB spreadsheet exported as HTML (18.5 million characters of source,
    3.9 million of text) peaked at 1.6 GB and took 60 s (measured 2026-12-01), mostly
    the parse tree, so the limit on a document's text alone would not bound memory.
    """

    suffixes: tuple[str, ...] = (".html", ".htm")

    def __init__(self, max_chars: int | None = None) -> None:
        self.max_chars = max_chars

    def load(self, path: Path, doc_id: str) -> LoadedDocument:
        data = read_bytes(path, self.max_chars)
        html = decode_text(data, declared_charset(data))
        if self.max_chars is not None and len(html) > self.max_chars:
            raise DocumentTooLargeError(
                f"the HTML source has {len(html):,} characters; the limit is {self.max_chars:,} "
                "(DOCQA_MAX_DOC_CHARS): split the page or raise the limit"
            )
        try:
            text, title = extract_main_text(html)
        except RecursionError:
            raise LoaderError("the HTML is nested too deeply to read (hundreds of levels)") from None
        return LoadedDocument(doc_id=doc_id, path=path, text=text, format="html", title_hint=title)
