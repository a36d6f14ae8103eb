"""Properties of the ingest path over arbitrary Unicode, beyond the normaliser and chunker
contracts already in test_normalise.py / test_chunk.py / test_sentences.py: the query and
document normalisers agree, normalisation sees only the NFKC form, era annotation only adds,
the tokenizer takes any input (longer than Sudachi's limit too), and chunk ids are unique and
pages ordered for any document. Seeded: every run draws the same examples."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from ingest.core.models import DocumentMeta, LoadedDocument, PageSpan
from ingest.ja.dates import annotate_eras, find_era_years
from ingest.ja.normalise import normalise, normalise_query
from ingest.ja.tokenize import _MAX_INPUT_BYTES, SudachiTokenizer, _pieces
from ingest.pipeline.process import build_chunks
from tests.conftest import make_settings
from tests.ingest.ja.test_normalise import any_text, document_text

pytestmark = pytest.mark.unit

SEED = 20261201
fast = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])
slow = settings(max_examples=8, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: Any code point but surrogates, including the rarely drawn planes: 𠀋, emoji with ZWJ,
#: combining marks, right-to-left text, private use, noncharacters, controls.
wide_text = st.text(st.characters(codec="utf-8"), max_size=300)
era_text = st.lists(
    st.sampled_from(["平成", "令和", "昭和", "大正", "明治", "元", "1", "24", "31", "99", "0", "年",
                     "年度", "(", "（", "2012", ")", "）", " ", "\u3000", "の", "\n", "月"]),
    max_size=30,
).map("".join)


@seed(SEED)
@fast
@given(wide_text)
def test_normalise_query_is_idempotent_and_nfkc_for_any_text(text: str) -> None:
    once = normalise_query(text)
    assert normalise_query(once) == once
    assert unicodedata.is_normalized("NFKC", once)


@seed(SEED)
@fast
@given(st.one_of(wide_text, document_text))
def test_a_passage_pasted_as_a_question_changes_only_in_whitespace(text: str) -> None:
    """The query normaliser keeps what the document normaliser produced (the two agree)."""
    passage = normalise(text).text
    assert "".join(normalise_query(passage).split()) == "".join(passage.split())


@seed(SEED)
@fast
@given(st.one_of(wide_text, document_text))
def test_normalisation_depends_only_on_the_nfkc_form(text: str) -> None:
    assert normalise(text).text == normalise(unicodedata.normalize("NFKC", text)).text


@seed(SEED)
@fast
@given(st.one_of(era_text, any_text))
def test_era_annotation_only_adds_and_is_idempotent(text: str) -> None:
    annotated = annotate_eras(text)
    assert annotate_eras(annotated) == annotated
    rest = iter(annotated)
    assert all(ch in rest for ch in text)  # the original is a subsequence: nothing removed
    for mention in find_era_years(text):
        assert str(mention.western) in annotated[mention.start:]


@pytest.fixture(scope="module")
def tokenizer() -> SudachiTokenizer:
    return SudachiTokenizer()


@seed(SEED)
@fast
@given(text=wide_text)
def test_the_tokenizer_takes_any_text(tokenizer, text: str) -> None:
    tokens = tokenizer.tokenize(text)
    assert all(isinstance(t, str) and t.strip() and t == t.lower() for t in tokens)
    assert tokenizer.tokenize(text) == tokens


@seed(SEED)
@slow
@given(unit=st.text(st.characters(codec="utf-8"), min_size=1, max_size=12),
       times=st.integers(2_000, 6_000), newline=st.booleans())
def test_the_tokenizer_takes_text_longer_than_sudachis_limit(tokenizer, unit: str, times: int,
                                                             newline: bool) -> None:
    text = (unit + ("\n" if newline else "")) * times
    pieces = _pieces(text)
    assert all(len(p.encode("utf-8")) <= _MAX_INPUT_BYTES for p in pieces)
    assert "".join("".join(p.split()) for p in pieces) == "".join(text.split())
    tokenizer.tokenize(text)  # raises if a piece is still too long for Sudachi


def loaded(text: str, page_breaks: list[int]) -> LoadedDocument:
    cuts = sorted({min(b, len(text)) for b in page_breaks} | {0, len(text)})
    pages = [PageSpan(n, a, b) for n, (a, b) in enumerate(itertools.pairwise(cuts), 1) if a < b]
    return LoadedDocument(doc_id="doc.pdf", path=None, text=text, format="pdf", pages=pages)


@seed(SEED)
@fast
@given(text=st.one_of(st.lists(document_text, max_size=8).map("\n\n".join), wide_text),
       page_breaks=st.lists(st.integers(0, 2000), max_size=5),
       title=st.text(max_size=20))
def test_chunks_of_any_document_have_unique_ids_and_ordered_pages(text, page_breaks, title) -> None:
    settings_ = make_settings("/nonexistent", chunk_target_chars=120, chunk_max_chars=200,
                              chunk_min_chars=40)
    document = loaded(text, page_breaks)
    chunks = build_chunks(document, DocumentMeta(title=title), settings_)
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    assert all(c.chunk_id.startswith("doc.pdf#") and c.index_text.startswith(f"{title}\n") for c in chunks)
    pages = [c.page for c in chunks]
    if document.pages:
        assert all(p is not None and 1 <= p <= len(document.pages) for p in pages)
        assert pages == sorted(pages)
    assert [c.chunk_id for c in build_chunks(document, DocumentMeta(title=title), settings_)] == [
        c.chunk_id for c in chunks]
