"""``docqa audit``: the audit trail of the data directory.

    docqa audit export [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--csv]   one JSON object a line, or CSV
    docqa audit verify      check the hash chain; exit 1 naming the first record that breaks it
"""

from __future__ import annotations

import argparse
import json
import re
import sys

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def day(value: str) -> str:
    if not DAY.match(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD")
    return value


def add_audit_command(sub) -> None:
    p = sub.add_parser("audit", help="the audit trail: who asked what, sign-ins, document and account changes")
    audit = p.add_subparsers(dest="audit_command", required=True)
    q = audit.add_parser("export", help="print the trail, oldest first")
    q.add_argument("--since", type=day, help="from this day (UTC), included")
    q.add_argument("--until", type=day, help="to this day (UTC), included")
    q.add_argument("--csv", action="store_true", help="CSV with a header row instead of one JSON object a line")
    audit.add_parser("verify", help="check the hash chain of the trail")
    p.set_defaults(handler=cmd_audit)


def open_trail():
    from assistant.audit import AuditTrail
    from ingest.core.settings import get_settings
    from ingest.index.store import DataDir

    settings = get_settings()
    return AuditTrail(DataDir(settings.data_dir).audit_db, settings.audit_retention_days)


def cmd_audit(args) -> int:
    from assistant.audit import csv_rows

    trail = open_trail()
    try:
        if args.audit_command == "verify":
            problem = trail.verify()
            if problem:
                print(f"docqa: the audit trail {trail.path} is damaged: {problem}", file=sys.stderr)
                return 1
            print(f"ok: {trail.path}, every record chained")
            return 0
        records = trail.records(args.since, args.until)
        if args.csv:
            for line in csv_rows(records, bom=False):
                sys.stdout.write(line)
        else:
            for r in records:
                print(json.dumps({"seq": r.seq, "time": r.time, "event": r.event, "user": r.user,
                                  "address": r.address, **r.detail, "hash": r.hash}, ensure_ascii=False))
        return 0
    finally:
        trail.close()
