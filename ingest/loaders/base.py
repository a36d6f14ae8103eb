"""The ``Loader`` seam, the suffix registry and ``load_file``, the one entry point.

``load_file`` owns the checks every format shares (unsupported type, size limit,
empty file) so that loaders only turn bytes into text. Each loader raises only
LoaderError subclasses with messages written for users, which is what lets the
pipeline report a broken file and go on with the batch.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ingest.core.errors import FileTooLargeError, LoaderError
from ingest.core.models import LoadedDocument
from ingest.loaders.excel import XlsxLoader
from ingest.loaders.html import HtmlLoader
from ingest.loaders.ocr import OcrOptions
from ingest.loaders.office import REFUSED, REFUSED_SUFFIXES, RefusedFormatLoader, refuse
from ingest.loaders.pdf import PdfLoader
from ingest.loaders.sniff import FORMAT_NAMES, sniff
from ingest.loaders.text import TextLoader, first_short_line
from ingest.loaders.word import DocxLoader

if TYPE_CHECKING:
    # Only for annotations: the PDF child process imports this package and should not
    # pay for pydantic at start-up.
    from ingest.core.settings import Settings

#: Suffixes docqa reads, and those it recognises to say what to do instead (一太郎, old Office).
READABLE_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".xlsx")
SUPPORTED_SUFFIXES: tuple[str, ...] = READABLE_SUFFIXES + tuple(REFUSED_SUFFIXES)

_MB = 1024 * 1024


@runtime_checkable
class Loader(Protocol):
    """Turns one file into a LoadedDocument.

    ``suffixes`` are the lower-case file suffixes (with the dot) the loader handles.
    ``load`` returns the document's original text, or raises a LoaderError subclass
    whose message says, for a user, why the file cannot be read. It never raises
    anything else for a bad file.
    """

    suffixes: tuple[str, ...]

    def load(self, path: Path, doc_id: str) -> LoadedDocument: ...


def default_loaders(settings: Settings) -> dict[str, Loader]:
    """The real loaders, keyed by suffix, configured from ``settings``."""
    ocr = OcrOptions(settings.ocr_languages, settings.ocr_timeout_s, settings.ocr_max_pages)
    pdf = PdfLoader(timeout_s=settings.parse_timeout_s, memory_mb=settings.parse_memory_mb, ocr=ocr)
    office = {
        "timeout_s": settings.parse_timeout_s, "memory_mb": settings.parse_memory_mb,
        "max_unzipped_mb": settings.max_unzipped_mb, "max_parts": settings.max_package_parts,
    }
    loaders: list[Loader] = [
        TextLoader(max_chars=settings.max_doc_chars), HtmlLoader(max_chars=settings.max_doc_chars), pdf,
        DocxLoader(**office), XlsxLoader(**office), RefusedFormatLoader(tuple(REFUSED_SUFFIXES)),
    ]
    return {suffix: loader for loader in loaders for suffix in loader.suffixes}


def load_file(
    path: Path, settings: Settings, loaders: Mapping[str, Loader] | None = None
) -> LoadedDocument:
    """Load one file with the loader for its format: sniffed from its bytes
    (:mod:`ingest.loaders.sniff`), else its (lower-cased) suffix.

    ``doc_id`` is the file name. ``loaders`` replaces the default registry (for
    tests and for callers that add formats). Raises LoaderError for an unsupported
    suffix, an unreadable or empty file, FileTooLargeError above
    ``settings.max_file_mb``, a refusal saying what to do for a format docqa cannot read
    (一太郎, old Office, a password), and whatever LoaderError the loader raises.
    """
    registry = default_loaders(settings) if loaders is None else loaders
    suffix = path.suffix.lower()
    if suffix not in registry:
        raise LoaderError(f"unsupported file type {suffix or '(no suffix)'}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoaderError(f"cannot read file: {exc.strerror or exc}") from exc
    if not path.is_file():
        raise LoaderError("not a regular file")
    if size > settings.max_file_mb * _MB:
        raise FileTooLargeError(
            f"file is {size / _MB:.1f} MB; the limit is {settings.max_file_mb} MB (DOCQA_MAX_FILE_MB)"
        )
    if size == 0:
        raise LoaderError("empty file")
    loader, note = _loader_for(path, suffix, registry)
    loaded = loader.load(path, path.name)
    if note:
        loaded.warnings.insert(0, note)
    return loaded


def _loader_for(path: Path, suffix: str, registry: Mapping[str, Loader]) -> tuple[Loader, str | None]:
    """The loader of the file's sniffed format, and a note when its name says otherwise."""
    if suffix in REFUSED_SUFFIXES or not any(s in registry for s in (".pdf", ".docx", ".xlsx")):
        return registry[suffix], None  # a registry without binary formats (tests) reads by name
    try:
        fmt = sniff(path).format
    except OSError as exc:
        raise LoaderError(f"cannot read file: {exc.strerror or exc}") from exc
    if fmt is None:
        if suffix in (".docx", ".xlsx"):
            raise LoaderError(f"not {FORMAT_NAMES[suffix[1:]]}: its bytes are not an Office package")
        return registry[suffix], None
    if fmt == "damaged_zip":
        if suffix in (".docx", ".xlsx"):
            return registry[suffix], None
        refuse("zip")
    if fmt in REFUSED or fmt == "encrypted_office":
        refuse(fmt)
    wanted = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx"}[fmt]
    if wanted == suffix or wanted not in registry:
        return registry[suffix], None
    return registry[wanted], f"the file is {FORMAT_NAMES[fmt]} though its name ends in {suffix}; read as such"


class FakeLoader:
    """A Loader that reads nothing from disk: texts come from a dict keyed by file name.

    A value that is a LoaderError is raised instead, to exercise failure paths. A
    name missing from the dict raises LoaderError. The title hint is the first short
    line, as for ``.txt``.
    """

    def __init__(
        self,
        texts: Mapping[str, str | LoaderError],
        suffixes: tuple[str, ...] = SUPPORTED_SUFFIXES,
    ) -> None:
        self.texts = dict(texts)
        self.suffixes = suffixes
        self.loaded: list[str] = []

    def load(self, path: Path, doc_id: str) -> LoadedDocument:
        value = self.texts.get(path.name)
        if value is None:
            raise LoaderError(f"no fake text for {path.name}")
        if isinstance(value, LoaderError):
            raise value
        self.loaded.append(doc_id)
        return LoadedDocument(
            doc_id=doc_id, path=path, text=value, format="fake", title_hint=first_short_line(value)
        )
