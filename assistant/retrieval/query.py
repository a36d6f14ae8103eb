"""Questions into index terms, exactly as documents are tokenised, minus question words."""

from __future__ import annotations

from ingest.ja.dates import annotate_eras
from ingest.ja.normalise import normalise_query
from ingest.ja.tokenize import Tokenizer

#: Normalised forms that only say "this is a question" (Sudachi normalises verbs to
#: their dictionary form: して→為る, います→居る).
QUESTION_TERMS = frozenset(
    "何 なに 何か いつ どこ どの どれ どう どんな 誰 幾つ 幾ら 何故 "
    "為る 居る 有る 成る 言う 教える 下さる 呉れる 知る 思う 出来る 行う 御座る "
    "こと もの よう ため について くらい 位 程度 どれくらい どのくらい 今 "
    "what which when where who how many much is are was were the a an of in to do does did "
    "has have had for with by on at and or please tell me".split()
)


def prepare_query(text: str) -> str:
    """The text that is tokenised for a query: normalised, era years annotated."""
    return annotate_eras(normalise_query(text))


def query_terms(tokenizer: Tokenizer, text: str) -> list[str]:
    terms = [t for t in tokenizer.tokenize(prepare_query(text)) if t not in QUESTION_TERMS]
    return terms or tokenizer.tokenize(text)
