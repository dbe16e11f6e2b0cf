"""Near-verbatim quotes: located at their own passage, or not at all; and how fast.

200 KB of distinct Arabic articles from the shared corpus (`../shared/corpus/articles/ar`), 200
sentences of 8 to 30 words taken from it, each quoted three ways: exact, with one inner word
left out, with one letter changed. Each located span is classed against the sentence's own
span: exact (the same span), shifted (overlapping, edges off), wrong (elsewhere) or missing.
A quote with a word left out is the model's, not the article's: grounding refuses it while
re-asks remain (`strict` column) and locates it once they are spent (`lenient`).

Speed is the time to locate the 200 quotes, as a ratio to 200 plain `str.find` calls over the
same text in the same run (the machine is shared, so only ratios are compared).

    .venv/bin/python benchmarks/near_verbatim.py
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from summarizer.fields.grounding import Source

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "articles" / "ar"
_SENTENCE = re.compile(r"[^.!؟\n]{40,400}[.!؟]")


def corpus_text(limit: int = 200_000) -> str:
    text = ""
    for path in sorted(CORPUS.glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("\n", 2)[-1]
        text += body + "\n\n"
        if len(text) >= limit:
            break
    return text


def sentences(text: str, n: int, rng: random.Random) -> list[tuple[int, int]]:
    spans = [
        (m.start(), m.end())
        for m in _SENTENCE.finditer(text)
        if 8 <= len(m.group().split()) <= 30 and text.count(m.group().strip()) == 1
    ]
    return rng.sample(spans, n)


def drop_word(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    del words[rng.randrange(1, len(words) - 1)]
    return " ".join(words)


def change_letter(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    i = rng.randrange(1, len(words) - 1)
    word = words[i]
    if len(word) > 2:
        j = rng.randrange(1, len(word) - 1)
        words[i] = word[:j] + ("ب" if word[j] != "ب" else "ت") + word[j + 1 :]
    return " ".join(words)


_EDGE = " \"'.,;:!?()[]-؟،"


def _core(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the punctuation and quotation marks at its edges."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def classify(found: tuple[int, int] | None, truth: tuple[int, int], text: str) -> str:
    if found is None:
        return "missing"
    true_span = _core(text, *truth)
    found = _core(text, *found)
    if found == true_span:
        return "exact"
    if found[0] < true_span[1] and true_span[0] < found[1]:
        return "shifted"
    return "wrong"


def best_of(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    if not CORPUS.is_dir():
        sys.exit(f"the shared corpus is not at {CORPUS}")
    rng = random.Random(11)
    text = corpus_text()
    truths = sentences(text, 200, rng)
    kinds: dict[str, list[str]] = {
        "exact copy": [text[a:b].strip(" .!؟") for a, b in truths],
        "one word left out": [drop_word(text[a:b].strip(" .!؟"), rng) for a, b in truths],
        "one letter changed": [change_letter(text[a:b].strip(" .!؟"), rng) for a, b in truths],
    }
    print(f"{len(text) // 1000} KB of Arabic news, 200 sentences of 8-30 words\n")
    print("| quote | mode | exact | shifted | wrong | missing |")
    print("|---|---|---|---|---|---|")
    for name, quotes in kinds.items():
        for mode, aligned in (("strict", False), ("lenient", True)):
            source = Source(text)
            counts: Counter[str] = Counter()
            for quote, truth in zip(quotes, truths, strict=True):
                match = source.locate(quote, aligned=aligned)
                counts[classify((match.start, match.end) if match else None, truth, text)] += 1
            row = " | ".join(str(counts[k]) for k in ("exact", "shifted", "wrong", "missing"))
            print(f"| {name} | {mode} | {row} |")

    dropped = kinds["one word left out"]

    def strict() -> None:
        source = Source(text)
        for quote in dropped:
            source.locate(quote)

    def lenient() -> None:
        source = Source(text)
        for quote in dropped:
            source.locate(quote, aligned=True)

    def bound() -> None:
        for quote in dropped:
            text.find(quote)

    b = best_of(bound)
    for name, fn in (("strict", strict), ("lenient", lenient)):
        t = best_of(fn, 3)
        print(
            f"\n{name}: 200 quotes with a word left out in {t * 1000:.0f} ms, {t / b:.0f}x 200 str.find ({b * 1000:.2f} ms)"
        )


if __name__ == "__main__":
    main()
