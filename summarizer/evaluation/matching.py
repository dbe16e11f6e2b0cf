"""The matching rules of the gold format, one function per category.

Official: an alias equals the name after folding, or token-set similarity >= 0.85.
Figure: values within 0.5 % and units that agree (currency codes and % exactly).
Date: same ISO value at the gold precision.
Agreement: an alias matches the name with token-set similarity >= 0.6, or the evidence spans overlap.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz

from summarizer.normalize.folding import fold_text

_STRICT_UNIT = re.compile(r"^(%|[A-Z]{3})$")


def similarity(a: str, b: str) -> float:
    """Token-set similarity in [0, 1] on folded text (Arabic variants, case, digits)."""
    return fuzz.token_set_ratio(fold_text(a), fold_text(b)) / 100


def official(gold: dict[str, Any], pred: dict[str, Any]) -> float:
    names = [n for n in (_text(pred.get("name")), pred.get("name_en")) if n]
    best = 0.0
    for alias in gold.get("names", []):
        for name in names:
            if fold_text(alias) == fold_text(name):
                return 1.0
            best = max(best, similarity(alias, name))
    return best if best >= 0.85 else 0.0


def _units_agree(gold: str | None, pred: str | None) -> bool:
    g, p = (gold or "").strip(), (pred or "").strip()
    if _STRICT_UNIT.match(g) or _STRICT_UNIT.match(p):
        return g == p
    return True  # plain nouns (cars, companies) vary in wording; the value decides


def figure(gold: dict[str, Any], pred: dict[str, Any]) -> float:
    g, p = gold.get("value"), pred.get("value")
    if not isinstance(g, int | float) or not isinstance(p, int | float):
        return 0.0
    close = abs(g - p) <= 0.005 * max(abs(g), abs(p)) if g or p else True
    return 1.0 if close and _units_agree(gold.get("unit"), pred.get("unit")) else 0.0


def date(gold: dict[str, Any], pred: dict[str, Any]) -> float:
    g, p = gold.get("value"), pred.get("value")
    if g is None:
        raw_g, raw_p = gold.get("raw") or "", _text(pred.get("raw")) or ""
        return 1.0 if p is None and raw_g and fold_text(raw_g) == fold_text(raw_p) else 0.0
    return 1.0 if isinstance(p, str) and p[: len(g)] == g else 0.0


def agreement(
    gold: dict[str, Any], pred: dict[str, Any], gold_span: tuple[int, int] | None
) -> float:
    name = pred.get("name") or ""
    best = max((similarity(alias, name) for alias in gold.get("names", [])), default=0.0)
    if best >= 0.6:
        return best
    quote = pred.get("quote")
    overlaps = (
        gold_span is not None
        and isinstance(quote, dict)
        and "start" in quote
        and quote["start"] < gold_span[1]
        and gold_span[0] < quote["end"]
    )
    return 0.6 if overlaps else 0.0


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("text") or value.get("quote")
    return value if isinstance(value, str) else None


def exact_figure(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    return bool(
        gold.get("value") == pred.get("value")
        and (gold.get("unit") or None) == (pred.get("unit") or None)
    )


def exact_date(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    return gold.get("value") == pred.get("value")
