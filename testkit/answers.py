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
            figures.append(
                {
                    "measures": "a number in the article",
                    "value": readings[0].value,
                    "unit": None,
                    "approximate": False,
                    "period": None,
                    "raw": found.group(),
                    "quote": article[
                        max(start, found.start() - 80) : min(end, found.end() + 80)
                    ].strip(),
                }
            )
    return {
        "language": "en",
        "headline": "Scripted headline",
        "summary": "This summary was scripted by the test server. It is not a model's answer.",
        "officials": [],
        "agreements": [],
        "figures": figures,
        "dates": [],
    }
