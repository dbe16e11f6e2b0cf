"""Attribute accuracy: of the items matched to gold, how many carry the right attributes.

Item precision and recall say whether the model found the official; these say whether what it
shipped about them is right: the country, the role, the agreement's kind, parties and status,
the figure's unit. For each attribute of each matched pair: **correct**, **wrong** (shipped
and not what gold says: what validation let through), **withheld** (null in the result, its
value in `withheld`), and, among the withheld, **falsely withheld** (the withheld value was
right: validation's own error), each listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from summarizer.evaluation.matching import similarity
from summarizer.normalize.folding import fold_text
from summarizer.records import WithheldValue

Check = Callable[[dict[str, Any], Any], bool | None]
"""(gold item, predicted value) → correct?; None when gold says nothing to compare."""

#: The gold format's generic kind "agreement" is any kind but a contract.
_GENERIC_KINDS = frozenset(
    {"treaty", "trade_agreement", "memorandum", "protocol", "joint_statement", "other"}
)


def _country(gold: dict[str, Any], value: Any) -> bool | None:
    wanted = gold.get("country")
    return None if not wanted else isinstance(value, str) and value.upper() == wanted.upper()


def _role(gold: dict[str, Any], value: Any) -> bool | None:
    keywords = [k.lower() for k in gold.get("role_keywords") or []]
    if not keywords:
        return None
    return isinstance(value, str) and any(k in value.lower() for k in keywords)


def _kind(gold: dict[str, Any], value: Any) -> bool | None:
    wanted = gold.get("kind")
    if not wanted:
        return None
    return bool(value == wanted) or (wanted == "agreement" and value in _GENERIC_KINDS)


def _status(gold: dict[str, Any], value: Any) -> bool | None:
    wanted = gold.get("status")
    return None if not wanted or wanted == "unknown" else bool(value == wanted)


def _party_matches(gold: str, pred: str) -> bool:
    if len(gold) == 2 and gold.isupper():
        return pred.upper() == gold
    return fold_text(gold) == fold_text(pred) or similarity(gold, pred) >= 0.6


def _parties(gold: dict[str, Any], value: Any) -> bool | None:
    wanted = [str(p) for p in gold.get("parties") or []]
    if not wanted:
        return None
    given = [str(p) for p in value or []]
    return all(any(_party_matches(w, g) for g in given) for w in wanted) and all(
        any(_party_matches(w, g) for w in wanted) for g in given
    )


def _unit(gold: dict[str, Any], value: Any) -> bool | None:
    wanted = (gold.get("unit") or "").strip()
    if not wanted:
        return None
    strict = wanted == "%" or (len(wanted) == 3 and wanted.isupper())
    if strict:
        return bool(value == wanted)
    return isinstance(value, str) and bool(value.strip())


CHECKS: dict[str, dict[str, Check]] = {
    "officials": {"country": _country, "role": _role},
    "agreements": {"kind": _kind, "parties": _parties, "status": _status},
    "figures": {"unit": _unit},
}


@dataclass(slots=True)
class AttributeCounts:
    compared: int = 0
    correct: int = 0
    wrong: int = 0
    withheld: int = 0
    falsely_withheld: int = 0
    wrong_examples: list[str] = field(default_factory=list)
    false_withholdings: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        shipped = self.correct + self.wrong
        return self.correct / shipped if shipped else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "compared": self.compared,
            "correct": self.correct,
            "wrong": self.wrong,
            "withheld": self.withheld,
            "falsely_withheld": self.falsely_withheld,
            "accuracy": round(self.accuracy, 4),
            "wrong_examples": self.wrong_examples,
            "false_withholdings": self.false_withholdings,
        }


def new_counts() -> dict[str, AttributeCounts]:
    return {f"{c}.{a}": AttributeCounts() for c, checks in CHECKS.items() for a in checks}


def score_pair(
    counts: dict[str, AttributeCounts],
    category: str,
    gold: dict[str, Any],
    pred: dict[str, Any],
    withheld: dict[str, Any],
    where: str,
) -> None:
    """Count one matched pair's attributes; `withheld` maps attribute name → withheld value."""
    for name, check in CHECKS.get(category, {}).items():
        value = pred.get(name)
        verdict = check(gold, value)
        if verdict is None:
            continue
        tally = counts[f"{category}.{name}"]
        tally.compared += 1
        if value is None and name in withheld:
            tally.withheld += 1
            if check(gold, withheld[name]):
                tally.falsely_withheld += 1
                tally.false_withholdings.append(f"{where}: {name} {withheld[name]!r}")
        elif verdict:
            tally.correct += 1
        elif value is not None:  # left out (not given, not withheld) counts as neither
            tally.wrong += 1
            tally.wrong_examples.append(f"{where}: {name} {value!r}")


def withheld_of(withheld: list[WithheldValue], category: str, index: int) -> dict[str, Any]:
    """Attribute name → value withheld from item `index` of `category` of one result."""
    prefix = f"{category}[{index}]."
    out: dict[str, Any] = {}
    for entry in withheld:
        if entry.location.startswith(prefix):
            name = entry.location[len(prefix) :].split("[", 1)[0]
            out.setdefault(name, entry.value)
    return out
