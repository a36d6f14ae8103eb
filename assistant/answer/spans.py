"""Quoted answer spans (「…」 and 『…』) in a sentence; dates and quantities are
:mod:`ingest.ja.dates` and :mod:`ingest.ja.quantities`."""

from __future__ import annotations

import re

from ingest.ja.dates import Span

_QUOTED = re.compile(r"「([^「」]{2,80})」|『([^『』]{2,80})』")


def quoted_spans(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), m.group(0), "quoted") for m in _QUOTED.finditer(text)]
