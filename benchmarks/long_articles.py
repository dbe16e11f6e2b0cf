"""Long articles: the chunked path against the single-call path, on the scripted server.

The long-article set is built from the shared corpus (`../shared/corpus/articles`, read here,
never copied): for each of five Arabic outlets (ANT AL, BB, CN, FR, SK) its articles joined
until about 100 KB, and the longest single article of each language (ar, en, fa, fr, ru).

The scripted server answers mechanically, on whatever text a request carries: each distinct
number as a figure, quoted with the words around it (`testkit.answers.every_figure`). Gold is
assembled two ways:

- mechanical: the distinct figure values of the whole text (what one ideal call would list);
- human: the figures of the gold files (`gold/*.json`) whose articles are in the set, matched
  by value (only the ANT outlets have gold files).

Both paths are scored by figure value (recall, precision). Every kept span and every extra
evidence span is asserted to be the article's own text at its offsets. Time is wall-clock per
100 KB, as the ratio chunked / single-call measured in the same run; tokens are the server's
estimate (request and answer characters / 3), per 100 KB. If `summarizer.local` (an embedded
model) is importable a small run uses it; else the report says so.

    .venv/bin/python benchmarks/long_articles.py [--chunk-size 20000 4000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import openai  # noqa: E402

from summarizer.api import summarize  # noqa: E402
from summarizer.engine.chunking import spans  # noqa: E402
from summarizer.fields.base import Extraction  # noqa: E402
from testkit.answers import article_of, every_figure  # noqa: E402
from testkit.scripted_server import ScriptedServer, Step, completion  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
OUTLETS = ("ant-AL", "ant-BB", "ant-CN", "ant-FR", "ant-SK")
TARGET = 100_000


@dataclass
class Long:
    name: str
    text: str
    sources: list[str]


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip()


def long_set() -> list[Long]:
    found: list[Long] = []
    for outlet in OUTLETS:
        parts, names = [], []
        for path in sorted((CORPUS / "ar").glob(f"{outlet}-*.txt")):
            parts.append(_body(path))
            names.append(path.name)
            if sum(len(p) for p in parts) >= TARGET:
                break
        found.append(Long(f"{outlet} x{len(parts)}", "\n\n".join(parts), names))
    for language in ("ar", "en", "fa", "fr", "ru"):
        longest = max((CORPUS / language).glob("*.txt"), key=lambda p: len(_body(p)))
        found.append(Long(f"longest {language}", _body(longest), [longest.name]))
    return found


def human_gold(sources: list[str]) -> set[float]:
    values: set[float] = set()
    for path in sorted((ROOT / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if Path(gold["article"]).name in sources:
            values |= {
                float(f["value"]) for f in gold.get("figures", []) if f.get("value") is not None
            }
    return values


def _respond(body: dict[str, Any], index: int) -> Step:
    article = article_of(body)
    answer = every_figure(article)
    sent = sum(len(str(m.get("content") or "")) for m in body.get("messages", []))
    return completion(
        arguments=answer,
        prompt_tokens=sent // 3,
        completion_tokens=len(json.dumps(answer, ensure_ascii=False)) // 3,
    )


def _exact(text: str, result: Extraction) -> int:
    checked = 0
    for span in spans(result):
        assert text[span.start : span.end] == span.text, (span.start, span.end)
        checked += 1
    if result.meta is not None and result.meta.chunking is not None:
        for evidence in result.meta.chunking.evidence:
            for extra in evidence.spans:
                assert text[extra.start : extra.end] == extra.text
                checked += 1
    return checked


@dataclass
class Score:
    found: int = 0
    proposed: int = 0
    gold: int = 0
    human_found: int = 0
    human: int = 0
    seconds: float = 0.0
    tokens: int = 0
    spans: int = 0
    partial: int = 0

    def line(self, name: str, chars: int) -> str:
        recall = self.found / self.gold if self.gold else 0.0
        precision = self.found / self.proposed if self.proposed else 0.0
        human = f"{self.human_found}/{self.human}" if self.human else "-"
        per = 100_000 / chars
        return (
            f"{name:<12} recall {recall:6.1%}  precision {precision:6.1%}  human gold {human:>7}  "
            f"{self.seconds * per:7.2f} s/100KB  {self.tokens * per:9.0f} tokens/100KB  "
            f"{self.spans} spans exact  partial {self.partial}"
        )


def read(server: ScriptedServer, long: Long, chunk_chars: int, score: Score) -> None:
    mechanical = {float(f["value"]) for f in every_figure(long.text)["figures"]}
    human = human_gold(long.sources)
    with openai.OpenAI(base_url=server.base_url, api_key="sk-scripted") as client:
        started = time.perf_counter()
        result = summarize(long.text, client=client, model="scripted", chunk_chars=chunk_chars)
        score.seconds += time.perf_counter() - started
    values = {float(f.value) for f in result.figures}  # type: ignore[attr-defined]
    score.found += len(values & mechanical)
    score.proposed += len(result.figures)  # type: ignore[attr-defined]
    score.gold += len(mechanical)
    score.human_found += len(values & human)
    score.human += len(human)
    assert result.meta is not None
    score.tokens += result.meta.usage.total_tokens
    score.spans += _exact(long.text, result)
    score.partial += int(result.meta.partial)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chunk-size", type=int, nargs="+", default=[20_000, 4_000])
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"the shared corpus is not at {CORPUS}: nothing to measure")
        return 0
    articles = long_set()
    chars = sum(len(a.text) for a in articles)
    print(f"{len(articles)} long articles, {chars:,} characters")
    for a in articles:
        print(f"  {a.name:<16} {len(a.text):>8,} chars  {len(a.sources)} article(s)")
    single = Score()
    chunked = {size: Score() for size in args.chunk_size}
    with ScriptedServer(responder=_respond, keep_requests=False) as server:
        for article in articles:
            read(server, article, 0, single)
            for size, score in chunked.items():
                read(server, article, size, score)
    print(single.line("single-call", chars))
    for size, score in chunked.items():
        print(score.line(f"chunks {size // 1000}k", chars))
        print(f"  time chunked {size // 1000}k / single-call: {score.seconds / single.seconds:.2f}")
    try:
        import summarizer.local  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        print("summarizer.local is not importable here: no run on the local model")
    else:
        print("summarizer.local is importable, but its driver is not wired into this benchmark")
    return 0


if __name__ == "__main__":
    sys.exit(main())
