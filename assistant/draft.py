"""An answer as a staff member pastes it into a council answer (答弁) draft.

One source per distinct passage: citations that quote the same passage are one source with
several quotations, numbered in the order the answer first cites them, and the answer's
markers are renumbered to match (``[4][5][6]`` of one passage become ``［3］``; a marker that
indexes no citation is dropped). Sources of the same document are listed under one title.

Three renderings of the same :class:`Draft`: :func:`as_text` (公用文 style: full-width
brackets, 「出典：」, each passage quoted in 「」), :func:`as_markdown` (footnotes) and
:func:`as_docx` (a Word document). The chat UI shows the draft's numbering on screen too,
so what is seen, copied and downloaded agree.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.schemas import Citation
from ingest.ja.dates import japanese_date

MARKERS = re.compile(r"(?:\s*\[\d+\])+")
_MARKER = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class Quote:
    """One quoted statement of a source; ``n`` is the citation number it had in the answer."""

    text: str
    n: int
    quote_start: int | None = None
    quote_end: int | None = None


@dataclass(frozen=True)
class Source:
    """One distinct passage, numbered ``number``, with the statements quoted from it."""

    number: int
    doc: str
    passage_id: str
    title: str
    publisher: str
    published: str
    section: str
    page: int | None
    start: int
    end: int
    quotes: tuple[Quote, ...]
    #: The edition of its series the passage is from (a yearbook's 2023年度), if any.
    edition: str = ""
    #: The passage's text was recognised by OCR from a scanned page (to check against the original).
    ocr: bool = False


@dataclass(frozen=True)
class DocumentSources:
    """The sources of one document, under its title."""

    doc: str
    title: str
    publisher: str
    published: str
    sources: tuple[Source, ...]
    edition: str = ""


@dataclass(frozen=True)
class Draft:
    question: str
    answer: str  # the answer with its markers renumbered to the sources
    sources: list[Source]
    documents: list[DocumentSources] = field(default_factory=list)


def draft_of(question: str, answer: str, citations: Iterable[Citation]) -> Draft:
    """The answer's citations as sources (one per passage), the answer renumbered to them."""
    by_passage: dict[str, list[Citation]] = {}
    for c in sorted(citations, key=lambda c: c.n):
        by_passage.setdefault(c.passage_id, []).append(c)
    # Sources in the order the answer first cites them; citations not cited in it last.
    first_cited = {int(m.group(1)): m.start() for m in reversed(list(_MARKER.finditer(answer)))}
    order = sorted(by_passage.values(), key=lambda cs: min((first_cited.get(c.n, 1 << 30), c.n) for c in cs))
    # Grouping by document keeps a document's sources together and numbered consecutively.
    doc_order = list(dict.fromkeys(cs[0].doc for cs in order))
    order.sort(key=lambda cs: doc_order.index(cs[0].doc))
    sources: list[Source] = []
    number_of: dict[int, int] = {}
    for number, cs in enumerate(order, start=1):
        quotes = tuple(dict.fromkeys(Quote(c.text, c.n, c.quote_start, c.quote_end) for c in cs))
        first = cs[0]
        sources.append(
            Source(number, first.doc, first.passage_id, first.title, first.publisher, first.published,
                   first.section, first.page, first.start, first.end, _distinct_texts(quotes),
                   first.edition, any(c.ocr for c in cs))
        )
        number_of.update((c.n, number) for c in cs)
    documents = [
        DocumentSources(doc, s[0].title, s[0].publisher, s[0].published, tuple(s), s[0].edition)
        for doc in doc_order
        if (s := [x for x in sources if x.doc == doc])
    ]
    return Draft(question, renumber(answer, number_of), sources, documents)


def _distinct_texts(quotes: tuple[Quote, ...]) -> tuple[Quote, ...]:
    """A statement quoted twice, or inside another quote of the same passage, is quoted once."""
    kept = [q for q in quotes if not any(o.text != q.text and q.text in o.text for o in quotes)]
    return tuple({q.text: q for q in kept}.values())


def renumber(answer: str, number_of: dict[int, int]) -> str:
    """Markers ``[n]`` replaced by ``[number_of[n]]``; a run of markers keeps each number once."""

    def run(match: re.Match[str]) -> str:
        numbers = dict.fromkeys(number_of[n] for n in map(int, _MARKER.findall(match.group(0))) if n in number_of)
        lead = " " if match.group(0)[:1].isspace() and numbers else ""
        return lead + "".join(f"[{n}]" for n in numbers)

    return MARKERS.sub(run, answer)


# --- renderings ----------------------------------------------------------------------------------

_FULL_WIDTH = str.maketrans({"(": "（", ")": "）"})
_COLON = re.compile(r"(?<!\d):|:(?!\d)")


#: How a source whose text was read by OCR is marked: the words may differ from the scan.
OCR_NOTE = "OCRによる読み取り"


def edition_note(edition: str, title: str) -> str:
    """「2023年度版」 for a document that is an edition of a series, unless its title names it."""
    return f"{edition}版" if edition and edition not in title else ""


def _origin(group: DocumentSources) -> str:
    """The edition (unless the title names it), publisher and date of a document, in （）."""
    edition = edition_note(group.edition, group.title or group.doc)
    parts = [p for p in (edition, group.publisher, japanese_date(group.published) if group.published else "") if p]
    return f"（{'、'.join(parts)}）" if parts else ""


def _where(source: Source) -> str:
    """Section and page of a source, 公用文 style (and whether its text was read by OCR)."""
    parts = [source.section.replace(" > ", "　") if source.section else ""]
    if source.page is not None:
        parts.append(f"{source.page}ページ")
    if source.ocr:
        parts.append(OCR_NOTE)
    return "、".join(p for p in parts if p)


def _official(text: str) -> str:
    """Half-width brackets and colons made full-width (markers become ［n］)."""
    text = re.sub(r"：\s+", "：", _COLON.sub("：", text.translate(_FULL_WIDTH)))
    return text.replace("[", "［").replace("]", "］")


_BULLET = re.compile(r"^[•・\-‐*]\s*")


def _quoted(text: str) -> str:
    """A quotation in 「」 (a list item's bullet left out); brackets inside it become 『』 as
    公用文 nests them."""
    inner = _BULLET.sub("", " ".join(text.split())).replace("「", "『").replace("」", "』")
    return f"「{inner}」"


def as_text(draft: Draft) -> str:
    """公用文 style: the answer, then 「出典：」 and each document with its numbered passages quoted."""
    lines = [_official(MARKERS.sub(lambda m: m.group(0).strip(), draft.answer))]
    if draft.documents:
        lines += ["", "出典："]
        for group in draft.documents:
            lines.append(f"　{group.title or group.doc}{_origin(group)}")
            for source in group.sources:
                where = _where(source)
                lines.append(f"　［{source.number}］{where}" if where else f"　［{source.number}］")
                lines += [f"　　{_quoted(q.text)}" for q in source.quotes]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text that Markdown shows as written (no emphasis, links or HTML made of it)."""
    return re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", text)


def as_markdown(draft: Draft) -> str:
    """Markdown: the answer with footnote markers ``[^n]``, the sources as footnotes under their
    document's title."""
    answer = re.sub(r"\\\[(\d+)\\\]", r"[^\1]", _md(draft.answer))
    lines = [answer.replace("\n", "  \n")]
    if draft.documents:
        lines += ["", "**出典**", ""]
        for group in draft.documents:
            lines.append(f"- {_md(group.title or group.doc)}{_md(_origin(group))}")
        lines.append("")
        for source in draft.sources:
            where = _where(source)
            quotes = " ".join(_md(_quoted(q.text)) for q in source.quotes)
            title = _md(source.title or source.doc)
            lines.append(f"[^{source.number}]: {title}{('、' + _md(where)) if where else ''}: {quotes}")
    return "\n".join(lines) + "\n"


#: Characters XML 1.0 cannot hold (a document's text may carry them from its PDF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def as_docx(draft: Draft) -> bytes:
    """The 公用文 draft as a Word document: the answer, then 出典 with each document and passage."""
    from docx import Document
    from docx.shared import Pt

    draft = _xml_safe(draft)
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(10.5)
    document.add_heading("回答案", level=1)
    if draft.question:
        document.add_paragraph(f"質問：{draft.question}")
    for line in _official(MARKERS.sub(lambda m: m.group(0).strip(), draft.answer)).splitlines():
        document.add_paragraph(line)
    if draft.documents:
        document.add_heading("出典", level=2)
        for group in draft.documents:
            document.add_paragraph().add_run(f"{group.title or group.doc}{_origin(group)}").bold = True
            for source in group.sources:
                where = _where(source)
                document.add_paragraph(f"［{source.number}］{where}")
                for q in source.quotes:
                    document.add_paragraph(_quoted(q.text), style="Quote")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xml_safe(draft: Draft) -> Draft:
    def clean(text: str) -> str:
        return _NOT_XML.sub("", text)

    sources = [
        Source(**{**vars(s), "doc": clean(s.doc), "title": clean(s.title), "publisher": clean(s.publisher),
                  "section": clean(s.section), "published": clean(s.published), "edition": clean(s.edition),
                  "quotes": tuple(Quote(clean(q.text), q.n, q.quote_start, q.quote_end) for q in s.quotes)})
        for s in draft.sources
    ]
    documents = [
        DocumentSources(clean(g.doc), clean(g.title), clean(g.publisher), clean(g.published),
                        tuple(x for x in sources if x.doc == clean(g.doc)), clean(g.edition))
        for g in draft.documents
    ]
    return Draft(clean(draft.question), clean(draft.answer), sources, documents)
