"""Every phrase an answer says in its own words, in Japanese and in English.

An answer is framed in the question's language (``ResolvedQuestion.language``): the
abstention texts, notices, list headings and "as of" statements come from here, while
the quoted passages, names and dates stay as the documents write them. Answerers take
their phrases only from :meth:`Messages.for_language`; a test checks that both languages
define the same templates with the same placeholders.

Templates are ``str.format`` strings. The Japanese ones are the texts docqa has always
shown; the English ones are written for readers who cannot read the Japanese around them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

LANGUAGES = ("ja", "en")


@dataclass(frozen=True)
class Messages:
    language: str
    #: Joins the parts of a sentence-level message ("" in Japanese, " " in English).
    separator: str
    # --- declining to answer (extractive) ---------------------------------------------------
    abstain: str
    closest_below: str
    no_evidence_notice: str
    unmatched_english: str
    empty_index: str
    not_in_documents: str  # {names}
    no_year: str  # {years}
    #: A yes/no question about an event in a year no unit states it in.
    no_event_in_year: str  # {years} {event}
    no_date: str
    no_number: str
    # --- single answers ---------------------------------------------------------------------
    #: The short answer set before the quotes of a plain-text reply (an OpenAI client's).
    short_answer: str  # {short}
    #: The dates quoted, in the other calendar too (「平成25年2月=2013年2月」).
    calendars: str  # {dates}
    #: A decline that shows what the documents do say.
    related_but_absent: str  # {asked}
    asked_date: str
    asked_number: str
    asked_person: str
    asked_place: str
    asked_other: str
    names_together: str
    # --- answers from the fact table ----------------------------------------------------------
    facts_notice: str
    facts_list_head: str  # {subjects} {relation} {n} {as_of}
    facts_as_of_unknown: str
    facts_date_head: str  # {relation} {verb} {dates}
    verb_signed: str
    verb_renewed: str
    facts_no_renewal: str  # {relation}
    facts_undated: str  # {subject} {partner} {relation} {marks}
    # --- editions of a series (assistant/answer/editions.py) ---------------------------------
    #: The edition an answer quotes (「（2023年度版による）」).
    edition_quoted: str  # {edition}
    #: Another edition's statement of the same thing with other figures, and its citation.
    edition_differs: str  # {edition} {quote} {n}
    #: How names, years and dates are listed inside a message.
    quote_open: str
    quote_close: str
    list_separator: str
    year_suffix: str

    @classmethod
    def for_language(cls, language: str) -> Messages:
        """The phrases of ``language`` (``"ja"`` or ``"en"``; anything else: Japanese)."""
        return ENGLISH if language == "en" else JAPANESE

    def names(self, names: list[str]) -> str:
        """「A」、「B」 or “A”, “B”."""
        return self.list_separator.join(f"{self.quote_open}{n}{self.quote_close}" for n in names)

    def years(self, years: tuple[int, ...] | list[int]) -> str:
        return self.list_separator.join(f"{y}{self.year_suffix}" for y in years)

    def join(self, items: list[str]) -> str:
        return self.list_separator.join(items)

    def declined(self, reason: str | None, has_passages: bool) -> str:
        """The text of an answer that declines: why, and where to look instead."""
        parts = [self.abstain, reason or "", self.closest_below if has_passages else ""]
        return self.separator.join(p for p in parts if p)


JAPANESE = Messages(
    language="ja",
    separator="",
    abstain="ご質問に答える根拠が、索引済みの文書の中に見つかりませんでした。",
    closest_below="関連しそうな箇所を下に示します。",
    no_evidence_notice="根拠が見つかりません",
    unmatched_english=(
        "英語の質問の語句を文書の用語に対応づけられませんでした(The English question could not be matched to "
        "the documents' Japanese terms; please ask with Japanese key words, e.g. 覚書, 姉妹都市)。"
    ),
    empty_index="索引が空か、質問に合う箇所がありません。",
    not_in_documents="{names}に関する記述は索引済みの文書にありません。",
    no_year="{years}(度)についての記述が見つかりません。",
    no_event_in_year="{years}(度)に{event}したという記述は見つかりません。",
    no_date="質問の日付を述べた箇所が見つかりません。",
    no_number="質問の数値を述べた箇所が見つかりません。",
    short_answer="答え: {short}",
    calendars="（{dates}）",
    related_but_absent="関連する記述は次のとおりですが、{asked}の記載は見つかりません。",
    asked_date="日付",
    asked_number="数値",
    asked_person="人物名",
    asked_place="場所",
    asked_other="ご質問の事項",
    names_together="質問の名称をすべて含む記述が見つかりません。",
    facts_notice="この一覧は索引済みの文書に書かれた協定・覚書等から作成しています(各文書の発行時点の情報です)。",
    facts_list_head="{subjects}の{relation}の相手は、索引済みの文書に記載のある限り次の{n}件です({as_of}の発行時点の記載)。",
    facts_as_of_unknown="各文書",
    facts_date_head="{relation}の{verb}は{dates}です。",
    verb_signed="締結",
    verb_renewed="更新・延長",
    facts_no_renewal="索引済みの文書には、この{relation}の更新・延長の記載が見つかりません。",
    facts_undated="文書には{subject}と{partner}の{relation}の記載はありますが、その日付は書かれていません。{marks}",
    edition_quoted="（{edition}版による）",
    edition_differs="（{edition}版では「{quote}」[{n}]）",
    quote_open="「",
    quote_close="」",
    list_separator="、",
    year_suffix="年",
)

ENGLISH = Messages(
    language="en",
    separator=" ",
    abstain="No supporting evidence for this question was found in the indexed documents.",
    closest_below="The closest passages are shown below.",
    no_evidence_notice="No supporting evidence found",
    unmatched_english=(
        "The question's words could not be matched to the Japanese terms of the documents; "
        "try naming the place or the agreement as the documents do (e.g. 覚書, 姉妹都市)."
    ),
    empty_index="The index is empty, or no passage matches the question.",
    not_in_documents="The indexed documents say nothing about {names}.",
    no_year="Nothing was found about {years} (calendar or fiscal year).",
    no_event_in_year="No passage says that it happened ({event}) in {years}.",
    no_date="No passage states the date asked for.",
    no_number="No passage states the number asked for.",
    short_answer="Answer: {short}",
    calendars="({dates})",
    related_but_absent="The documents say the following, but they do not state the {asked}.",
    asked_date="date",
    asked_number="number",
    asked_person="person's name",
    asked_place="place",
    asked_other="thing asked for",
    names_together="No passage names all of the places or bodies asked about.",
    facts_notice=(
        "This list is built from the agreements and memoranda stated in the indexed documents "
        "(as of each document's publication)."
    ),
    facts_list_head=(
        "As far as the indexed documents state, these are the {n} partners of {subjects} for {relation} "
        "(as stated in documents published {as_of}):"
    ),
    facts_as_of_unknown="at various dates",
    facts_date_head="The {relation} was {verb} on {dates}.",
    verb_signed="signed",
    verb_renewed="renewed or extended",
    facts_no_renewal="The indexed documents do not mention a renewal or extension of this {relation}.",
    facts_undated="The documents mention the {relation} between {subject} and {partner}, but not its date. {marks}",
    edition_quoted="(From the {edition} edition.)",
    edition_differs="(The {edition} edition says “{quote}” [{n}].)",
    quote_open="“",
    quote_close="”",
    list_separator=", ",
    year_suffix="",
)


def templates(messages: Messages) -> dict[str, str]:
    """The message templates by field name (for checks that both languages agree)."""
    return {f.name: getattr(messages, f.name) for f in fields(messages)}
