"""Which answer units an answer quotes: the best one, the next that adds something, a third
for a question in parts or when the first two are short, the text under a heading, and for
a list question the run of items its best unit belongs to.

Pure functions over :class:`UnitView` s.
"""

from __future__ import annotations

import re

from assistant.answer.reader.question import Reading, is_content, key
from assistant.answer.reader.units import UnitView, morphemes_of
from ingest.ja.names import ADMIN_SUFFIXES, ORG_SUFFIXES

#: Characters of quotes an answer aims at (a list or a question in parts may take more).
QUOTE_CHARS = 200


MULTI_PART_CHARS = 300


#: Two quotes shorter than this together are joined by a third.
SHORT_QUOTES_CHARS = 80


LIST_CHARS = 400


LIST_ITEMS_CHARS = 360


#: For a list question, the best units any of which may begin the list.
LIST_ANCHORS = 3


_LIST_Q = re.compile(
    r"挙げ|列挙|すべて|全て|一覧|どれ(?:です|でしょう|か)|どんな[^、。]{0,12}(?:があり|がある)"
    r"|どのような[^、。]{0,12}(?:があり|がある)|何と何|それぞれ|参加(?:機関|団体|都市|者)|主な"
    # Two kinds of bodies asked at once (「発表した企業・金融機関は」): several are expected.
    r"|(?:企業|会社|機関|団体|大学|自治体|都市|国)・[^、。・]{1,8}(?:は|を|が)"
)


_MULTI_Q = re.compile(
    r"(?:いつ|何年|どこ|誰|何|どの|どう)[^、。?？]{0,30}[、,と][^。?？]{0,30}(?:いつ|何|どこ|誰|どの|どう)"
    r"|も教えて|とその|および|及び"
)


_RUN_KINDS = ("item", "label", "row")


BULLET = re.compile(r"^[\s\-・○●◯•▶►▷◆◇■□☆★※*→✓]+")


def is_list_question(q: Reading) -> bool:
    """A question answered by a list (「主な取組を挙げて」); one asking an amount or a date
    (「参加者は何名」) is not."""
    return q.wh not in ("quantity", "when") and bool(_LIST_Q.search(q.text))


def is_multi_part(q: Reading) -> bool:
    return bool(_MULTI_Q.search(q.text))


def _same(a: UnitView, b: UnitView) -> bool:
    """Whether quoting ``b`` beside ``a`` adds nothing: one holds the other in a passage, or
    both read the same (a heading repeated on every page)."""
    if a.passage_rank == b.passage_rank:
        return a.display in b.display or b.display in a.display
    return _plain(a.display) == _plain(b.display)


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", BULLET.sub("", text))


def _body_after(units: list[UnitView], first: int) -> int | None:
    """The unit after the heading ``first`` in its passage: what the heading is about."""
    j = first + 1
    if units[first].kind == "heading" and j < len(units) and units[j].passage_rank == units[first].passage_rank \
            and units[j].kind != "heading":
        return j
    return None


def list_block(units: list[UnitView], first: int, budget: int = LIST_ITEMS_CHARS) -> list[int]:
    """The list the unit ``first`` belongs to or introduces: the run of items (or label lines,
    or table rows) of its passage around it — after a heading or an introducing sentence, the
    run that follows it. In document order; ``first`` included."""
    head = units[first]

    def same_passage(j: int) -> bool:
        return 0 <= j < len(units) and units[j].passage_rank == head.passage_rank

    kind = head.kind if head.kind in _RUN_KINDS else None
    block = [first]
    used = len(head.display)
    j = first + 1
    while same_passage(j):
        u = units[j]
        j += 1
        if u.kind == "block" or any(_same(u, units[c]) for c in block):
            continue
        if kind is None:
            if u.kind not in _RUN_KINDS:
                break
            kind = u.kind
        elif u.kind != kind:
            break
        if used + len(u.display) > budget:
            break
        block.append(j - 1)
        used += len(u.display)
    if head.kind in _RUN_KINDS:
        j = first - 1
        while same_passage(j) and units[j].kind in (head.kind, "block"):
            u = units[j]
            j -= 1
            if u.kind == "block" or any(_same(u, units[c]) for c in block):
                continue
            if used + len(u.display) > budget:
                break
            block.insert(0, j + 1)
            used += len(u.display)
    return block


#: A mark a document sets on some of its items (【重点】, 〔新規〕, 《必須》), as a question quotes it.
MARK = re.compile(r"【[^【】]{1,10}】|〔[^〔〕]{1,10}〕|《[^《》]{1,10}》")


def marked(q: Reading, units: list[UnitView], budget: int = LIST_CHARS) -> list[int]:
    """For a list question that quotes a mark (「【重点】とされている取組はどれ」), the units read
    that carry it, once each, in passage and document order."""
    marks = MARK.findall(q.text)
    if not marks:
        return []
    out: list[int] = []
    used = 0
    for i, u in enumerate(units):
        # A block is a window of lines around marked ones, not one of them.
        if u.kind != "block" and any(m in u.display for m in marks) and not any(_same(u, units[c]) for c in out):
            if used + len(u.display) > budget:
                break
            out.append(i)
            used += len(u.display)
    return out


#: The category whose kinds a list question asks for: 「どんな型がありますか」 → 型.
_CATEGORY_Q = re.compile(r"(?:どんな|どのような|どういった)(?P<category>[^\s、。がはをのな]{1,6})(?:が|は)(?:あり|ある)")
#: A heading that names one kind: short, and ending in the category (after its brackets).
KIND_HEADING_CHARS = 20


def category_headings(q: Reading, units: list[UnitView]) -> list[int]:
    """For 「どんな型がありますか」, the headings of one document that end in the category asked
    (《NGO型》《自治体型》《都市間連携型》), in document order: the document with the most of them,
    at least two."""
    m = _CATEGORY_Q.search(q.text)
    if m is None:
        return []
    category = m.group("category")
    by_document: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        bare = _BRACKETS.sub("", BULLET.sub("", u.display)).strip()
        if u.passage is not None and u.kind == "heading" and len(bare) <= KIND_HEADING_CHARS \
                and bare.endswith(category) and bare != category:
            found = by_document.setdefault(u.passage.chunk.doc_id, [])
            if not any(_plain(u.display) == _plain(units[c].display) for c in found):
                found.append(i)
    best = max(by_document.values(), key=len, default=[])
    best.sort(key=lambda i: (units[i].passage.chunk.ordinal, units[i].start))
    return best if len(best) >= 2 else []


#: A list question that asks for bodies: companies, banks, cities, universities, ministries.
_ASKS_BODIES = re.compile(r"企業|会社|金融機関|銀行|団体|機関|大学|自治体|都市|省庁|国|事業者|参加者")
#: The best units among which a sentence naming several bodies is looked for.
NAMING_UNITS = 10
#: The first passages retrieved, whose every unit is looked at after the best ones.
NAMING_PASSAGES = 3
#: One item of an enumeration of names, between commas (「味の素株式会社」「川崎信用金庫」).
_NAMED_ITEM = re.compile(r"(?:株式会社|有限会社|銀行|金庫|大学|室|課|省|" + "|".join(ORG_SUFFIXES + ADMIN_SUFFIXES)
                         + r")(?:など|等|と|や|及び|および|の|が|は|を|から)?[^、]{0,12}$|^株式会社")


def _lists_bodies(items: list[str]) -> bool:
    """Whether most items of a list name a body (「・A株式会社」「・B市」)."""
    named = sum(1 for item in items if _NAMED_ITEM.search(BULLET.sub("", item).strip()[:40]))
    return named * 2 >= len(items)


def _names_bodies(text: str) -> bool:
    """Whether ``text`` enumerates three or more bodies between commas (「A株式会社、B銀行、C市」)."""
    return bool(named_bodies(text))


def named_bodies(text: str) -> tuple[str, ...]:
    """The longest run of three or more bodies ``text`` names between commas, else ()."""
    items = [part.strip() for part in re.split(r"[、,，・]", text)]
    run: list[str] = []
    best: list[str] = []
    for item in items:
        run = run + [_NAMED_TAIL.sub("", item)] if 2 <= len(item) <= 20 and _NAMED_ITEM.search(item) else []
        best = run if len(run) > len(best) else best
    return tuple(best) if len(best) >= 3 else ()


#: What a sentence goes on with after the last body it names (「…推進室から発表が行われ」).
_NAMED_TAIL = re.compile(r"(?<=[室課省局庁会構行庫学社所体関合部])(?:から|が|は|を|により|による|と)[^、]*$")


def bodies_asked(q: Reading, text: str) -> tuple[str, ...]:
    """For a list question asking bodies (「発表した企業・金融機関は」), the bodies ``text`` names."""
    return named_bodies(text) if is_list_question(q) and _ASKS_BODIES.search(q.text) else ()


#: The numbering of a section title: 「3. 」「(1)」「IV. 」「第2章 」「1 」.
_NUMBERING = re.compile(r"^\s*(?:第?\s*[\dIVXⅠ-Ⅹ]+\s*[章節.．、)）]?|[(（]\s*\d+\s*[)）]|[①-⑳])\s*")


def subsections(q: Reading, units: list[UnitView]) -> list[int]:
    """For 「期待する効果は何ですか」, the headings of the subsections of the section whose title is
    what the question asks for (「3. 期待する効果」 > 「(1)世界の水環境の改善」, 「(2)…」), read from
    the section paths of the passages read; in document order, at least two, else none."""
    asked = set(q.before_wh or q.terms)
    terms = set(q.terms)
    children: dict[str, tuple[int, int]] = {}
    parent = ""
    seen: set[int] = set()
    for u in units:
        if u.passage is None or u.passage_rank in seen:
            continue  # a passage's units share its section path: its first unit reads it
        seen.add(u.passage_rank)
        path = [p.strip() for p in u.passage.chunk.section.split(" > ")]
        for depth, title in enumerate(path[:-1]):
            content = [key(m) for m in morphemes_of(_NUMBERING.sub("", title)) if is_content(m)]
            if len(content) >= 2 and all(k in terms for k in content) and asked & set(content):
                child = path[depth + 1]
                children.setdefault(child, (u.passage.chunk.ordinal, u.start))
                parent = parent or title
    if len(children) < 2:
        return []
    out = []
    for child, _ in sorted(children.items(), key=lambda kv: kv[1]):
        at = next((i for i, u in enumerate(units) if u.kind == "heading" and _plain(u.display) == _plain(child)), None)
        if at is None:
            return []
        out.append(at)
    if not _numbered_from_one([units[i].display for i in out]):
        # 「(2)…」「(3)…」「(4)…」 without (1), whose passage was not read: the section's own
        # opening, which often names them all, is quoted first.
        opening = _opening(units, parent)
        out = ([opening] if opening is not None else []) + out
    return out


def _numbered_from_one(headings: list[str]) -> bool:
    """Whether numbered headings begin at 1 and run on without a gap (unnumbered ones: True)."""
    numbers = [int(m.group(1)) if (m := _ITEM_NUMBER.match(h)) else None for h in headings]
    if any(n is None for n in numbers):
        return True
    return numbers == list(range(1, len(numbers) + 1))


_ITEM_NUMBER = re.compile(r"^\s*[(（]?\s*(\d+)\s*[)）.．]")


def _opening(units: list[UnitView], title: str) -> int | None:
    """The unit right after the heading ``title`` in its passage (the section's first sentence)."""
    at = next((i for i, u in enumerate(units) if u.kind == "heading" and _plain(u.display) == _plain(title)), None)
    if at is None or at + 1 >= len(units) or units[at + 1].passage_rank != units[at].passage_rank:
        return None
    return at + 1 if units[at + 1].kind in ("sentence", "block") else None


_BRACKETS = re.compile(r"[《》【】〔〕\[\]「」『』()（）<>〈〉]")


def pick_quotes(q: Reading, units: list[UnitView], order: list[int], about=lambda i: True) -> list[int]:
    """The units to quote: the best one, the next best that adds something, a third for a
    question in parts, and for a list question the list the best unit belongs to. A unit
    quoted beside the best one must be ``about`` the question's subject."""
    first = order[0]
    want = 3 if is_multi_part(q) else 2
    budget = MULTI_PART_CHARS if want == 3 else QUOTE_CHARS
    chosen = [first]
    body = _body_after(units, first)
    if body is not None:
        chosen.append(body)
        want = max(want, 3)
    carrying = marked(q, units) if is_list_question(q) else []
    if len(carrying) >= 2:
        return carrying  # 「【重点】とされている取組はどれ」: every unit read that carries the mark
    kinds = category_headings(q, units) if is_list_question(q) else []
    if len(kinds) >= 2:
        return kinds  # 「どんな型がありますか」: the headings 《NGO型》《自治体型》… of one passage
    parts = subsections(q, units) if is_list_question(q) or q.wh in ("what", "none") else []
    if len(parts) >= 2:
        return parts  # 「期待する効果は何ですか」: the headings of 「3. 期待する効果」's subsections
    if is_list_question(q):
        # The list: that of the best unit, or of a near-best heading or item that begins one; for a
        # question asking bodies (「発表した民間企業・金融機関を挙げて」), a sentence that names
        # three or more of them comes first when no such list is found.
        blocks = [list_block(units, i) for i in order[:LIST_ANCHORS]]
        chosen = next((b for b in blocks if len(b) >= 3), None)
        asks_bodies = bool(_ASKS_BODIES.search(q.text))
        if chosen is not None and asks_bodies and not _lists_bodies([units[i].text for i in chosen]):
            chosen = None  # 「◆共催:…」「◆参加者:92名」 is no list of the bodies asked for
        if chosen is None and asks_bodies:
            # Among the best units, else anywhere in the first passages retrieved (the panel's line
            # under 「4 パネルディスカッション」 when the forum's description ranks first).
            near = [i for i in order if units[i].passage_rank < NAMING_PASSAGES]
            naming = next((i for i in order[:NAMING_UNITS] + near if _names_bodies(units[i].text)), None)
            chosen = [naming] if naming is not None else None
        chosen = chosen or blocks[0]
        want, budget = max(want, len(chosen) + 1), LIST_CHARS
    used = sum(len(units[c].display) for c in chosen)
    for i in order[1:6]:
        if len(chosen) >= want:
            break
        u = units[i]
        if i in chosen or any(_same(u, units[c]) for c in chosen) or not about(i):
            continue
        if used + len(u.display) > budget and len(chosen) >= 2:
            break
        chosen.append(i)
        used += len(u.display)
        if len(chosen) == want and want == 2 and used < SHORT_QUOTES_CHARS:
            want = 3  # two short units (a heading, a label line) leave room for a third
    return chosen
