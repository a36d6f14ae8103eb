"""Formats told from their bytes, and the Office files refused with what to do: 一太郎, old
binary Office, passwords, zip bombs and XML entity expansion."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval import officegen
from ingest.core.errors import EncryptedFileError, LoaderError, UnsupportedFormatError
from ingest.core.settings import Settings
from ingest.loaders import load_file
from ingest.loaders.sniff import sniff

DOCX = officegen.docx_bytes("案内", [("第1章 概要", ["みどり公園の開園時間は午前9時からです。"])])
XLSX = officegen.xlsx_bytes({"表": [["施設名", "定員"], ["ひかり会館", 120]]})


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings(embed_model="none", max_unzipped_mb=50)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "data", "fmt"),
    [
        ("a.docx", DOCX, "docx"), ("a.pdf", DOCX, "docx"), ("a.xlsx", XLSX, "xlsx"), ("a.txt", b"%PDF-1.4\n", "pdf"),
        ("a.doc", officegen.ole_file({"WordDocument": b"x"}), "doc"), ("a.xls", officegen.ole_file({"Workbook": b"x"}), "xls"),
        ("a.docx", officegen.ole_file({"EncryptionInfo": b"x", "EncryptedPackage": b"y"}), "encrypted_office"),
        ("a.jtd", officegen.ole_file({"DocumentText": b"x"}), "jtd"), ("a.txt", "本文です。".encode(), None),
    ],
)
def test_sniff(tmp_path, name, data, fmt) -> None:
    assert sniff(write(tmp_path, name, data)).format == fmt


@pytest.mark.integration
def test_the_bytes_choose_the_loader_and_the_name_is_noted(tmp_path, settings) -> None:
    doc = load_file(write(tmp_path, "guide.pdf", DOCX), settings)
    assert doc.format == "docx" and "みどり公園" in doc.text
    assert doc.warnings[0] == "the file is a Word document (.docx) though its name ends in .pdf; read as such"


@pytest.mark.integration
@pytest.mark.parametrize(
    ("name", "data", "error", "advice"),
    [
        ("report.jtd", officegen.ole_file({"DocumentText": b"x"}), UnsupportedFormatError, "一太郎"),
        ("report.jtd", b"not even OLE", UnsupportedFormatError, "一太郎"),
        ("old.doc", officegen.ole_file({"WordDocument": b"x"}), UnsupportedFormatError, ".doc"),
        ("old.xls", officegen.ole_file({"Workbook": b"x"}), UnsupportedFormatError, ".xls"),
        ("renamed.docx", officegen.ole_file({"WordDocument": b"x"}), UnsupportedFormatError, ".doc"),
        ("locked.docx", officegen.ole_file({"EncryptionInfo": b"x", "EncryptedPackage": b"y"}), EncryptedFileError, "password"),
        ("locked.xlsx", officegen.ole_file({"EncryptionInfo": b"x", "EncryptedPackage": b"y"}), EncryptedFileError, "password"),
    ],
)
def test_formats_docqa_cannot_read_say_what_to_do(tmp_path, settings, name, data, error, advice) -> None:
    with pytest.raises(error) as caught:
        load_file(write(tmp_path, name, data), settings)
    assert advice in str(caught.value) and ".docx または PDF で保存してください" in str(caught.value)


@pytest.mark.integration
def test_an_encrypted_office_file_made_by_msoffcrypto_is_refused(tmp_path, settings) -> None:
    pytest.importorskip("msoffcrypto", reason="msoffcrypto-tool is not installed")
    import io

    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(DOCX)).encrypt("secret", out)
    with pytest.raises(EncryptedFileError, match="password-protected"):
        load_file(write(tmp_path, "locked.docx", out.getvalue()), settings)


@pytest.mark.integration
def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, settings) -> None:
    path = write(tmp_path, "bomb.docx", officegen.zip_bomb("docx", unpacked_mb=64))
    assert path.stat().st_size < 2_000_000
    with pytest.raises(LoaderError, match=r"unpacks to 6\d MB; the limit is 50 MB"):
        load_file(path, settings)


@pytest.mark.integration
@pytest.mark.parametrize(("name", "kind"), [("laughs.docx", "docx"), ("laughs.xlsx", "xlsx")])
def test_xml_entity_expansion_is_refused(tmp_path, settings, name, kind) -> None:
    with pytest.raises(LoaderError, match="declares XML entities"):
        load_file(write(tmp_path, name, officegen.entity_bomb(kind)), settings)


@pytest.mark.integration
def test_too_many_parts_is_refused(tmp_path) -> None:
    with pytest.raises(LoaderError, match="holds 9 parts; the limit is 8"):
        load_file(write(tmp_path, "a.xlsx", XLSX), Settings(embed_model="none", max_package_parts=8))
