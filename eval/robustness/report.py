"""``eval/reports/robustness.md`` from the figures of one robustness run (pure formatting).

Inputs: the per-input records and totals of ``runner``, the kill runs of ``crash``, and
the API fuzz and soak results (``fuzz.json``, ``soak.json``, written by
``eval.robustness.fuzz`` and ``eval/bench/soak.py``), each of which may be missing.
"""

from __future__ import annotations

from typing import Any

DEFINITIONS = """\
- **tried**: bad inputs (a few have several files: links, a FIFO beside a good file).
- **handled**: every file of the input got its expected, *named* outcome: indexed with
  the expected text (and none of the text that must stay out), refused with a one-line
  reason in the summary's `failed`, or skipped with a warning naming the path. For the
  edge-case PDFs of `../shared` any named outcome counts, except the three positive
  controls, which must be indexed with their Japanese text.
- **failed**: inputs not handled (wrong or missing outcome, or `docqa ingest` crashed), and
  scenarios where a check did not hold.
- **scenario**: damage that is not a bad file (a damaged index, a data directory inside the
  input, a full or read-only disk, a feedback flood, slow connections), run as a sequence of
  `docqa` commands with its checks listed; *not run* when this machine cannot set it up.
- **hung**: the ingest did not finish within the watchdog's deadline and was killed.
- **data lost**: after the ingest, a corpus chunk record or stored text differs from the
  baseline, the index does not load, or one of the 20 dev questions is answered
  differently from the baseline (or, when documents were added, from a clean index of
  the same documents).
"""


def _cell(text: Any) -> str:
    """Table-cell text: pipes escaped, and markup shown, not rendered."""
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|").replace("\n", " ")


def _outcomes(record: dict) -> str:
    if not record["files"]:
        return _cell("; ".join(record["problems"]))
    parts = []
    for rel, f in record["files"].items():
        message = f" ({f['message'][:160]})" if f["message"] else ""
        parts.append(f"`{rel}`: {f['got']}{message}")
    return _cell("; ".join(parts))


def _summary(totals: dict, kills: dict | None, fuzz: dict | None, soak: dict | None) -> list[str]:
    killed = "not run" if kills is None else (
        f"{len(kills['runs'])} ({sum(r['killed'] for r in kills['runs'])} killed mid-run), "
        f"index lost in {sum(bool(r['lost']) for r in kills['runs']) + bool(kills['final']['lost'])}"
    )
    fuzz_cases = "not run" if fuzz is None else f"{fuzz['cases']:,}"
    status_5xx = "not run" if fuzz is None else str(fuzz["status_5xx"])
    soak_cell = "not run" if soak is None else (
        f"{soak['seconds']:.0f} s, {soak['clients']} clients, {soak['requests']:,} requests, "
        f"{soak['errors']} errors, RSS {soak['rss_growth_pct']:+.2f}%"
    )
    return [
        "| inputs and scenarios | files | handled | failed | hung | not run | data lost | SIGKILL runs | fuzz cases | 5xx seen | soak |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        (f"| {totals['inputs']} | {totals['files']} | {totals['handled']} | {totals['failed']} | {totals['hung']} "
        f"| {totals.get('not_run', 0)} | {totals['data_lost']} | {killed} | {fuzz_cases} | {status_5xx} | {soak_cell} |"),
    ]


def _conformance(fuzz: dict) -> str:
    """Schemathesis' schema and status checks, which fuzz.json counts since issue 19."""
    if "conformance" not in fuzz:
        return "schema and status conformance not checked"
    return f"{fuzz['conformance']} schema or status mismatches ({'with' if fuzz.get('token', True) else 'without'} a token)"


def render(run: dict, fuzz: dict | None, soak: dict | None, fuzz_source: str) -> str:
    """The whole report. ``run`` is what ``eval.robustness.__main__`` writes to ingest.json."""
    totals, records, kills = run["totals"], run["records"], run.get("kills")
    lines = [
        "# Robustness report",
        "",
        (f"Measured {run['measured']} on {run['machine']}, by `{run['command']}` "
        f"({run['seconds']:.0f} s). Regenerate it with the same command; `make robustness` runs it."),
        "",
        *_summary(totals, kills, fuzz, soak),
        "",
        (f"Files: {totals['indexed']} indexed, {totals['refused']} refused with a reason, "
        f"{totals['skipped']} skipped with a warning. Slowest ingest {totals['max_seconds']:.1f} s "
        f"(the process, start-up included); largest peak memory of an ingest process tree "
        f"{totals['max_peak_rss_mb']} MB."),
        "",
        DEFINITIONS,
        "## Bad input to `docqa ingest`",
        "",
        ("Each input is ingested on its own, by `docqa ingest FOLDER --json` in a subprocess, into a "
        "copy of a data directory that already holds the corpus (5 documents). Settings: the "
        f"defaults, with {', '.join(f'`{k}={v}`' for k, v in run['env'].items())}; watchdog "
        f"{run['deadline_s']:.0f} s."),
        "",
        "| input | what it is | status | outcome per file | s | peak MB | lost |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in records:
        lines.append(
            f"| {_cell(r['name'])} | {_cell(r['description'])} | {r['status']} | {_outcomes(r)} "
            f"| {r['seconds']:.1f} | {r['peak_rss_mb']} | {len(r['lost']) or '–'} |"
        )
    lost = [(r["name"], item) for r in records for item in r["lost"]]
    if lost:
        lines += ["", "Data lost:", *(f"- {name}: {item}" for name, item in lost)]
    problems = [(r["name"], p) for r in records if r["status"] != "handled" for p in r["problems"]]
    if problems:
        lines += ["", "Not handled:", *(f"- {name}: {p}" for name, p in problems)]
    situations = run.get("scenarios") or []
    if situations:
        lines += [
            "", "## Scenarios: a damaged index, full and read-only disks, floods", "",
            ("Each starts from a copy of the corpus's data directory and runs `docqa` commands in "
             "subprocesses (`eval/robustness/scenarios.py`, `eval/robustness/server_attacks.py`); the "
             "checks are listed with what was measured."),
            "",
            "| scenario | what | status | checks | s | peak MB | lost |",
            "|---|---|---|---|---|---|---|",
            *(
                f"| {_cell(r['name'])} | {_cell(r['description'])} | {r['status']} | {_cell(r.get('outcome', ''))} "
                f"| {r['seconds']:.1f} | {r['peak_rss_mb'] or '–'} | {len(r['lost']) or '–'} |"
                for r in situations
            ),
        ]
        lost = [(r["name"], item) for r in situations for item in r["lost"]]
        if lost:
            lines += ["", "Data lost:", *(f"- {name}: {item}" for name, item in lost)]
    lines += ["", "## SIGKILL during `docqa ingest`", ""]
    if kills is None:
        lines.append("not run")
    else:
        lines += [
            (f"Seed {kills['seed']}. Each run starts from a copy of the corpus index, ingests the corpus "
             "plus four new documents (about 1 MB), and is killed with SIGKILL (whole process group) "
             "at a seeded random offset after an event it reached. An unkilled ingest took the lock at "
             f"{kills['probe']['locked']:.2f} s, started writing its build folder at "
             f"{kills['probe']['build']:.2f} s and ended at {kills['probe']['end']:.2f} s; the first runs "
             "are killed in successive slices of that reading time after taking the lock, the last two "
             "in the halves of the writing time after their build folder appeared. Phase: how far it "
             "got (before writing: no build folder yet; "
             "writing: a half-written build folder was left; published: killed after the new index "
             "went live; finished: it ended before the kill)."),
            "",
            "| run | killed at | killed | phase | data lost |",
            "|---|---|---|---|---|",
            *(
                f"| {r['run']} | {r['offset_s']:.3f} s after {r['after']} | {'yes' if r['killed'] else 'no'} | {r['phase']} "
                f"| {_cell('; '.join(r['lost'])) or 0} |"
                for r in kills["runs"]
            ),
            "",
            (f"Then a complete ingest in the same data directory: exit code {kills['final']['returncode']}, "
            f"{kills['final']['documents']} documents, abandoned build folders left: "
            f"{kills['final']['abandoned_builds']}, data lost: {len(kills['final']['lost'])}."),
        ]
    lines += ["", "## API fuzzing (schemathesis)", ""]
    if fuzz is None:
        lines.append("not run (`.venv/bin/python -m eval.robustness.fuzz` writes `eval/reports/robustness/fuzz.json`)")
    else:
        lines += [
            (f"From {fuzz_source}, measured {fuzz.get('measured', '?')}: {fuzz['cases']:,} cases over "
            f"{fuzz['operations']} operations (seed {fuzz['seed']}), {fuzz['status_5xx']} responses 5xx, "
            f"{fuzz['bad_error_shape']} errors not in the `{{\"error\": {{\"code\", \"message\"}}}}` shape "
            f"(OpenAI's under `/v1`), {_conformance(fuzz)}."),
        ]
    lines += ["", "## Soak (`eval/bench/soak.py`)", ""]
    if soak is None:
        lines.append("not run (`eval/bench/soak.py` writes `eval/reports/robustness/soak.json`)")
    else:
        lines += [
            f"From `eval/reports/robustness/soak.json`, measured {soak.get('measured', '?')}.",
            "",
            "| seconds | clients | requests | errors | RSS start MB | RSS end MB | RSS growth | fds start | fds end | p50 ms | p95 ms |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
            (f"| {soak['seconds']:.0f} | {soak['clients']} | {soak['requests']:,} | {soak['errors']} "
            f"| {soak['rss_start_mb']} | {soak['rss_end_mb']} | {soak['rss_growth_pct']:+.2f}% "
            f"| {soak['fds_start']} | {soak['fds_end']} | {soak['p50_ms']} | {soak['p95_ms']} |"),
        ]
    return "\n".join(lines) + "\n"
