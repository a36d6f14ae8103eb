"""Whether a change to ingest keeps its output: the lexical index of a corpus made by the code
of a commit and by this checkout, compared file by file.

    .venv/bin/python eval/bench/same_index.py --before main [--copies 10] [--corpus corpus]

The commit is checked out into a temporary worktree and run with this checkout's virtualenv;
both ingests run without an embedder (``embed_model=none``). Every file of the two published
generations must have the same bytes, except ``meta.json``, which is compared without the
fields that name the moment it was written (``created``, ``generation``) and the checksums of
the other files (compared themselves). Both run with ``PYTHONHASHSEED=0``: the BM25 vocabulary's
order follows a set's, which string hashing randomises per process. ``--copies N`` ingests N renamed copies of the corpus (1 MB or more of
text runs the worker processes, as a large ingest does). Exit status 1 and the differing files
named when they differ.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import CORPUS, REPO, replicate_corpus

from ingest.index.generation import META
from ingest.index.store import DataDir

#: Fields of the generation's metadata that differ between two ingests of the same files.
VOLATILE_META = ("created", "generation", "checksums")

_INGEST = """
import sys
from ingest.core.settings import Settings
from ingest.pipeline import run_ingest
summary = run_ingest([sys.argv[1]], Settings(data_dir=sys.argv[2], embed_model="none"))
print(summary.documents, summary.chunks, len(summary.failed))
"""


def ingest(code: Path, folder: Path, data: Path) -> Path:
    """Ingest ``folder`` into ``data`` with the code of the checkout ``code``; the generation made."""
    env = {**os.environ, "PYTHONPATH": str(code), "HF_HUB_OFFLINE": "1", "PYTHONHASHSEED": "0"}
    subprocess.run([sys.executable, "-c", _INGEST, str(folder), str(data)], cwd=code, env=env, check=True)
    return DataDir(data).current().path


def differences(before: Path, after: Path) -> list[str]:
    """The files of two generation folders that differ (the metadata without its volatile fields)."""
    names = sorted({p.relative_to(before) for p in before.rglob("*") if p.is_file()}
                   | {p.relative_to(after) for p in after.rglob("*") if p.is_file()})
    out = []
    for name in names:
        a, b = before / name, after / name
        if not (a.is_file() and b.is_file()):
            out.append(f"{name}: only in {'after' if b.is_file() else 'before'}")
        elif name == Path(META.name):
            ma, mb = (json.loads(p.read_text(encoding="utf-8")) for p in (a, b))
            for key in VOLATILE_META:
                ma.pop(key, None)
                mb.pop(key, None)
            if ma != mb:
                out.append(f"{name}: {sorted(k for k in ma.keys() | mb.keys() if ma.get(k) != mb.get(k))}")
        elif a.read_bytes() != b.read_bytes():
            out.append(str(name))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True, help="the commit whose ingest is the reference")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--copies", type=int, default=1, help="ingest this many renamed copies of the corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = args.corpus if args.copies == 1 else replicate_corpus(tmp / "corpus", args.copies)
        old = tmp / "before"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "--quiet", str(old), args.before], check=True)
        try:
            gen_before = ingest(old, folder, tmp / "data-before")
            gen_after = ingest(REPO, folder, tmp / "data-after")
            found = differences(gen_before, gen_after)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(old)], check=True)
        files = sum(1 for p in gen_after.rglob("*") if p.is_file())
    verdict(found, "differ:", f"the same: {files} files of the generation ({args.before} and this checkout, {args.copies} copies)")


def verdict(found: list[str], heading: str, same: str) -> None:
    """Print the differences found under ``heading`` and exit 1, or print ``same``."""
    if found:
        print(heading, *found, sep="\n  ")
        sys.exit(1)
    print(same)


if __name__ == "__main__":
    main()
