"""Gold annotation files: loading, and the content hash that pairs them with predictions."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.errors import ConfigurationError

CATEGORIES = ("officials", "agreements", "figures", "dates")


@dataclass(frozen=True, slots=True)
class Gold:
    path: Path
    article_path: Path
    article: str | None
    sha256: str | None
    data: dict[str, Any]

    def items(self, category: str) -> list[dict[str, Any]]:
        return list(self.data.get(category) or [])

    def optional(self, category: str) -> list[dict[str, Any]]:
        return list(self.data.get(f"optional_{category}") or [])


def load_gold(path: Path) -> Gold:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"gold file {path} cannot be read: {exc}") from exc
    if not isinstance(data, dict) or "article" not in data:
        raise ConfigurationError(f"gold file {path} has no 'article' field")
    article_path = (path.parent / data["article"]).resolve()
    try:
        raw = article_path.read_bytes()
    except OSError:
        return Gold(path, article_path, None, None, data)
    return Gold(
        path,
        article_path,
        raw.decode("utf-8-sig", errors="replace"),
        hashlib.sha256(raw).hexdigest(),
        data,
    )


def gold_files(folder: Path) -> Iterator[Gold]:
    if not folder.is_dir():
        raise ConfigurationError(f"gold folder {folder} does not exist")
    for path in sorted(folder.glob("*.json")):
        yield load_gold(path)
