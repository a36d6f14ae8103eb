"""Every setting is documented: the README's table is the one generated from Settings."""

from __future__ import annotations

import pytest

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
        Settings(data_dir=tmp_path, chunk_min_chars=500, chunk_target_chars=300).check()


def test_environment_prefix(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCQA_TOP_K", "7")
    monkeypatch.setenv("DOCQA_DATA_DIR", str(tmp_path))
    settings = Settings()
    assert settings.top_k == 7 and settings.data_dir == tmp_path
