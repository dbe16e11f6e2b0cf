"""Tokens and estimated cost per path: the batch's at the provider's batch discount, the live
path's (repairs) at list price.

`_price` is the one use of `summarizer.batch.pricing`, so replacing the price table (for
genai-prices, say) changes one function.
"""

from __future__ import annotations

from typing import Any

from summarizer.batch.pricing import estimate_cost
from summarizer.records import Usage

#: OpenAI's and Azure's batch price: half the live price, input and output alike.
BATCH_DISCOUNT = 0.5


def _price(model: str, usage: Usage) -> float | None:
    """List price in USD, or None when the model's price is unknown."""
    return estimate_cost(model, usage.prompt_tokens, usage.completion_tokens)


def path_costs(
    model: str, batch: Usage, live: Usage, *, discount: float = BATCH_DISCOUNT
) -> dict[str, Any]:
    """run.json's `paths` (tokens and cost of each path) and the run's `estimated_cost_usd`."""
    batch_list, live_list = _price(model, batch), _price(model, live)
    batch_cost = None if batch_list is None else round(batch_list * (1 - discount), 6)

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
