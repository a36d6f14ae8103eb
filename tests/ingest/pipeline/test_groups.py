"""Access groups per document: ``--group``, the manifest's ``"groups"``, and groups that stay."""

from __future__ import annotations

import json

import pytest

from ingest.core.errors import ConfigError
from ingest.index.store import DataDir
from ingest.pipeline import run_ingest
from tests.conftest import make_settings, write_docs

pytestmark = pytest.mark.integration

DOCS = {"a.txt": "大阪市は2013年にホーチミン市と覚書を締結した。\n", "b.txt": "川崎市はバンドン市と覚書を締結した。\n"}


def groups_of(settings) -> dict[str, tuple[str, ...]]:
    return {d: r.groups for d, r in DataDir(settings.data_dir).current().read_documents().items()}


def manifest(folder, entries) -> None:
    (folder / "manifest.json").write_text(json.dumps({"documents": entries}, ensure_ascii=False), encoding="utf-8")


def test_group_option_gives_this_runs_documents_the_group(tmp_path):
    folder = write_docs(tmp_path / "docs", DOCS)
    other = write_docs(tmp_path / "other", {"c.txt": "横浜市の資料。\n"})
    settings = make_settings(tmp_path / "data")
    run_ingest([other], settings)
    run_ingest([folder], settings, groups=["総務課", "hr"])
    assert groups_of(settings) == {"c.txt": (), "a.txt": ("hr", "総務課"), "b.txt": ("hr", "総務課")}


def test_the_manifest_gives_groups_per_document(tmp_path):
    folder = write_docs(tmp_path / "docs", DOCS)
    manifest(folder, [{"file": "a.txt", "title": "A", "groups": ["企画課"]}, {"file": "b.txt", "title": "B"}])
    settings = make_settings(tmp_path / "data")
    run_ingest([folder], settings)
    assert groups_of(settings) == {"a.txt": ("企画課",), "b.txt": ()}


def test_groups_stay_when_an_ingest_names_none_and_change_when_one_does(tmp_path):
    folder = write_docs(tmp_path / "docs", DOCS)
    settings = make_settings(tmp_path / "data")
    run_ingest([folder], settings, groups=["hr"])
    (folder / "a.txt").write_text("大阪市は2014年に覚書を更新した。\n", encoding="utf-8")
    summary = run_ingest([folder], settings)
    assert summary.updated == 1 and groups_of(settings) == {"a.txt": ("hr",), "b.txt": ("hr",)}
    manifest(folder, [{"file": "b.txt", "title": "B", "groups": []}])
    run_ingest([folder], settings)
    assert groups_of(settings) == {"a.txt": ("hr",), "b.txt": ()}
    run_ingest([folder], settings, rebuild=True)
    assert groups_of(settings) == {"a.txt": ("hr",), "b.txt": ()}


@pytest.mark.parametrize("groups", ["hr", [1], ["総務 課"], ["a,b"], [""]])
def test_a_bad_groups_value_stops_the_ingest_before_it_starts(tmp_path, groups):
    folder = write_docs(tmp_path / "docs", DOCS)
    manifest(folder, [{"file": "a.txt", "groups": groups}])
    settings = make_settings(tmp_path / "data")
    with pytest.raises(ConfigError, match="entry 1"):
        run_ingest([folder], settings)
    assert DataDir(settings.data_dir).current_generation() is None


def test_a_bad_group_option_is_refused(tmp_path):
    folder = write_docs(tmp_path / "docs", DOCS)
    with pytest.raises(ConfigError, match="--group"):
        run_ingest([folder], make_settings(tmp_path / "data"), groups=["総務 課"])


def test_an_upload_gets_the_groups_sent_with_it_and_a_replacement_keeps_them(tmp_path):
    from ingest.pipeline.uploads import Changes, Upload

    received = write_docs(tmp_path / "received", {"up.txt": "横浜市の資料。\n"})
    settings = make_settings(tmp_path / "data")
    run_ingest([], settings, changes=Changes((Upload(received / "up.txt", None, False, ("hr",)),), ()))
    assert groups_of(settings) == {"up.txt": ("hr",)}
    (received / "up.txt").write_text("横浜市の新しい資料。\n", encoding="utf-8")
    run_ingest([], settings, changes=Changes((Upload(received / "up.txt", None, True),), ()))
    assert groups_of(settings) == {"up.txt": ("hr",)}


def test_docqa_ingest_group(tmp_path, monkeypatch):
    from assistant.cli import main
    from ingest.core.settings import get_settings

    folder = write_docs(tmp_path / "docs", DOCS)
    monkeypatch.setenv("DOCQA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DOCQA_EMBED_MODEL", "none")
    get_settings.cache_clear()
    try:
        assert main(["ingest", str(folder), "--group", "総務課"]) == 0
        assert set(groups_of(get_settings()).values()) == {("総務課",)}
        assert main(["ingest", str(folder), "--group", "総務 課"]) == 2
    finally:
        get_settings.cache_clear()
