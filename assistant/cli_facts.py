"""``docqa facts``: the relation table of the current index (who signed what with whom, when).

Output: an aligned table on a terminal; ``--json`` one JSON array of fact objects
(the fields of ``GET /api/facts``); ``--csv`` the same as CSV with a header row.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys

from ingest.core.errors import ConfigError


def add_facts_command(sub) -> None:
    from ingest.facts import RELATIONS

    p = sub.add_parser("facts", help="list the agreements and partnerships found in the documents")
    p.add_argument("--subject", help="the municipality or body (e.g. 大阪市); partial names match")
    p.add_argument(
        "--relation", type=relation_arg,
        help=f"one of {', '.join(RELATIONS)}, or a name they cover (MOU, 協力覚書, 連携協定 …)",
    )
    p.add_argument("--partner", help="the partner (e.g. ホーチミン市, EEC); partial names and aliases match")
    p.add_argument("--doc", help="only facts from this document (its file name)")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print one JSON array of fact objects")
    fmt.add_argument("--csv", action="store_true", help="print CSV with a header row")
    p.set_defaults(handler=cmd_facts)


def relation_arg(value: str) -> str:
    """A relation label, or a synonym of one (MOU → 覚書); anything else is a usage error."""
    from ingest.facts import RELATIONS, relation_named

    label = relation_named(value)
    if label is None:
        raise argparse.ArgumentTypeError(f"unknown relation {value!r}; one of: {', '.join(RELATIONS)} (or MOU, 協力覚書, 連携協定 …)")
    return label


def cmd_facts(args) -> int:
    from assistant.facts import FactFilter, select
    from assistant.index import IndexHandle
    from ingest.core.settings import get_settings
    from ingest.facts.model import TABLE_COLUMNS

    settings = get_settings()
    index = IndexHandle(settings.data_dir).get()
    if index.meta.facts_version is None:
        raise ConfigError("this index was built before docqa extracted facts; run `docqa ingest` to add them")
    facts = select(index.facts, FactFilter(args.subject, args.relation, args.partner, args.doc))
    if args.json:
        print(json.dumps([f.to_record() for f in facts], ensure_ascii=False, indent=1))
    elif args.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=TABLE_COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for fact in facts:
            writer.writerow(fact.to_record())
    else:
        print(render_table(facts))
    return 0


def render_table(facts) -> str:
    if not facts:
        return "no facts match (the table lists only what the indexed documents state)"
    rows = [("subject", "partner", "relation", "action", "date", "document")]
    for f in facts:
        partner = f"{f.partner} ({f.partner_country})" if f.partner_country else f.partner
        rows.append((f.subject, partner, f.relation, f.action or "-", f.date_as_written or "-", f.doc))
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"{len(facts)} facts, as stated in the indexed documents (each as of its publication date)")
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: East Asian wide characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
