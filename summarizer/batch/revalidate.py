"""Re-apply validation to outputs already paid for: offline, no request.

Each stored result keeps the model's raw output; re-validating it against the article (read
again from the batch's input folder and checked against its content hash) applies today's
grounding and figure and date checks. Failed articles whose raw output was kept can be rescued.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from summarizer.batch.store import OutputStore, rebuild_aggregates
from summarizer.engine.loading import load_article
from summarizer.engine.validation import judge
from summarizer.errors import ConfigurationError, InputError
from summarizer.fields.base import Extraction
from summarizer.fields.context import validation_context
from summarizer.records import (
    RECORD_VERSION,
    ArticleInfo,
    FailureRecord,
    Issue,
    RejectedItem,
    ResultRecord,
    StoredMeta,
    lines,
    schema_key,
)

Status = Literal["unchanged", "changed", "rescued", "now_failed", "skipped"]
_SPAN_KEYS = {"start", "end", "match", "score", "text"}


@dataclass(slots=True)
class Change:
    path: str
    status: Status
    newly_rejected: list[str] = field(default_factory=list)
    newly_accepted: list[str] = field(default_factory=list)
    reason: str | None = None


def _plain(value: Any) -> Any:
    """Numbers as floats (4800000000 and 4800000000.0 say the same); spans dropped."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in _SPAN_KEYS}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _identity(category: str, item: dict[str, Any]) -> str:
    """What an item says, without where it was found: spans may move when matching improves."""
    return f"{category}: " + json.dumps(_plain(item), ensure_ascii=False, sort_keys=True)


def _items(summary: dict[str, Any] | None) -> set[str]:
    out: set[str] = set()
    for category, value in (summary or {}).items():
        if isinstance(value, list):
            out |= {_identity(category, item) for item in value if isinstance(item, dict)}
    return out


def _input_dir(store: OutputStore, override: Path | None) -> Path:
    if override is not None:
        return override
    try:
        run = json.loads((store.root / "run.json").read_text(encoding="utf-8"))
        return Path(run["settings"]["input_dir"])
    except (OSError, ValueError, KeyError, TypeError):
        raise ConfigurationError(
            f"{store.root} has no run.json naming the input folder: pass --input"
        ) from None


def _output_language(store: OutputStore) -> str | None:
    """The language the run asked for (run.json), for the checks of reader-facing text."""
    try:
        run = json.loads((store.root / "run.json").read_text(encoding="utf-8"))
        language = run["settings"].get("output_language")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return language if isinstance(language, str) else None


def _revalidate(
    schema: type[Extraction],
    raw: str | None,
    text: str,
    published: str | None,
    strict: bool,
    output_language: str | None = None,
) -> tuple[Extraction | None, list[Issue]]:
    context = validation_context(
        text, date.fromisoformat(published) if published else None, output_language
    )
    verdict = judge(schema, raw, context, salvage=not strict)
    outcome = verdict.whole if verdict.kept is None else verdict.kept
    return outcome.value, outcome.issues


def _rejections(refused: list[RejectedItem]) -> list[str]:
    """What was refused and why, in any order; an older record's rejections have no codes."""
    return sorted(
        json.dumps([r.field, r.item, r.reasons], ensure_ascii=False, sort_keys=True)
        for r in refused
    )


def _same_rejections(new: list[RejectedItem], old: list[RejectedItem]) -> bool:
    return _rejections(new) == _rejections(old)


def revalidate_folder(
    out_dir: Path, schema: type[Extraction], *, input_dir: Path | None = None, strict: bool = False
) -> list[Change]:
    """Re-validate every stored result and rescuable failure; rewrite what changed atomically."""
    store = OutputStore(out_dir)
    source_dir = _input_dir(store, input_dir)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    language = _output_language(store)
    changes: list[Change] = []
    # Records are read one at a time (10,000 raw outputs do not fit comfortably in memory);
    # rewriting a file already listed is safe: each folder is listed once, before its files are read.
    for record in store.result_records():
        changes.append(_one_result(store, schema, source_dir, record, strict, now, language))
    for error in store.failure_records():
        if error.raw_output and error.sha256:
            changes.append(_one_error(store, schema, source_dir, error, strict, now, language))
    rebuild_aggregates(store, schema)
    return changes


def _article_text(source_dir: Path, rel: str, sha256: str | None) -> str | None:
    try:
        article = load_article(source_dir / rel)
    except InputError:
        return None
    return article.text if article.sha256 == sha256 else None


def _one_result(
    store: OutputStore,
    schema: type[Extraction],
    source_dir: Path,
    record: ResultRecord,
    strict: bool,
    now: str,
    language: str | None,
) -> Change:
    rel, meta = record.path, record.meta
    if meta.chunking is not None:  # its answers are the chunks', not one raw output
        return Change(rel, "skipped", reason="read in chunks: not re-validated offline yet")
    text = _article_text(source_dir, rel, record.article.sha256)
    if text is None:
        return Change(rel, "skipped", reason="article missing or changed since the run")
    value, issues = _revalidate(
        schema, meta.raw_output, text, record.article.published, strict, language
    )
    before = _items(record.summary)
    if value is None:
        store.save_error(
            rel,
            FailureRecord(
                path=rel,
                error_type="ExtractionError",
                message="; ".join(lines(issues[:3])),
                issues=issues,
                attempts=meta.attempts or 0,
                usage=meta.usage,
                sha256=record.article.sha256,
                key=record.key or None,
                published=record.article.published,
                raw_output=meta.raw_output,
                revalidated_at=now,
            ),
        )
        store.result_path(rel).unlink()
        return Change(
            rel, "now_failed", newly_rejected=sorted(before), reason="; ".join(lines(issues[:3]))
        )
    summary = value.model_dump(mode="json")
    after = _items(summary)
    if after == before and _same_rejections(value.rejected, record.rejected):
        return Change(rel, "unchanged")
    meta.revalidated_at = now
    changed = record.model_copy(
        update={
            "summary": summary,
            "rejected": value.rejected,
            "withheld": value.withheld,
            "key": {**record.key, "schema_version": _schema(schema)},
            "summarizer_record": RECORD_VERSION,
        }
    )
    store.save_result(rel, changed)
    return Change(
        rel, "changed", newly_rejected=sorted(before - after), newly_accepted=sorted(after - before)
    )


def _schema(schema: type[Extraction]) -> str:
    return schema_key(schema.__name__, schema.schema_version)


def _one_error(
    store: OutputStore,
    schema: type[Extraction],
    source_dir: Path,
    error: FailureRecord,
    strict: bool,
    now: str,
    language: str | None,
) -> Change:
    rel = error.path
    text = _article_text(source_dir, rel, error.sha256)
    if text is None:
        return Change(rel, "skipped", reason="article missing or changed since the run")
    value, _ = _revalidate(schema, error.raw_output, text, error.published, strict, language)
    if value is None:
        return Change(rel, "unchanged")
    assert error.sha256 is not None  # only failures with a hash are rescued
    summary = value.model_dump(mode="json")
    store.save_result(
        rel,
        ResultRecord(
            path=rel,
            key={**(error.key or {"sha256": error.sha256}), "schema_version": _schema(schema)},
            article=ArticleInfo(source=rel, sha256=error.sha256, published=error.published),
            summary=summary,
            rejected=value.rejected,
            withheld=value.withheld,
            meta=StoredMeta(
                raw_output=error.raw_output,
                attempts=error.attempts,
                usage=error.usage,
                revalidated_at=now,
                rescued_from=error.message,
            ),
        ),
    )
    return Change(rel, "rescued", newly_accepted=sorted(_items(summary)))
