"""The generation is the one owner of the index's file names, and its one writer and reader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.core.models import Chunk, DocumentMeta
from ingest.facts import Fact
from ingest.index import generation as generation_module
from ingest.index.generation import FILES, Generation
from ingest.index.records import DocumentRecord, GenerationContents
from ingest.index.store import DataDir
from tests.conftest import REPO

pytestmark = pytest.mark.unit

_DATA = DataDir(Path("data"))
#: Module → the names it alone may spell: a generation's files, the data directory's entries.
OWNERS = {
    REPO / "ingest" / "index" / "generation.py": [f.name for f in FILES],
    REPO / "ingest" / "index" / "store.py": [
        p.name for p in (_DATA.pointer, _DATA.generations, _DATA.lock_path, _DATA.chroma_path, _DATA.feedback_db)
    ],
}


def _spellings(name: str) -> list[str]:
    """How code spells a file name as a literal: quoted, and (for a plain word) joined to a path."""
    quoted = [f'"{name}"', f"'{name}'"]
    return quoted if "." in name else [rf'/ "{name}"', rf"/ '{name}'", rf'"{name}" /', rf'"{name}/']


@pytest.mark.parametrize("owner", list(OWNERS), ids=lambda p: p.name)
def test_file_names_are_spelled_in_their_owner_only(owner):
    sources = [p for d in ("ingest", "assistant", "eval", "tests") for p in (REPO / d).rglob("*.py")]
    offenders = {
        f"{p.relative_to(REPO)}: {name}"
        for p in sources
        if p != owner
        for name in OWNERS[owner]
        if any(s in p.read_text(encoding="utf-8") for s in _spellings(name))
    }
    assert offenders == set()


def test_the_layout_documents_every_file():
    documented = re.findall(r"^    (\S+?)/?\s{2,}", generation_module.__doc__, re.M)
    assert documented == [f.name for f in FILES]


def test_written_contents_read_back(tmp_path):
    meta = DocumentMeta("大阪市の国際協力", "大阪市", "2024-04", "web_page")
    chunk = Chunk("a.txt#1", "a.txt", 0, "大阪市は覚書を締結した。", "大阪市 覚書", "概要", 0, 12, None, meta)
    fact = Fact("大阪市", "ホーチミン市", "覚書", "a.txt", "a.txt#1", "大阪市は覚書を締結した。", action="締結")
    record = DocumentRecord("a.txt", "/docs/a.txt", meta, format="text", fingerprint="f", chunk_ids=("a.txt#1",), chars=12)
    contents = GenerationContents({"a.txt": record}, [chunk], [["大阪市", "覚書"]], [fact], {"a.txt": "大阪市は覚書を締結した。"})
    data = DataDir(tmp_path)
    name, build = data.new_generation()
    written = build.write(contents, name=name, tokenizer="whitespace:v1")
    published = data.publish(name, build)
    assert isinstance(published, Generation) and published.read_meta() == written
    docs = published.read_documents()
    assert docs == {"a.txt": DocumentRecord(**{**record.__dict__, "text_file": "000000.txt"})}
    assert published.read_chunks() == [chunk]
    assert published.read_facts() == published.read_raw_facts() == [fact]
    assert published.read_tokens() == {"a.txt#1": ["大阪市", "覚書"]}
    assert published.read_text(docs["a.txt"]) == "大阪市は覚書を締結した。"
    assert published.open_lexical(1).scores(["覚書"]).tolist()[0] > 0


@pytest.mark.parametrize("text_file", [f"../{FILES[0].name}", "/etc/passwd", "", "..", None])
def test_a_record_naming_a_path_reads_no_text(tmp_path, text_file):
    record = DocumentRecord("a.txt", "/docs/a.txt", DocumentMeta("a"), text_file=text_file)
    assert Generation(tmp_path).read_text(record) is None
