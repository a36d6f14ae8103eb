"""The one error hierarchy: as drawn in its docstring, and every error in it is raised."""

from __future__ import annotations

import inspect
import re

import pytest

from ingest.core import errors
from tests.conftest import REPO

pytestmark = pytest.mark.unit

CLASSES = [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, errors.DocqaError)]


def test_every_error_is_raised_somewhere_or_is_the_base_of_one_that_is():
    sources = "\n".join(p.read_text(encoding="utf-8") for d in ("ingest", "assistant") for p in (REPO / d).rglob("*.py"))
    raised = {c for c in CLASSES if re.search(rf"raise {c.__name__}\(", sources)}
    unused = [c.__name__ for c in CLASSES if not any(issubclass(r, c) for r in raised)]
    assert unused == []


def test_the_docstring_draws_every_error():
    drawn = set(re.findall(r"\b(\w+Error_?)\b", errors.__doc__))
    assert drawn == {c.__name__ for c in CLASSES}


def test_codes_are_unique():
    codes = [c.code for c in CLASSES]
    assert len(codes) == len(set(codes))
