"""What validation buys against a real small model: one batch per mode, summarised as a table.

Starts llama.cpp's server with SmolLM2-135M-Instruct (see scripts/real_server.sh), runs
`summarizer batch` over the seed article and the English integration articles in each mode the
server accepts, and prints, per mode: articles, results, failures, attempts per article, items
proposed, kept and rejected by reason, requests and tokens.

    SUMMARIZER_GGUF=$(bash scripts/real_server.sh .venv/bin/python) python benchmarks/real_server_table.py
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.batch.command import run_batch_command  # noqa: E402
from tests.integration.llama import MODEL_ALIAS, LlamaServer, unavailable  # noqa: E402

ARTICLES = [
    ROOT / "examples" / "iran-russia-cooperation.ar.txt",
    *sorted((ROOT / "tests" / "integration" / "articles").glob("*.en.txt")),
]
CATEGORIES = ("officials", "agreements", "figures", "dates")


def reason_of(text: str) -> str:
    if "not in the article" in text:
        return "quote or raw text not found"
    if (
        "disagrees with raw text" in text
        or "holds no number" in text
        or "is not in raw text" in text
    ):
        return "figure or date disagrees with its raw text"
    if "relative" in text or "appears nowhere" in text or "ISO 8601" in text:
        return "date unsupported"
    return "schema"


def summarise(out: Path) -> dict[str, object]:
    run = json.loads((out / "run.json").read_text())["this_run"]
    kept = proposed = 0
    rejected: Counter[str] = Counter()
    attempts: list[int] = []
    for line in (out / "summaries.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        attempts.append(record["meta"]["attempts"])
        n_kept = sum(len(record["summary"].get(c) or []) for c in CATEGORIES)
        kept += n_kept
        proposed += n_kept + len(record["rejected"])
        for item in record["rejected"]:
            rejected[reason_of(" ".join(item["reasons"]))] += 1
    failures: Counter[str] = Counter()
    for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines():
        error = json.loads(line)
        attempts.append(error["attempts"])
        failures[error["error_type"]] += 1
    return {
        "articles": len(ARTICLES),
        "results": run["succeeded"],
        "failures": dict(failures),
        "attempts per article": round(sum(attempts) / max(len(attempts), 1), 2),
        "items proposed (in results)": proposed,
        "items kept": kept,
        "items rejected": dict(rejected),
        "requests": run["requests"],
        "tokens": run["prompt_tokens"] + run["completion_tokens"],
    }


def main() -> None:
    reason = unavailable()
    if reason is not None:
        sys.exit(f"real server unavailable: {reason}")
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        for path in ARTICLES:
            shutil.copy(path, inputs / path.name)
        (Path(tmp) / "server").mkdir()
        server = LlamaServer(Path(tmp) / "server")
        server.start()
        try:
            for mode in ("json_object", "json", "tools"):
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
                print(json.dumps({"mode": mode, **summarise(out)}, ensure_ascii=False))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
