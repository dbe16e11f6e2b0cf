"""What tokens cost, from the maintained `genai-prices` data instead of a hand-kept table.

genai-prices (pydantic's, which pydantic-ai uses) matches a model name to a provider and its
list price. A model it does not know has no price: a cost is then None, never a guess, and a
cost cap cannot be enforced unless the user gives a :class:`Price`. `batch=True` prices tokens at
the provider's batch-API rate where genai-prices records one (OpenAI's and Anthropic's batch
APIs charge half the list price); elsewhere the list price stands.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

#: genai-prices' price context for a request sent through a provider's batch API.
_BATCH = {"processing": "batch"}
#: Tokens priced to read a per-million rate: small, so no long-context tier applies.
_PROBE = 1000


@dataclass(frozen=True, slots=True)
class Price:
    """USD per million input (prompt) and output (completion) tokens, and where it came from."""

    input_per_mtok: float
    output_per_mtok: float
    source: str = "given"

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return round(
            (prompt_tokens * self.input_per_mtok + completion_tokens * self.output_per_mtok)
            / 1_000_000,
            6,
        )


@functools.lru_cache(maxsize=64)
def price_of(model: str, *, batch: bool = False) -> Price | None:
    """The list price of `model` (at the batch-API rate with `batch`), or None when unknown."""
    from genai_prices import Usage, __version__, calc_price

    context = _BATCH if batch else None
    try:
        read = calc_price(Usage(input_tokens=_PROBE), model, price_context=context)
        written = calc_price(Usage(output_tokens=_PROBE), model, price_context=context)
    except LookupError:
        return None
    scale = 1_000_000 / _PROBE
    return Price(
        input_per_mtok=float(read.input_price) * scale,
        output_per_mtok=float(written.output_price) * scale,
        source=f"genai-prices {__version__}: {read.provider.id} {read.model.id}"
        + (" (batch API)" if batch else ""),
    )


def estimate_cost(
    model: str,
    prompt_tokens: int,
    completion_tokens: int,
    *,
    batch: bool = False,
    price: Price | None = None,
) -> float | None:
    """Estimated USD at `price` (given) or the model's list price; None when neither is known."""
    chosen = price or price_of(model, batch=batch)
    return None if chosen is None else chosen.cost(prompt_tokens, completion_tokens)
