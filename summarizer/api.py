"""The Python API: `summarize` and `asummarize`, the engine with the news defaults filled in."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any, Unpack

from summarizer.config import Options, client_options, resolve
from summarizer.engine.budget import Budget, Limits
from summarizer.engine.conversation import Job
from summarizer.engine.loading import Article
from summarizer.engine.longdoc import arun_article, run_article
from summarizer.engine.prompting import PromptSet
from summarizer.engine.transport import TransportPolicy
from summarizer.errors import ConfigurationError
from summarizer.fields.base import Extraction
from summarizer.pricing import Price


def _default_schema() -> type[Extraction]:
    from summarizer.schema_export import load_schema

    return load_schema("news")


def _published(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise ConfigurationError(f"published {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _article(text: str | Article, published: date | str | None) -> Article:
    """The article as one object: a loaded one as it is (a given `published` wins), or text."""
    if isinstance(text, Article):
        if published is None:
            return text
        return dataclasses.replace(text, published=_published(published))
    return Article.from_text(text, published=_published(published))


def _job(
    text: str | Article,
    *,
    model: str | None,
    published: date | str | None,
    schema: type[Extraction] | None,
    prompts: str | Path | PromptSet,
    has_client: bool,
    options: Options,
) -> Job:
    article = _article(text, published)
    settings = resolve(model=model, need_key=not has_client, **options)
    return Job(
        article=article,
        schema=schema or _default_schema(),
        prompts=prompts if isinstance(prompts, PromptSet) else PromptSet.load(prompts),
        settings=settings,
    )


def _budget(
    job: Job,
    budget: Budget | None,
    max_cost_usd: float | None,
    max_tokens_total: int | None,
    max_article_tokens: int | None,
    price: Price | None,
    batch_api: bool,
) -> Budget | None:
    """The caller's shared budget, or one for this call from the limits given (or none)."""
    limits = Limits(
        max_cost_usd=max_cost_usd,
        max_tokens_total=max_tokens_total,
        max_article_tokens=max_article_tokens,
        price=price,
        batch_api=batch_api,
    )
    if budget is not None:
        if limits.capped or price is not None or batch_api:
            raise ConfigurationError("give a shared budget= or limits for this call, not both")
        return budget
    return Budget(limits, job.settings.model) if limits.capped else None


def summarize(
    text: str | Article,
    *,
    model: str | None = None,
    client: Any = None,
    published: date | str | None = None,
    schema: type[Extraction] | None = None,
    prompts: str | Path | PromptSet = "news",
    policy: TransportPolicy | None = None,
    max_cost_usd: float | None = None,
    max_tokens_total: int | None = None,
    max_article_tokens: int | None = None,
    price: Price | None = None,
    batch_api: bool = False,
    budget: Budget | None = None,
    **options: Unpack[Options],
) -> Extraction:
    """Summarise one article; the result's `.meta` and `.rejected` say how it was made.

    `text` is the article's text, or an :class:`~summarizer.engine.loading.Article` loaded
    from a file (`load_article`), whose publication date `published` may override.

    `options` are :class:`summarizer.config.Settings` fields (api_key, base_url, mode,
    max_reasks, strict, output_language, temperature, max_tokens, timeout, attempt_deadline,
    article_deadline, transport_attempts, chunk_chars).
    An article longer than `chunk_chars` is read in chunks (`engine/longdoc.py`).

    Caps (`engine/budget.py`): `max_cost_usd` and `max_tokens_total` for this call,
    `max_article_tokens` for the article (attempts and chunks included), or a `budget` shared
    by several calls (`Budget(Limits(...), model)`): a request that would pass a cap is not sent
    and a :class:`~summarizer.errors.BudgetError` naming the cap is raised. `price` stands for
    genai-prices' price of the model (needed for a cost cap on a model it does not know);
    `batch_api` prices at the provider's batch-API rate.
    A given openai `client` is used with its own retries off, so retries never multiply.
    """
    job = _job(
        text,
        model=model,
        published=published,
        schema=schema,
        prompts=prompts,
        has_client=client is not None,
        options=options,
    )
    policy = policy or TransportPolicy(
        attempts=job.settings.transport_attempts, deadline=job.settings.attempt_deadline
    )
    caps = _budget(
        job, budget, max_cost_usd, max_tokens_total, max_article_tokens, price, batch_api
    )
    if client is not None:
        return run_article(job, client.with_options(max_retries=0), policy, caps)
    import openai

    with openai.OpenAI(**client_options(job.settings)) as own:
        return run_article(job, own, policy, caps)


async def asummarize(
    text: str | Article,
    *,
    model: str | None = None,
    client: Any = None,
    published: date | str | None = None,
    schema: type[Extraction] | None = None,
    prompts: str | Path | PromptSet = "news",
    policy: TransportPolicy | None = None,
    max_cost_usd: float | None = None,
    max_tokens_total: int | None = None,
    max_article_tokens: int | None = None,
    price: Price | None = None,
    batch_api: bool = False,
    budget: Budget | None = None,
    **options: Unpack[Options],
) -> Extraction:
    """Asynchronous :func:`summarize`, for an `openai.AsyncOpenAI` client or none."""
    job = _job(
        text,
        model=model,
        published=published,
        schema=schema,
        prompts=prompts,
        has_client=client is not None,
        options=options,
    )
    policy = policy or TransportPolicy(
        attempts=job.settings.transport_attempts, deadline=job.settings.attempt_deadline
    )
    caps = _budget(
        job, budget, max_cost_usd, max_tokens_total, max_article_tokens, price, batch_api
    )
    if client is not None:
        return await arun_article(job, client.with_options(max_retries=0), policy, caps)
    import openai

    async with openai.AsyncOpenAI(**client_options(job.settings)) as own:
        return await arun_article(job, own, policy, caps)
