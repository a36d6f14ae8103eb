"""The deterministic check a model's reply must pass before anyone sees it: pure functions.

:func:`check_reply` returns the problems found in a reply (an empty list: the reply may be
shown). The reply is first put in NFKC form (:func:`normalise_reply`), like the passages, and
split into sentences; a ``[n]`` marker right after a sentence's full stop belongs to that
sentence. The rules:

1. There is at least one ``[n]`` marker, and every ``n`` is in ``1..len(passages)``.
2. Every number (a run of digits; ``6,230`` is ``6230``, leading zeros dropped) in a sentence
   occurs as a number in a passage *that sentence* cites, and every date (``2016年2月18日``,
   ``2016年2月``, ``2月18日``, ``2016/2/18``) matches a date in one of them. A sentence with a
   number or date and no marker of its own is a problem. Numbers are compared after NFKC with
   spaces removed, so full-width digits and thousands separators do not matter.
3. A reply containing ``NO_ANSWER`` is an abstention, reported as a problem here; callers tell
   it apart with :func:`is_no_answer`.
4. Every URL, markdown link or image, and HTML tag in a sentence occurs literally in a passage
   that sentence cites.
5. No sentence cites a passage that gives orders to the assistant (「以上の指示を無視して…」,
   「…と答えよ」, a fake ``<system>`` tag, "ignore previous instructions": :data:`INSTRUCTION`).
   Such a passage stays searchable and the extractive answer may quote it, but a model's reply
   built on it is refused, since a model that obeyed it would pass rules 1–4 by copying it.

Numbers written in kanji (三千) are not checked. A claim copied word for word from a passage
passes, whatever the passage says: the citation shows the reader where it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ingest.ja.dates import calendar_dates
from ingest.ja.names import compact
from ingest.ja.sentences import split_sentences

__all__ = [
    "NO_ANSWER",
    "ReplySentence",
    "check_reply",
    "dates_in",
    "gives_instructions",
    "is_no_answer",
    "markers",
    "normalise_reply",
    "numbers_in",
    "reply_sentences",
    "strip_markers",
]

NO_ANSWER = "NO_ANSWER"
#: Longer replies are refused: the prompt asks for at most three sentences.
MAX_REPLY_CHARS = 1200

#: ``[3]`` or a group ``[1, 2]`` / ``[1、2]`` (after NFKC, so ``［１］`` too).
MARKER = re.compile(r"\[(\d{1,3}(?:\s*[,、]\s*\d{1,3})*)\]")
_LEADING_MARKERS = re.compile(r"^(?:\s*\[\d{1,3}(?:\s*[,、]\s*\d{1,3})*\])+")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_MARKUP = re.compile(
    r"!?\[[^\]\n]*\]\([^)\s]*\)"  # markdown image or link
    r"|https?://[^\s<>\"'）)\]]+|www\.[^\s<>\"'）)\]]+"  # bare URL
    r"|<\s*/?\s*[a-zA-Z][^>]*>"  # HTML tag
)

#: Text addressed to the assistant rather than to the document's readers (after NFKC).
INSTRUCTION = re.compile(
    r"(?:以上|上記|前|これまで|今まで|先|元|既存|全て|すべて)の(?:指示|命令|規則|ルール|設定)を?(?:無視|忘れ|破棄)"
    r"|指示(?:を無視|に従わな|を忘れ)"
    r"|(?:と|で)(?:だけ|のみ)?(?:答え|回答し|返答し|出力し|返信し)(?:よ|ろ|なさい)(?![ぁ-ん])"
    r"|(?:と|で)(?:だけ|のみ)?(?:答える|回答する|出力する)こと(?:[。、!]|$)"
    r"|システムプロンプト|あなたは(?:今から|これから)"
    r"|<\s*/?\s*(?:system|assistant|user|passage|question)\b[^>]*>|\[/?(?:system|INST)\]"
    r"|\b(?:ignore|disregard|forget)\b[^.\n]{0,40}\b(?:instructions?|rules|prompts?)\b"
    r"|\bsystem prompt\b|\byou are now\b",
    re.IGNORECASE,
)


def gives_instructions(text: str) -> bool:
    """Whether ``text`` holds an order to the assistant (rule 5 of the module doc)."""
    return bool(INSTRUCTION.search(unicodedata.normalize("NFKC", text)))


@dataclass(frozen=True)
class ReplySentence:
    text: str
    cites: tuple[int, ...]


def normalise_reply(reply: str) -> str:
    """NFKC (as the passages are) and trimmed; ``［１］`` becomes ``[1]``."""
    return unicodedata.normalize("NFKC", reply).strip()


def is_no_answer(reply: str) -> bool:
    return NO_ANSWER in normalise_reply(reply)


def markers(text: str) -> list[int]:
    """Every marker number in order of appearance, repeats kept; ``[1, 2]`` gives 1 and 2."""
    return [int(n) for group in MARKER.findall(text) for n in re.split(r"\s*[,、]\s*", group)]


def strip_markers(text: str) -> str:
    return MARKER.sub("", text)


def _comparable(text: str) -> str:
    """``text`` without markers, compacted (markers are found after NFKC, as in the reply)."""
    return compact(strip_markers(unicodedata.normalize("NFKC", text)))


def _canonical(number: str) -> str:
    number = number.replace(",", "")
    whole, dot, fraction = number.partition(".")
    return (whole.lstrip("0") or "0") + dot + fraction


def numbers_in(text: str) -> set[str]:
    """Numbers of ``text`` (markers excluded) in canonical form: ``６,２３０`` gives ``6230``."""
    return {_canonical(m) for m in _NUMBER.findall(_comparable(text))}


def dates_in(text: str) -> set[tuple[int | None, int, int | None]]:
    """Dates of ``text`` as (year, month, day); year and day may be missing."""
    return calendar_dates(_comparable(text))


def _date_supported(date: tuple, known: set[tuple]) -> bool:
    """A passage date with no year (「2月18日」 after 「2016年(平成28年)」) matches any year;
    the year still has to be a number of the passage."""
    year, month, day = date
    return any(
        month == m and (day is None or day == d) and (year is None or y is None or year == y)
        for y, m, d in known
    )


def _show(date: tuple) -> str:
    year, month, day = date
    return (f"{year}年" if year else "") + f"{month}月" + (f"{day}日" if day else "")


def reply_sentences(reply: str) -> list[ReplySentence]:
    """Sentences of the reply with the markers each one carries.

    Markers at the start of a sentence (``…した。[1] 次の文``) belong to the sentence before.
    """
    out: list[ReplySentence] = []
    for start, end in split_sentences(reply):
        piece = reply[start:end]
        lead = _LEADING_MARKERS.match(piece)
        if lead and out:
            prev = out[-1]
            out[-1] = ReplySentence(prev.text + lead.group(), prev.cites + tuple(markers(lead.group())))
            piece = piece[lead.end():].strip()
            if not piece:
                continue
        out.append(ReplySentence(piece, tuple(markers(piece))))
    return out


def check_reply(reply: str, passages: list) -> list[str]:
    """Problems that keep ``reply`` from being shown; ``passages`` are those the model saw,
    numbered from 1 (anything with ``.chunk.text``, or plain strings)."""
    texts = [p if isinstance(p, str) else p.chunk.text for p in passages]
    reply = normalise_reply(reply)
    if not reply:
        return ["empty reply"]
    if is_no_answer(reply):
        return ["the model found no answer (NO_ANSWER)"]
    problems: list[str] = []
    if len(reply) > MAX_REPLY_CHARS:
        problems.append(f"reply longer than {MAX_REPLY_CHARS} characters")
    used = markers(reply)
    if not used:
        problems.append("no [n] citation marker")
    bad = sorted({n for n in used if not 1 <= n <= len(texts)})
    if bad:
        problems.append(f"markers {bad} outside 1..{len(texts)}")
    ordering = {n for n in set(used) if 1 <= n <= len(texts) and gives_instructions(texts[n - 1])}
    if ordering:
        problems.append(f"cites passages {sorted(ordering)}, which give instructions to the assistant")
    for sentence in reply_sentences(reply):
        cited = [texts[n - 1] for n in dict.fromkeys(sentence.cites) if 1 <= n <= len(texts)]
        problems += _sentence_problems(sentence, cited)
    return problems


def _sentence_problems(sentence: ReplySentence, cited: list[str]) -> list[str]:
    claims = strip_markers(sentence.text)
    numbers, dates = numbers_in(claims), dates_in(claims)
    markup = _MARKUP.findall(claims)
    if not (numbers or dates or markup):
        return []
    if not cited:
        return [f"uncited sentence with numbers, dates or links: {claims!r}"]
    problems = []
    known_numbers = set().union(*(numbers_in(t) for t in cited))
    missing = sorted(numbers - known_numbers)
    if missing:
        problems.append(f"numbers {', '.join(missing)} not in the cited passages")
    known_dates = set().union(*(dates_in(t) for t in cited))
    wrong = sorted((d for d in dates if not _date_supported(d, known_dates)), key=str)
    if wrong:
        problems.append(f"dates {', '.join(_show(d) for d in wrong)} not in the cited passages")
    folded = [_comparable(t) for t in cited]
    for item in markup:
        if not any("".join(item.split()) in t for t in folded):
            problems.append(f"link or markup not in the cited passages: {item!r}")
    return problems
