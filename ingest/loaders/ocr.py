"""Optical character recognition of scanned pages with Tesseract (runs in the PDF child).

Tesseract is a Debian package (``tesseract-ocr`` with ``tesseract-ocr-jpn`` and
``tesseract-ocr-jpn-vert``), called as a program: no Python binding, and it inherits the
PDF child's memory limit and process group, so a timeout kills it too. ``jpn+jpn_vert``
with automatic page segmentation reads horizontal and vertical (縦書き) text alike;
Tesseract puts spaces between the characters of vertical lines, which are taken out again
between two Japanese characters. One OpenMP thread: pages are read one after another.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

#: What to install when Tesseract (or a language of it) is missing.
INSTALL_HINT = (
    "install Tesseract to read it (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-jpn "
    "tesseract-ocr-jpn-vert), then ingest the file again"
)
#: A scan below this resolution is enlarged before it is read (Tesseract wants about 300 dpi).
MIN_DPI = 200
TARGET_DPI = 300
#: Points per inch of PDF user space.
_POINTS = 72.0
_WIDE = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
_WIDE_GAP = re.compile(f"(?<=[{_WIDE}]) +(?=[{_WIDE}])")


@dataclass(frozen=True)
class OcrOptions:
    """How pages are read: ``languages`` for Tesseract (empty: OCR off), a time budget for
    the whole document and a most pages."""

    languages: str = "jpn+jpn_vert"
    budget_s: float = 200.0
    max_pages: int = 200

    def to_json(self) -> dict:
        return {"languages": self.languages, "budget_s": self.budget_s, "max_pages": self.max_pages}

    @classmethod
    def from_json(cls, data: dict | None) -> OcrOptions:
        data = data or {}
        return cls(**{k: data[k] for k in ("languages", "budget_s", "max_pages") if k in data})


def unavailable(languages: str) -> str | None:
    """Why Tesseract cannot read ``languages`` here (None: it can)."""
    exe = shutil.which("tesseract")
    if exe is None:
        return "Tesseract is not installed"
    try:
        done = subprocess.run([exe, "--list-langs"], capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"Tesseract does not run ({exc})"
    installed = set(done.stdout.decode("utf-8", "replace").split())
    missing = [lang for lang in languages.split("+") if lang and lang not in installed]
    if missing:
        return f"Tesseract has no {'+'.join(missing)} language data"
    return None


def clean_ocr_text(text: str) -> str:
    """Tesseract's text without the spaces it puts between Japanese characters, with one
    line per line and no blank runs."""
    lines = [_WIDE_GAP.sub("", line).strip() for line in text.replace("\f", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def read_image(data: bytes, dpi: float, languages: str, timeout_s: float) -> str:
    """The text Tesseract reads in one page image (PNG/JPEG/TIFF… bytes at ``dpi``)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        page = image.convert("L")
    if dpi and dpi < MIN_DPI:
        scale = TARGET_DPI / dpi
        page = page.resize((round(page.width * scale), round(page.height * scale)))
        dpi = TARGET_DPI
    with tempfile.TemporaryDirectory(prefix="docqa-ocr-") as tmp:
        source = os.path.join(tmp, "page.png")
        page.save(source, dpi=(round(dpi or TARGET_DPI),) * 2)
        done = subprocess.run(
            ["tesseract", source, "-", "-l", languages, "--psm", "3", "--dpi", str(round(dpi or TARGET_DPI))],
            capture_output=True, timeout=timeout_s, check=False,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    if done.returncode != 0:
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"tesseract failed: {last}")
    return clean_ocr_text(done.stdout.decode("utf-8", "replace"))


def page_scan(page) -> tuple[bytes, float] | None:
    """The largest image of a pypdf page (its scan) as bytes, with its resolution in dpi;
    None when the page has no image covering most of it."""
    best = None
    for image in page.images:
        try:
            data, width, height = image.data, image.image.width, image.image.height
        except Exception:  # noqa: BLE001 - an undecodable image is no scan
            continue
        if best is None or width * height > best[1] * best[2]:
            best = (image, width, height, data)
    if best is None:
        return None
    image, width, height, _data = best
    page_w = float(page.mediabox.width) or 1.0
    page_h = float(page.mediabox.height) or 1.0
    dpi = max(width / (page_w / _POINTS), height / (page_h / _POINTS))
    if width < 200 or height < 200:  # a logo or stamp, not a page
        return None
    buffer = io.BytesIO()
    image.image.save(buffer, format="PNG")
    return buffer.getvalue(), dpi
