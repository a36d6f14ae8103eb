"""Whether two data directories hold the same index: the current generation of each, read back
record by record (documents, chunks, tokens, answer units, facts, the metadata without its
volatile fields) and the lexical index's arrays and vocabulary compared value by value.

    .venv/bin/python eval/bench/same_records.py DATA_BEFORE DATA_AFTER

Where :mod:`same_index` checks the bytes of two ingests that it runs itself, this compares what
readers load from two data directories made already (an ingest with the code of a commit and
one with this checkout, both with ``PYTHONHASHSEED=0``: the BM25 vocabulary's order follows a
set's). The files whose bytes differ are named too, for information. Exit status 1 and the
differing records named when they differ.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from same_index import VOLATILE_META, differences, verdict

from ingest.index.generation import LEXICAL, Generation
from ingest.index.store import DataDir


def _lexical(generation: Generation) -> dict[str, object]:
    """Every file of the lexical index folder, decoded: arrays as arrays, JSON as values."""
    folder = generation.file(LEXICAL)
    out: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".npy":
            out[path.name] = np.load(path, allow_pickle=False)
        elif path.suffix == ".json":
            out[path.name] = json.loads(path.read_text(encoding="utf-8"))
        elif path.is_file():
            out[path.name] = path.read_bytes()
    return out


def _same(a: object, b: object) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    return a == b


def record_differences(before: Generation, after: Generation) -> list[str]:
    """The kinds of record that two generations do not hold alike."""
    meta_a, meta_b = before.read_meta().to_json(), after.read_meta().to_json()
    for key in VOLATILE_META:
        meta_a.pop(key, None)
        meta_b.pop(key, None)
    pairs = {
        "meta": (meta_a, meta_b),
        "documents": (before.read_documents(), after.read_documents()),
        "chunks": (before.read_chunks(), after.read_chunks()),
        "tokens": (before.read_tokens(), after.read_tokens()),
        "units": (before.read_units(), after.read_units()),
        "facts": (before.read_facts(), after.read_facts()),
        "raw facts": (before.read_raw_facts(), after.read_raw_facts()),
    }
    out = [name for name, (a, b) in pairs.items() if a != b]
    lex_a, lex_b = _lexical(before), _lexical(after)
    out.extend(f"lexical {name}" for name in sorted(lex_a.keys() | lex_b.keys())
               if name not in lex_a or name not in lex_b or not _same(lex_a[name], lex_b[name]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path, help="the reference data directory")
    parser.add_argument("after", type=Path, help="the data directory to compare with it")
    args = parser.parse_args()
    before, after = DataDir(args.before).current(), DataDir(args.after).current()
    units = len(after.read_units())
    found = record_differences(before, after)
    changed_bytes = differences(before.path, after.path)
    if changed_bytes:
        print("files whose bytes differ:", *changed_bytes, sep="\n  ")
    verdict(found, "records differ:", f"the same records ({units} chunks' units, documents, chunks, tokens, facts, lexical index)")


if __name__ == "__main__":
    main()
