"""Parsing untrusted files in a child process with a time and memory limit.

Why ``subprocess`` running ``python -I -c`` rather than ``multiprocessing``:

* ``fork`` would copy a parent that may hold torch/Chroma threads and gigabytes of
  mappings: a deadlock risk, and ``RLIMIT_AS`` in the child would count the copy.
  A fresh interpreter starts at about 70 MB of address space.
* ``spawn``/``forkserver`` re-import the caller's ``__main__``, so any script without an
  ``if __name__ == "__main__"`` guard would re-run itself once per file.
* The outcome comes back as JSON on stdout, so the parent never unpickles data from
  the process that parsed an untrusted file. The child leads a process group of its own,
  so a timeout kills it together with any program it started (Tesseract).

Child contract (``child_main``): read a JSON request on stdin, lower ``RLIMIT_AS`` (and
``RLIMIT_CPU`` just above the timeout, for when the parent dies and cannot kill it), run
the extractor ``"module:function"`` as ``extract(path, options)``, write exactly one JSON
outcome on stdout. Every failure becomes a LoaderError code there; :func:`run_isolated`
maps outcomes back to exceptions. The PDF, Word and Excel loaders all parse this way.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ingest.core import errors
from ingest.core.errors import LoaderError, ParseTimeoutError

BOOTSTRAP = (
    "import json, sys; request = json.loads(sys.stdin.read()); "
    "sys.path[:0] = request['sys_path']; "
    "from ingest.loaders.isolation import child_main; child_main(request)"
)
_MEMORY = "memory"


def run_isolated(
    extractor: str, path: Path, *, timeout_s: float, memory_mb: int, what: str, options: dict | None = None
) -> dict[str, Any]:
    """The extractor's result for ``path``, parsed in a child process; raises LoaderError.

    ``what`` names the format in messages (``"PDF"``, ``"Word file"``).
    """
    request = {
        "path": str(path),
        "memory_mb": memory_mb,
        "extractor": extractor,
        "cpu_s": math.ceil(timeout_s) + 1,
        "options": options or {},
        "what": what,
    }
    child = subprocess.Popen(
        [sys.executable, "-I", "-c", BOOTSTRAP],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        stdout, stderr = child.communicate(json.dumps({**request, "sys_path": sys.path}).encode(), timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill_group(child)
        raise ParseTimeoutError(
            f"{what} parsing took longer than {timeout_s:g} s and was stopped (DOCQA_PARSE_TIMEOUT_S)"
        ) from None
    except BaseException:
        _kill_group(child)
        raise
    try:
        outcome = json.loads(stdout)
    except ValueError:
        outcome = None
    if child.returncode != 0 or not isinstance(outcome, dict):
        last = (stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1]
        raise LoaderError(f"{what} parser stopped unexpectedly (exit code {child.returncode}) {last}".strip())
    if "error" in outcome:
        raise error_from(outcome["error"], memory_mb, what)
    return outcome["ok"]


def _kill_group(child: subprocess.Popen) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        child.kill()
    child.communicate()


def _loader_errors() -> dict[str, type[LoaderError]]:
    found = {}
    for value in vars(errors).values():
        if isinstance(value, type) and issubclass(value, LoaderError):
            found[value.code] = value
    return found


def error_from(error: dict[str, str], memory_mb: int, what: str) -> LoaderError:
    """The LoaderError (subclass) a child reported, by its code."""
    if error["code"] == _MEMORY:
        return LoaderError(f"{what} needs more than {memory_mb} MB to parse (DOCQA_PARSE_MEMORY_MB)")
    return _loader_errors().get(error["code"], LoaderError)(error["message"])


def child_main(request: dict[str, Any]) -> None:
    """Entry point of the child process (see the module docstring)."""
    out, sys.stdout = sys.stdout, sys.stderr  # stray prints must not corrupt the JSON
    module, _, name = request["extractor"].partition(":")
    extract: Callable[[str, dict], dict[str, Any]] = getattr(importlib.import_module(module), name)
    _lower_limit(resource.RLIMIT_AS, request["memory_mb"] * 1024 * 1024)
    # CPU time never outruns wall-clock time here, so this only fires when the parent is
    # gone (SIGKILLed ingest) and nobody enforces the timeout: no orphan parses forever.
    if request.get("cpu_s"):
        _lower_limit(resource.RLIMIT_CPU, int(request["cpu_s"]))
    try:
        outcome: dict[str, Any] = {"ok": extract(request["path"], request.get("options") or {})}
    except LoaderError as exc:
        outcome = {"error": {"code": exc.code, "message": str(exc)}}
    except Exception as exc:  # noqa: BLE001 - the child is the isolation boundary
        # MemoryError lands here too: it subclasses Exception.
        code = _MEMORY if isinstance(exc, MemoryError) else LoaderError.code
        outcome = {"error": {"code": code, "message": f"malformed {request.get('what', 'file')}: {one_line(exc)}"}}
    try:
        payload = json.dumps(outcome)
    except MemoryError:
        payload = json.dumps({"error": {"code": _MEMORY, "message": ""}})
    out.write(payload)
    out.flush()


def _lower_limit(which: int, limit: int) -> None:
    _soft, hard = resource.getrlimit(which)
    soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    resource.setrlimit(which, (soft, hard))


def one_line(message: object) -> str:
    """An exception or message on one line of at most 200 characters."""
    text = " ".join(str(message).split()) or type(message).__name__
    return text if len(text) <= 200 else text[:199] + "…"
