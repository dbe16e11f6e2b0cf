"""Which agreement statuses a sentence states, read from its wording in any of five languages.

A status such as "signed" is a fact: a model that writes it for "the two sides will sign" ships
a signing that has not happened. So a status counts as stated only when the sentence has a word
for it (وقّعا, امضا کردند, подписали, ont signé, signed) that no nearby marker takes back: a
future or an intention (سيتم توقيع, امضا خواهد شد, will be signed) makes it a plan (`proposed`),
a negation (لم يوقع, not signed) makes it nothing. The words are data
(`data/status_words.json`), folded as grounding folds, so diacritics and letter forms
(وقّع, وقع) do not matter. Unsure wording supports nothing: a status it leaves unsupported is
withheld, never guessed.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from summarizer.normalize.folding import fold_text

__all__ = ["needs_no_support", "statuses_stated"]

_WORD = re.compile(r"\w+")
_CLITICS = ("", "و", "ف", "ب", "وب", "فب")


@dataclass(frozen=True, slots=True)
class _Words:
    """One entry of the data file: consecutive words, each a whole word or a stem (`stem*`)."""

    parts: tuple[tuple[str, bool], ...]

    @classmethod
    def parse(cls, entry: str) -> _Words | None:
        parts: list[tuple[str, bool]] = []
        for word in entry.split():
            stem = word.endswith("*")
            folded = _WORD.findall(fold_text(word.rstrip("*")))
            if len(folded) != 1:  # a ZWNJ-joined Persian word folds to one word; others stay
                parts.extend((w, False) for w in folded[:-1])
            if folded:
                parts.append((folded[-1], stem))
        return cls(tuple(parts)) if parts else None

    def ends_at(self, forms: list[frozenset[str]], start: int) -> int | None:
        """The index past the match when these words occur from word `start`, else None."""
        if start + len(self.parts) > len(forms):
            return None
        for offset, (word, stem) in enumerate(self.parts):
            here = forms[start + offset]
            if not (any(f.startswith(word) for f in here) if stem else word in here):
                return None
        return start + len(self.parts)


def _forms(word: str) -> frozenset[str]:
    """A folded word and, in Arabic script, the word less its clitics and article."""
    if not ("\u0600" <= word[0] <= "\u06ff"):
        return frozenset({word})
    found = {word}
    for clitic in _CLITICS:
        if clitic and word.startswith(clitic) and len(word) > len(clitic) + 1:
            found.add(word[len(clitic) :])
    found |= {f.removeprefix("ال") for f in found if f.startswith("ال") and len(f) > 3}
    return frozenset(found)


def _entries(by_language: dict[str, list[str]]) -> tuple[_Words, ...]:
    return tuple(w for words in by_language.values() for e in words if (w := _Words.parse(e)))


@dataclass(frozen=True, slots=True)
class _Markers:
    before: tuple[_Words, ...]
    after: tuple[_Words, ...]
    just_before: tuple[_Words, ...]

    @classmethod
    def parse(cls, by_language: dict[str, dict[str, list[str]]]) -> _Markers:
        def side(name: str) -> tuple[_Words, ...]:
            return _entries({code: lists[name] for code, lists in by_language.items()})

        return cls(side("before"), side("after"), side("just_before"))

    def take_back(self, forms: list[frozenset[str]], start: int, end: int, window: int) -> bool:
        """Whether a marker stands within `window` words before `start` or after `end`."""
        for at in range(max(0, start - window), start):
            for marker in self.before:
                stop = marker.ends_at(forms, at)
                if stop is not None and stop <= start:
                    return True
        for marker in self.just_before:
            for at in range(max(0, start - len(marker.parts)), start):
                if marker.ends_at(forms, at) == start:
                    return True
        return any(
            marker.ends_at(forms, at) is not None
            for at in range(end, min(len(forms), end + window))
            for marker in self.after
        )


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    statuses: dict[str, tuple[_Words, ...]]
    future: _Markers
    future_for: dict[str, _Markers]
    negation: _Markers
    future_supports: dict[str, tuple[str, ...]]
    neutral: frozenset[str]
    window: int


@functools.cache
def _vocabulary() -> _Vocabulary:
    data: dict[str, Any] = json.loads(
        resources.files("summarizer.normalize")
        .joinpath("data", "status_words.json")
        .read_text(encoding="utf-8")
    )
    return _Vocabulary(
        statuses={status: _entries(words) for status, words in data["statuses"].items()},
        future=_Markers.parse(data["future"]),
        future_for={k: _Markers.parse(v) for k, v in data["future_for"].items()},
        negation=_Markers.parse(data["negation"]),
        future_supports={k: tuple(v) for k, v in data["future_supports"].items()},
        neutral=frozenset(data["needs_no_support"]),
        window=int(data["window"]),
    )


def needs_no_support(status: str) -> bool:
    """Whether `status` asserts nothing (`unknown`), so any sentence bears it out."""
    return status in _vocabulary().neutral


@functools.lru_cache(maxsize=256)
def statuses_stated(text: str) -> frozenset[str]:
    """The statuses `text` states in so many words (module docstring)."""
    vocabulary = _vocabulary()
    forms = [_forms(w) for w in _WORD.findall(fold_text(text))]
    stated: set[str] = set()
    for status, entries in vocabulary.statuses.items():
        for start in range(len(forms)):
            for entry in entries:
                end = entry.ends_at(forms, start)
                if end is None:
                    continue
                if vocabulary.negation.take_back(forms, start, end, vocabulary.window):
                    continue
                plans = (vocabulary.future, *filter(None, [vocabulary.future_for.get(status)]))
                if any(m.take_back(forms, start, end, vocabulary.window) for m in plans):
                    stated.update(vocabulary.future_supports.get(status, ()))
                else:
                    stated.add(status)
    return frozenset(stated)
