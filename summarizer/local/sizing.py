"""Limits that fit a local model on a CPU, expressed as ordinary Settings values.

A remote API answers in seconds; a 1.5B model on two cores writes 10-16 tokens a second, and a
complete Arabic answer is 1,500-2,000 tokens (its quotes are copied out of the article). So the
per-request timeout must outlast a whole generation (a timeout that fires mid-answer only sends
the same work again), the answer cap must leave room for a full answer without letting a looping
model run for ever, and the context must hold the longest article, the schema and, on a re-ask,
the previous answer with its errors.
"""

from __future__ import annotations

#: Tokens for the longest complete answer seen (seed article, 2,000) plus headroom.
MAX_TOKENS = 3072
#: Seconds one request may take: MAX_TOKENS at 4 tokens/s (a busy, shared CPU), plus the prompt.
TIMEOUT = 1200.0
#: The system prompt, the schema and the chat template, in tokens (measured ~1,300 on Qwen).
OVERHEAD_TOKENS = 2048
#: The context is allocated in steps of this many tokens.
STEP = 1024


def context_tokens(longest_chars: int, max_tokens: int = MAX_TOKENS, ceiling: int = 32768) -> int:
    """Context per slot for an article of `longest_chars`, its answer and one re-ask.

    A re-ask carries the previous answer and its errors, then needs room for a new answer:
    two answers in all. Characters are counted as half a token each, an overestimate for
    Arabic and English alike on Qwen's tokenizer, so a long article is never truncated.
    """
    wanted = longest_chars // 2 + OVERHEAD_TOKENS + 2 * max_tokens
    rounded = -(-wanted // STEP) * STEP
    return min(ceiling, rounded)
