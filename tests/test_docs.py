"""The README and docs/ name modules that exist, and their code examples import what they say."""

from __future__ import annotations

import ast
import importlib
import re

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.unit

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_source_path_named_exists(doc):
    named = set(re.findall(r"\b((?:ingest|assistant|eval|tests)/[\w/]+\.py)\b", doc.read_text(encoding="utf-8")))
    assert sorted(p for p in named if not (REPO / p).exists()) == []


def test_readme_python_examples_import_what_they_name():
    blocks = re.findall(r"```python\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)
    assert blocks
    for block in blocks:
        for node in ast.walk(ast.parse(block)):
            if isinstance(node, ast.ImportFrom):
                module = importlib.import_module(node.module)
                for alias in node.names:
                    assert hasattr(module, alias.name), f"{node.module}.{alias.name}"
