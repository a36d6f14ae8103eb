"""What Word and Excel packages share: the checks before a package is opened, and the
formats docqa refuses with what to do instead.

A .docx or .xlsx is a zip of XML parts. Before a library opens one, in the parsing child
(:mod:`ingest.loaders.isolation`), :func:`check_package` refuses a zip bomb (more
uncompressed bytes or parts than the settings allow; the sizes are the ones the zip
declares, and a part is never read past its declared size) and any XML part that declares a
DTD or entities (``<!DOCTYPE``, ``<!ENTITY``: the billion-laughs and external-entity
attacks; Office never writes them). python-docx parses with ``resolve_entities=False`` and
openpyxl with defusedxml installed, as a second line.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import NoReturn

from ingest.core.errors import EncryptedFileError, LoaderError, UnsupportedFormatError
from ingest.core.models import LoadedDocument

SAVE_AS = ".docx または PDF で保存してください"
#: The advice for each format docqa cannot read, by sniffed format or suffix.
REFUSED = {
    "jtd": f"一太郎の文書 (.jtd) は読めません: {SAVE_AS} (save it as .docx or PDF)",
    "doc": f"old binary Word document (.doc): docqa cannot read it; {SAVE_AS} (save it as .docx or PDF)",
    "xls": f"old binary Excel workbook (.xls): docqa cannot read it; save it as .xlsx or PDF ({SAVE_AS})",
    "ppt": f"PowerPoint file: docqa cannot read it; save it as PDF ({SAVE_AS})",
    "pptx": f"PowerPoint file: docqa cannot read it; save it as PDF ({SAVE_AS})",
    "ole": f"an OLE2 compound file of unknown kind (old Office or 一太郎?): docqa cannot read it; {SAVE_AS}",
    "zip": "a zip archive, not a Word or Excel file: unpack it and add the documents inside",
}
ENCRYPTED = (
    "password-protected Office file: docqa cannot open it; remove the password and save it again "
    f"({SAVE_AS})"
)
#: Suffixes refused by name (whatever their bytes), and the format whose advice they get.
REFUSED_SUFFIXES = {".jtd": "jtd", ".jtdc": "jtd", ".jtt": "jtd", ".jttc": "jtd", ".doc": "doc", ".xls": "xls", ".ppt": "ppt"}
_XML_PARTS = (".xml", ".rels", ".vml")
_DTD_MARKS = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")


def refuse(fmt: str) -> NoReturn:
    """Raise the error for a format docqa does not read (a key of :data:`REFUSED` or ``encrypted_office``)."""
    if fmt == "encrypted_office":
        raise EncryptedFileError(ENCRYPTED)
    raise UnsupportedFormatError(REFUSED[fmt])


def check_package(path: str | Path, what: str, max_bytes: int, max_parts: int) -> None:
    """Refuse a zip package that is damaged, a zip bomb, or holds XML with a DTD (see the module doc)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LoaderError(f"malformed {what}: not a readable zip package ({exc})") from None
    with archive:
        members = archive.infolist()
        if len(members) > max_parts:
            raise LoaderError(
                f"the {what} holds {len(members):,} parts; the limit is {max_parts:,} (a zip bomb?)"
            )
        total = sum(m.file_size for m in members)
        if total > max_bytes:
            raise LoaderError(
                f"the {what} unpacks to {total / 2**20:,.0f} MB; the limit is {max_bytes / 2**20:,.0f} MB "
                "(DOCQA_MAX_UNZIPPED_MB; a zip bomb?)"
            )
        for member in members:
            if not member.filename.lower().endswith(_XML_PARTS):
                continue
            try:
                with archive.open(member) as part:
                    data = part.read(member.file_size + 1)
            except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError) as exc:
                raise LoaderError(f"malformed {what}: part {member.filename} is damaged ({exc})") from None
            if len(data) > member.file_size:
                raise LoaderError(f"malformed {what}: part {member.filename} is larger than it declares")
            if any(mark in data for mark in _DTD_MARKS):
                raise LoaderError(
                    f"the {what} declares XML entities in {member.filename} (an XML bomb?); Office never "
                    "writes them, so the file was refused"
                )


class RefusedFormatLoader:
    """A Loader for suffixes docqa recognises but cannot read: it says what to do instead."""

    def __init__(self, suffixes: tuple[str, ...]) -> None:
        self.suffixes = suffixes

    def load(self, path: Path, doc_id: str) -> LoadedDocument:
        refuse(REFUSED_SUFFIXES[path.suffix.lower()])
