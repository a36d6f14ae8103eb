"""The catalogue of bad inputs for ``docqa ingest``, and what ingest must make of each.

Every :class:`BadInput` writes its files into a folder of its own and states, per
file, one expected outcome, each of which is *named* in the ingest summary:

* ``indexed``: a document with the expected text (``contains``) and none of the
  text that must never reach the index (``absent``);
* ``refused``: an entry in the summary's ``failed`` list whose one-line message
  contains ``message``;
* ``skipped``: a warning that names the path and contains ``message``;
* ``named``: any of the three (for third-party files whose outcome we do not
  prescribe, such as the edge-case PDFs in ``../shared``).

Small hand-written inputs are checked in under ``tests/corpus_bad/``; the rest
(random bytes, hostile PDFs, a 1,000-page PDF, a 50 MB text) are generated here,
deterministically. ``eval.robustness.runner`` ingests them and counts the outcomes.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from eval import officegen
from eval.robustness import pdfgen

REPO = Path(__file__).resolve().parents[2]
CHECKED_IN = REPO / "tests" / "corpus_bad"
EXTERNAL_PDFS = REPO.parent / "shared" / "external" / "pdfs"
SEED = 20261201

OUTCOMES = ("indexed", "refused", "skipped", "named")


@dataclass(frozen=True)
class Expect:
    outcome: str
    message: str = ""
    contains: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}")


@dataclass(frozen=True)
class BadInput:
    """One bad input: ``make(folder, outside)`` writes its files into ``folder``.

    ``outside`` is a folder that is *not* given to ingest, for links that point out
    of bounds. ``expect`` maps each file's path relative to ``folder`` to its outcome.
    """

    name: str
    description: str
    make: Callable[[Path, Path], None]
    expect: dict[str, Expect]
    slow: bool = False
    tags: tuple[str, ...] = field(default=())


def _rng(name: str) -> random.Random:
    return random.Random(f"{SEED}:{name}")


def _write(files: dict[str, bytes]) -> Callable[[Path, Path], None]:
    def make(folder: Path, _outside: Path) -> None:
        for name, data in files.items():
            (folder / name).write_bytes(data)

    return make


def _random_bytes(*names: str, size: int = 65536) -> Callable[[Path, Path], None]:
    def make(folder: Path, _outside: Path) -> None:
        for name in names:
            (folder / name).write_bytes(_rng(name).randbytes(size))

    return make


def _checked_in(*names: str) -> Callable[[Path, Path], None]:
    def make(folder: Path, _outside: Path) -> None:
        for name in names:
            shutil.copyfile(CHECKED_IN / name, folder / name)

    return make


def _bomb(folder: Path, _outside: Path) -> None:
    (folder / "bomb.pdf").write_bytes(pdfgen.bomb_pdf(gigabytes=2))


def _truncated_pdf(folder: Path, _outside: Path) -> None:
    pages = [[f"Truncated report page {n}", "budget figures follow"] for n in range(1, 9)]
    data = pdfgen.text_pdf(pages)
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 2])


def _encrypted_pdf(folder: Path, _outside: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(folder / "encrypted.pdf"), encrypt=StandardEncryption("secret", "owner", strength=128))
    pdf.drawString(72, 750, "Password protected minutes")
    pdf.showPage()
    pdf.save()


def _image_only_pdf(folder: Path, _outside: Path) -> None:
    pixels = bytes(_rng("image").randrange(256) for _ in range(64 * 64))
    (folder / "scan.pdf").write_bytes(
        pdfgen.pdf_bytes(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /XObject << /Im 5 0 R >> >> /Contents 4 0 R >>"),
                pdfgen.stream(b"q 400 0 0 400 90 300 cm /Im Do Q"),
                pdfgen.stream(
                    pixels,
                    b"/Type /XObject /Subtype /Image /Width 64 /Height 64 "
                    b"/ColorSpace /DeviceGray /BitsPerComponent 8 ",
                ),
            ]
        )
    )


def _thousand_pages(folder: Path, _outside: Path) -> None:
    pages = [[f"Long export page {n} ledger entry {n * 7919 % 10007}"] * 12 for n in range(1, 1001)]
    pages[-1] = ["Final page marker zebracorn"]
    (folder / "thousand_pages.pdf").write_bytes(pdfgen.text_pdf(pages))


def _big_text(folder: Path, _outside: Path) -> None:
    """50 MB of Japanese lines on topics the corpus never mentions."""
    rng = _rng("big")
    subjects = ("図書館", "公民館", "体育館", "美術館", "児童館", "郷土資料館")
    actions = ("開館時間を延長した", "蔵書点検を行った", "休館日を変更した", "講座を開いた")
    with open(folder / "export_50mb.txt", "w", encoding="utf-8") as fh:
        written, line_no = 0, 0
        while written < 50 * 1024 * 1024:
            line_no += 1
            line = f"記録{line_no}:{rng.choice(subjects)}は第{rng.randrange(1, 99)}回目の{rng.choice(actions)}。\n"
            fh.write(line)
            written += len(line.encode("utf-8"))


def _html_export(folder: Path, _outside: Path) -> None:
    """A 20 MB spreadsheet saved as HTML: one table, 155,000 rows."""
    rng = _rng("html-export")
    with open(folder / "export_20mb.html", "w", encoding="utf-8") as fh:
        fh.write("<html><head><meta charset='utf-8'></head><body><table>\n")
        written, n = 0, 0
        while written < 20 * 1024 * 1024:
            row = (f"<tr><td class='xl65'>{n}</td><td class='xl66'>区民会館{rng.randrange(100)}</td>"
                   f"<td class='xl67'>{rng.randrange(10**6)}</td><td class='xl68'>備考なし</td></tr>\n")
            fh.write(row)
            written, n = written + len(row.encode("utf-8")), n + 1
        fh.write("</table></body></html>\n")


def _symlink_loop(folder: Path, _outside: Path) -> None:
    (folder / "notice.txt").write_text("粗大ごみの収集は予約制です。\n", encoding="utf-8")
    sub = folder / "sub"
    sub.mkdir()
    (sub / "back").symlink_to(folder, target_is_directory=True)
    (folder / "self").symlink_to(".", target_is_directory=True)
    (folder / "again.txt").symlink_to(folder / "again.txt")


def _links_outside(folder: Path, outside: Path) -> None:
    (outside / "secret.txt").write_text("部外秘の人事評価 OUTSIDE-SECRET\n", encoding="utf-8")
    (folder / "inside.txt").write_text("防犯灯の設置は町内会が申請します。\n", encoding="utf-8")
    (folder / "secret.txt").symlink_to(outside / "secret.txt")
    (folder / "outdir").symlink_to(outside, target_is_directory=True)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "up.txt").symlink_to(os.path.relpath(outside / "secret.txt", folder))


def _fifo(folder: Path, _outside: Path) -> None:
    os.mkfifo(folder / "pipe.txt")
    (folder / "beside.txt").write_text("ゴミ出しの時間は朝八時までです。\n", encoding="utf-8")


def _write_raw(path: bytes, text: str) -> None:
    with open(path, "wb") as fh:
        fh.write(text.encode("utf-8"))


#: File and folder names as unzipping a Windows archive leaves them (not UTF-8).
_SJIS_FILE = "お知らせ.txt".encode("cp932")
_EUC_FILE = "議事録.md".encode("euc_jp")
_SJIS_FOLDER = "資料".encode("cp932")


def _non_utf8_names(folder: Path, _outside: Path) -> None:
    raw = os.fsencode(folder)
    _write_raw(raw + b"/" + _SJIS_FILE, "図書館は午後八時まで開館します。\n")
    _write_raw(raw + b"/" + _EUC_FILE, "議事録の本文です。\n")
    os.mkdir(raw + b"/" + _SJIS_FOLDER)
    _write_raw(raw + b"/" + _SJIS_FOLDER + b"/in-sjis-folder.txt", "フォルダ名だけが Shift_JIS です。\n")
    (folder / "utf8-beside-sjis.txt").write_text("この文書の名前は UTF-8 です。駐輪場は駅の北口にあります。\n", encoding="utf-8")


#: A corpus document's name with other text, and a byte-identical copy of another, in a
#: second folder: the index holds both names already (from the corpus, an earlier run).
_CLASHING = "osaka-env-intl-cooperation-page-2024.txt"
_COPIED = "kawasaki-water-intl-business-policy-2021.txt"


def _same_names(folder: Path, _outside: Path) -> None:
    (folder / _CLASHING).write_text("大阪市はどの都市とも覚書を締結していない。CLASH-TEXT\n", encoding="utf-8")
    shutil.copyfile(REPO / "corpus" / _COPIED, folder / _COPIED)
    shutil.copyfile(REPO / "corpus" / "manifest.json", folder / "manifest.json")


_MANIFESTS = {
    "string": '"documents"',
    "documents-object": '{"documents": {}}',
    "list-with-string": '["manifest-list-with-string.txt", {"file": 1}]',
    "nested-100k": "[" * 100_000 + "]" * 100_000,
    "title-1mb": '[{"file": "manifest-title-1mb.txt", "title": "' + "題" * 1_000_000 + '"}]',
    "10k-bad-entries": "[" + ",".join(["{}"] * 10_000) + "]",
}


def _manifest_shapes(folder: Path, _outside: Path) -> None:
    for name, manifest in _MANIFESTS.items():
        sub = folder / name
        sub.mkdir()
        (sub / "manifest.json").write_text(manifest, encoding="utf-8")
        (sub / f"manifest-{name}.txt").write_text(f"{name} の文書です。ごみの収集日は火曜日です。\n", encoding="utf-8")


def _hidden_names(folder: Path, _outside: Path) -> None:
    (folder / ".hidden-notice.txt").write_text("隠しファイルの本文 HIDDEN-FILE\n", encoding="utf-8")
    (folder / ".private").mkdir()
    (folder / ".private" / "inside-hidden.txt").write_text("隠しフォルダの本文 HIDDEN-FOLDER\n", encoding="utf-8")
    (folder / "visible-beside-hidden.txt").write_text("見える文書です。投票所は市民会館です。\n", encoding="utf-8")


_SHIFT_JIS = "市立中央図書館は、令和6年4月から開館時間を午後8時まで延長します。"
_EUC_JP = "水道料金の検針は、二か月に一度、検針員が各家庭を訪問して行います。"
_HTML_PAYLOADS = tuple(
    f"{part}-PAYLOAD"
    for part in (
        "STYLE", "BODY-ONLOAD", "NAV", "H1-ONCLICK", "P-MOUSEOVER", "IMG-ONERROR", "ALT",
        "INLINE-SCRIPT", "IFRAME", "LINK", "SVG", "SVG-SCRIPT", "NOSCRIPT", "TEMPLATE",
        "COMMENT", "TAIL-SCRIPT",
    )
) + ("SCRIPT-INJECTED-TEXT", "evil.example", "javascript:", "alert(", "document.cookie")

def _made(files: Callable[[], dict[str, bytes]]) -> Callable[[Path, Path], None]:
    """Files made when the entry runs (Word and Excel packages are built on the spot)."""

    def make(folder: Path, _outside: Path) -> None:
        for name, data in files().items():
            (folder / name).write_bytes(data)

    return make


_WORD = [("第1章 概要", ["みどり公園の開園時間は午前9時から午後5時までです。"])]

CATALOGUE: tuple[BadInput, ...] = (
    BadInput("zero_byte", "a zero-byte .txt and a zero-byte .pdf",
             _write({"empty.txt": b"", "empty.pdf": b""}),
             {"empty.txt": Expect("refused", "empty file"), "empty.pdf": Expect("refused", "empty file")}),
    BadInput("whitespace_only", "a .txt of spaces, tabs and blank lines",
             _write({"blank.txt": b" \t\n\n\xe3\x80\x80\n" * 100}),
             {"blank.txt": Expect("refused", "no extractable text")}),
    BadInput("truncated_pdf", "the first half of an 8-page PDF (no xref, no trailer)",
             _truncated_pdf, {"truncated.pdf": Expect("named")}),
    BadInput("broken_xref_pdf", "a PDF whose cross-reference table points every object at byte 0",
             _write({"broken_xref.pdf": pdfgen.text_pdf([["Broken xref minutes", "road repair schedule"]], broken_xref=True)}),
             {"broken_xref.pdf": Expect("indexed", contains=("road repair schedule",))}),
    BadInput("encrypted_pdf", "a PDF with a user password (RC4-128)",
             _encrypted_pdf, {"encrypted.pdf": Expect("refused", "encrypted PDF")}),
    BadInput("image_only_pdf", "one page holding only a grey-scale image, no text layer",
             _image_only_pdf, {"scan.pdf": Expect("refused", "no extractable text")}),
    BadInput("decompression_bomb_pdf", "a cover page, then a content stream that inflates to 2 GiB (2 MB on disk)",
             _bomb,
             {"bomb.pdf": Expect("indexed", "Limit reached while decompressing", contains=("Decompression bomb cover page",))}),
    BadInput("object_loop_pdf", "a form XObject that draws itself through its own resources",
             _write({"form_loop.pdf": pdfgen.looping_pdf(page_tree=False)}),
             {"form_loop.pdf": Expect("indexed", "cyclic form XObject", contains=("Looping objects page",))}),
    BadInput("page_tree_loop_pdf", "a page tree that lists itself among its kids",
             _write({"tree_loop.pdf": pdfgen.looping_pdf(page_tree=True)}),
             {"tree_loop.pdf": Expect("refused", "cyclic page references")}),
    BadInput("thousand_page_pdf", "a 1,000-page PDF (1.3 MB, 12 lines a page)",
             _thousand_pages, {"thousand_pages.pdf": Expect("indexed", contains=("Long export page 1 ", "zebracorn"))},
             slow=True),
    BadInput("random_bytes", "64 KiB of random bytes named .pdf, .txt, .md and .html",
             _random_bytes("random.pdf", "random.txt", "random.md", "random.html"),
             {"random.pdf": Expect("refused", "malformed PDF"), "random.txt": Expect("refused", "binary file"),
              "random.md": Expect("refused", "binary file"), "random.html": Expect("refused", "binary file")}),
    BadInput("shift_jis_text", "Shift_JIS (CP932) text with ① and ㈱",
             _checked_in("shift_jis.txt"), {"shift_jis.txt": Expect("indexed", contains=(_SHIFT_JIS, "①", "㈱"))}),
    BadInput("euc_jp_text", "a short EUC-JP text",
             _checked_in("euc_jp.txt"), {"euc_jp.txt": Expect("indexed", contains=(_EUC_JP,))}),
    BadInput("other_japanese_encodings", "UTF-16 with a BOM and ISO-2022-JP (7-bit JIS, as mailers send it)",
             _write({"utf16.txt": "UTF-16の文書です。会議は午後三時に始まります。\n".encode("utf-16"),
                     "jis.txt": "ISO-2022-JPの文書です。受付は二階です。\n".encode("iso2022_jp")}),
             {"utf16.txt": Expect("indexed", contains=("会議は午後三時に始まります。",)),
              "jis.txt": Expect("indexed", contains=("受付は二階です。",))}),
    BadInput("one_long_line", "a 2 MB Markdown file that is one line with no punctuation",
             _write({"oneline.md": ("長い行" * 233_000 + "終端の目印").encode("utf-8")}),
             {"oneline.md": Expect("indexed", contains=("終端の目印",))}),
    BadInput("mixed_line_endings", "CRLF, lone CR and LF in one file",
             _checked_in("mixed_line_endings.txt"),
             {"mixed_line_endings.txt": Expect("indexed", contains=("を実施しています。\n自主防災組織",), absent=("\r",))}),
    BadInput("text_50mb", "a 50 MB UTF-8 text export (20 million characters)",
             _big_text, {"export_50mb.txt": Expect("refused", "DOCQA_MAX_DOC_CHARS")}, slow=True),
    BadInput("html_export_20mb", "a 20 MB spreadsheet saved as HTML (18.5 million characters of markup)",
             _html_export, {"export_20mb.html": Expect("refused", "DOCQA_MAX_DOC_CHARS")}, slow=True),
    BadInput("html_deep_nesting", "an HTML page of 100,000 nested <div>s (1.1 MB)",
             _write({"deep.html": b"<html><body>" + b"<div>" * 100_000 + "深い入れ子".encode() + b"</div>" * 100_000 + b"</body></html>"}),
             {"deep.html": Expect("refused", "nested too deeply")}),
    BadInput("html_scripts", "an HTML page full of scripts, inline event handlers and javascript: links",
             _checked_in("scripts_and_handlers.html"),
             {"scripts_and_handlers.html": Expect("indexed", contains=("燃やすごみは毎週月曜日と木曜日に収集します。",), absent=_HTML_PAYLOADS)}),
    BadInput("japanese_file_name", "a file name with Japanese characters and spaces",
             _checked_in("令和6年度 市民 アンケート 結果.txt"),
             {"令和6年度 市民 アンケート 結果.txt": Expect("indexed", contains=("七割が公園の整備に満足",))}),
    BadInput("symlink_loop", "a folder with links back to itself and to its parent, and a .txt linked to itself",
             _symlink_loop,
             {"notice.txt": Expect("indexed", contains=("粗大ごみ",)), "sub/back": Expect("skipped", "linked folder"),
              "self": Expect("skipped", "linked folder"), "again.txt": Expect("skipped", "broken or looping link")}),
    BadInput("links_outside", "links to a file and a folder outside the given folder, to /etc/passwd, and a relative ../ link",
             _links_outside,
             {"inside.txt": Expect("indexed", contains=("防犯灯",)),
              "secret.txt": Expect("skipped", "link points outside"), "outdir": Expect("skipped", "linked folder"),
              "passwd.txt": Expect("skipped", "link points outside"), "up.txt": Expect("skipped", "link points outside")},
             tags=("outside",)),
    BadInput("word_and_excel", "a .docx with a heading and a table, an .xlsx with merged cells (positive controls)",
             _made(lambda: {
                 "guide.docx": officegen.docx_bytes("公園の案内", _WORD, [["施設名", "定員"], ["ひかり会館", "120人"]]),
                 "halls.xlsx": officegen.xlsx_bytes({"施設": [["施設名", "区"], ["そら会館", "中央区"], ["うみ会館", None]]},
                                                    merges={"施設": ["B2:B3"]}),
             }),
             {"guide.docx": Expect("indexed", contains=("午前9時から午後5時", "ひかり会館\t120人")),
              "halls.xlsx": Expect("indexed", contains=("うみ会館\t中央区",))}),
    BadInput("office_zip_bombs", "a .docx and an .xlsx each with one part that unpacks to 600 MB of zeros (about 0.6 MB on disk)",
             _made(lambda: {"bomb.docx": officegen.zip_bomb("docx", 600), "bomb.xlsx": officegen.zip_bomb("xlsx", 600)}),
             {"bomb.docx": Expect("refused", "a zip bomb"), "bomb.xlsx": Expect("refused", "a zip bomb")}),
    BadInput("truncated_xlsx", "the first half of an .xlsx (no zip directory)",
             _made(lambda: {"half.xlsx": officegen.truncated(officegen.xlsx_bytes({"表": [["施設", "定員"], ["会館", "80人"]]}))}),
             {"half.xlsx": Expect("refused", "malformed Excel file")}),
    BadInput("office_entity_expansion", "a .docx and an .xlsx whose XML declares a billion-laughs DTD",
             _made(lambda: {"laughs.docx": officegen.entity_bomb("docx"), "laughs.xlsx": officegen.entity_bomb("xlsx")}),
             {"laughs.docx": Expect("refused", "declares XML entities"), "laughs.xlsx": Expect("refused", "declares XML entities")}),
    BadInput("truncated_docx", "the first half of a .docx (no zip directory)",
             _made(lambda: {"half.docx": officegen.truncated(officegen.docx_bytes("途中", _WORD))}),
             {"half.docx": Expect("refused", "malformed Word file")}),
    BadInput("old_and_locked_office", "an old binary .doc and .xls, a password-protected .docx and an 一太郎 .jtd",
             _made(lambda: {
                 "old.doc": officegen.ole_file({"WordDocument": b"x"}), "old.xls": officegen.ole_file({"Workbook": b"x"}),
                 "locked.docx": officegen.ole_file({"EncryptionInfo": b"x", "EncryptedPackage": b"y"}),
                 "report.jtd": officegen.ole_file({"DocumentText": b"x"}),
             }),
             {"old.doc": Expect("refused", ".docx または PDF で保存してください"),
              "old.xls": Expect("refused", ".docx または PDF で保存してください"),
              "locked.docx": Expect("refused", "password-protected"),
              "report.jtd": Expect("refused", "一太郎")}),
    BadInput("fifo", "a named pipe called pipe.txt (reading it blocks until a writer appears)",
             _fifo, {"pipe.txt": Expect("skipped", "not a regular file"), "beside.txt": Expect("indexed", contains=("朝八時",))}),
    BadInput("non_utf8_names", "file names in Shift_JIS and EUC-JP and a Shift_JIS folder (an unzipped Windows archive), beside a UTF-8 name",
             _non_utf8_names,
             {os.fsdecode(_SJIS_FILE): Expect("refused", "not valid UTF-8 (as Shift_JIS it reads 'お知らせ.txt')"),
              os.fsdecode(_EUC_FILE): Expect("refused", "not valid UTF-8"),
              os.fsdecode(_SJIS_FOLDER + b"/in-sjis-folder.txt"): Expect("refused", "name of a folder on its path is not valid UTF-8"),
              "utf8-beside-sjis.txt": Expect("indexed", contains=("駐輪場は駅の北口",))}),
    BadInput("same_name_across_runs", "a corpus document's name with other text, and a copy of another corpus document, in another folder",
             _same_names,
             {_CLASHING: Expect("refused", "already indexed from"), _COPIED: Expect("skipped", "the same as")}),
    BadInput("manifest_shapes", "manifests that are a string, an object of documents, a list holding a string, 100,000 deep, a 1 MB title, 10,000 bad entries",
             _manifest_shapes,
             {**{f"{name}/manifest.json": Expect("skipped", "ignored") for name in _MANIFESTS},
              **{f"{name}/manifest-{name}.txt": Expect("indexed", contains=("ごみの収集日は火曜日",), absent=("題題題",))
                 for name in _MANIFESTS}}),
    BadInput("hidden_names", "a file and a folder whose names begin with a dot, beside a visible file",
             _hidden_names,
             {".hidden-notice.txt": Expect("skipped", "begins with a dot"), ".private": Expect("skipped", "begins with a dot"),
              "visible-beside-hidden.txt": Expect("indexed", contains=("投票所は市民会館",))}),
)

#: What pypdf 7.1 is known to get from the positive controls among the external PDFs.
_EXTERNAL_TEXT = {
    "ja_pdfjs_issue16063_identityH_tounicode.pdf": "電線接続端子部",
    "ja_pdfjs_javauninstall-7r.pdf": "コントロールパネル",
    "ja_pdfjs_noembed-sjis.pdf": "あいうえお",
}


def external_inputs(folder: Path = EXTERNAL_PDFS) -> tuple[BadInput, ...]:
    """One BadInput per edge-case PDF in ``../shared`` (empty when it is absent).

    The files are copied into the run's temporary folder, never into the repository.
    """
    if not folder.is_dir():
        return ()
    inputs = []
    for path in sorted(folder.glob("*.pdf")):
        fragment = _EXTERNAL_TEXT.get(path.name)
        expect = Expect("indexed", contains=(fragment,)) if fragment else Expect("named")
        inputs.append(
            BadInput(
                f"external:{path.stem}",
                f"../shared/external/pdfs/{path.name}",
                lambda f, o, path=path: shutil.copyfile(path, f / path.name),
                {path.name: expect},
                tags=("external",),
            )
        )
    return tuple(inputs)


def select(*, slow: bool, external: bool = False) -> tuple[BadInput, ...]:
    """The catalogue, without the slow entries unless ``slow``, plus the external PDFs if asked."""
    chosen = tuple(e for e in CATALOGUE if slow or not e.slow)
    return chosen + (external_inputs() if external else ())
