"""Valid answers computed from the article in a request, for scripted batch runs.

The scripted server cannot think; for many articles it answers with what can be read off the
text mechanically: the first number in the article as a figure, quoted with its sentence.
Everything it returns is grounded, so a failure in a batch test is the pipeline's, not the script's.
"""

from __future__ import annotations

import re
from typing import Any

from summarizer.normalize import parse_figure

_ARTICLE = re.compile(r"<article>\n(.*)\n</article>", re.DOTALL)
_NUMBER = re.compile(r"\d+")


def article_of(body: dict[str, Any]) -> str:
    for message in body.get("messages", []):
        if message.get("role") == "user" and (
            found := _ARTICLE.search(str(message.get("content")))
        ):
            return found.group(1)
    return ""


def _figure(value: float, raw: str, quote: str) -> dict[str, Any]:
    return {
        "measures": "a number in the article",
        "value": value,
        "unit": None,
        "approximate": False,
        "period": None,
        "raw": raw,
        "quote": quote,
    }


def answer_for(article: str) -> dict[str, Any]:
    figures = []
    found = _NUMBER.search(article)
    if found:
        start = (
            max(article.rfind("\n", 0, found.start()), article.rfind(". ", 0, found.start())) + 1
        )
        end = min(x for x in (article.find("\n", found.end()), len(article)) if x >= 0)
        readings = parse_figure(found.group())
        if readings:
            quote = article[max(start, found.start() - 80) : min(end, found.end() + 80)]
            figures.append(_figure(readings[0].value, found.group(), quote.strip()))
    return {
        "language": "en",
        "headline": "Scripted headline",
        "summary": "This summary was scripted by the test server. It is not a model's answer.",
        "officials": [],
        "agreements": [],
        "figures": figures,
        "dates": [],
    }


_FIGURE_WORDS = 60  # characters of context on each side of a number in its quote
_STOPS = ".!?؟\n"


def every_figure(article: str) -> dict[str, Any]:
    """A valid answer listing each distinct number of the text once, as a figure quoted with
    the words around it: the mechanical reading of a long article, for chunking benchmarks."""
    figures, seen = [], set()
    for found in _NUMBER.finditer(article):
        readings = parse_figure(found.group())
        if not readings or readings[0].value in seen:
            continue
        seen.add(readings[0].value)
        start = max(found.start() - _FIGURE_WORDS, 0)
        start = max([start, *(article.rfind(c, start, found.start()) + 1 for c in _STOPS)])
        ends = [
            i
            for c in _STOPS
            if (i := article.find(c, found.end(), found.end() + _FIGURE_WORDS)) >= 0
        ]
        end = min(ends) if ends else min(found.end() + _FIGURE_WORDS, len(article))
        while start > 0 and not article[start - 1].isspace() and start < found.start():
            start += 1  # start at a word
        while end < len(article) and not article[end].isspace() and end > found.end():
            end -= 1
        figures.append(_figure(readings[0].value, found.group(), article[start:end].strip()))
    return {**answer_for(""), "figures": figures}
