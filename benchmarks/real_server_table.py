"""What validation buys against a real small model: one batch per mode, summarised as a table.

Starts llama.cpp's server with SmolLM2-135M-Instruct (see scripts/real_server.sh), runs
`summarizer batch` over the seed article and the English integration articles in each mode the
server accepts, and prints, per mode: articles, results, failures, attempts per article, items
proposed, kept and rejected by reason, requests and tokens.

    SUMMARIZER_GGUF=$(bash scripts/real_server.sh .venv/bin/python) python benchmarks/real_server_table.py [KEEP_DIR]

With KEEP_DIR the outputs and the server's logs are kept there for inspection;
`--table-only KEEP_DIR` prints the table again from them without running anything.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.batch.command import run_batch_command  # noqa: E402
from summarizer.engine.validation import parse_json  # noqa: E402
from summarizer.records import Code, FailureRecord, Issue, ResultRecord  # noqa: E402
from tests.integration.llama import MODEL_ALIAS, LlamaServer, unavailable  # noqa: E402

ARTICLES = [
    ROOT / "examples" / "iran-russia-cooperation.ar.txt",
    *sorted((ROOT / "tests" / "integration" / "articles").glob("*.en.txt")),
]
CATEGORIES = ("officials", "agreements", "figures", "dates")
MODES = ("json_object", "json", "tools")
_ITEM = re.compile(r"^(officials|agreements|figures|dates)\[(\d+)\]")
#: An item whose figure or date does not read as its raw text says.
_DISAGREES = {
    Code.FIGURE_DISAGREES,
    Code.FIGURE_NO_NUMBER,
    Code.UNIT_DISAGREES,
    Code.UNIT_NOT_IN_RAW,
    Code.DATE_DISAGREES,
    Code.DATE_RELATIVE,
    Code.YEAR_NOT_IN_ARTICLE,
}
#: What was wrong with an answer as a whole, by code; any other code counts as "schema".
_ANSWER_PROBLEMS: dict[str, str] = {
    Code.NOT_JSON: "not JSON",
    Code.EMPTY_ANSWER: "not JSON",
    Code.PROSE_NUMBER: "number not in the article",
    Code.NOT_IN_REGISTRY: "language code",
    Code.SENTENCE_COUNT: "summary length",
}


def reason_of(field: str, issues: list[Issue]) -> str:
    """One reason per rejected item, the most telling first."""
    codes = {issue.code for issue in issues}
    if Code.QUOTE_NOT_FOUND in codes:
        return "quote not found"
    if codes & _DISAGREES:
        return "figure disagrees" if field == "figures" else "date disagrees"
    return "schema"


def answer_problems(issues: list[Issue]) -> set[str]:
    """What was wrong with an answer as a whole (not with one of its items)."""
    whole = [i for i in issues if not _ITEM.match(i.location)]
    if any(i.code == Code.TRUNCATED for i in whole):
        return {"cut off"}
    return {_ANSWER_PROBLEMS.get(i.code, "schema") for i in whole}


def _items(raw: str | None) -> list[tuple[str, int]] | None:
    """The (list, index) of every item in a raw answer; None when it cannot be read."""
    try:
        answer = parse_json(raw)
    except ValueError:
        return None
    if not isinstance(answer, dict):
        return None
    return [
        (field, i)
        for field in CATEGORIES
        if isinstance(answer.get(field), list)
        for i in range(len(answer[field]))
    ]


def _count_answer(counts: Counter[str], issues: list[Issue], raw: str | None) -> None:
    """One rejected answer: its problems, and a verdict for each of its items."""
    counts["answers"] += 1
    for problem in answer_problems(issues):
        counts["answers: " + problem] += 1
    by_item: dict[tuple[str, int], list[Issue]] = {}
    for issue in issues:
        if found := _ITEM.match(issue.location):
            by_item.setdefault((found[1], int(found[2])), []).append(issue)
    items = _items(raw)
    for key in items if items is not None else by_item:
        counts["items proposed"] += 1
        if key in by_item:
            counts["items rejected: " + reason_of(key[0], by_item[key])] += 1
        else:
            counts["items valid, answer rejected"] += 1


def summarise(out: Path) -> dict[str, object]:
    """Per mode: every answer the model gave, each of its items with its verdict."""
    run = json.loads((out / "run.json").read_text())["this_run"]
    counts: Counter[str] = Counter()
    for line in (out / "summaries.jsonl").read_text(encoding="utf-8").splitlines():
        record = ResultRecord.model_validate_json(line)
        for attempt in record.meta.attempt_log[:-1]:  # re-asked answers: errors only
            _count_answer(counts, attempt.issues, None)
        kept = sum(len(record.summary.get(c) or []) for c in CATEGORIES)
        counts["answers"] += 1
        merged = record.meta.merged_duplicates or 0  # repeats of a kept item
        counts["items proposed"] += kept + merged + len(record.rejected)
        counts["items kept"] += kept
        for item in record.rejected:
            counts["items rejected: " + reason_of(item.field, item.issues)] += 1
    for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines():
        error = FailureRecord.model_validate_json(line)
        counts["failed: " + error.error_type] += 1
        for attempt in error.attempt_log:
            _count_answer(counts, attempt.issues, attempt.raw_output)
    return {
        "articles": len(ARTICLES),
        "results": run["succeeded"],
        **counts,
        "requests": run["requests"],
        "tokens": run["prompt_tokens"] + run["completion_tokens"],
    }


ROWS = (
    "articles",
    "results",
    "failed: ExtractionError",
    "failed: TransportError",
    "requests",
    "tokens",
    "answers",
    "answers: cut off",
    "answers: not JSON",
    "answers: schema",
    "answers: language code",
    "answers: summary length",
    "answers: number not in the article",
    "items proposed",
    "items kept",
    "items valid, answer rejected",
    "items rejected: quote not found",
    "items rejected: figure disagrees",
    "items rejected: date disagrees",
    "items rejected: schema",
)


def table(columns: dict[str, dict[str, object]]) -> str:
    """A Markdown table, one column per mode; rows no mode has are left out."""
    modes = list(columns)
    lines = ["| | " + " | ".join(f"`{m}`" for m in modes) + " |", "|---" * (len(modes) + 1) + "|"]
    extra = sorted({key for column in columns.values() for key in column} - set(ROWS))
    for row in (*ROWS, *extra):
        cells = [columns[m].get(row, 0) for m in modes]
        if any(cells) or row in ("results", "items kept"):
            lines.append(
                f"| {row} | "
                + " | ".join(f"{c:,}" if isinstance(c, int) else str(c) for c in cells)
                + " |"
            )
    return "\n".join(lines)


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["--table-only"]:
        kept = Path(args[1])
        print(table({mode: summarise(kept / f"out-{mode}") for mode in MODES}))
        return
    reason = unavailable()
    if reason is not None:
        sys.exit(f"real server unavailable: {reason}")
    keep = args[0] if args else None
    with tempfile.TemporaryDirectory() as scratch:
        tmp = keep or scratch
        Path(tmp).mkdir(parents=True, exist_ok=True)
        inputs = Path(tmp) / "in"
        inputs.mkdir(exist_ok=True)
        for path in ARTICLES:
            shutil.copy(path, inputs / path.name)
        (Path(tmp) / "server").mkdir(exist_ok=True)
        server = LlamaServer(Path(tmp) / "server")
        server.start()
        try:
            columns: dict[str, dict[str, object]] = {}
            for mode in MODES:
                if not server.running:
                    server.start()
                out = Path(tmp) / f"out-{mode}"
                run_batch_command(
                    input_dir=inputs,
                    out_dir=out,
                    model=MODEL_ALIAS,
                    base_url=server.base_url,
                    mode=mode,
                    concurrency=1,
                    rpm=None,
                    tpm=None,
                    force=True,
                    max_bytes=200_000,
                    output_language="English",
                    max_reasks=2,
                    strict=False,
                    quiet=True,
                    max_tokens=768,
                    timeout=900.0,
                )
                columns[mode] = summarise(out)
                print(json.dumps({"mode": mode, **columns[mode]}), file=sys.stderr)
            print(table(columns))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
