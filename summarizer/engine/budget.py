"""Spending caps: a run's tokens and cost, and one article's tokens, checked around each request.

Before each request its cost is estimated (prompt tokens from the messages and the schema sent,
completion tokens from `max_tokens`) and held; a request that would pass a cap is not sent and
raises a :class:`~summarizer.errors.BudgetError` naming the cap. After it, the held estimate is
replaced by the real usage (the estimate stays counted when a server reports no usage). Requests
already in flight when a cap is reached finish and are kept, so a cap can be passed by what
they bring back, never by a request sent after it; once the run's cap is reached every later
request is refused.

One :class:`Budget` per run (the batch, or one `summarize` call unless the caller shares one);
one :class:`Meter` per article, shared by its attempts and chunks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from summarizer.config import BatchSettings
from summarizer.errors import (
    ArticleBudgetError,
    ConfigurationError,
    RunBudgetError,
    UnpricedModelError,
)
from summarizer.pricing import Price, price_of
from summarizer.records import Usage


@dataclass(frozen=True, slots=True)
class Limits:
    """The caps (None: no cap) and how tokens are priced for the cost cap."""

    max_cost_usd: float | None = None
    max_tokens_total: int | None = None
    #: One article's tokens, prompt and completion, every attempt and chunk included.
    max_article_tokens: int | None = None
    #: Stands for genai-prices' price (a model it does not know, a negotiated rate).
    price: Price | None = None
    #: Price at the provider's batch-API rate (genai-prices' `processing: batch`; OpenAI: 50 %).
    batch_api: bool = False

    def __post_init__(self) -> None:
        for name in ("max_cost_usd", "max_tokens_total", "max_article_tokens"):
            value = getattr(self, name)
            if value is not None and not value > 0:
                raise ConfigurationError(f"{name} must be more than 0")

    @classmethod
    def of(cls, run: BatchSettings) -> Limits:
        """The limits a batch's settings declare (`--max-cost`, `--price`, ...)."""
        return cls(
            max_cost_usd=run.max_cost_usd,
            max_tokens_total=run.max_tokens_total,
            max_article_tokens=run.max_article_tokens,
            price=None if run.price is None else parse_price(run.price),
            batch_api=run.batch_api_price,
        )

    @property
    def capped(self) -> bool:
        return any(
            v is not None
            for v in (self.max_cost_usd, self.max_tokens_total, self.max_article_tokens)
        )


def parse_price(text: str) -> Price:
    """`IN/OUT`, USD per million input and output tokens (`0.15/0.60`), as the CLI's --price."""
    parts = text.replace(",", ".").split("/")
    try:
        given = [float(p) for p in parts]
    except ValueError:
        given = []
    if len(given) != 2 or any(not v >= 0 for v in given):
        raise ConfigurationError(
            f"price {text!r} is not IN/OUT: USD per million input and output tokens, e.g. 0.15/0.60"
        )
    return Price(given[0], given[1], source="given")


@dataclass(frozen=True, slots=True)
class Hold:
    """One request's estimate, held until its answer (or failure) settles it."""

    tokens: int
    cost: float


class Budget:
    """What a run may spend and has spent; every request of the run is checked against it.

    A cost cap for a model genai-prices does not price, with no price given, cannot be
    enforced: it raises :class:`~summarizer.errors.UnpricedModelError` here, before any work.
    """

    def __init__(self, limits: Limits, model: str) -> None:
        self.limits = limits
        self.model = model
        self.price = limits.price or price_of(model, batch=limits.batch_api)
        if limits.max_cost_usd is not None and self.price is None:
            raise UnpricedModelError(
                f"a cost cap was set but the model {model!r} has no known price (genai-prices "
                "does not list it), so the cap cannot be enforced: give its price per million "
                "tokens (Limits.price, the CLI's --price IN/OUT), or cap tokens instead"
            )
        self.tokens = 0
        self.cost = 0.0
        self._held_tokens = 0
        self._held_cost = 0.0
        #: Set once the run's cap is reached: every later request is refused with it.
        self.stopped: RunBudgetError | None = None

    def article(self) -> Meter:
        return Meter(self)

    def _cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return 0.0 if self.price is None else self.price.cost(prompt_tokens, completion_tokens)

    def _stop(self, cap: str, limit: float, amount: float, how: str) -> RunBudgetError:
        unit = " USD" if cap == "max_cost_usd" else " tokens"
        self.stopped = RunBudgetError(
            f"the run's {cap} of {limit:g}{unit} is reached ({how} {amount:g}{unit}): "
            "no new requests; run the same command again with a higher cap to resume",
            cap=cap,
            limit=limit,
            spent=amount,
        )
        return self.stopped

    def _refused(self) -> RunBudgetError:
        assert self.stopped is not None
        return RunBudgetError(
            str(self.stopped),
            cap=self.stopped.cap,
            limit=self.stopped.limit,
            spent=self.stopped.amount,
        )

    def _check(self, hold: Hold) -> None:
        limits = self.limits
        if self.stopped is not None:
            raise self._refused()
        tokens = self.tokens + self._held_tokens + hold.tokens
        if limits.max_tokens_total is not None and tokens > limits.max_tokens_total:
            self._stop("max_tokens_total", limits.max_tokens_total, tokens, "spent and estimated")
            raise self._refused()
        cost = self.cost + self._held_cost + hold.cost
        if limits.max_cost_usd is not None and cost > limits.max_cost_usd:
            self._stop("max_cost_usd", limits.max_cost_usd, round(cost, 6), "spent and estimated")
            raise self._refused()

    def _settle(self, hold: Hold, tokens: int, cost: float) -> None:
        limits = self.limits
        self._held_tokens -= hold.tokens
        self._held_cost -= hold.cost
        self.tokens += tokens
        self.cost += cost
        if self.stopped is not None:
            return
        if limits.max_tokens_total is not None and self.tokens >= limits.max_tokens_total:
            self._stop("max_tokens_total", limits.max_tokens_total, self.tokens, "spent")
        elif limits.max_cost_usd is not None and self.cost >= limits.max_cost_usd:
            self._stop("max_cost_usd", limits.max_cost_usd, round(self.cost, 6), "spent")


@dataclass(slots=True)
class Meter:
    """One article's spending: its requests are checked against its cap and the run's."""

    budget: Budget
    usage: Usage = field(default_factory=Usage)
    _held: int = 0

    def reserve(self, prompt_tokens: int, completion_tokens: int) -> Hold:
        """Hold the estimate of the next request, or raise the cap it would pass."""
        budget = self.budget
        hold = Hold(
            prompt_tokens + completion_tokens, budget._cost(prompt_tokens, completion_tokens)
        )
        cap = budget.limits.max_article_tokens
        would = self.usage.total_tokens + self._held + hold.tokens
        if cap is not None and would > cap:
            raise ArticleBudgetError(
                f"the article would pass its max_article_tokens of {cap} with its next request "
                f"({self.usage.total_tokens} spent, about {hold.tokens} more estimated; "
                f"attempts and chunks count together)",
                cap="max_article_tokens",
                limit=cap,
                spent=would,
            )
        budget._check(hold)
        self._held += hold.tokens
        budget._held_tokens += hold.tokens
        budget._held_cost += hold.cost
        return hold

    def settle(self, hold: Hold, usage: Any, *, answered: bool) -> None:
        """Replace the hold by what the request cost: its usage, the estimate when an answer
        came without usage, nothing when no answer came (a failed request is not billed)."""
        self._held -= hold.tokens
        if not answered:
            self.budget._settle(hold, 0, 0.0)
            return
        spent = Usage()
        spent.add(usage)
        if usage is None:
            tokens, cost = hold.tokens, hold.cost
        else:
            tokens = spent.prompt_tokens + spent.completion_tokens
            cost = self.budget._cost(spent.prompt_tokens, spent.completion_tokens)
        self.usage.prompt_tokens += spent.prompt_tokens
        self.usage.completion_tokens += spent.completion_tokens
        self.usage.total_tokens += tokens
        self.usage.requests += 1
        self.budget._settle(hold, tokens, cost)
