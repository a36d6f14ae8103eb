"""Write an evaluation report: ``report.json``, ``report.md`` and PNG plots (matplotlib, Agg)."""

from __future__ import annotations

import json
from pathlib import Path

#: Columns of the summary and ablation tables: (aggregate field, header, kind).
COLUMNS = (
    ("n", "n", "int"),
    ("correct", "answer acc", "pct"),
    ("short_correct", "short acc", "pct"),
    ("key_recall", "key recall", "pct"),
    ("top1_holds", "top-1 holds", "pct"),
    ("top3_holds", "top-3 hold", "pct"),
    ("hit@1", "hit@1", "pct"),
    ("hit@5", "hit@5", "pct"),
    ("recall@5", "recall@5", "pct"),
    ("mrr", "MRR", "num"),
    ("ndcg@10", "nDCG@10", "num"),
    ("citation_support", "cit. support", "pct"),
    ("citation_precision", "cit. precision", "pct"),
    ("abstention_correct", "abstention", "pct"),
    ("answer_chars", "answer chars", "int"),
    ("latency_p50_ms", "p50 ms", "int"),
    ("latency_p95_ms", "p95 ms", "int"),
)
SHORT_COLUMNS = ("n", "correct", "hit@5", "mrr", "citation_support", "abstention_correct", "latency_p50_ms")
EXCERPT_CHARS = 80


def fmt(value, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "pct":
        return f"{100 * value:.1f}%"
    if kind == "int":
        return f"{value:.0f}"
    return f"{value:.3f}"


def _cell(text: str, limit: int | None = None) -> str:
    text = " ".join(str(text).split())
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("|", "\\|")


def table(rows: list[tuple[str, dict]], label: str, columns: tuple = COLUMNS) -> list[str]:
    lines = ["| " + " | ".join([label] + [c[1] for c in columns]) + " |", "|" + "---|" * (len(columns) + 1)]
    for name, agg in rows:
        lines.append("| " + " | ".join([_cell(name)] + [fmt(agg.get(c[0]), c[2]) for c in columns]) + " |")
    return lines


def _keys(groups: list[list[str]]) -> str:
    return " + ".join("/".join(group) for group in groups) or "(unanswerable)"


def question_table(records: list[dict]) -> list[str]:
    """Per-question rows, wrong answers first."""
    lines = [
        "| ok | id | type | question | expected | answer given | rank | top passage |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in sorted(records, key=lambda r: (bool(r["correct"]), r["id"])):
        top = r["top_passage"]["text"] if r["top_passage"] else ""
        given = r["answer"] if r["answerable"] else f"(declined) {r['answer']}"
        lines.append(
            "| "
            + " | ".join(
                [
                    "✓" if r["correct"] else "✗",
                    r["id"],
                    r["type"],
                    _cell(r["question"], 60),
                    _cell(_keys(r["answers"]), 60),
                    _cell(given, 100),
                    str(r["rank"] or "–"),
                    _cell(top, EXCERPT_CHARS),
                ]
            )
            + " |"
        )
    return lines


def render_markdown(report: dict) -> str:
    default = report["default_config"]
    main = report["configs"][default]
    out = [
        "# docqa evaluation",
        "",
        f"Created {report['created']} over `{report['corpus']}`; {report['questions']} questions from "
        + ", ".join(f"`{p}`" for p in report["qa_files"])
        + ".",
        "",
        "Answer accuracy: every answer-key group appears in the answer (NFKC, case and whitespace "
        + "insensitive, thousands separators ignored); unanswerable questions count as correct when declined.",
        "The reader's loss: *top-1 holds* / *top-3 hold* is how often every key occurs in the first (three) "
        + "retrieved passages; where answer acc falls below them, the reader lost what retrieval found.",
        "",
        f"## Summary (`{default}`)",
        "",
    ]
    if main["status"] != "ok":
        out += [f"The default configuration was skipped: {main['reason']}", ""]
    else:
        rows = [("all", main["summary"]["overall"])] + list(main["summary"]["by_set"].items())
        out += table(rows, "set") + ["", f"## By question type (`{default}`)", ""]
        out += table(list(main["summary"]["by_type"].items()), "type") + [""]
    out += ["## Ablations", ""]
    ran = [(n, r) for n, r in report["configs"].items() if r["status"] == "ok"]
    out += table([(n + (f" (= {r['same_as']})" if r.get("same_as") else ""), r["summary"]["overall"]) for n, r in ran], "config")
    for name, result in report["configs"].items():
        if result["status"] != "ok":
            out.append(f"- `{name}` skipped: {result['reason']}")
    out += ["", "## By set, side by side", ""]
    out += table([(f"{s} · {n}", agg) for s, n, agg in _by_set(report)], "set · config") + [""]
    out += ["", "Settings per configuration:", ""]
    for name, result in report["configs"].items():
        settings = ", ".join(f"{k}={v}" for k, v in result["settings"].items())
        out.append(f"- `{name}`: {settings}")
    if main["status"] == "ok":
        out += ["", f"## Questions (`{default}`, wrong first)", ""] + question_table(main["records"])
    out += ["", "Plots: `accuracy_by_type.png`, `latency.png`, `ablation.png`.", ""]
    return "\n".join(out)


def plot(report: dict, out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written: list[Path] = []
    main = report["configs"][report["default_config"]]
    if main["status"] == "ok":
        by_type = main["summary"]["by_type"]
        names = list(by_type)
        fig, ax = plt.subplots(figsize=(9, 4))
        ax.bar(names, [by_type[n]["correct"] or 0 for n in names], color="#4c72b0")
        ax.set_ylim(0, 1)
        ax.set_ylabel("answer accuracy")
        ax.set_title(f"Answer accuracy by question type ({report['default_config']})")
        ax.tick_params(axis="x", rotation=45)
        fig.tight_layout()
        written.append(_save(fig, out / "accuracy_by_type.png", plt))

        latencies = [r["latency_ms"] for r in main["records"]]
        fig, ax = plt.subplots(figsize=(7, 4))
        ax.hist(latencies, bins=min(30, max(5, len(latencies) // 3)), color="#55a868")
        ax.set_xlabel("latency per question (ms)")
        ax.set_ylabel("questions")
        ax.set_title(f"Latency ({report['default_config']})")
        fig.tight_layout()
        written.append(_save(fig, out / "latency.png", plt))

    ran = [(n, r["summary"]["overall"]) for n, r in report["configs"].items() if r["status"] == "ok"]
    fig, ax = plt.subplots(figsize=(9, 4))
    width = 0.4
    xs = range(len(ran))
    ax.bar([x - width / 2 for x in xs], [a["correct"] or 0 for _, a in ran], width, label="answer accuracy")
    ax.bar([x + width / 2 for x in xs], [a["hit@5"] or 0 for _, a in ran], width, label="evidence hit@5")
    ax.set_xticks(list(xs), [n for n, _ in ran], rotation=30)
    ax.set_ylim(0, 1.15)
    ax.legend(loc="upper left", ncol=2)
    ax.set_title("Ablations")
    fig.tight_layout()
    written.append(_save(fig, out / "ablation.png", plt))
    return written


def _save(fig, path: Path, plt) -> Path:
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def write_report(report: dict, out: Path) -> list[Path]:
    """Write ``report.json``, ``report.md`` and the plots into ``out``; return the paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "report.md").write_text(render_markdown(report), encoding="utf-8")
    return [out / "report.json", out / "report.md", *plot(report, out)]


def _by_set(report: dict) -> list[tuple[str, str, dict]]:
    """``(set, config, aggregate)`` for every set and every configuration that ran, set by set."""
    ran = [(n, r) for n, r in report["configs"].items() if r["status"] == "ok"]
    sets = list(dict.fromkeys(s for _, r in ran for s in r["summary"]["by_set"]))
    return [(s, n, r["summary"]["by_set"][s]) for s in sets for n, r in ran if s in r["summary"]["by_set"]]


def summary_lines(report: dict) -> list[str]:
    """A short plain-text table for stdout: one row per configuration, then per set and configuration."""
    head = ["config"] + [next(c[1] for c in COLUMNS if c[0] == k) for k in SHORT_COLUMNS]
    rows = [head]
    kinds = {c[0]: c[2] for c in COLUMNS}
    for name, result in report["configs"].items():
        if result["status"] != "ok":
            rows.append([name, f"skipped: {result['reason']}"])
            continue
        agg = result["summary"]["overall"]
        rows.append([name] + [fmt(agg.get(k), kinds[k]) for k in SHORT_COLUMNS])
    by_set = _by_set(report)
    if len({s for s, _, _ in by_set}) > 1:
        rows += [[f"{s} · {n}"] + [fmt(agg.get(k), kinds[k]) for k in SHORT_COLUMNS] for s, n, agg in by_set]
    widths = [max(len(r[i]) for r in rows if len(r) > 2) for i in range(len(head))]
    widths[0] = max(len(r[0]) for r in rows)
    lines = []
    for row in rows:
        if len(row) == 2 and row[1].startswith("skipped"):
            lines.append(f"{row[0]:<{widths[0]}}  {row[1]}")
        else:
            lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    return lines
