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
def _mounted(prefix: str, *commands: tuple[str, ...]) -> Iterator[Path]:
    """A fresh temporary folder with ``commands`` run to mount on it (``{}`` is the folder);
    unmounted and removed afterwards, also when a command fails."""
    _check_can_mount()
    point = Path(tempfile.mkdtemp(prefix=prefix))
    mounted = False
    try:
        for command in commands:
            _run(*(part.replace("{}", str(point)) for part in command))
            mounted = True
        yield point
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)
        point.rmdir()


def small_tmpfs(size_bytes: int):
    """An empty tmpfs of ``size_bytes``, mounted on a fresh temporary folder."""
    return _mounted("docqa-tmpfs-", ("mount", "-t", "tmpfs", "-o", f"size={size_bytes}", "tmpfs", "{}"))


def read_only_view(source: Path):
    """``source`` seen through a read-only bind mount (root ignores permission bits, not this)."""
    return _mounted(
        "docqa-readonly-", ("mount", "--bind", str(source), "{}"), ("mount", "-o", "remount,ro,bind", "{}")
    )


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
