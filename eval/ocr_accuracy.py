"""OCR speed and character accuracy on scans made here: Japanese pages rendered as images
(horizontal and vertical), put in an image-only PDF, read back through the PDF loader.

``python -m eval.ocr_accuracy [--pages N] [--dpi 200]`` prints one JSON object and writes it
to ``eval/reports/ocr.json``. Accuracy is ``1 - edit distance / length`` of the page texts
with all white space removed (the character error rate's complement).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from eval import officegen

REPORT = Path(__file__).resolve().parent / "reports" / "ocr.json"
LINES = [
    "川崎市は、環境技術を活かした国際貢献を進めている。",
    "令和5年度のごみ焼却量は年間31万2千トンであった。",
    "資源化率は前年度より1.2ポイント上昇し、34.5%となった。",
    "浮島処理センターなど市内3か所の焼却施設が稼働している。",
    "バンドン市とは2016年2月18日に覚書を締結した。",
    "説明会は午前10時から市役所第3庁舎で開催する。",
]


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def accuracy(read: str, truth: str) -> float:
    """Character accuracy of ``read`` against ``truth``, white space ignored."""
    a, b = "".join(read.split()), "".join(truth.split())
    return max(0.0, 1 - edit_distance(a, b) / max(1, len(b)))


def measure(pages: int = 4, dpi: int = 200, folder: Path | None = None) -> dict:
    """Scan ``pages`` pages (every second one vertical), OCR them, and report speed and accuracy."""
    import tempfile

    from ingest.loaders.ocr import OcrOptions
    from ingest.loaders.pdf import PdfLoader

    texts = [LINES[n % len(LINES):] + LINES[: n % len(LINES)] for n in range(pages)]
    vertical = tuple(n for n in range(1, pages + 1) if n % 2 == 0)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(folder or tmp) / "scan.pdf"
        path.write_bytes(officegen.scanned_pdf_bytes(texts, vertical_pages=vertical, dpi=dpi))
        loader = PdfLoader(60, 2048, ocr=OcrOptions(budget_s=600, max_pages=pages))
        started = time.perf_counter()
        doc = loader.load(path, path.name)
        seconds = time.perf_counter() - started
    per_page = []
    for span, lines in zip(doc.pages, texts):
        per_page.append(accuracy(doc.text[span.start : span.end], "".join(lines)))
    horizontal = [a for n, a in enumerate(per_page, 1) if n not in vertical]
    upright = [a for n, a in enumerate(per_page, 1) if n in vertical]
    return {
        "date": time.strftime("%Y-%m-%d"),
        "pages": pages,
        "dpi": dpi,
        "ocr_pages": doc.ocr_pages,
        "seconds": round(seconds, 2),
        "pages_per_second": round(pages / seconds, 3),
        "accuracy": round(sum(per_page) / len(per_page), 4),
        "accuracy_horizontal": round(sum(horizontal) / len(horizontal), 4) if horizontal else None,
        "accuracy_vertical": round(sum(upright) / len(upright), 4) if upright else None,
        "languages": OcrOptions().languages,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--dpi", type=int, default=200)
    args = parser.parse_args(argv)
    from ingest.loaders.ocr import unavailable

    reason = unavailable("jpn+jpn_vert")
    if reason:
        print(json.dumps({"error": reason}))
        return 1
    result = measure(args.pages, args.dpi)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
