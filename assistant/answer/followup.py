"""Follow-up questions: carry the earlier turns' subjects into retrieval.

「それはいつ更新されましたか？」 after 「大阪市とケソン市の覚書はいつ締結されましたか？」
is retrieved as 「大阪市 ケソン市 覚書 それはいつ更新されましたか？」: the entities and
key terms of the last user turn are prepended when the new question points back
(それ, その, 同…) or names no entity of its own.
"""

from __future__ import annotations

import re

from assistant.answer.analysis import extract_entities, key_terms, language_of
from assistant.answer.base import ResolvedQuestion

_ANAPHORA = re.compile(r"(それ|その|これ|この|あれ|あの|同(市|協定|覚書|事業|年|センター)|当該|上記|前述|そちら|\b(it|its|that|they|them|this)\b)", re.I)


def needs_context(question: str) -> bool:
    return bool(_ANAPHORA.search(question)) or not extract_entities(question)


def resolve_followup(question: str, history: list[dict]) -> ResolvedQuestion:
    """The question with the previous user turns' entities carried in when it needs them."""
    turns = tuple(dict(t) for t in history if isinstance(t, dict))
    language = language_of(question)
    if not turns or not needs_context(question):
        return ResolvedQuestion(question=question, retrieval_query=question, history=turns, language=language)
    carried: list[str] = []
    for turn in reversed(turns):
        if turn.get("role") != "user":
            continue
        content = str(turn.get("content", ""))
        for term in extract_entities(content) + key_terms(content):
            if term not in carried and term not in question:
                carried.append(term)
        if carried:
            break
    if not carried:
        return ResolvedQuestion(question=question, retrieval_query=question, history=turns, language=language)
    return ResolvedQuestion(
        question=question,
        retrieval_query=" ".join(carried) + " " + question,
        carried=tuple(carried),
        history=turns,
        language=language,
    )
