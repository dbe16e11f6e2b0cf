"""A responder that injects the faults a real endpoint shows, at fixed rates, reproducibly.

Fault choice depends only on the request body and how many times the same body was seen, so a
run is reproducible and a retried request can succeed.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from testkit.answers import answer_for, article_of
from testkit.scripted_server import Step, completion, dropped, error


def _roll(*parts: object) -> float:
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@dataclass
class FaultyEndpoint:
    """Rates are per request (transport) and per article's first answer (schema-invalid, malformed JSON)."""

    rate_429: float = 0.0
    rate_500: float = 0.0
    rate_drop: float = 0.0
    rate_invalid_first: float = 0.0
    rate_malformed_first: float = 0.0
    retry_after: str = "1"
    latency: float = 0.0
    seed: int = 0
    seen: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, body: dict[str, Any], index: int) -> Step:
        key = hashlib.sha256(
            json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()
        with self._lock:
            self.seen[key] += 1
            nth = self.seen[key]
        roll = _roll(self.seed, key, nth)
        step = self._fault(roll) or self._answer(body)
        return Step(step.status, step.body, step.headers, step.drop, self.latency)

    def _fault(self, roll: float) -> Step | None:
        if roll < self.rate_429:
            return error(
                429, "Rate limit reached (scripted)", headers={"Retry-After": self.retry_after}
            )
        roll -= self.rate_429
        if roll < self.rate_500:
            return error(500, "The server had an error (scripted)")
        roll -= self.rate_500
        if roll < self.rate_drop:
            return dropped()
        return None

    def _answer(self, body: dict[str, Any]) -> Step:
        article = article_of(body)
        first_answer = len(body.get("messages", [])) == 2
        roll = _roll(self.seed, "answer", article)
        if first_answer and roll < self.rate_invalid_first:
            return completion(arguments={"headline": "missing everything else"})
        if first_answer and roll < self.rate_invalid_first + self.rate_malformed_first:
            return completion(arguments='{"language": "en", "headline": "cut off in the midd')
        return completion(arguments=answer_for(article))
