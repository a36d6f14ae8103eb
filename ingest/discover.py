"""Which files an ingest reads: supported files under the given paths, never outside them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.manifest import MANIFEST_NAME


@dataclass(frozen=True)
class FoundFile:
    path: Path
    root: Path


def discover_files(paths: list[Path]) -> tuple[list[FoundFile], list[str]]:
    """Supported files under ``paths`` in a stable order, and warnings for what was skipped.

    Symbolic links are followed only when their target stays inside the folder that
    was given; linked folders are not descended into, so a link loop cannot trap the walk.
    Anything that is not a regular file (a FIFO, a socket, a device) is skipped, since
    reading it could block forever.
    """
    found: dict[Path, FoundFile] = {}
    warnings: list[str] = []
    for given in paths:
        root = given.resolve()
        if given.is_file():
            if given.suffix.lower() in SUPPORTED_SUFFIXES:
                found.setdefault(root, FoundFile(given, root.parent))
            else:
                warnings.append(f"{given}: skipped, unsupported file type {given.suffix or '(none)'}")
            continue
        if not given.is_dir():
            warnings.append(f"{given}: skipped, not a regular file or folder")
            continue
        for dirpath, dirnames, filenames in os.walk(given, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for dirname in dirnames:
                if os.path.islink(os.path.join(dirpath, dirname)):
                    warnings.append(f"{os.path.join(dirpath, dirname)}: skipped, linked folder")
            for name in sorted(filenames):
                if name.startswith(".") or name == MANIFEST_NAME:
                    continue
                path = Path(dirpath) / name
                if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                    continue
                if path.is_symlink():
                    try:
                        target = path.resolve(strict=True)
                    except (OSError, RuntimeError):
                        warnings.append(f"{path}: skipped, broken or looping link")
                        continue
                    if not (target == root or root in target.parents):
                        warnings.append(f"{path}: skipped, link points outside {given}")
                        continue
                if not path.is_file():
                    # A FIFO or device would block the reader (or never end).
                    warnings.append(f"{path}: skipped, not a regular file")
                    continue
                key = path.resolve()
                found.setdefault(key, FoundFile(path, root))
    return list(found.values()), warnings
