"""Which files an ingest reads: supported files under the given paths, never outside them."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.manifest import MANIFEST_NAME
from ingest.pathnames import shown

DATA_DIR_SKIPPED = "skipped, it is the data directory (DOCQA_DATA_DIR): docqa never ingests its own index"
HIDDEN_SKIPPED = "skipped, its name begins with a dot (hidden)"


@dataclass(frozen=True)
class FoundFile:
    path: Path
    root: Path


def discover_files(paths: list[Path], exclude: Iterable[Path] = ()) -> tuple[list[FoundFile], list[str]]:
    """Supported files under ``paths`` in a stable order, and warnings for what was skipped.

    Symbolic links are followed only when their target stays inside the folder that
    was given; linked folders are not descended into, so a link loop cannot trap the walk.
    Anything that is not a regular file (a FIFO, a socket, a device) is skipped, since
    reading it could block forever. The folders in ``exclude`` (the data directory) are
    never read, and names that begin with a dot are skipped, each with a warning.
    """
    found: dict[Path, FoundFile] = {}
    warnings: list[str] = []
    excluded = {p.resolve() for p in exclude}

    def warn(path, message: str) -> None:
        warnings.append(f"{shown(path)}: {message}")

    for given in paths:
        root = given.resolve()
        if any(_is_within(root, e) for e in excluded):
            warn(given, DATA_DIR_SKIPPED)
            continue
        inside = {e for e in excluded if _is_within(e, root)}
        if given.is_file():
            if given.suffix.lower() in SUPPORTED_SUFFIXES:
                found.setdefault(root, FoundFile(given, root.parent))
            else:
                warn(given, f"skipped, unsupported file type {given.suffix or '(none)'}")
            continue
        if not given.is_dir():
            warn(given, "skipped, not a regular file or folder")
            continue
        for dirpath, dirnames, filenames in os.walk(given, followlinks=False):
            kept = []
            for dirname in sorted(dirnames):
                folder = os.path.join(dirpath, dirname)
                if inside and Path(folder).resolve() in inside:
                    warn(folder, DATA_DIR_SKIPPED)
                elif dirname.startswith("."):
                    warn(folder, HIDDEN_SKIPPED)
                else:
                    kept.append(dirname)
                    if os.path.islink(folder):
                        warn(folder, "skipped, linked folder")
            dirnames[:] = kept
            for name in sorted(filenames):
                if name == MANIFEST_NAME or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                    continue
                path = Path(dirpath) / name
                if name.startswith("."):
                    warn(path, HIDDEN_SKIPPED)
                    continue
                if path.is_symlink():
                    try:
                        target = path.resolve(strict=True)
                    except (OSError, RuntimeError):
                        warn(path, "skipped, broken or looping link")
                        continue
                    if not (target == root or root in target.parents):
                        warn(path, f"skipped, link points outside {shown(given)}")
                        continue
                if not path.is_file():
                    # A FIFO or device would block the reader (or never end).
                    warn(path, "skipped, not a regular file")
                    continue
                key = path.resolve()
                found.setdefault(key, FoundFile(path, root))
    return list(found.values()), warnings


def _is_within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
