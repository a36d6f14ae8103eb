"""Real full and read-only file systems for the robustness runs: a small tmpfs, a read-only
bind mount. Both need root and a kernel that lets this process mount (a container may
not); :class:`MountUnavailable` says why not, and callers skip with that reason."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class MountUnavailable(RuntimeError):
    """This process cannot mount file systems here; the message says why."""


def _run(*args: str) -> None:
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise MountUnavailable(f"`{' '.join(args)}` failed: {result.stderr.strip() or result.returncode}")


def _check_can_mount() -> None:
    if os.geteuid() != 0:
        raise MountUnavailable("mounting needs root")
    if shutil.which("mount") is None:
        raise MountUnavailable("no mount command")


@contextmanager
def small_tmpfs(size_bytes: int) -> Iterator[Path]:
    """An empty tmpfs of ``size_bytes``, mounted on a fresh temporary folder."""
    _check_can_mount()
    point = Path(tempfile.mkdtemp(prefix="docqa-tmpfs-"))
    try:
        _run("mount", "-t", "tmpfs", "-o", f"size={size_bytes}", "tmpfs", str(point))
    except MountUnavailable:
        point.rmdir()
        raise
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)
        point.rmdir()


@contextmanager
def read_only_view(source: Path) -> Iterator[Path]:
    """``source`` seen through a read-only bind mount (root ignores permission bits, not this)."""
    _check_can_mount()
    point = Path(tempfile.mkdtemp(prefix="docqa-readonly-"))
    try:
        _run("mount", "--bind", str(source), str(point))
        try:
            _run("mount", "-o", "remount,ro,bind", str(point))
        except MountUnavailable:
            subprocess.run(["umount", str(point)], capture_output=True, check=False)
            raise
    except MountUnavailable:
        point.rmdir()
        raise
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)
        point.rmdir()


def fill(folder: Path, leave_bytes: int = 0) -> Path:
    """Write a filler file into ``folder`` until its file system is full (less ``leave_bytes``)."""
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize - leave_bytes
    filler = folder / "filler.bin"
    block = b"\0" * (1 << 16)
    with open(filler, "wb") as fh:
        try:
            while free > 0:
                free -= fh.write(block[: min(len(block), free)])
            fh.flush()
        except OSError:
            pass
    return filler
