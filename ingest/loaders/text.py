"""Plain-text and Markdown loading, and the byte-decoding shared with the HTML loader.

Japanese municipal files arrive as UTF-8 (with or without a BOM), Shift_JIS (really
CP932, Windows' superset) or EUC-JP. ``decode_text`` tries strict decoders in that
order and only asks charset-normalizer to arbitrate when the strict decoders are
ambiguous or all fail, because strict decoding is exact whenever it is unambiguous
and statistical detection is not.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from ingest.core.errors import BinaryFileError, LoaderError
from ingest.core.models import LoadedDocument
from ingest.limits import check_text_bytes

TITLE_MAX_CHARS = 80

# Share of control characters above which decoded "text" is really binary data.
_MAX_CONTROL_RATIO = 0.05
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1b")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_JIS_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b(I")
_HALFWIDTH_KATAKANA = re.compile("[\uff61-\uff9f]")
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_GARBLED = re.compile(
    "[\x80-\xff\u0100-\u024f\u0300-\u036f\u0530-\u0eff\ua000-\ua4cf\ue000-\uf8ff\ufffd]"
)
_MD_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def read_bytes(path: Path, max_chars: int | None = None) -> bytes:
    """Read a whole file; any OS error becomes a LoaderError with the reason.

    With ``max_chars``, a file too large to decode to at most that many characters is
    refused from its size, before it is read: a 190 MB text took 47.5 s and 600 MB to be
    decoded and only then refused (measured 2026-12-01).
    """
    try:
        if max_chars is not None:
            check_text_bytes(path.stat().st_size, max_chars)
        return path.read_bytes()
    except OSError as exc:
        raise LoaderError(f"cannot read file: {exc.strerror or exc}") from exc


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode bytes that should be text, or raise BinaryFileError.

    ``declared`` is an encoding the container names (an HTML meta charset); it is used
    when it decodes strictly and ignored otherwise, since declarations are often wrong.
    A UTF-8 BOM is stripped. Line endings are left alone (see ``normalise_newlines``).
    """
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BinaryFileError("looks like a binary file (contains NUL bytes), not text")
    text = _decode(data, declared)
    if text is None:
        raise BinaryFileError(
            "looks like a binary file (undecodable as any Japanese text encoding), not text"
        )
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        raise BinaryFileError("looks like a binary file (mostly control characters), not text")
    return text


def _decode(data: bytes, declared: str | None) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding)
    if declared and (text := _strict(data, declared)) is not None:
        return text
    # ISO-2022-JP is 7-bit, so UTF-8 would "succeed" and keep the escape codes.
    is_jis = data.isascii() and any(escape in data for escape in _JIS_ESCAPES)
    if is_jis and (text := _strict(data, "iso2022_jp")) is not None:
        return text
    if (text := _strict(data, "utf-8")) is not None:
        return text
    candidates = {enc: t for enc in ("cp932", "euc_jp") if (t := _strict(data, enc)) is not None}
    if len(candidates) == 1:
        return next(iter(candidates.values()))
    if len(candidates) == 2:
        return candidates[_arbitrate_cp932_eucjp(data, candidates)]
    best = from_bytes(data).best()
    return str(best) if best is not None else None


def _arbitrate_cp932_eucjp(data: bytes, candidates: dict[str, str]) -> str:
    """Pick between two strict decodings of the same bytes.

    EUC-JP bytes nearly always also decode as CP932, as runs of half-width katakana
    (every EUC-JP byte in 0xA1-0xDF is one such character), so that pattern decides
    before charset-normalizer is consulted.
    """
    sjis_kana = len(_HALFWIDTH_KATAKANA.findall(candidates["cp932"]))
    euc_kana = len(_HALFWIDTH_KATAKANA.findall(candidates["euc_jp"]))
    if sjis_kana > 2 * euc_kana + 3:
        return "euc_jp"
    best = from_bytes(data, cp_isolation=["cp932", "euc_jp"]).best()
    if best is not None and best.encoding in ("euc_jp", "euc-jp"):
        return "euc_jp"
    return "cp932"


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(
        1 for ch in text if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    return controls / len(text)


def looks_garbled(text: str) -> bool:
    """True when over 30% of the non-space characters come from implausible scripts.

    Meant for text extracted from PDFs and metadata, where a font without a usable
    Unicode map yields Yi syllables (EUC-JP codes), combining marks (raw CIDs) or
    Latin-1 letters (GBK bytes) instead of Japanese.
    """
    visible = [ch for ch in text if not ch.isspace()]
    suspect = sum(1 for ch in visible if _GARBLED.match(ch))
    return suspect >= 3 and suspect > 0.3 * len(visible)


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def first_short_line(text: str, max_chars: int = TITLE_MAX_CHARS) -> str | None:
    """The first non-empty line, stripped, if it is at most ``max_chars`` long."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            return line if len(line) <= max_chars else None
    return None


def markdown_title(text: str) -> str | None:
    """The first ATX heading outside code fences, else ``first_short_line``."""
    in_fence = False
    for line in text.split("\n"):
        if _MD_FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and (match := _MD_HEADING.match(line)):
            return match.group(1).strip()
    return first_short_line(text)


class TextLoader:
    """Loads ``.txt`` and ``.md`` files: decoded, newlines normalised, nothing else changed."""

    suffixes: tuple[str, ...] = (".txt", ".md")

    def __init__(self, max_chars: int | None = None) -> None:
        self.max_chars = max_chars

    def load(self, path: Path, doc_id: str) -> LoadedDocument:
        text = normalise_newlines(decode_text(read_bytes(path, self.max_chars)))
        is_markdown = path.suffix.lower() == ".md"
        return LoadedDocument(
            doc_id=doc_id,
            path=path,
            text=text,
            format="markdown" if is_markdown else "text",
            title_hint=markdown_title(text) if is_markdown else first_short_line(text),
        )
