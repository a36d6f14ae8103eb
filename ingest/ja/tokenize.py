"""Japanese tokenisation for the lexical index, shared by documents and queries.

Decision (documented in the README): Sudachi split mode C (long units such as
``ホーチミン市``, ``低炭素``) plus the mode-A sub-units of every compound
(``ホーチミン``, ``市``, ``炭素``). Long units keep precision for names and terms;
the sub-units let ``ホーチミン`` match ``ホーチミン市`` and ``事務局`` match
``EEC事務局``. This is the "search mode" that Japanese search engines use
(e.g. the Elasticsearch Sudachi plugin). Tokens are Sudachi's normalised forms
(``覚書`` and ``覚え書き`` both become ``覚え書き``), lower-cased; particles, auxiliary
verbs, symbols and whitespace are dropped.

Queries go through exactly the same function, so era annotations added by
:func:`ingest.ja.dates.annotate_eras` reach both sides alike.
"""

from __future__ import annotations

from functools import cached_property
from sys import intern
from typing import Protocol

from ingest.ja.morphemes import FineMorpheme, add_fine, dictionary, sudachi_tokenizer

#: Parts of speech that carry no content for retrieval.
_STOP_POS = ("助詞", "助動詞", "補助記号", "空白", "記号")
#: Sudachi refuses inputs over ~49 KB; chunks are far smaller, but queries and
#: test inputs are not under our control.
_MAX_INPUT_BYTES = 40_000
#: What indexing needs of each morpheme (Sudachi skips the rest).
_FIELDS = frozenset({"pos", "normalized_form", "split_a"})


class Tokenizer(Protocol):
    """Turns text into index terms. ``name`` is recorded in the index and checked on load."""

    name: str

    def tokenize(self, text: str) -> list[str]: ...


class SudachiTokenizer:
    """The real tokenizer, on the process's one Sudachi dictionary (:mod:`ingest.ja.morphemes`)."""

    name = "sudachi-core:C+A:normalized:v1"

    @cached_property
    def _is_stop(self):
        return dictionary().pos_matcher(lambda pos: pos[0] in _STOP_POS)

    @cached_property
    def _mode_a(self):
        from sudachipy import SplitMode

        return SplitMode.A

    def tokenize(self, text: str) -> list[str]:
        tokens: list[str] = []
        for piece in _pieces(text):
            self._tokenize_piece(piece, tokens)
        return tokens

    def terms_and_morphemes(self, text: str, fine_from: int, shift: int) -> tuple[list[str], list[FineMorpheme]]:
        """From one Sudachi analysis of ``text``: its index terms (as :meth:`tokenize` gives
        them) and the mode-A morphemes (:func:`ingest.ja.morphemes.add_fine`) of those
        morphemes that begin at ``fine_from`` or later, their offsets moved by ``shift``.

        ``text`` must be one piece: :func:`fits_one_piece`."""
        terms: list[str] = []
        fine: list[FineMorpheme] = []
        self._tokenize_piece(text, terms, fine_from, shift, fine.append)
        return terms, fine

    def _tokenize_piece(self, text: str, out: list[str], fine_from: int = -1, shift: int = 0, append_fine=None) -> None:
        is_stop = self._is_stop
        mode_a = self._mode_a
        tokenizer = sudachi_tokenizer(_FIELDS)
        parts_out = tokenizer.tokenize("")  # one list every split below is written into
        for morpheme in tokenizer.tokenize(text):
            begin, end = morpheme.begin(), morpheme.end()
            fine = append_fine is not None and begin >= fine_from
            # Split once, for the terms (units over two characters) and the mode-A morphemes alike.
            parts = morpheme.split(mode_a, out=parts_out) if end - begin > (1 if fine else 2) else None
            if not is_stop(morpheme):
                # Interned: a large ingest holds every chunk's terms at once; one string per
                # distinct term (pickle keeps that sharing within a worker's result) is ~10x smaller.
                out.append(intern(morpheme.normalized_form().lower()))
                if end - begin > 2 and len(parts) > 1:
                    out.extend(intern(part.normalized_form().lower()) for part in parts if not is_stop(part))
            if fine:
                add_fine(morpheme, begin, end, parts, shift, append_fine)


def fits_one_piece(text: str) -> bool:
    """Whether :meth:`SudachiTokenizer.tokenize` analyses ``text`` whole, in one Sudachi call."""
    return bool(text.strip()) and len(text.encode("utf-8")) <= _MAX_INPUT_BYTES


class WhitespaceTokenizer:
    """A fake for tests: splits on whitespace, lower-cases."""

    name = "whitespace:v1"

    def tokenize(self, text: str) -> list[str]:
        return text.lower().split()


def _pieces(text: str) -> list[str]:
    """Split text into pieces Sudachi accepts (it has an input-size limit)."""
    if len(text.encode("utf-8")) <= _MAX_INPUT_BYTES:
        return [text] if text.strip() else []
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.splitlines(keepends=True):
        while len(line.encode("utf-8")) > _MAX_INPUT_BYTES:
            head, line = line[:10_000], line[10_000:]
            pieces.append(head)
        n = len(line.encode("utf-8"))
        if size + n > _MAX_INPUT_BYTES and current:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(line)
        size += n
    if current:
        pieces.append("".join(current))
    return [p for p in pieces if p.strip()]


_WORKER_TOKENIZER: SudachiTokenizer | None = None


def _worker_tokenize(texts: list[str]) -> list[list[str]]:
    global _WORKER_TOKENIZER
    if _WORKER_TOKENIZER is None:
        _WORKER_TOKENIZER = SudachiTokenizer()
    return [_WORKER_TOKENIZER.tokenize(t) for t in texts]


def tokenize_many(tokenizer: Tokenizer, texts: list[str], *, processes: int = 1) -> list[list[str]]:
    """Tokenise many texts, in ``processes`` worker processes when that pays off.

    Sudachi runs at roughly 0.5 MB/s on one core here, so large ingests use every
    core; small ones stay in-process because starting workers costs a second.
    """
    total = sum(len(t) for t in texts)
    if processes <= 1 or total < 400_000 or not isinstance(tokenizer, SudachiTokenizer):
        return [tokenizer.tokenize(t) for t in texts]
    import multiprocessing as mp

    batch = max(1, len(texts) // (processes * 8))
    batches = [texts[i : i + batch] for i in range(0, len(texts), batch)]
    # fork, not spawn/forkserver: those re-run the caller's __main__, which breaks
    # scripts without a main guard and stdin programs. The workers only run Sudachi.
    with mp.get_context("fork").Pool(processes) as pool:
        results = pool.map(_worker_tokenize, batches)
    return [tokens for part in results for tokens in part]
