"""Values read by their keys: a table row's cells by their column heads, a label line's
value by its label.

「都道府県のうち提携実績のある自治体数とその割合は」 names the row (都道府県) and two columns
(提携実績のある自治体数, 割合) of a table whose rows the span scorer reads as strings of
numbers; 「委員長は誰ですか」 names the label of 「委員長 | 清掃事業国際協力室長」. When the
question names a key of one of the best units this way, the value under that key is the
short answer, whatever span the scorer liked best.

A key is named when the question holds every content term of it (:func:`key_fit`); a part
the question asks by its type (「いつ開催され」: a date) takes the cell of the row that fills
it. Pure functions over the question's :class:`Reading` and the :class:`UnitView` s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.reader.features import WANTED, typed_spans, years_of
from assistant.answer.reader.parts import asked_parts, fill_parts
from assistant.answer.reader.question import Reading, is_content, key
from assistant.answer.reader.quotes import BULLET, is_multi_part
from assistant.answer.reader.units import UnitView, morphemes_of
from ingest.ja.names import fold

#: The best units whose keys are read.
KEYED_UNITS = 5
#: A column head is named when the question holds this share of its content terms.
HEAD_FIT = 0.75
#: A label is at most this long (「実施機関」「委員長」「発行」), its value at most this.
LABEL_CHARS = 16
VALUE_CHARS = 60


#: A head that is a year and nothing else (平成28年度, 2023年, 令和元年度).
_YEAR_HEAD = re.compile(r"^(?:平成|令和|昭和)?(?:\d{1,4}|元)(?:[,、・]\d{1,2})?年度?$")

#: A cell longer than this is cut to the typed spans that fill the question's parts.
CELL_CHARS = 20


@dataclass(frozen=True)
class KeyedValue:
    """The value the question asks for under a key it names, and the unit it is read from."""

    text: str
    unit: int
    #: Read from a table row's cells (else a label's value, which may hold several amounts).
    from_row: bool = False
    #: The lines a label's value goes on in (a roster's 「委員 (23区) | 港区…」 / 「| 文京区…」).
    also: tuple[int, ...] = ()


@dataclass(frozen=True)
class _Row:
    unit: int
    heads: tuple[str, ...]
    cells: tuple[str, ...]


def key_fit(q: Reading, key_text: str) -> float:
    """The share of the content terms of ``key_text`` (a column head, a label) that the
    question holds (0 when it has none); a year head (平成28年度) is named when the question
    names its year, in either calendar, and not named when it names another."""
    years = years_of(key_text)
    if years and _YEAR_HEAD.match(key_text):
        return 1.0 if years & years_of(q.text) else 0.0
    terms = set(q.terms)
    content = [key(m) for m in morphemes_of(key_text) if is_content(m)]
    if not content:
        return 0.0
    return sum(1 for k in content if k in terms) / len(content)


def keyed_value(q: Reading, units: list[UnitView], order: list[int]) -> KeyedValue | None:
    """The value under a key the question names, read from the best units: a label's value,
    else the cells of a table row — one the question names, or
    the best unit — under the column heads it names (see the module docstring)."""
    best = order[:KEYED_UNITS]
    # A label is looked for in the best units, then in the rest of the best unit's passage (the
    # label lines of a table whose title the ranker put first: 「2 …委員会名簿」 / 「委員長 | …室長」).
    # So are the passages of a heading among the three best (the title of a roster the
    # ranker put second: 「2 …委員会名簿」 / 「委員 (23区) | 港区…」).
    ranks = list(dict.fromkeys(
        [units[best[0]].passage_rank] + [units[i].passage_rank for i in best[1:3] if units[i].kind == "heading"]
    ))
    same_passage = [i for r in ranks for i, u in enumerate(units) if u.passage_rank == r and i not in best[:3]]
    # The second passage of the best units is read too, for a label the question names by a proper
    # noun (「マレーシア側参加機関」) or as part of a block (「欧米側の参加機関」 of 「参加機関 日本側:…」).
    second = next((units[i].passage_rank for i in order if units[i].passage_rank not in ranks), None)
    beyond = [i for i, u in enumerate(units) if u.passage_rank == second and _names_specially(q, units, i)]
    for i in best[:3] + same_passage + beyond:
        value = _label_value(q, units[i].text, _lines_before(units, i)) or _block_label_value(q, units[i])
        if value is not None:
            going_on = continued(units, i)
            return KeyedValue("、".join([value] + [units[j].text.strip() for j in going_on]), i, also=going_on)
    if any(p.kind == "phone" for p in asked_parts(q.text)):
        return None
    rows = [(i, r) for i in best if (r := _row_of(units, i)) is not None]
    named = [r for _, r in rows if _named(q, r.cells[0]) or any(_quoted_cell(q, c) for c in r.cells[1:])]
    if named:
        return _cells_named(q, named[0], skip_label=True)
    # A row of figures alone under a row of names (「中国 | 韓国 | … | ベトナム」 / 「133 | 46 | … | 29」):
    # the figure under the name the question writes.
    figures = [r for _, r in rows if all(_NUMERIC.match(c) for c in r.cells)
               and any(len(h) >= 2 and fold(h) in fold(q.text) for h in r.heads)]
    if figures:
        return _cells_named(q, figures[0], skip_label=False)
    # A row the question does not name is read only when it is the best unit.
    if rows and rows[0][0] == best[0]:
        return _cells_named(q, rows[0][1], skip_label=False)
    return None


def _named(q: Reading, cell: str) -> bool:
    """Whether the question names a cell (the row it asks about: 「都道府県」「第2回」), by its
    text or by its content terms; a number is named only as written."""
    if fold(cell) in fold(q.text):
        return True
    if cell.strip() in _TOTAL_ROWS and _ASKS_TOTAL.search(q.text):
        return True  # 「全部で何件」 names the row 「合計」
    return not _NUMERIC.match(cell) and key_fit(q, cell) >= HEAD_FIT


#: The label of a table's row of totals, and how a question asks for the total.
_TOTAL_ROWS = ("合計", "計", "総計", "総数", "全体", "総合計")
_ASKS_TOTAL = re.compile(r"全部で|合計|総計|全体で|計で|あわせて|合わせて|総数")


_NUMERIC = re.compile(r"^[\d,.%％\s]+$")

#: A cell other than a row's label names the row when the question writes it whole and it is this long.
NAMING_CELL_CHARS = 4


def _quoted_cell(q: Reading, cell: str) -> bool:
    """Whether the question writes a cell of a row as it stands (「「海外展開戦略(水)」の所管は」):
    a distinctive value names its row as well as the row's label does."""
    return len(cell) >= NAMING_CELL_CHARS and not _NUMERIC.match(cell) and fold(cell) in fold(q.text)


def continued(units: list[UnitView], i: int) -> tuple[int, ...]:
    """The lines after label line ``i`` that go on with its value: one cell each, written under
    the value with the label's cell left empty (「\t文京区…課長」)."""
    out = []
    for j in range(i + 1, len(units)):
        u = units[j]
        if u.passage_rank != units[i].passage_rank or u.kind != "row" or "\t" in u.text.strip() or u.passage is None:
            break
        if u.passage.chunk.text[max(0, u.start - 1) : u.start] != "\t":
            break
        out.append(j)
    return tuple(out)


def _names_specially(q: Reading, units: list[UnitView], i: int) -> bool:
    """Whether the question names unit ``i``'s label by a proper noun of its own, or as the part
    of the block before it that the question asks (「欧米側の参加機関」)."""
    cells = _label_cells(units[i].text)
    if len(cells) != 2:
        return False
    label = cells[0]
    names = {key(m) for m in q.morphemes if m.pos[1] == "固有名詞"}
    if any(key(m) in names for m in morphemes_of(label) if m.pos[1] == "固有名詞"):
        return True
    before = _lines_before(units, i)
    return bool(before) and _asks(q, label, before) and not _asks(q, label)


def _block_label_value(q: Reading, u: UnitView) -> str | None:
    """The value of a label line inside a block of lines (「5.2.3.1 実施体制」 / 「実施機関 …株式会社」 /
    「参加機関 日本側:…」), each line read with the lines before it."""
    if u.kind != "block":
        return None
    lines = [line for line in u.text.split("\n") if line.strip()]
    for k, line in enumerate(lines):
        if k == 0:
            continue  # the block's heading
        value = _label_value(q, line.strip(), tuple(lines[max(0, k - 2) : k]))
        if value is not None:
            return value
    return None


def _lines_before(units: list[UnitView], i: int) -> tuple[str, ...]:
    """The texts of the two units before unit ``i`` in its passage (the block a label line continues)."""
    return tuple(units[j].text for j in range(max(0, i - 2), i) if units[j].passage_rank == units[i].passage_rank)


def _label_value(q: Reading, text: str, before: tuple[str, ...] = ()) -> str | None:
    """The value of a label line or two-cell row ``text`` whose label the question asks for
    (``before``: the lines the label line continues)."""
    if "\n" in text.strip():
        return None
    cells = _label_cells(text)
    if len(cells) != 2:
        return None
    label, value = cells
    if len(label) > LABEL_CHARS or len(value) > VALUE_CHARS or "。" in label or fold(value) in fold(q.text):
        return None
    if _NUMERIC.match(label):
        return None  # 「1 清掃事業国際協力検討委員会」 is a numbered heading, not a label
    sub = _SUB_LABEL.match(value)
    if sub and key_fit(q, sub.group(1)) < 1.0:
        return None  # 「参加機関 日本側:…」 when the question asks 「欧米側の参加機関」
    want = WANTED.get(q.wh) if q.wh in ("when", "quantity") else None
    if want and not any(t.kind in want for t in typed_spans(value)):
        return None
    return value if _asks(q, label, before) else None


def _asks(q: Reading, label: str, before: tuple[str, ...] = ()) -> bool:
    """Whether the question asks for the value of ``label``: it names every content term of
    the label, and not as a modifier of what it asks (「国際交流課のFAX番号は」 names 「国際交流課」
    as whose number it asks, not for the value of a line 「国際交流課 電話:…」) — unless what it
    asks is the block the label line continues (「欧米側の参加機関は」 of 「参加機関 日本側:…」 /
    「欧米側:…」)."""
    if key_fit(q, label) < 1.0:
        return False
    last = [key(m) for m in morphemes_of(label) if is_content(m)][-1]
    ms = q.morphemes
    at = [j for j, m in enumerate(ms) if key(m) == last]
    if at and not any(ch.isdigit() for ch in label) and all(_setting(q, j) for j in at):
        return False  # a dated line's label is its date: 「2015年12月に開催した会議」 asks its value
    modified = [j + 2 for j in at if j + 1 < len(ms) and q.text[ms[j + 1].start : ms[j + 1].end] == "の"]
    if not modified:
        return True
    # The block's own label line begins with what the question asks (「参加機関 日本側:…」).
    return all(any(fold(BULLET.sub("", line)).startswith(_head_after(q, j)) for line in before) for j in modified)


def _setting(q: Reading, j: int) -> bool:
    """Whether the question's morpheme ``j`` stands in the noun phrase of a setting, one ending
    in で or から (「…の表で」「研修・視察で来たのは」「海外視察・研修対応一覧で」「南スーダンから来た」):
    where, by what or whence the thing asked is, not what is asked."""
    ms, k = q.morphemes, j
    while k + 1 < len(ms) and (ms[k + 1].pos[0] in ("名詞", "接尾辞", "接頭辞") or q.text[ms[k + 1].start : ms[k + 1].end] == "・"):
        k += 1
    return k + 1 < len(ms) and q.text[ms[k + 1].start : ms[k + 1].end] in ("で", "から") and ms[k + 1].pos[0] == "助詞"


def _head_after(q: Reading, j: int) -> str:
    """The noun the question writes from morpheme ``j`` on (参加機関 of 「…の参加機関は」)."""
    ms, words = q.morphemes, []
    while j < len(ms) and ms[j].pos[0] in ("名詞", "接尾辞", "接頭辞"):
        words.append(q.text[ms[j].start : ms[j].end])
        j += 1
    return fold("".join(words)) or "\0"


#: A value that begins with a label of its own (「日本側:川崎市…」).
_SUB_LABEL = re.compile(r"^([^\s:：、。]{1,8})[:：]")
#: What separates a label from its value on one line: a tab, a colon, or spaces.
_LABEL_SPLIT = re.compile(r"\t+|[:：]\s*|\s{1,}")


def _label_cells(text: str) -> list[str]:
    """A line's cells read as label and value, its bullet left out (「- ▶ 友好都市・地域提携件数 1651」)."""
    return _split(BULLET.sub("", text))


def _split(text: str) -> list[str]:
    """A line's cells: its tab-separated cells, else its label and value (「電話:03-…」,
    「実施機関 八千代…」)."""
    text = text.strip()
    if "\t" in text:
        return [c.strip() for c in text.split("\t") if c.strip()]
    parts = _LABEL_SPLIT.split(text, maxsplit=1)
    return [p.strip() for p in parts if p.strip()]


def _row_of(units: list[UnitView], i: int) -> _Row | None:
    """The table row a row or cell unit stands in, with its column heads (None: its heads
    are not known cell by cell)."""
    u = units[i]
    if u.kind not in ("row", "cell"):
        return None
    if u.kind == "cell":
        at = next((j for j in range(i + 1, min(i + 40, len(units))) if units[j].kind == "row"
                   and units[j].passage_rank == u.passage_rank and units[j].start <= u.start and u.end <= units[j].end), None)
        if at is None:
            return None
        i, u = at, units[at]
    cells = tuple(c.strip() for c in u.text.split("\t") if c.strip())
    if len(u.heads) != len(cells) or len(cells) < 3 or not all(_head_like(h) for h in u.heads):
        return None
    return _Row(i, u.heads, cells)


def _head_like(head: str) -> bool:
    """A column head, not the first data row read as one: a year, or words without figures."""
    return bool(_YEAR_HEAD.match(head)) or not re.search(r"\d", head)


def _cells_named(q: Reading, row: _Row, skip_label: bool) -> KeyedValue | None:
    """The cells of ``row`` under the heads the question names, and those that fill the
    parts it asks by type, in column order; None when it names none."""
    free = [k for k in range(len(row.cells)) if not (skip_label and k == 0) and not _named(q, row.cells[k])]
    fits = {k: key_fit(q, row.heads[k]) for k in free}
    parts = asked_parts(q.text)
    wanted = max(len(parts), 2 if is_multi_part(q) else 1)
    chosen = sorted((k for k in free if fits[k] >= HEAD_FIT), key=lambda k: -fits[k])[:wanted]
    for part in parts:
        if any(fill_parts((part,), row.cells[k]) for k in chosen):
            continue
        filling = [k for k in free if k not in chosen and fill_parts((part,), row.cells[k])]
        if filling:
            chosen.append(max(filling, key=lambda k: fits[k]))
    if not chosen:
        return None
    return KeyedValue("、".join(_cut(row.cells[k], parts) for k in sorted(chosen)), row.unit, from_row=True)


def _cut(cell: str, parts) -> str:
    """A long cell cut to the spans in it that fill the question's parts (「○…の実施 実施国:
    39か国 件数:17件」 → 「39か国、17件」), else whole."""
    if len(cell) <= CELL_CHARS or not parts:
        return cell
    filled = fill_parts(parts, cell)
    if filled is None:
        filled = [s for p in parts if (f := fill_parts((p,), cell))for s in f]
    return "、".join(dict.fromkeys(s.text for s in filled)) if filled else cell
