"""load_file, the suffix registry, the Loader protocol and FakeLoader."""

from __future__ import annotations

from pathlib import Path

import pytest

import ingest.loaders
from ingest.core.errors import BinaryFileError, FileTooLargeError, LoaderError
from ingest.core.settings import Settings
from ingest.loaders import SUPPORTED_SUFFIXES, FakeLoader, Loader, default_loaders, load_file
from ingest.loaders.html import HtmlLoader
from ingest.loaders.pdf import PdfLoader
from ingest.loaders.text import TextLoader

SAMPLE = "お知らせ\n\n本日は市役所の窓口を午後五時まで開いています。ご来庁の際はマスクの着用にご協力ください。\n"


@pytest.fixture
def settings() -> Settings:
    return Settings(max_file_mb=1, parse_timeout_s=20)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.unit
def test_public_api() -> None:
    assert sorted(ingest.loaders.__all__) == sorted(
        ["SUPPORTED_SUFFIXES", "FakeLoader", "Loader", "default_loaders", "load_file"]
    )


@pytest.mark.unit
def test_registry_covers_exactly_the_supported_suffixes(settings: Settings) -> None:
    registry = default_loaders(settings)
    assert sorted(registry) == sorted(SUPPORTED_SUFFIXES)
    assert all(suffix == suffix.lower() and suffix.startswith(".") for suffix in registry)
    pdf = registry[".pdf"]
    assert isinstance(pdf, PdfLoader)
    assert (pdf.timeout_s, pdf.memory_mb) == (settings.parse_timeout_s, settings.parse_memory_mb)


@pytest.mark.unit
@pytest.mark.parametrize(
    "loader", [TextLoader(), HtmlLoader(), PdfLoader(1.0, 256), FakeLoader({})]
)
def test_every_loader_satisfies_the_protocol(loader: Loader) -> None:
    assert isinstance(loader, Loader)
    assert loader.suffixes and all(suffix.startswith(".") for suffix in loader.suffixes)


@pytest.mark.integration
@pytest.mark.parametrize("name", ["notice.txt", "NOTICE.TXT", "notice.md", "notice.Html"])
def test_load_file_dispatches_on_lower_cased_suffix(
    tmp_path: Path, settings: Settings, name: str
) -> None:
    doc = load_file(write(tmp_path, name, SAMPLE.encode("cp932")), settings)
    assert doc.doc_id == name
    assert doc.path == tmp_path / name
    assert "午後五時" in doc.text


@pytest.mark.integration
def test_unsupported_suffix(tmp_path: Path, settings: Settings) -> None:
    with pytest.raises(LoaderError, match=r"^unsupported file type \.xyz$"):
        load_file(write(tmp_path, "data.XYZ", b"x"), settings)
    with pytest.raises(LoaderError, match=r"^unsupported file type \(no suffix\)$"):
        load_file(write(tmp_path, "README", b"x"), settings)


@pytest.mark.integration
@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.html"])
def test_zero_byte_file(tmp_path: Path, settings: Settings, name: str) -> None:
    with pytest.raises(LoaderError, match="^empty file$"):
        load_file(write(tmp_path, name, b""), settings)


@pytest.mark.integration
def test_too_large_file(tmp_path: Path, settings: Settings) -> None:
    path = write(
        tmp_path, "big.txt", SAMPLE.encode() * (2 * 1024 * 1024 // len(SAMPLE.encode()) + 1)
    )
    with pytest.raises(FileTooLargeError, match=r"^file is 2\.0 MB; the limit is 1 MB"):
        load_file(path, settings)


@pytest.mark.integration
def test_missing_file_and_directory(tmp_path: Path, settings: Settings) -> None:
    with pytest.raises(LoaderError, match="^cannot read file: "):
        load_file(tmp_path / "missing.txt", settings)
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(LoaderError, match="^not a regular file$"):
        load_file(tmp_path / "folder.txt", settings)


@pytest.mark.integration
def test_binary_pretending_to_be_html(tmp_path: Path, settings: Settings) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    with pytest.raises(BinaryFileError):
        load_file(write(tmp_path, "image.html", png), settings)


@pytest.mark.integration
def test_fake_loader_through_load_file(tmp_path: Path, settings: Settings) -> None:
    broken = LoaderError("simulated failure")
    fake = FakeLoader({"a.txt": SAMPLE, "b.txt": broken}, suffixes=(".txt",))
    registry = {".txt": fake}
    doc = load_file(write(tmp_path, "a.txt", b"ignored"), settings, loaders=registry)
    assert (doc.text, doc.title_hint, doc.format) == (SAMPLE, "お知らせ", "fake")
    with pytest.raises(LoaderError) as caught:
        load_file(write(tmp_path, "b.txt", b"ignored"), settings, loaders=registry)
    assert caught.value is broken
    assert fake.loaded == ["a.txt"]


@pytest.mark.unit
def test_fake_loader_without_text_raises() -> None:
    with pytest.raises(LoaderError, match="no fake text for c.txt"):
        FakeLoader({}).load(Path("c.txt"), "c.txt")
