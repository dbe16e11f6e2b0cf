"""Consistency checks for the gold annotations in `gold/`.

Every gold file names its article by a path relative to the gold file. The seed article ships in
`examples/`; the corpus articles live in the shared corpus beside the repo (`../shared`) and are
referenced, not copied, so those checks skip when the corpus is absent. Every `evidence` and `raw`
string must occur verbatim (byte for byte, no normalisation) in the article text.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "gold"
SEED_STEM = "iran-russia-cooperation.ar"
GOLD_FILES = sorted(GOLD.glob("*.json"))

CATEGORIES = ("officials", "agreements", "figures", "dates")
REQUIRED_KEYS = ("article", "language", "published", *CATEGORIES)
KINDS = {
    "treaty",
    "trade_agreement",
    "contract",
    "memorandum",
    "protocol",
    "joint_statement",
    "agreement",
    "other",
}
STATUSES = {
    "proposed",
    "under_negotiation",
    "agreed",
    "signed",
    "ratified",
    "in_force",
    "being_implemented",
    "suspended",
    "cancelled",
    "unknown",
}
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MIN_CORPUS_FILES = 9
MIN_PER_LANGUAGE = {"ar": 3, "fa": 1, "ru": 1, "fr": 1, "en": 1}


def _load(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: top level must be an object"
    return data


def _items(gold: dict[str, Any], category: str) -> list[tuple[str, dict[str, Any]]]:
    """Required and optional items of one category, each with the list it came from."""
    out: list[tuple[str, dict[str, Any]]] = []
    for key in (category, f"optional_{category}"):
        items = gold.get(key, [])
        assert isinstance(items, list), f"{key} must be a list"
        out.extend((key, item) for item in items)
    return out


def _article_text(gold_path: Path, gold: dict[str, Any]) -> str:
    article = (gold_path.parent / gold["article"]).resolve()
    if not article.is_file():
        if gold_path.stem == SEED_STEM:
            pytest.fail(f"the seed article is missing: {article}")
        pytest.skip(f"the shared corpus is not beside the repo ({article} does not exist)")
    return article.read_text(encoding="utf-8")


def _check_iso(value: Any, where: str) -> None:
    if value is None:
        return
    assert isinstance(value, str), f"{where}: date must be a string or null, got {value!r}"
    assert ISO_DATE.match(value), f"{where}: not ISO YYYY, YYYY-MM or YYYY-MM-DD: {value!r}"
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 2:
        assert 1 <= parts[1] <= 12, f"{where}: invalid month in {value!r}"
    if len(parts) == 3:
        date(*parts)  # raises ValueError on an impossible day


gold_params = [pytest.param(p, id=p.stem) for p in GOLD_FILES]


def test_gold_folder_has_files() -> None:
    assert GOLD_FILES, f"no gold files in {GOLD}"
    assert (GOLD / f"{SEED_STEM}.json").is_file(), "the seed gold file is missing"


@pytest.mark.parametrize("path", gold_params)
def test_structure(path: Path) -> None:
    gold = _load(path)
    missing = [k for k in REQUIRED_KEYS if k not in gold]
    assert not missing, f"missing keys: {missing}"
    assert isinstance(gold["article"], str)
    assert not Path(gold["article"]).is_absolute(), "article must be relative to the gold file"
    assert isinstance(gold["language"], str)
    assert len(gold["language"]) == 2
    assert path.stem.endswith(f".{gold['language']}"), "file name must end with .<language>"
    _check_iso(gold["published"], "published")

    for key, item in _items(gold, "officials"):
        names = item.get("names")
        assert isinstance(names, list), f"{key}: names must be a list"
        assert names, f"{key}: names must not be empty"
        assert all(isinstance(n, str) and n for n in names)
        roles = item.get("role_keywords")
        assert isinstance(roles, list), f"{key}: role_keywords must be a list"
        assert all(r == r.lower() for r in roles), f"{key}: role keywords must be lower-case"
        assert isinstance(item.get("country"), str), f"{key}: country missing"
        assert len(item["country"]) == 2, f"{key}: country must be alpha-2"
        assert isinstance(item.get("evidence"), str), f"{key}: evidence missing"

    for key, item in _items(gold, "agreements"):
        names = item.get("names")
        assert isinstance(names, list), f"{key}: names must be a list"
        assert names, f"{key}: names must not be empty"
        assert item.get("kind") in KINDS, f"{key}: unknown kind {item.get('kind')!r}"
        assert item.get("status") in STATUSES, f"{key}: unknown status {item.get('status')!r}"
        assert isinstance(item.get("parties"), list), f"{key}: parties must be a list"
        assert "date" in item, f"{key}: date key missing"
        _check_iso(item["date"], f"{key} {names[0]!r}")
        assert isinstance(item.get("evidence"), str), f"{key}: evidence missing"

    for key, item in _items(gold, "figures"):
        value = item.get("value")
        assert isinstance(value, int | float), f"{key}: value must be numeric, got {value!r}"
        assert not isinstance(value, bool), f"{key}: value must be numeric, got {value!r}"
        assert math.isfinite(value), f"{key}: value must be finite"
        assert isinstance(item.get("unit"), str), f"{key}: unit missing"
        assert item["unit"], f"{key}: unit must not be empty"
        assert isinstance(item.get("raw"), str), f"{key}: raw missing"
        assert isinstance(item.get("approximate", False), bool)

    for key, item in _items(gold, "dates"):
        assert "value" in item, f"{key}: value key missing"
        _check_iso(item["value"], f"{key} {item.get('raw')!r}")
        assert isinstance(item.get("raw"), str), f"{key}: raw missing"


@pytest.mark.parametrize("path", gold_params)
def test_quotes_are_verbatim(path: Path) -> None:
    gold = _load(path)
    text = _article_text(path, gold)
    missing = []
    for category in CATEGORIES:
        field = "raw" if category in ("figures", "dates") else "evidence"
        for key, item in _items(gold, category):
            quote = item[field]
            if not quote or quote not in text:
                missing.append(f"{key}.{field}: {quote!r}")
    assert not missing, "not verbatim in the article:\n" + "\n".join(missing)


def test_coverage() -> None:
    corpus = [p for p in GOLD_FILES if p.stem != SEED_STEM]
    assert len(corpus) >= MIN_CORPUS_FILES, f"only {len(corpus)} corpus gold files"
    languages = Counter(_load(p)["language"] for p in corpus)
    for language, minimum in MIN_PER_LANGUAGE.items():
        assert languages[language] >= minimum, f"{language}: {languages[language]} < {minimum}"
