"""Writing the review report for 1,000 articles.

One real record (the seed article answered by the project's scripted server, through a real
batch run) is copied 1,000 times, each with its own article file, and `write_report` renders
the index and 1,000 pages, reading every article again and checking its hash. The bound,
measured in the same run: `json.load` of the 1,000 records plus writing 1,000 files of the
same size as the pages, with no rendering at all.

    python benchmarks/report_speed.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402

from summarizer.batch.store import OutputStore  # noqa: E402
from summarizer.cli import main  # noqa: E402
from summarizer.records import ResultRecord  # noqa: E402
from summarizer.report import write_report  # noqa: E402
from testkit.scripted_server import ScriptedServer, completion  # noqa: E402

ARTICLES = 1_000
SEED = ROOT / "examples" / "iran-russia-cooperation.ar.txt"
ANSWER = json.loads((ROOT / "tests" / "data" / "seed.answer.json").read_text(encoding="utf-8"))


def make_batch(root: Path) -> Path:
    inputs, out = root / "in", root / "out"
    inputs.mkdir()
    (inputs / "seed.txt").write_bytes(SEED.read_bytes())
    with ScriptedServer(responder=lambda body, i: completion(arguments=ANSWER)) as server:
        os.environ["OPENAI_BASE_URL"] = server.base_url
        os.environ["OPENAI_API_KEY"] = "sk-benchmark-not-a-real-key"
        result = CliRunner().invoke(main, ["batch", str(inputs), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    store = OutputStore(out)
    record = ResultRecord.model_validate_json(store.result_path("seed.txt").read_text("utf-8"))
    data = SEED.read_bytes()
    for i in range(1, ARTICLES):
        rel = f"{i // 100:02d}/article-{i:04d}.txt"
        (inputs / rel).parent.mkdir(exist_ok=True)
        (inputs / rel).write_bytes(data)
        store.save_result(rel, record.model_copy(update={"path": rel}))
    return out


def bound(out: Path, size: int) -> float:
    """json.load every record and write a file of `size` characters for each: no rendering."""
    target = out / "bound"
    target.mkdir()
    filler = "x" * size
    start = time.perf_counter()
    for i, path in enumerate(sorted(out.rglob("*.txt.json"))):
        with path.open(encoding="utf-8") as handle:
            json.load(handle)
        (target / f"{i}.html").write_text(filler, encoding="utf-8")
    return time.perf_counter() - start


def main_() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = make_batch(Path(tmp))
        start = time.perf_counter()
        index = write_report(out)
        took = time.perf_counter() - start
        pages = list((index.parent / "articles").glob("*.html"))
        assert len(pages) == ARTICLES, len(pages)
        size = sum(p.stat().st_size for p in pages) // len(pages)
        floor = bound(out, size)
    print(
        f"report for {ARTICLES:,} articles: {took:.2f} s (target < 10 s), "
        f"{took / ARTICLES * 1000:.2f} ms per page of {size / 1000:.0f} KB; "
        f"{took / floor:.0f}x the bound (json.load + write of the same files: {floor:.2f} s)"
    )


if __name__ == "__main__":
    main_()
