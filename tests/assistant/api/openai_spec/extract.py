"""Cut the response schemas docqa's ``/v1`` must follow out of OpenAI's published ``openapi.yaml``.

    .venv/bin/python -m tests.assistant.api.openai_spec.extract PATH/TO/openapi.yml

writes ``schemas.json`` beside this file: the components named in ``ROOTS`` and every
component they refer to, as JSON Schema (OpenAPI's ``nullable: true``, which some of the
spec's schemas still use, becomes ``anyOf [..., {"type": "null"}]``; nothing else changes),
with the source file's SHA-256. See ``README.md`` here for where the spec came from.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import yaml

ROOTS = (
    "CreateChatCompletionResponse", "CreateChatCompletionStreamResponse", "ErrorResponse",
    "Model", "ListModelsResponse",
)
OUT = Path(__file__).with_name("schemas.json")
PREFIX = "#/components/schemas/"


def refs(node) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(PREFIX):
            found.add(ref[len(PREFIX):])
        for value in node.values():
            found |= refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= refs(value)
    return found


def without_nullable(node):
    if isinstance(node, list):
        return [without_nullable(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: without_nullable(v) for k, v in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def extract(spec_path: Path) -> dict:
    raw = spec_path.read_bytes()
    spec = yaml.safe_load(raw)
    schemas = spec["components"]["schemas"]
    wanted, todo = set(), list(ROOTS)
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo.extend(refs(schemas[name]))
    return {
        "title": spec["info"]["title"],
        "version": spec["info"]["version"],
        "license": spec["info"]["license"],
        "source_sha256": hashlib.sha256(raw).hexdigest(),
        "components": {"schemas": {name: without_nullable(schemas[name]) for name in sorted(wanted)}},
    }


if __name__ == "__main__":
    OUT.write_text(json.dumps(extract(Path(sys.argv[1])), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"-> {OUT}")
