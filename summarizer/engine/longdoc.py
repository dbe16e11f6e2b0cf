"""A long article read in chunks: each chunk its own conversation, the items merged, one summary.

An article longer than the chunk size (`engine/chunking.py`) is split; each chunk is extracted,
validated and re-asked on its own, grounded against the chunk, and its spans are moved back to
the whole article. Items with the same `merge_key()` (or the same spans, as an item read twice in
an overlap is) are kept once: the one quoted earliest, the others' passages recorded as extra
evidence (`meta.chunking.evidence`). The document-level fields (for the news schema: language,
headline, summary) come from one last small request over the chunks' own summaries, validated
against the whole article, so their numbers are held to it. A failed chunk is recorded with its
range and the result is marked partial; only when every chunk fails does the article fail.

:func:`reading` is written once, as a generator that yields the jobs to run and receives their
outcomes; :func:`run_article` and :func:`arun_article` drive it (the async one runs a step's
chunks concurrently).
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import itertools
import re
import time
import typing
from collections.abc import Generator, Sequence
from typing import Any

import jinja2
from pydantic import create_model, field_validator

from summarizer.engine.budget import Budget, Meter
from summarizer.engine.chunking import Chunk, chunk_size, shifted, spans, split
from summarizer.engine.conversation import Job
from summarizer.engine.extract import arun, run
from summarizer.engine.prompting import PromptSet
from summarizer.engine.transport import TransportPolicy
from summarizer.errors import BudgetError, ConfigurationError, ExtractionError, SummarizerError
from summarizer.fields.base import Extraction
from summarizer.records import (
    Attempt,
    Chunking,
    ChunkReport,
    ExtraEvidence,
    Span,
    Usage,
    WithheldValue,
)

Outcome = Extraction | SummarizerError

_DIGEST = """Below are the summaries of the {{ parts }} parts of one long article, in order.
Write the whole article's headline and summary from them, and give the article's language.
{%- if published %}
The article was published on {{ published }}.
{%- endif %}

<article>
{{ digest }}
</article>"""

_LOCATION = re.compile(r"^(\w+)\[(\d+)\](.*)$", re.DOTALL)


def chunks_of(job: Job) -> list[Chunk]:
    """The article's chunks under the job's settings (one chunk: read in one call)."""
    return split(job.article.text, chunk_size(job.settings.chunk_chars))


def _chunk_job(job: Job, chunk: Chunk, total: int) -> Job:
    article = dataclasses.replace(job.article, text=chunk.text)
    prompts = dataclasses.replace(job.prompts, part=(chunk.index + 1, total))
    return Job(article, job.schema, prompts, job.settings)


def _is_items(annotation: Any) -> bool:
    return typing.get_origin(annotation) is list


def _item_fields(schema: type[Extraction]) -> list[str]:
    """The schema's lists of items (officials, figures...), which chunks add to."""
    return [name for name, info in schema.model_fields.items() if _is_items(info.annotation)]


def _unbound(func: Any) -> Any:
    """A class method's function, to be bound again to the document schema."""
    return getattr(func, "__func__", func)


@functools.lru_cache(maxsize=16)
def document_schema(schema: type[Extraction]) -> type[Extraction]:
    """The schema's fields that are not lists of items (language, headline, summary), with
    their validators, under the schema's own name: what the last request answers (made once
    per schema, so the request template built for it is cached too)."""
    fields: dict[str, Any] = {
        name: (info.annotation, info)
        for name, info in schema.model_fields.items()
        if not _is_items(info.annotation)
    }
    validators: dict[str, Any] = {
        name: field_validator(*d.info.fields, mode=d.info.mode)(classmethod(_unbound(d.func)))
        for name, d in schema.__pydantic_decorators__.field_validators.items()
        if set(d.info.fields) <= set(fields)
    }
    document: type[Extraction] = create_model(
        schema.__name__,
        __base__=Extraction,
        __doc__=schema.__doc__,
        __validators__=validators,
        **fields,
    )
    document.schema_version = schema.schema_version
    return document


def _digest_job(job: Job, summaries: list[str]) -> Job:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    digest = "\n\n".join(f"Part {n}: {s}" for n, s in enumerate(summaries, 1))
    user = env.from_string(_DIGEST, globals={"digest": digest, "parts": len(summaries)})
    prompts = PromptSet(
        job.prompts.name, job.prompts.version, job.prompts.system, user, job.prompts.reask
    )
    return Job(job.article, document_schema(job.schema), prompts, job.settings)


def _summary_text(result: Extraction) -> str | None:
    """The chunk's own prose for the last request: its string fields, joined."""
    parts = [
        value
        for name in type(result).model_fields
        if isinstance(value := getattr(result, name), str) and len(value) > 3
    ]
    return " ".join(parts) or None


@dataclasses.dataclass(slots=True)
class _Merged:
    """Items kept so far per field, each with its spans, and where chunk items went."""

    items: dict[str, list[Any]] = dataclasses.field(default_factory=dict)
    keys: dict[tuple[str, object], int] = dataclasses.field(default_factory=dict)
    extra: dict[tuple[str, int], list[Span]] = dataclasses.field(default_factory=dict)
    moved: dict[tuple[int, str, int], int] = dataclasses.field(default_factory=dict)
    merged: int = 0

    def add(self, chunk: int, name: str, local: int, item: Any) -> None:
        kept = self.items.setdefault(name, [])
        located = spans(item)
        key_of = getattr(item, "merge_key", None)
        key = key_of() if callable(key_of) else None
        if key is None:
            key = ("spans", tuple((s.start, s.end) for s in located))
        if (name, key) not in self.keys:
            self.keys[(name, key)] = len(kept)
            self.moved[(chunk, name, local)] = len(kept)
            kept.append(item)
            return
        index = self.keys[(name, key)]
        self.moved[(chunk, name, local)] = index
        self.merged += 1
        first = kept[index]
        if located and spans(first) and located[0].start < spans(first)[0].start:
            first, item = item, first  # the earliest quote is kept
            kept[index] = first
        for field in type(first).model_fields:
            if getattr(first, field) in (None, "", []) and getattr(item, field) not in (
                None,
                "",
                [],
            ):
                setattr(first, field, getattr(item, field))
        extra = self.extra.setdefault((name, index), [])
        have = {(s.start, s.end) for s in spans(first)} | {(s.start, s.end) for s in extra}
        for span in spans(item):
            if (span.start, span.end) not in have:
                have.add((span.start, span.end))
                extra.append(Span(start=span.start, end=span.end, text=span.text))

    def location(self, chunk: int, location: str) -> str:
        """A chunk result's `officials[2].role` as the merged result's path."""
        found = _LOCATION.match(location)
        if found is None:
            return location
        name, local, rest = found.group(1), int(found.group(2)), found.group(3)
        index = self.moved.get((chunk, name, local))
        return location if index is None else f"{name}[{index}]{rest}"


def _report(chunk: Chunk, outcome: Outcome) -> ChunkReport:
    report = ChunkReport(index=chunk.index, start=chunk.start, end=chunk.end)
    if isinstance(outcome, Extraction):
        if outcome.meta is not None:
            report.attempts, report.usage = outcome.meta.attempts, outcome.meta.usage
        return report
    report.attempts = len(outcome.answers)
    report.usage = outcome.spent or Usage()
    report.error_type, report.message = type(outcome).__name__, str(outcome)
    if outcome.answers:
        report.codes = sorted({str(i.code) for i in outcome.answers[-1].issues})
    return report


def _still_null(result: Extraction, location: str) -> bool:
    """Whether a withheld item attribute is null in the merged result (a merged twin may
    have supplied it); a document field's withholding stands."""
    found = re.match(r"^(\w+)\[(\d+)\]\.(\w+)$", location)
    if found is None:
        return True
    items = getattr(result, found.group(1), None)
    index = int(found.group(2))
    if not isinstance(items, list) or index >= len(items):
        return True
    return getattr(items[index], found.group(3), None) is None


def _summed(reports: Sequence[ChunkReport]) -> Usage:
    total = Usage()
    for usage in (r.usage for r in reports):
        total.prompt_tokens += usage.prompt_tokens
        total.completion_tokens += usage.completion_tokens
        total.total_tokens += usage.total_tokens
        total.requests += usage.requests
    return total


def reading(job: Job, chunks: list[Chunk]) -> Generator[list[Job], list[Outcome], Extraction]:
    """Yield the chunks' jobs, then the summary's job; return the merged result or raise."""
    started = time.perf_counter()
    outcomes = yield [_chunk_job(job, chunk, len(chunks)) for chunk in chunks]
    reports = [_report(c, o) for c, o in zip(chunks, outcomes, strict=True)]
    found = [(c, o) for c, o in zip(chunks, outcomes, strict=True) if isinstance(o, Extraction)]
    log: list[Attempt] = []
    for outcome in outcomes:
        log += outcome.meta.attempt_log if isinstance(outcome, Extraction) and outcome.meta else []
        log += outcome.answers if isinstance(outcome, SummarizerError) else []
    if not found:
        failed = [o for o in outcomes if isinstance(o, SummarizerError)]
        raise ExtractionError(
            f"every chunk of the article failed ({len(chunks)}); the first: {failed[0]}",
            attempts=log,
            usage=_summed(reports),
        )
    merged = _Merged()
    rejected, withheld = [], []
    for chunk, result in found:
        for name in _item_fields(job.schema):
            for local, item in enumerate(getattr(result, name)):
                merged.add(chunk.index, name, local, shifted(item, chunk.start))
        rejected += result.rejected
        withheld += [
            WithheldValue(
                location=merged.location(chunk.index, w.location), value=w.value, issues=w.issues
            )
            for w in result.withheld
            if _LOCATION.match(w.location)
        ]
    summaries = [s for _, r in found if (s := _summary_text(r)) is not None]
    (last,) = yield [_digest_job(job, summaries)]
    values = {name: merged.items.get(name, []) for name in _item_fields(job.schema)}
    document: dict[str, Any]
    if isinstance(last, Extraction):
        document = {n: getattr(last, n) for n in type(last).model_fields}
        withheld += last.withheld
        log += last.meta.attempt_log if last.meta else []
    else:  # the chunks' items stand; the document fields are the first chunk's
        document = {
            n: getattr(found[0][1], n) for n in type(found[0][1]).model_fields if n not in values
        }
        log += last.answers
    summary = _report(Chunk(len(chunks), 0, len(job.article.text), ""), last)
    result = job.schema.model_construct(None, **{**document, **values})
    result._rejected = rejected
    result._withheld = [w for w in withheld if _still_null(result, w.location)]
    first_meta = found[0][1].meta
    assert first_meta is not None
    result._meta = first_meta.model_copy(
        update={
            "attempts": len(log),
            "attempt_log": log,
            "usage": _summed([*reports, summary]),
            "seconds": round(time.perf_counter() - started, 4),
            "raw_output": last.meta.raw_output
            if isinstance(last, Extraction) and last.meta
            else None,
            "merged_duplicates": merged.merged
            + sum(r.meta.merged_duplicates for _, r in found if r.meta),
            "chunking": Chunking(
                chunk_chars=chunk_size(job.settings.chunk_chars),
                overlap=max((a.end - b.start for a, b in itertools.pairwise(chunks)), default=0),
                chunks=reports,
                summary=summary,
                evidence=[
                    ExtraEvidence(location=f"{name}[{index}]", spans=extra)
                    for (name, index), extra in sorted(merged.extra.items())
                    if extra
                ],
            ),
        }
    )
    result._meta.partial = result._meta.chunking is not None and result._meta.chunking.partial
    return result


Steps = Generator[list[Job], list[Outcome], Extraction]


def _advance(steps: Steps, outcomes: Sequence[BaseException | Outcome]) -> list[Job] | Extraction:
    """The next jobs, or the result. A configuration error (every chunk would share it), a
    budget's refusal (the article, or the run, may spend no more) and anything that is not an
    article's error are raised."""
    kept: list[Outcome] = []
    for outcome in outcomes:
        if isinstance(outcome, ConfigurationError | BudgetError) or not isinstance(
            outcome, Outcome
        ):
            raise outcome
        kept.append(outcome)
    try:
        return steps.send(kept)
    except StopIteration as done:
        result: Extraction = done.value
        return result


def _one(job: Job, client: Any, policy: TransportPolicy, meter: Meter | None) -> Outcome:
    try:
        return run(job, client, policy, meter)
    except SummarizerError as exc:
        return exc


def _whole(exc: BudgetError, meter: Meter | None) -> BudgetError:
    """A chunk's budget refusal, with what the whole article spent (every chunk's share)."""
    if meter is not None:
        exc.spent = meter.usage.model_copy()
    return exc


def run_article(
    job: Job, client: Any, policy: TransportPolicy, budget: Budget | None = None
) -> Extraction:
    """:func:`~summarizer.engine.extract.run`, in chunks when the article is longer than one;
    with a `budget`, the article's requests (every attempt and chunk) are metered together."""
    meter = budget.article() if budget is not None else None
    chunks = chunks_of(job)
    if len(chunks) == 1:
        return run(job, client, policy, meter)
    steps = reading(job, chunks)
    step: list[Job] | Extraction = next(steps)
    try:
        while isinstance(step, list):
            step = _advance(steps, [_one(one, client, policy, meter) for one in step])
    except BudgetError as exc:
        raise _whole(exc, meter) from None
    return step


async def arun_article(
    job: Job, client: Any, policy: TransportPolicy, budget: Budget | None = None
) -> Extraction:
    """:func:`~summarizer.engine.extract.arun`, in chunks (run concurrently) when it is long."""
    meter = budget.article() if budget is not None else None
    chunks = chunks_of(job)
    if len(chunks) == 1:
        return await arun(job, client, policy, meter)
    steps = reading(job, chunks)
    step: list[Job] | Extraction = next(steps)
    try:
        while isinstance(step, list):
            outcomes = await asyncio.gather(
                *(arun(one, client, policy, meter) for one in step), return_exceptions=True
            )
            step = _advance(steps, outcomes)
    except BudgetError as exc:
        raise _whole(exc, meter) from None
    return step
