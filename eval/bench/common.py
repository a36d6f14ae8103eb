"""Helpers shared by the benchmarks: peak RSS, replicated corpora, percentiles."""

from __future__ import annotations

import resource
import shutil
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
CORPUS = REPO / "corpus"


def peak_rss_mb() -> float:
    """Peak resident set size of this process and its finished children, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def replicate_corpus(target: Path, copies: int) -> Path:
    """``copies`` renamed copies of every corpus document (manifest entries copied too)."""
    import json

    target.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    entries = []
    for n in range(copies):
        for doc in manifest["documents"]:
            name = f"c{n:03d}-{doc['file']}"
            shutil.copyfile(CORPUS / doc["file"], target / name)
            entries.append({**doc, "file": name})
    (target / "manifest.json").write_text(json.dumps({"documents": entries}, ensure_ascii=False), encoding="utf-8")
    return target


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def dir_mb(folder: Path) -> float:
    """Size of the files under ``folder`` in MB (10^6 bytes); 0 when it does not exist."""
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file()) / 1e6


def text_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("*.txt"))
