"""Prices come from genai-prices: known models priced, batch API discounted, unknown ones None."""

from __future__ import annotations

import pytest

from summarizer.pricing import Price, estimate_cost, price_of


@pytest.mark.parametrize(
    ("model", "batch", "expected"),
    [
        pytest.param("gpt-4o-mini", False, (0.15, 0.60), id="openai-list-price"),
        pytest.param("gpt-4o-mini", True, (0.075, 0.30), id="openai-batch-api-is-half"),
        pytest.param("gpt-4.1", False, (2.00, 8.00), id="another-openai-model"),
    ],
)
def test_known_models_are_priced_per_million_tokens(
    model: str, batch: bool, expected: tuple[float, float]
) -> None:
    price = price_of(model, batch=batch)
    assert price is not None
    assert (price.input_per_mtok, price.output_per_mtok) == pytest.approx(expected)
    assert price.source.startswith("genai-prices ")
    assert ("batch API" in price.source) is batch


@pytest.mark.parametrize(
    "model",
    [
        pytest.param("local:qwen2.5-coder-1.5b", id="embedded-local-model"),
        pytest.param("my-finetune-7b-xyz", id="unknown-name"),
    ],
)
def test_unknown_models_have_no_price_and_no_cost(model: str) -> None:
    assert price_of(model) is None
    assert estimate_cost(model, 1000, 100) is None


@pytest.mark.parametrize(
    ("model", "price", "expected"),
    [
        pytest.param("gpt-4o-mini", None, 0.75, id="list-price"),
        pytest.param("my-finetune-7b-xyz", Price(1.0, 2.0), 3.0, id="given-price-for-unknown"),
        pytest.param("gpt-4o-mini", Price(1.0, 2.0), 3.0, id="given-price-wins"),
    ],
)
def test_estimate_cost(model: str, price: Price | None, expected: float) -> None:
    assert estimate_cost(model, 1_000_000, 1_000_000, price=price) == pytest.approx(expected)


def test_no_tokens_cost_nothing() -> None:
    assert estimate_cost("gpt-4o-mini", 0, 0) == 0.0
