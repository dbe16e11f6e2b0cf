"""What the pages show, read from a batch output: plain data, no HTML.

A result record is trusted for nothing it cannot show: a span is highlighted only when the article
text could be read again, its content hash is the one the batch recorded, and the stored span still
holds the stored wording. Anything else is listed with the reason it is not shown in the text.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from summarizer.config import DEFAULT_MAX_BYTES
from summarizer.engine.loading import load_article
from summarizer.errors import InputError
from summarizer.records import (
    RejectedItem,
    ResultRecord,
    StoredMeta,
    Usage,
    WithheldValue,
    schema_key,
)


@dataclass(frozen=True, slots=True)
class Category:
    name: str  # the summary's field
    label: str
    singular: str
    prefix: str  # of item ids: o1, a1, f1, d1
    key: str  # the located field highlighted inside the quote (the name, the raw figure, ...)


CATEGORIES = (
    Category("officials", "Officials", "Official", "o", "name"),
    Category("agreements", "Agreements", "Agreement", "a", "date_raw"),
    Category("figures", "Figures", "Figure", "f", "raw"),
    Category("dates", "Dates", "Date", "d", "raw"),
)
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    category: str
    title: str
    details: tuple[tuple[str, str], ...]
    quote: str  # as the model gave it
    wording: str | None  # the article's own words at the span (differs for a fuzzy match)
    span: tuple[int, int] | None  # highlighted in the text when set
    key: tuple[int, int] | None  # the key words, inside the span
    note: str | None  # how the quote was matched, when not exactly
    problem: str | None  # why the item is not highlighted


@dataclass(frozen=True, slots=True)
class Rejected:
    field: str
    label: str
    reasons: tuple[str, ...]
    data: str  # the item as the model gave it, as indented JSON


@dataclass(frozen=True, slots=True)
class Withheld:
    """An attribute shipped as null because it failed its check: what the model said, and why."""

    location: str
    value: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ArticleView:
    rel: str
    page: str  # the page's file name
    language: str
    lang_tag: str | None  # for the `lang` attribute, when the language is a valid tag
    headline: str
    summary: str
    text: str | None
    text_problem: str | None
    items: dict[str, list[Item]]
    rejected: list[Rejected]
    withheld: list[Withheld]
    facts: tuple[tuple[str, str], ...]  # model, prompt version, attempts, usage, article metadata
    attempt_errors: tuple[tuple[int, tuple[str, ...]], ...]
    raw_output: str | None
    attempts: int | None
    tokens: int | None

    @property
    def unlocated(self) -> int:
        return sum(1 for items in self.items.values() for item in items if item.span is None)


def page_name(rel: str) -> str:
    """A file name for `rel`'s page, safe on any file system: ASCII slug and a short hash."""
    ascii_ = unicodedata.normalize("NFKD", rel).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:60].strip("-") or "article"
    digest = hashlib.sha256(rel.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug}-{digest}.html"


def read_article(record: ResultRecord, settings: dict[str, Any]) -> ArticleView:
    """The view of one result record, its article text read again from the input folder.

    The summary is read as the schema-free dict it is stored as, each value checked here.
    """
    rel = record.path or record.article.source or "?"
    text, text_problem = _article_text(rel, record, settings)
    summary = record.summary
    meta = record.meta
    language = _str(summary.get("language"))
    items = {c.name: _items(c, summary.get(c.name), text) for c in CATEGORIES}
    usage = meta.usage
    return ArticleView(
        rel=rel,
        page=page_name(rel),
        language=language,
        lang_tag=language if _LANGUAGE_TAG.fullmatch(language) else None,
        headline=_str(summary.get("headline")),
        summary=_str(summary.get("summary")),
        text=text,
        text_problem=text_problem,
        items=items,
        rejected=[_rejected(r) for r in record.rejected],
        withheld=[_withheld(w) for w in record.withheld],
        facts=_facts(record, meta, usage),
        attempt_errors=tuple((a.number, tuple(a.errors)) for a in meta.attempt_log if a.errors),
        raw_output=_pretty(meta.raw_output),
        attempts=meta.attempts,
        tokens=usage.total_tokens if usage is not None else None,
    )


def _article_text(
    rel: str, record: ResultRecord, settings: dict[str, Any]
) -> tuple[str | None, str | None]:
    """The article text as the batch read it, or None and the reason it is unavailable."""
    input_dir = settings.get("input_dir")
    if not isinstance(input_dir, str) or not input_dir:
        return None, "the batch's input folder is not known (run.json is missing or has none)"
    posix = PurePosixPath(rel)
    if posix.is_absolute() or ".." in posix.parts or rel == "?":
        return None, f"the record's path {rel!r} is not inside the input folder"
    expected = record.article.sha256
    max_bytes = settings.get("max_bytes")
    path = Path(input_dir, rel)
    try:
        article = load_article(
            path, max_bytes=max_bytes if type(max_bytes) is int else DEFAULT_MAX_BYTES
        )
    except InputError as exc:
        return None, f"it cannot be read again: {exc}"
    if article.sha256 != expected:
        return None, f"{path} has changed since the batch read it (its content hash differs)"
    return article.text, None


def _items(category: Category, given: Any, text: str | None) -> list[Item]:
    items = []
    for number, data in enumerate(_list(given), start=1):
        if not isinstance(data, dict):
            continue
        quote = _dict(data.get("quote"))
        span, problem = _locate(quote, text)
        key, _ = _locate(_dict(data.get(category.key)), text)
        if key is not None and (span is None or not span[0] <= key[0] < key[1] <= span[1]):
            key = None
        match, score = quote.get("match"), quote.get("score")
        note = None
        if span is not None and match not in (None, "exact"):
            note = f"{match} match" + (f", score {score:g}" if isinstance(score, float) else "")
        title, details = _DESCRIBE[category.name](data)
        items.append(
            Item(
                id=f"{category.prefix}{number}",
                category=category.name,
                title=title,
                details=tuple((k, v) for k, v in details if v),
                quote=_str(quote.get("quote")),
                wording=text[span[0] : span[1]] if text is not None and span else None,
                span=span,
                key=key,
                note=note,
                problem=problem,
            )
        )
    return items


def _locate(located: dict[str, Any], text: str | None) -> tuple[tuple[int, int] | None, str | None]:
    """The span to highlight, or None and the reason there is none."""
    if not located:
        return None, "no quote was given"
    start, end = located.get("start"), located.get("end")
    if type(start) is not int or type(end) is not int:
        return None, "the quote was not located in the article"
    if text is None:
        return None, "the article text is unavailable"
    if not 0 <= start < end <= len(text):
        return None, f"the stored span [{start}, {end}) is outside the article text"
    stored = located.get("text")
    if isinstance(stored, str) and text[start:end] != stored:
        return None, "the stored span no longer holds the quoted words"
    return (start, end), None


def _official(data: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    name = _str(_dict(data.get("name")).get("quote"))
    return _str(data.get("name_en")) or name or "(unnamed)", [
        ("Name as written", name),
        ("Role", _str(data.get("role"))),
        ("Organisation", _str(data.get("organisation"))),
        ("Country", _str(data.get("country"))),
    ]


def _agreement(data: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    parties = ", ".join(_str(p) for p in _list(data.get("parties")))
    return _str(data.get("name")) or "(unnamed agreement)", [
        ("Kind", _str(data.get("kind")).replace("_", " ")),
        ("Parties", parties),
        ("Status", _str(data.get("status")).replace("_", " ")),
        ("Date", _str(data.get("date"))),
        ("Date as written", _str(_dict(data.get("date_raw")).get("quote"))),
    ]


def _figure(data: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    value, unit = _number(data.get("value")), _str(data.get("unit"))
    approximate = data.get("approximate") is True
    title = " ".join(p for p in ("≈" if approximate else "", value, unit) if p)
    return title or "(no value)", [
        ("Measures", _str(data.get("measures"))),
        ("Value", value),
        ("Unit", unit),
        ("Approximate", "yes" if approximate else ""),
        ("Period", _str(data.get("period"))),
        ("As written", _str(_dict(data.get("raw")).get("quote"))),
    ]


def _date(data: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    value = _str(data.get("value"))
    return value or "(no absolute date)", [
        ("Event", _str(data.get("event"))),
        ("ISO date", value or "none: relative, with no publication date to anchor it"),
        ("Inferred", "yes" if data.get("inferred") is True else ""),
        ("As written", _str(_dict(data.get("raw")).get("quote"))),
    ]


_DESCRIBE = {"officials": _official, "agreements": _agreement, "figures": _figure, "dates": _date}


def _rejected(data: RejectedItem) -> Rejected:
    item = data.item
    label = ""
    if isinstance(item, dict):
        for name in ("name_en", "name", "event", "measures", "quote"):
            value = item.get(name)
            if isinstance(value, str) and value:
                label = value
                break
    elif item is not None:
        label = str(item)
    return Rejected(
        field=data.field,
        label=label[:200],
        reasons=tuple(data.reasons),
        data=json.dumps(item, ensure_ascii=False, indent=1, default=str),
    )


def _withheld(data: WithheldValue) -> Withheld:
    value = data.value
    return Withheld(
        location=data.location,
        value=value if isinstance(value, str) else json.dumps(value, ensure_ascii=False),
        reasons=tuple(issue.message for issue in data.issues),
    )


def _facts(
    record: ResultRecord, meta: StoredMeta, usage: Usage | None
) -> tuple[tuple[str, str], ...]:
    article = record.article
    model = _str(meta.model)
    served = _str(meta.served_model)
    if served and served != model:
        model = f"{model} (served as {served})"
    schema = _str(meta.schema_name)
    if meta.schema_version is not None:
        schema = schema_key(schema, meta.schema_version)
    tokens = (
        ""
        if usage is None
        else (
            f"{_number(usage.prompt_tokens)} prompt + "
            f"{_number(usage.completion_tokens)} completion = "
            f"{_number(usage.total_tokens)}"
        )
    )
    seconds = meta.seconds
    facts = [
        ("Model", model),
        ("Mode", _str(meta.mode)),
        ("Prompt version", _str(meta.prompt_version)),
        ("Schema", schema),
        ("Attempts", _number(meta.attempts)),
        ("Tokens", tokens),
        ("Requests", _number(usage.requests) if usage is not None else ""),
        ("Model time", f"{seconds:.2f} s" if seconds is not None else ""),
        ("Revalidated", _str(meta.revalidated_at)),
        ("Published", _str(article.published)),
        ("Encoding", f"{_str(article.encoding)} ({_str(article.kind)})"),
        ("SHA-256", _str(article.sha256)[:16]),
    ]
    return tuple((k, v) for k, v in facts if v and v != " ()")


def _number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e18):
        return f"{int(value):,}"
    return f"{value:,}"


def _pretty(raw: Any) -> str | None:
    if not isinstance(raw, str) or not raw:
        return None
    try:
        return json.dumps(json.loads(raw), ensure_ascii=False, indent=2)
    except ValueError:
        return raw


def _str(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
