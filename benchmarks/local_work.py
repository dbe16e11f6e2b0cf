"""Local work per article, model excluded: prompt rendering, validation, grounding.

Prints absolute times and ratios to a bound measured in the same run (the machine is shared and
noisy): the cost of a plain `json.loads` + `str.find` pass over the same data.

    python benchmarks/local_work.py
"""

from __future__ import annotations

import itertools
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.engine.prompting import PromptSet  # noqa: E402
from summarizer.engine.validation import validate  # noqa: E402
from summarizer.fields import validation_context  # noqa: E402
from summarizer.fields.grounding import Source  # noqa: E402
from summarizer.schema_export import load_schema  # noqa: E402

ARTICLE = (ROOT / "examples" / "iran-russia-cooperation.ar.txt").read_text(encoding="utf-8")
ANSWER = (ROOT / "tests" / "data" / "seed.answer.json").read_text(encoding="utf-8")


def best_of(fn: object, repeat: int = 30) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def per_article() -> None:
    schema = load_schema("news")
    prompts = PromptSet.load("news")

    runs = itertools.count()

    def work() -> None:
        # a new article each time, as in a batch: nothing cached per article text may help
        article = ARTICLE + "\n" * next(runs)
        prompts.messages(article, published=None, output_language="English")
        outcome = validate(schema, ANSWER, validation_context(article))
        assert outcome.value is not None, outcome.issues

    def bound() -> None:
        data = json.loads(ANSWER)
        for items in (data["officials"], data["figures"], data["dates"], data["agreements"]):
            for item in items:
                ARTICLE.find(item["quote"])

    work()
    t, b = best_of(work), best_of(bound)
    print(
        f"seed article, local work: {t * 1000:.2f} ms (target < 20 ms); {t / b:.0f}x a json.loads+find pass ({b * 1000:.3f} ms)"
    )


def grounding_200kb() -> None:
    rng = random.Random(7)
    paragraphs = [p for p in ARTICLE.split("\n") if len(p) > 80]
    text = ""
    while len(text) < 200_000:
        text += rng.choice(paragraphs) + "\n\n"
    quotes = []
    for _ in range(200):
        p = rng.choice(paragraphs)
        i = rng.randrange(0, len(p) - 60)
        quotes.append(p[i : i + 60].replace("أ", "ا").replace("ة", "ه"))  # folded forms: not exact

    def work() -> None:
        source = Source(text)
        for q in quotes:
            assert source.locate(q) is not None

    def bound() -> None:
        for q in quotes:
            text.find(q)

    t, b = best_of(work, 5), best_of(bound, 5)
    print(
        f"grounding 200 quotes in a {len(text) // 1000} KB article: {t * 1000:.1f} ms (target < 200 ms); "
        f"{t / b:.1f}x 200 plain str.find calls ({b * 1000:.2f} ms)"
    )


def cli_help() -> None:
    def run(args: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        return time.perf_counter() - start

    help_ = statistics.median(
        run([sys.executable, "-m", "summarizer.cli", "--help"]) for _ in range(5)
    )
    bare = statistics.median(run([sys.executable, "-c", "pass"]) for _ in range(5))
    print(
        f"summarizer --help: {help_ * 1000:.0f} ms (target < 500 ms); {help_ / bare:.1f}x a bare interpreter ({bare * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    per_article()
    grounding_200kb()
    cli_help()
