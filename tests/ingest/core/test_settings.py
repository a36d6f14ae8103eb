"""Every setting is documented: the README's table is the one generated from Settings."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from ingest.core.errors import ConfigError
from ingest.core.settings import Settings, settings_table
from tests.conftest import REPO

pytestmark = pytest.mark.unit


def test_readme_configuration_table_matches_settings():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert settings_table() in readme, "regenerate the README table with ingest.core.settings.settings_table()"


def test_every_setting_has_help_text():
    for name, field in Settings.model_fields.items():
        assert field.description, name


def test_inconsistent_chunk_sizes_are_refused(tmp_path):
    with pytest.raises(ConfigError):
        Settings(data_dir=tmp_path, chunk_min_chars=500, chunk_target_chars=300)


def test_environment_prefix(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCQA_TOP_K", "7")
    monkeypatch.setenv("DOCQA_DATA_DIR", str(tmp_path))
    settings = Settings()
    assert settings.top_k == 7 and settings.data_dir == tmp_path


def test_every_setting_is_read_by_the_code():
    """A setting no code reads is a promise the program does not keep (DOCQA_SPLIT_MODE was one)."""
    sources = [
        p.read_text(encoding="utf-8")
        for package in ("ingest", "assistant")
        for p in (REPO / package).rglob("*.py")
        if p != REPO / "ingest" / "core" / "settings.py"
    ]
    unread = [name for name in Settings.model_fields if not any(re.search(rf"settings\.{name}\b", s) for s in sources)]
    assert unread == []


def test_settings_are_checked_on_construction(tmp_path):
    with pytest.raises(ConfigError):
        Settings(data_dir=tmp_path, chunk_target_chars=700, chunk_max_chars=650)
    with pytest.raises(ValidationError):
        Settings(data_dir=tmp_path, top_k=0)


@pytest.mark.parametrize("token", ["秘密のトークン", "has space", "tab\there", "ümlaut"])
def test_a_token_no_client_can_send_is_refused_at_start_up(tmp_path, token):
    """Bug (issue 15, defect 8): a non-ASCII DOCQA_API_TOKEN could never match (the header is
    read as latin-1 bytes, the setting compared as UTF-8), locking every client out."""
    with pytest.raises(ConfigError, match="DOCQA_API_TOKEN may hold only visible ASCII"):
        Settings(data_dir=tmp_path, api_token=token)
    assert Settings(data_dir=tmp_path, api_token="s3cr3t-Token_~+/=!").api_token == "s3cr3t-Token_~+/=!"
