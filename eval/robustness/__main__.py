"""``python -m eval.robustness``: the robustness report in one command.

Runs every bad input of the catalogue on its own (the heavy ones included) and the
edge-case PDFs of ``../shared`` when present, the scenarios of ``scenarios`` (a damaged
index, a full and a read-only disk, a feedback flood, slow connections), five SIGKILLed
ingests, reads the fuzz and
soak results when their files exist (``--fuzz-examples N`` runs a short fuzz instead,
if ``eval.robustness.fuzz`` is installed), and writes ``eval/reports/robustness.md`` and
``eval/reports/robustness/ingest.json``. Exit 1 when anything hung, lost data, or was
not handled, or the fuzz saw a 5xx.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from eval.robustness import bad_inputs, crash, report, runner, scenarios

REPORTS = bad_inputs.REPO / "eval" / "reports"
OUT_MD = REPORTS / "robustness.md"
OUT_DIR = REPORTS / "robustness"
COMMAND = ".venv/bin/python -m eval.robustness"


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _fuzz(examples: int, seed: int) -> tuple[dict | None, str]:
    if examples > 0:
        if importlib.util.find_spec("eval.robustness.fuzz") is None:
            return None, "not run"
        from eval.robustness.fuzz import run_fuzz

        return run_fuzz(max_examples=examples, seed=seed), f"a short run by this command ({examples} examples per operation and mode)"
    return _read(OUT_DIR / "fuzz.json"), "`eval/reports/robustness/fuzz.json`"


def _machine() -> str:
    import psutil

    return f"{os.cpu_count()} CPU cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, {platform.system()} {platform.machine()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.robustness", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the heavy inputs (1,000 pages, 50 MB)")
    parser.add_argument("--kill-runs", type=int, default=5, help="SIGKILLed ingests (0: none)")
    parser.add_argument("--fuzz-examples", type=int, default=0, help="run a short API fuzz with this many examples instead of reading fuzz.json")
    parser.add_argument("--seed", type=int, default=bad_inputs.SEED)
    parser.add_argument("--out", type=Path, default=OUT_MD, help="where the Markdown report goes")
    parser.add_argument("--json", type=Path, default=OUT_DIR / "ingest.json", help="where the run's figures go")
    args = parser.parse_args(argv)

    started = time.monotonic()
    entries = list(bad_inputs.select(slow=not args.quick, external=True))
    with tempfile.TemporaryDirectory(prefix="docqa-robustness-") as tmp:
        work = Path(tmp)
        baseline = runner.build_baseline(work)

        def progress(record: dict) -> None:
            print(f"{record['status']:>11}  {record['name']}  ({record['seconds']:.1f} s)", file=sys.stderr, flush=True)

        records = runner.run_separately(entries, work, baseline, progress=progress)
        situations = scenarios.run_all(work, baseline, slow=not args.quick, progress=progress)
        kills = crash.kill_runs(work / "kill", baseline, runs=args.kill_runs, seed=args.seed) if args.kill_runs else None
    fuzz, fuzz_source = _fuzz(args.fuzz_examples, args.seed)
    soak = _read(OUT_DIR / "soak.json")
    run = {
        "measured": datetime.date.today().isoformat(),
        "machine": _machine(),
        "command": COMMAND + (" --quick" if args.quick else ""),
        "seconds": round(time.monotonic() - started, 1),
        "env": runner.RUN_ENV,
        "deadline_s": runner.DEADLINE_S,
        "totals": runner.totals(records + situations),
        "records": records,
        "scenarios": situations,
        "kills": kills,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(run, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report.render(run, fuzz, soak, fuzz_source), encoding="utf-8")
    t = run["totals"]
    print(
        f"{t['inputs']} inputs: {t['handled']} handled, {t['failed']} failed, {t['hung']} hung, "
        f"{t['not_run']} not run, {t['data_lost']} with data lost -> {args.out}",
        file=sys.stderr,
    )
    kill_lost = kills is not None and (any(r["lost"] for r in kills["runs"]) or kills["final"]["lost"])
    bad = t["failed"] or t["hung"] or t["data_lost"] or kill_lost or (fuzz is not None and fuzz["status_5xx"])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
