"""The gold articles through the embedded local model, scored, with validation's truth table.

    python benchmarks/gold_local.py run   --model qwen2.5-coder-1.5b --out /tmp/gold-1.5b
    python benchmarks/gold_local.py score --out /tmp/gold-1.5b

`run` starts the in-process server and feeds the gold articles (linked from ../shared/corpus)
to the batch machinery exactly as `summarizer batch --local` would; reruns resume. `score`
prints (a) precision, recall and F1 per category of what was kept (summarizer.evaluation), and
(b) validation's truth table: every item the model proposed in its final answer, kept or
rejected, set against gold: kept and correct, kept but wrong (validation missed it), rejected
and wrong (a hallucination caught), rejected but correct (a false rejection), by reason. An item
is "correct" when it matches a gold item, required or optional, by the scoring's own matchers.
An article that failed as a whole counts its last answer's items as rejected, with the
article's error as reason. Timing is wall-clock per article on a shared 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.batch.store import OutputStore  # noqa: E402
from summarizer.cli.batch import batch_config, execute  # noqa: E402
from summarizer.evaluation.gold import CATEGORIES, Gold, gold_files  # noqa: E402
from summarizer.evaluation.scoring import _matcher  # noqa: E402
from summarizer.evaluation.scoring import score as score_golds  # noqa: E402
from summarizer.local import models, sizing  # noqa: E402
from summarizer.local.server import LocalServer, ServerConfig  # noqa: E402

GOLD = ROOT / "gold"


def run(args: argparse.Namespace) -> None:
    model = models.get_model(args.model)
    gguf = models.ensure(model)
    golds = [g for g in gold_files(GOLD) if g.sha256 is not None]
    context = sizing.context_tokens(max(len(g.article or "") for g in golds), args.max_tokens)
    server = LocalServer(ServerConfig(gguf, context=context, speculative=not args.no_speculative))
    with tempfile.TemporaryDirectory(prefix="gold-local-") as tmp, server as base_url:
        print(
            f"{model.title}: loaded in {server.load_seconds:.1f} s, context {context}", flush=True
        )
        for gold in golds[: args.limit or None]:
            os.symlink(gold.article_path, Path(tmp) / f"{gold.path.stem}{gold.article_path.suffix}")
        started = time.monotonic()
        settings = {
            "model": f"local:{model.name}",
            "base_url": base_url,
            "mode": "json_schema",
            "max_reasks": args.max_reasks,
            "max_tokens": args.max_tokens,
            "timeout": sizing.TIMEOUT,
            "attempt_deadline": sizing.TIMEOUT,  # as the CLI sets them for the local model
            "article_deadline": sizing.TIMEOUT * (args.max_reasks + 1),
        }
        # the articles are links into ../shared/corpus
        run_options = {"concurrency": 1, "follow_outside": True}
        code = execute(batch_config(Path(tmp), args.out, settings, run_options), quiet=False)
        print(f"batch exit {code} in {time.monotonic() - started:.0f} s", flush=True)


def _final_items(record: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """A failed article's last answer, parsed as far as it goes."""
    try:
        answer = json.loads(record.get("raw_output") or "")
    except ValueError:
        return {}
    if not isinstance(answer, dict):
        return {}
    return {c: [i for i in answer.get(c) or [] if isinstance(i, dict)] for c in CATEGORIES}


def _reason(text: str) -> str:
    """An error message with its item-specific parts (quotes, numbers) taken out, to group by."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"|«[^»]*»", "…", text)
    text = re.sub(r"\d+", "N", text)
    return text[:90]


def _correct(gold: Gold, category: str, item: dict[str, Any]) -> bool:
    match = _matcher(category, gold)
    return any(match(g, item) > 0 for g in gold.items(category) + gold.optional(category))


def truth_table(out: Path) -> tuple[Counter[str], dict[str, Counter[str]]]:
    golds = {g.sha256: g for g in gold_files(GOLD) if g.sha256}
    store = OutputStore(out)
    table: Counter[str] = Counter()
    reasons: dict[str, Counter[str]] = defaultdict(Counter)

    def count(gold: Gold, category: str, item: dict[str, Any], why: str | None) -> None:
        right = _correct(gold, category, item)
        table["proposed"] += 1
        if why is None:
            table["kept & correct" if right else "kept but wrong"] += 1
            return
        key = "rejected but correct" if right else "rejected & wrong"
        table[key] += 1
        reasons[key][_reason(why)] += 1

    for record in store.results():
        gold = golds.get((record.get("article") or {}).get("sha256"))
        if gold is None:
            continue
        for category in CATEGORIES:
            for item in (record.get("summary") or {}).get(category) or []:
                count(gold, category, item, None)
        for rejected in record.get("rejected") or []:
            category = str(rejected.get("field", "")).split(".")[0].split("[")[0]
            item = rejected.get("item")
            if category in CATEGORIES and isinstance(item, dict):
                codes = sorted({str(i.get("code")) for i in rejected.get("issues") or []})
                count(gold, category, item, ", ".join(codes) or "?")
    for record in store.errors():
        gold = golds.get(record.get("sha256"))
        if gold is None:
            continue
        why = f"article failed: {record.get('message', '')}"
        for category, items in _final_items(record).items():
            for item in items:
                count(gold, category, item, why)
    return table, reasons


def timing(out: Path) -> str:
    store = OutputStore(out)
    seconds = [float((r.get("meta") or {}).get("seconds") or 0) for r in store.results()]
    failed = list(store.errors())
    tokens = [
        int(((r.get("meta") or {}).get("usage") or {}).get("completion_tokens") or 0)
        for r in store.results()
    ]
    if not seconds:
        return f"no result; {len(failed)} failed"
    return (
        f"{len(seconds)} results, {len(failed)} failed; mean {sum(seconds) / len(seconds):.0f} s "
        f"per summarised article, {sum(tokens) / max(sum(seconds), 1):.1f} answer tokens/s overall"
    )


def score(args: argparse.Namespace) -> None:
    store = OutputStore(args.out)
    results = list(store.results())
    tried = {(r.get("article") or {}).get("sha256") for r in results}
    tried |= {r.get("sha256") for r in store.errors()}
    # A partial run is scored on the articles it reached (a failed one still misses every item).
    golds = [g for g in gold_files(GOLD) if g.sha256 in tried]
    report = score_golds(golds, list(store.result_records()))
    print(f"## {args.out}: {len(golds)} gold articles\n\n{timing(args.out)}\n")
    print("| category | gold | kept | matched | precision | recall | F1 |")
    print("|---|---|---|---|---|---|---|")
    for name, c in report.categories.items():
        print(
            f"| {name} | {c.gold} | {c.predicted} | {c.matched} | {c.precision:.2f} | "
            f"{c.recall:.2f} | {c.f1:.2f} |"
        )
    table, reasons = truth_table(args.out)
    print("\n| validation vs gold | items |\n|---|---|")
    for key in (
        "proposed",
        "kept & correct",
        "kept but wrong",
        "rejected & wrong",
        "rejected but correct",
    ):
        print(f"| {key} | {table[key]} |")
    for key in ("rejected & wrong", "rejected but correct"):
        print(f"\n{key}, by reason:")
        for why, n in reasons[key].most_common():
            print(f"  {n:3d}  {why}")


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(required=True)
    r = sub.add_parser("run")
    r.add_argument("--model", default=models.DEFAULT_MODEL)
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--max-tokens", type=int, default=sizing.MAX_TOKENS)
    r.add_argument("--max-reasks", type=int, default=1)
    r.add_argument("--limit", type=int, default=0, help="only the first N gold articles")
    r.add_argument("--no-speculative", action="store_true")
    r.set_defaults(func=run)
    s = sub.add_parser("score")
    s.add_argument("--out", type=Path, required=True)
    s.set_defaults(func=score)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
