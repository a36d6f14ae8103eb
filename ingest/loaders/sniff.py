"""What a file is, from its bytes: the format decides the loader, not the name.

A file named ``.pdf`` that is a Word package is read as Word; a ``.txt`` that is a PDF as a
PDF. Text formats have no signature, so for them (and for bytes no signature matches) the
name's suffix decides. Zip packages are told apart by the parts they hold
(``word/document.xml``, ``xl/workbook.xml``); OLE2 compound files (old binary Office,
一太郎, and Office files with a password, which Office stores as an encrypted package
inside one) by their streams.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

#: Formats a file can be recognised as, and the suffix of the loader that reads each.
FORMAT_SUFFIX = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx"}
#: What users call each format, in messages.
FORMAT_NAMES = {
    "pdf": "a PDF", "docx": "a Word document (.docx)", "xlsx": "an Excel workbook (.xlsx)",
    "doc": "an old Word document (.doc)", "xls": "an old Excel workbook (.xls)",
    "ppt": "an old PowerPoint file (.ppt)", "pptx": "a PowerPoint file (.pptx)",
    "encrypted_office": "a password-protected Office file", "ole": "an OLE2 compound file",
    "zip": "a zip archive", "damaged_zip": "a damaged zip archive", "jtd": "an 一太郎 document",
}
_PDF = b"%PDF-"
_ZIP = (b"PK\x03\x04",)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_JTD_SUFFIXES = (".jtd", ".jtdc", ".jtt", ".jttc")


@dataclass(frozen=True)
class Sniffed:
    """``format`` is a key of :data:`FORMAT_NAMES`, or None when the bytes do not say."""

    format: str | None

    @property
    def loader_suffix(self) -> str | None:
        return FORMAT_SUFFIX.get(self.format or "")


def sniff(path: Path) -> Sniffed:
    """The format of the file at ``path`` from its first bytes and, for containers, their
    directory; OSError propagates."""
    with open(path, "rb") as fh:
        head = fh.read(1024)
    # A PDF may have bytes before its header; only a file named .pdf is read so.
    if head.startswith(_PDF) or (path.suffix.lower() == ".pdf" and _PDF in head):
        return Sniffed("pdf")
    if head.startswith(_ZIP):
        return Sniffed(_zip_format(path))
    if head.startswith(_OLE):
        if path.suffix.lower() in _JTD_SUFFIXES:
            return Sniffed("jtd")
        return Sniffed(_ole_format(path))
    return Sniffed(None)


def _zip_format(path: Path) -> str | None:
    """The package a zip is; ``damaged_zip`` when its directory cannot be read (a file named
    .docx/.xlsx then goes to its loader, which says what is wrong)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return "damaged_zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    return "zip"


def _ole_format(path: Path) -> str:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
    except Exception:  # noqa: BLE001 - a damaged container is still an OLE2 file
        return "ole"
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        return "encrypted_office"
    if "WordDocument" in streams:
        return "doc"
    if "Workbook" in streams or "Book" in streams:
        return "xls"
    if "PowerPoint Document" in streams:
        return "ppt"
    return "ole"
