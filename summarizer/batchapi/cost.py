"""Tokens and estimated cost per path: the batch's at the provider's batch-API rate, the live
path's (repairs) at list price; both from genai-prices (`summarizer.pricing`), through `_price`.
"""

from __future__ import annotations

from typing import Any

from summarizer.pricing import estimate_cost
from summarizer.records import Usage


def _price(model: str, usage: Usage, *, batch: bool = False) -> float | None:
    """USD at list price (or the batch-API rate), or None when the model's price is unknown."""
    return estimate_cost(model, usage.prompt_tokens, usage.completion_tokens, batch=batch)


def path_costs(model: str, batch: Usage, live: Usage) -> dict[str, Any]:
    """run.json's `paths` (tokens and cost of each path) and the run's `estimated_cost_usd`;
    `discount` is what the batch rate saved on the batch path's list price."""
    batch_list, live_list = _price(model, batch), _price(model, live)
    batch_rate = _price(model, batch, batch=True)
    batch_cost = None if batch_rate is None else round(batch_rate, 6)
    discount = (
        round(1 - batch_rate / batch_list, 4) if batch_rate is not None and batch_list else None
    )

    def tokens(usage: Usage) -> dict[str, int]:
        return {
            "requests": usage.requests,
            "prompt": usage.prompt_tokens,
            "completion": usage.completion_tokens,
            "total": usage.prompt_tokens + usage.completion_tokens,
        }

    total = None if batch_cost is None or live_list is None else round(batch_cost + live_list, 6)
    return {
        "paths": {
            "batch": {**tokens(batch), "discount": discount, "estimated_cost_usd": batch_cost},
            "live": {**tokens(live), "estimated_cost_usd": live_list},
        },
        "estimated_cost_usd": total,
        "estimated_cost_without_batch_usd": None
        if batch_list is None or live_list is None
        else round(batch_list + live_list, 6),
    }


def plus(one: Usage, other: Usage) -> Usage:
    return Usage(
        prompt_tokens=one.prompt_tokens + other.prompt_tokens,
        completion_tokens=one.completion_tokens + other.completion_tokens,
        total_tokens=one.total_tokens + other.total_tokens,
        requests=one.requests + other.requests,
    )


def minus(total: Usage, before: Usage) -> Usage:
    """What `total` adds to `before` (a live repair's tokens, apart from the batch answers')."""
    return Usage(
        prompt_tokens=max(total.prompt_tokens - before.prompt_tokens, 0),
        completion_tokens=max(total.completion_tokens - before.completion_tokens, 0),
        total_tokens=max(total.total_tokens - before.total_tokens, 0),
        requests=max(total.requests - before.requests, 0),
    )
