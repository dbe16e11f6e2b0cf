"""Long articles read in chunks, against the scripted server on loopback.

The server answers each chunk mechanically (every number of the chunk as a figure, quoted with
its sentence), so what is checked is the pipeline: offsets mapped back, items merged across
chunks and overlaps, failed chunks recorded, the headline and summary held to the whole article.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openai
import pytest
from pydantic import ValidationError

from summarizer.api import asummarize, summarize
from summarizer.batch.runner import BatchConfig, resume_key
from summarizer.config import Settings
from summarizer.engine.chunking import spans
from summarizer.engine.longdoc import document_schema
from summarizer.engine.prompting import PromptSet
from summarizer.fields.base import Extraction
from summarizer.schema_export import load_schema
from testkit.answers import article_of, every_figure
from testkit.scripted_server import ScriptedServer, Step, completion
from tests.conftest import SHARED

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

_NUMBER = re.compile(r"\d+")
_SENTENCE = "قال الوزير إن الصادرات بلغت {n} مليون دولار في الربع الأخير."


def _article(numbers: list[int]) -> str:
    return " ".join(_SENTENCE.format(n=n) for n in numbers)


def every_number(article: str) -> dict[str, Any]:
    """A valid answer: each number of the text as a figure, quoted with its sentence."""
    figures = []
    for found in _NUMBER.finditer(article):
        start = article.rfind(".", 0, found.start()) + 1
        end = article.find(".", found.end())
        figures.append(
            {
                "measures": "exports",
                "value": int(found.group()),
                "unit": None,
                "approximate": False,
                "period": None,
                "raw": found.group(),
                "quote": article[start : end if end >= 0 else len(article)].strip(),
            }
        )
    return {
        "language": "ar",
        "headline": "Scripted headline",
        "summary": "Exports were reported. The minister spoke.",
        "officials": [],
        "agreements": [],
        "figures": figures,
        "dates": [],
    }


def _user(body: dict[str, Any]) -> str:
    return " ".join(str(m.get("content")) for m in body["messages"] if m.get("role") == "user")


Answer = Callable[[dict[str, Any]], Step | None]


def _responder(special: Answer | None = None) -> Callable[[dict[str, Any], int], Step]:
    def respond(body: dict[str, Any], index: int) -> Step:
        step = special(body) if special else None
        return step or completion(arguments=every_number(article_of(body)))

    return respond


def _summarize(server: ScriptedServer, text: str, **options: Any) -> Extraction:
    options.setdefault("chunk_chars", 1000)
    with openai.OpenAI(base_url=server.base_url, api_key="sk-test-not-a-real-key") as client:
        return summarize(text, client=client, model="scripted", **options)


def _exact(text: str, result: Extraction) -> None:
    assert result.meta is not None and result.meta.chunking is not None
    for span in spans(result):
        assert text[span.start : span.end] == span.text
    for evidence in result.meta.chunking.evidence:
        for extra in evidence.spans:
            assert text[extra.start : extra.end] == extra.text


def test_a_long_arabic_article_keeps_every_figure_once_with_exact_offsets() -> None:
    numbers = list(range(100, 160))
    text = _article(numbers)
    with ScriptedServer(responder=_responder()) as server:
        result = _summarize(server, text)
    meta = result.meta
    assert meta is not None and meta.chunking is not None
    assert len(meta.chunking.chunks) > 3
    values = [f.value for f in result.figures]  # type: ignore[attr-defined]
    assert sorted(values) == numbers, "an item of an overlap was doubled or lost"
    _exact(text, result)
    assert not meta.partial
    assert meta.usage.requests == len(meta.chunking.chunks) + 1  # the chunks and the summary
    assert meta.attempts == len(meta.chunking.chunks) + 1


def test_the_same_item_in_two_chunks_is_kept_once_earliest_first_with_extra_evidence() -> None:
    numbers = [7, *range(100, 140), 7]
    text = _article(numbers)
    with ScriptedServer(responder=_responder()) as server:
        result = _summarize(server, text)
    sevens = [f for f in result.figures if f.value == 7]  # type: ignore[attr-defined]
    assert len(sevens) == 1
    assert sevens[0].quote.start < 100, "the earliest quote is kept"
    meta = result.meta
    assert meta is not None and meta.chunking is not None
    index = result.figures.index(sevens[0])  # type: ignore[attr-defined]
    evidence = {e.location: e.spans for e in meta.chunking.evidence}
    later = evidence[f"figures[{index}]"]
    assert any(s.start > len(text) - 100 for s in later), "the later quote is extra evidence"
    assert meta.merged_duplicates >= 1
    _exact(text, result)


def _fails_part(part: int) -> Answer:
    def answer(body: dict[str, Any]) -> Step | None:
        if f"This is part {part} of" in _user(body):
            return completion(arguments="this is not json {")
        return None

    return answer


def test_a_chunk_that_never_validates_is_recorded_and_the_others_kept() -> None:
    text = _article(list(range(100, 160)))
    with ScriptedServer(responder=_responder(_fails_part(2))) as server:
        result = _summarize(server, text, max_reasks=1)
    meta = result.meta
    assert meta is not None and meta.chunking is not None
    assert meta.partial and meta.chunking.partial
    failed = [c for c in meta.chunking.chunks if c.failed]
    assert [c.index for c in failed] == [1]
    assert failed[0].attempts == 2 and failed[0].codes == ["not_json"]
    assert text[failed[0].start : failed[0].end]

    def numbers(start: int, end: int) -> set[int]:
        return {int(n) for n in _NUMBER.findall(text[start:end])}

    read = set().union(*(numbers(c.start, c.end) for c in meta.chunking.chunks if not c.failed))
    kept = {f.value for f in result.figures}  # type: ignore[attr-defined]
    assert kept == read, "the other chunks' items are kept, and only theirs"
    assert numbers(failed[0].start, failed[0].end) - read, "the failed chunk had items of its own"
    assert meta.usage.requests == sum(c.usage.requests for c in meta.chunking.chunks) + 1
    _exact(text, result)


def test_every_chunk_failing_fails_the_article() -> None:
    from summarizer.errors import ExtractionError

    text = _article(list(range(100, 130)))
    with (
        ScriptedServer(responder=lambda body, i: completion(arguments="nope")) as server,
        pytest.raises(ExtractionError, match="every chunk"),
    ):
        _summarize(server, text, max_reasks=0)


def _summary_with(number: str) -> Answer:
    def answer(body: dict[str, Any]) -> Step | None:
        if "summaries of the" in _user(body):
            summary = f"Exports reached {number} million dollars. The minister spoke."
            return completion(
                arguments={"language": "ar", "headline": "Exports", "summary": summary}
            )
        return None

    return answer


@pytest.mark.parametrize(
    ("number", "kept"),
    [
        pytest.param("159", True, id="a-number-of-the-last-chunk-is-stated"),
        pytest.param("999", False, id="a-number-nowhere-in-the-article-is-withheld"),
    ],
)
def test_the_summary_comes_from_one_pass_held_to_the_whole_article(number: str, kept: bool) -> None:
    text = _article(list(range(100, 160)))
    with ScriptedServer(responder=_responder(_summary_with(number))) as server:
        result = _summarize(server, text, max_reasks=0)
        digest = [b for b in server.requests if "summaries of the" in _user(b)]
    assert len(digest) == 1 and "<article>" in _user(digest[0])
    assert text not in _user(digest[0]), "the last request carries summaries, not the article"
    summary = result.summary  # type: ignore[attr-defined]
    assert (summary is not None and number in summary) is kept
    assert any(w.location == "summary" for w in result.withheld) is not kept


def test_each_chunk_is_told_which_part_it_is() -> None:
    text = _article(list(range(100, 130)))
    with ScriptedServer(responder=_responder()) as server:
        result = _summarize(server, text)
        users = [_user(b) for b in server.requests]
    assert result.meta is not None and result.meta.chunking is not None
    parts = len(result.meta.chunking.chunks)
    assert [f"This is part {n} of {parts}" in u for n, u in enumerate(users[:-1], 1)] == [
        True
    ] * parts


def test_a_short_article_is_one_call_with_the_unchanged_prompt() -> None:
    text = _article([100, 101])
    with ScriptedServer(responder=_responder()) as server:
        result = _summarize(server, text, chunk_chars=None)
        users = [_user(b) for b in server.requests]
    assert result.meta is not None and result.meta.chunking is None
    assert len(users) == 1 and "This is part" not in users[0]


def test_the_async_api_reads_chunks_concurrently_to_the_same_result() -> None:
    text = _article(list(range(100, 160)))
    with ScriptedServer(responder=_responder()) as server:

        async def read() -> Extraction:
            key = "sk-test-not-a-real-key"
            async with openai.AsyncOpenAI(base_url=server.base_url, api_key=key) as client:
                return await asummarize(text, client=client, model="scripted", chunk_chars=1000)

        result = asyncio.run(read())
    assert sorted(f.value for f in result.figures) == list(range(100, 160))  # type: ignore[attr-defined]
    _exact(text, result)


def test_the_document_schema_keeps_the_scalar_fields_and_their_checks() -> None:
    news = load_schema("news")
    document = document_schema(news)
    assert document.__name__ == news.__name__
    assert set(document.model_fields) == {"language", "headline", "summary"}
    with pytest.raises(ValidationError, match="summary has 1 sentences"):
        document.model_validate({"language": "en", "headline": "Trade", "summary": "Trade grew."})


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        pytest.param(None, None, True, id="default-twice"),
        pytest.param(None, 20_000, True, id="default-is-20000"),
        pytest.param(8000, 12000, False, id="different-sizes"),
        pytest.param(0, None, False, id="never-split-differs"),
    ],
)
def test_the_resume_key_includes_the_chunk_size(
    tmp_path: Path, first: int | None, second: int | None, same: bool
) -> None:
    def config(chunk_chars: int | None) -> BatchConfig:
        return BatchConfig(
            input_dir=tmp_path,
            out_dir=tmp_path / "out",
            schema=load_schema("news"),
            prompts=PromptSet.load("news"),
            settings=dataclasses.replace(Settings(), chunk_chars=chunk_chars),
        )

    one, two = resume_key("abc", config(first)), resume_key("abc", config(second))
    assert "chunk_chars" in one
    assert (one == two) is same


def test_batch_reads_a_long_article_in_chunks_and_resumes_by_chunk_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from summarizer.cli import main

    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    text = _article(list(range(100, 160)))
    (folder / "long.txt").write_text(text, encoding="utf-8")
    with ScriptedServer(responder=_responder()) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")

        def batch(size: str) -> int:
            args = ["batch", str(folder), "--out", str(out), "--quiet", "--chunk-size", size]
            result = CliRunner().invoke(main, args)
            assert result.exit_code == 0, result.output
            return server.count

        first = batch("1000")
        assert batch("1000") == first, "a rerun with the same chunk size skips the article"
        assert batch("1500") > first, "another chunk size redoes it"
        revalidated = CliRunner().invoke(main, ["revalidate", str(out), "--input", str(folder)])
    record = json.loads((out / "long.txt.json").read_text(encoding="utf-8"))
    assert record["key"]["chunk_chars"] == "1500"
    assert record["meta"]["chunking"]["chunk_chars"] == 1500
    assert sorted(f["value"] for f in record["summary"]["figures"]) == list(range(100, 160))
    for figure in record["summary"]["figures"]:
        assert text[figure["quote"]["start"] : figure["quote"]["end"]] == figure["quote"]["text"]
    assert revalidated.exit_code == 0, revalidated.output
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["this_run"]["partial"] == 0 and run["settings"]["chunk_chars"] == 1500


def test_a_failed_summary_pass_keeps_the_items_and_the_first_chunks_headline() -> None:
    def broken_summary(body: dict[str, Any]) -> Step | None:
        return completion(arguments="{") if "summaries of the" in _user(body) else None

    text = _article(list(range(100, 160)))
    with ScriptedServer(responder=_responder(broken_summary)) as server:
        result = _summarize(server, text, max_reasks=0)
    meta = result.meta
    assert meta is not None and meta.chunking is not None and meta.chunking.summary is not None
    assert meta.partial and meta.chunking.summary.failed
    assert not any(c.failed for c in meta.chunking.chunks)
    assert result.headline == "Scripted headline"  # type: ignore[attr-defined]
    assert len(result.figures) == 60  # type: ignore[attr-defined]


_CORPUS = SHARED / "corpus" / "articles" / "ar"


@pytest.mark.skipif(not _CORPUS.is_dir(), reason="the shared corpus is not beside the repo")
def test_a_real_long_arabic_text_keeps_every_number_once_at_exact_offsets() -> None:
    paths = sorted(_CORPUS.glob("ant-SK-*.txt"))[:12]
    text = "\n\n".join(p.read_text(encoding="utf-8").strip() for p in paths)
    expected = sorted({f["value"] for f in every_figure(text)["figures"]})

    def respond(body: dict[str, Any], index: int) -> Step:
        return completion(arguments=every_figure(article_of(body)))

    with ScriptedServer(responder=respond) as server:
        result = _summarize(server, text, chunk_chars=4000)
    assert result.meta is not None and result.meta.chunking is not None
    assert len(result.meta.chunking.chunks) > 3
    assert sorted(f.value for f in result.figures) == expected  # type: ignore[attr-defined]
    _exact(text, result)


def test_summarize_on_the_command_line_takes_the_chunk_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from summarizer.cli import main

    path = tmp_path / "long.txt"
    path.write_text(_article(list(range(100, 130))), encoding="utf-8")
    with ScriptedServer(responder=_responder()) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        result = CliRunner().invoke(main, ["summarize", str(path), "--json", "--chunk-size", "800"])
    assert result.exit_code == 0, result.output
    meta = json.loads(result.output)["meta"]
    assert meta["chunking"]["chunk_chars"] == 800 and len(meta["chunking"]["chunks"]) > 1
