"""A data directory that is full or read-only: one clear line, the index as it was, no build left.

Bug shown here (issue 15, defect 6): out of space and read-only data directories surfaced
as tracebacks, and the failed ``.build-*`` folder stayed, so on a full disk the next ingest
failed too until someone deleted it by hand.

The real file systems (a small tmpfs, a read-only bind mount) need root and a kernel that
lets this process mount; without them those tests skip with the reason, and the same paths
are shown by an injected ENOSPC.
"""

from __future__ import annotations

import errno
import shutil

import pytest

from eval.robustness.mounts import MountUnavailable, fill, read_only_view, small_tmpfs
from ingest.core.errors import StorageError
from ingest.index.generation import Generation
from ingest.index.store import DataDir
from ingest.pipeline import run_ingest
from tests.conftest import CORPUS, make_settings, write_docs

pytestmark = pytest.mark.integration

NEW_DOC = {"notice.txt": "公民館の休館日は毎週月曜日です。\n" * 2000}


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory):
    data = tmp_path_factory.mktemp("storage") / "data"
    assert run_ingest([CORPUS], make_settings(data)).failed == []
    return data


def _copy(index, target):
    shutil.copytree(index, target, symlinks=True)
    return make_settings(target)


def _state(settings) -> tuple:
    data = DataDir(settings.data_dir)
    return data.current_generation(), data.finished_generations(), data.builds()


def test_a_full_disk_while_writing_is_one_line_and_leaves_no_build(corpus_index, tmp_path, monkeypatch):
    settings = _copy(corpus_index, tmp_path / "data")
    before = _state(settings)

    def full(self, chunks):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Generation, "write_chunks", full)
    with pytest.raises(StorageError) as caught:
        run_ingest([write_docs(tmp_path / "new", NEW_DOC)], settings)
    message = str(caught.value)
    assert "No space left on device" in message and "\n" not in message and "free some space" in message
    assert _state(settings) == before


def test_the_next_ingest_removes_a_build_an_ingest_left(corpus_index, tmp_path):
    settings = _copy(corpus_index, tmp_path / "data")
    left = DataDir(settings.data_dir).generations / ".build-g20000101T000000.000000000-deadbeef"
    left.mkdir()
    (left / "half-written").write_bytes(b"\0" * 1000)
    summary = run_ingest([write_docs(tmp_path / "new", NEW_DOC)], settings)
    assert summary.failed == [] and DataDir(settings.data_dir).builds() == []
    assert any(w.startswith(f"removed generations/{left.name}") for w in summary.warnings)


def _mounted(context):
    try:
        return context.__enter__(), context
    except MountUnavailable as exc:
        pytest.skip(f"cannot mount here: {exc}")


def test_a_real_full_disk(corpus_index, tmp_path):
    point, mount = _mounted(small_tmpfs(8 * 2**20))
    try:
        settings = _copy(corpus_index, point / "data")
        filler = fill(point, leave_bytes=200_000)
        before = _state(settings)
        with pytest.raises(StorageError, match="No space left on device"):
            run_ingest([write_docs(tmp_path / "new", NEW_DOC)], settings)
        assert _state(settings) == before
        filler.unlink()
        assert run_ingest([tmp_path / "new"], settings).documents == 6
    finally:
        mount.__exit__(None, None, None)


def test_a_build_left_on_a_full_disk_is_cleared_first(corpus_index, tmp_path):
    """What a SIGKILLed ingest leaves on a nearly full disk no longer blocks the next one."""
    point, mount = _mounted(small_tmpfs(8 * 2**20))
    try:
        settings = _copy(corpus_index, point / "data")
        left = DataDir(settings.data_dir).generations / ".build-g20000101T000000.000000000-deadbeef"
        left.mkdir()
        fill(left)
        assert run_ingest([write_docs(tmp_path / "new", NEW_DOC)], settings).documents == 6
        assert DataDir(settings.data_dir).builds() == []
    finally:
        mount.__exit__(None, None, None)


def test_a_read_only_data_directory(corpus_index, tmp_path):
    settings = _copy(corpus_index, tmp_path / "data")
    point, mount = _mounted(read_only_view(settings.data_dir))
    try:
        read_only = make_settings(point)
        with pytest.raises(StorageError, match="Read-only file system") as caught:
            run_ingest([write_docs(tmp_path / "new", NEW_DOC)], read_only)
        assert "\n" not in str(caught.value)
        from assistant.service import Assistant

        answer = Assistant.from_settings(read_only, with_models=False).ask("大阪市はどの都市と覚書を締結していますか？")
        assert answer.citations  # the index still answers
    finally:
        mount.__exit__(None, None, None)
