"""A synthetic Japanese municipal archive of a chosen size, with planted, checkable facts.

The text is built from the real corpus's own sentences (normalised, split with
docqa's sentence splitter), with place names, numbers and years substituted, so
vocabulary, sentence length and term statistics look like the real documents.
Each document belongs to a municipality, department, kind and fiscal year, like a
city's yearbooks, minutes and plans. Into every document a few *facts* are planted:
a sentence whose partner city is a name that occurs nowhere else in the corpus,
with a date, a head count or a capacity, and the question that asks for it.

Names: substituted (distractor) place names have three katakana syllables, planted
partner names four, so a planted name can never be produced by substitution.

Output folder: ``docs/*.txt`` + ``docs/manifest.json`` and ``questions.jsonl``
(``{"id", "question", "answers": [[...]], "doc", "evidence"}``, the eval's answer-key
format).

    .venv/bin/python eval/bench/gen_corpus.py --chunks 100000 --out eval/bench/out/c100k
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

#: Characters per document and per chunk (the chunker aims at 400): 100 chunks a document.
DOC_CHARS = 40_000
CHUNK_CHARS = 400
FACTS_PER_DOC = 3

SYLLABLES = (
    "カ キ ク ケ コ サ シ ス セ ソ タ ト ナ ニ ヌ ネ ノ ハ ヒ フ ホ マ ミ ム メ モ ヤ ユ ヨ "
    "ラ リ ル レ ロ ワ ガ ギ グ ゴ ザ ジ ズ ゼ ダ デ ド バ ビ ブ ベ ボ パ ピ プ ポ"
).split()

MUNICIPALITIES = (
    "札幌市 仙台市 さいたま市 千葉市 横浜市 川崎市 相模原市 新潟市 静岡市 浜松市 名古屋市 京都市 "
    "大阪市 堺市 神戸市 岡山市 広島市 北九州市 福岡市 熊本市 富山市 金沢市 長野市 岐阜市 豊田市 "
    "四日市市 大津市 姫路市 奈良市 和歌山市 松山市 高松市 高知市 長崎市 大分市 宮崎市 鹿児島市 那覇市 "
    "水俣市 宇部市 旭川市 函館市 青森市 盛岡市 秋田市 山形市 福島市 郡山市 いわき市 宇都宮市"
).split()
DEPARTMENTS = "環境局 上下水道局 資源循環局 港湾局 経済労働局 総務局 建設局 市民文化局 交通局 消防局".split()
KINDS = (("yearbook", "年報"), ("minutes", "議会会議録"), ("action_program", "行動計画"), ("report", "事業報告書"))
TOPICS = (
    "廃棄物管理 上水道整備 下水道整備 脱炭素都市形成 大気汚染対策 水質保全 気候変動適応 "
    "省エネルギー 再生可能エネルギー 環境教育 防災 公共交通 資源循環 水道技術 森林保全 海洋プラスチック対策"
).split()
FACILITIES = "浄水場 下水処理場 清掃工場 焼却施設 リサイクルセンター 堆肥化施設 汚泥処理施設 中継施設".split()

_SENTENCE_MIN, _SENTENCE_MAX = 15, 260
_KATAKANA_PLACE = re.compile(r"[ァ-ヴー]{2,}(?=市|州|省|県|区|国)")
_JAPANESE_CITY = re.compile("|".join(re.escape(m[:-1]) for m in MUNICIPALITIES) + r"(?=市)")
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?=年)")
_ACRONYM = re.compile(r"(?<=\()[A-Z]{2,6}(?=\))")
_NUMBER = re.compile(r"(?<![\d年])\d{1,6}(?![\d年])")


@dataclass(frozen=True)
class Fact:
    sentence: str
    question: str
    answer: str


def source_sentences() -> tuple[list[str], list[str]]:
    """Sentences and heading lines of the real corpus, normalised as ingest does."""
    from ingest.ja.normalise import normalise
    from ingest.ja.sentences import detect_heading, split_sentences

    sentences: list[str] = []
    headings: list[str] = []
    for path in sorted((REPO / "corpus").glob("*.txt")):
        text = normalise(path.read_text(encoding="utf-8")).text
        for line in text.splitlines():
            heading = detect_heading(line.strip())
            if heading and 4 <= len(heading[1]) <= 40:
                headings.append(heading[1])
        for start, end in split_sentences(text):
            sentence = " ".join(text[start:end].split())
            if _SENTENCE_MIN <= len(sentence) <= _SENTENCE_MAX and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", sentence):
                sentences.append(sentence)
    return sentences, headings or ["国際協力の取組"]


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.sentences, self.headings = source_sentences()
        self._used_names: set[str] = set()

    def place(self, syllables: int) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(syllables))

    def unique_place(self) -> str:
        """A four-syllable name not used before in this corpus (the planted facts' key)."""
        while True:
            name = self.place(4)
            if name not in self._used_names:
                self._used_names.add(name)
                return name

    def substitute(self, sentence: str, city: str) -> str:
        rng = self.rng
        renamed = _KATAKANA_PLACE.sub(lambda m: self.place(3), sentence)
        if renamed != sentence:
            # 「ヤンゴン市開発委員会(YCDC)」: a renamed city's body gets its own abbreviation, or
            # hundreds of different cities would share one alias (and be merged as one partner).
            renamed = _ACRONYM.sub(lambda m: "".join(rng.choice("ABCDEFGHKLMNPRSTUVWY") for _ in m.group()), renamed)
        sentence = renamed
        used: list[str] = []

        def japanese_city(match: re.Match) -> str:
            # The document's own city or another, never one already named in this sentence:
            # "富山市と富山市は…覚書を締結" is no sentence a city writes.
            choices = [m[:-1] for m in MUNICIPALITIES if m[:-1] not in used]
            name = city[:-1] if not used and rng.random() < 0.5 else rng.choice(choices)
            used.append(name)
            return name

        sentence = _JAPANESE_CITY.sub(japanese_city, sentence)
        sentence = _YEAR.sub(lambda m: str(rng.randint(1995, 2025)), sentence)
        return _NUMBER.sub(lambda m: str(rng.randint(10 ** (len(m.group()) - 1) if len(m.group()) > 1 else 1, 10 ** len(m.group()) - 1)), sentence)

    def fact(self, city: str) -> Fact:
        rng = self.rng
        partner = self.unique_place() + "市"
        topic = rng.choice(TOPICS)
        kind = rng.randrange(3)
        if kind == 0:
            y, m, d = rng.randint(2000, 2025), rng.randint(1, 12), rng.randint(1, 28)
            return Fact(
                f"{city}と{partner}は、{y}年{m}月{d}日に{topic}分野の協力に関する覚書を締結した。",
                f"{city}と{partner}の{topic}分野の協力に関する覚書はいつ締結されましたか？",
                f"{y}年{m}月{d}日",
            )
        if kind == 1:
            n = rng.randint(3, 480)
            return Fact(
                f"{rng.randint(2005, 2025)}年度、{city}は{partner}から{topic}分野の研修員{n}名を受け入れた。",
                f"{city}は{partner}から{topic}分野の研修員を何名受け入れましたか？",
                f"{n}名",
            )
        facility = rng.choice(FACILITIES)
        n = rng.randint(20, 9_000)
        return Fact(
            f"{city}の技術支援により整備された{partner}の{facility}は、日量{n}トンの処理能力を持つ。",
            f"{partner}の{facility}の処理能力は日量何トンですか？",
            f"{n}トン",
        )

    def document(self, number: int, chars: int) -> tuple[dict, str, list[Fact]]:
        rng = self.rng
        city = rng.choice(MUNICIPALITIES)
        department = rng.choice(DEPARTMENTS)
        kind, kind_label = rng.choice(KINDS)
        year = rng.randint(2005, 2025)
        title = f"{city} {department} {kind_label} ({year}年度)"
        facts = [self.fact(city) for _ in range(FACTS_PER_DOC)]
        lines = [title, ""]
        size = 0
        section = 0
        pending = list(facts)
        slots = sorted(rng.sample(range(1, max(FACTS_PER_DOC + 1, chars // 300)), FACTS_PER_DOC))
        paragraph = 0
        while size < chars or pending:
            if paragraph % 6 == 0:
                section += 1
                heading = f"第{section}章 {rng.choice(self.headings)}"
                lines += [heading, ""]
                size += len(heading)
            body = [self.substitute(rng.choice(self.sentences), city) for _ in range(rng.randint(2, 5))]
            if pending and (paragraph >= slots[FACTS_PER_DOC - len(pending)] or size >= chars):
                body.insert(rng.randrange(len(body) + 1), pending.pop(0).sentence)
            text = "".join(body)
            lines += [text, ""]
            size += len(text)
            paragraph += 1
        meta = {
            "file": f"doc{number:06d}.txt",
            "title": title,
            "publisher": city,
            "published": f"{year + 1}-{rng.randint(1, 12):02d}",
            "kind": kind,
        }
        return meta, "\n".join(lines), facts


def generate(out: Path, chunks: int, seed: int = 20261201) -> dict:
    """Write a corpus of about ``chunks`` chunks into ``out``; return its statistics."""
    started = time.perf_counter()
    docs_dir = out / "docs"
    docs_dir.mkdir(parents=True, exist_ok=True)
    gen = Generator(seed)
    per_doc = DOC_CHARS // CHUNK_CHARS
    n_docs = max(1, round(chunks / per_doc))
    manifest = []
    chars = size = 0
    with open(out / "questions.jsonl", "w", encoding="utf-8") as qa:
        for number in range(n_docs):
            meta, text, facts = gen.document(number, DOC_CHARS)
            (docs_dir / meta["file"]).write_text(text, encoding="utf-8")
            manifest.append(meta)
            chars += len(text)
            size += len(text.encode("utf-8"))
            for i, fact in enumerate(facts):
                qa.write(json.dumps({
                    "id": f"{meta['file']}#{i}", "question": fact.question, "answers": [[fact.answer]],
                    "doc": meta["file"], "evidence": fact.sentence,
                }, ensure_ascii=False) + "\n")
    (docs_dir / "manifest.json").write_text(json.dumps({"documents": manifest}, ensure_ascii=False), encoding="utf-8")
    stats = {"documents": n_docs, "target_chunks": chunks, "chars": chars, "bytes": size, "facts": n_docs * FACTS_PER_DOC,
             "seed": seed, "seconds": round(time.perf_counter() - started, 1)}
    (out / "corpus.json").write_text(json.dumps(stats), encoding="utf-8")
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chunks", type=int, required=True, help="approximate corpus size in chunks")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()
    print(json.dumps(generate(args.out, args.chunks, args.seed)))


if __name__ == "__main__":
    main()
