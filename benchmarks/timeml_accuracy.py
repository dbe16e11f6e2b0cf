"""Accuracy of summarizer.normalize on real English news annotated by others.

- parse_date over the TempEval-3 platinum TIMEX3 DATE expressions, with each document's
  creation time as the reference; accuracy of `value` on explicit expressions (the text
  states a four-digit year) and on relative ones (everything else).
- parse_figure over the MEANTIME MONEY/PERCENT/QUANTITY mentions, whose text is recovered
  from their token anchors. MEANTIME gives no normalised value, so a mention counts as read
  when its first reading has the right kind of unit (currency, "%", none) and the leading
  digits of the text.

The corpus lives outside the project (../shared/corpus/timeml); it is never copied in.
Run: python benchmarks/timeml_accuracy.py [--show-misses]
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from summarizer.normalize import parse_date, parse_figure

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "timeml"
# Gold values our API can express: a year, month, day or ISO week.
COMPARABLE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?$")
EXPLICIT = re.compile(r"(?<!\d)\d{4}(?!\d)")


@dataclass(frozen=True, slots=True)
class Timex:
    text: str
    gold: str
    reference: date


def te3_dates(folder: Path) -> list[Timex]:
    """TIMEX3 DATE expressions of every document, with the document creation time."""
    found: list[Timex] = []
    for path in sorted(folder.glob("*.tml")):
        root = ET.parse(path).getroot()
        dct = root.find("DCT/TIMEX3")
        if dct is None:
            continue
        reference = date.fromisoformat(dct.get("value", "")[:10])
        text_node = root.find("TEXT")
        if text_node is None:
            continue
        for timex in text_node.iter("TIMEX3"):
            if timex.get("type") == "DATE":
                text = " ".join("".join(timex.itertext()).split())
                found.append(Timex(text, timex.get("value", ""), reference))
    return found


def meantime_values(folder: Path) -> list[tuple[str, str]]:
    """(type, text) of every MONEY/PERCENT/QUANTITY mention, text rebuilt from tokens."""
    mentions: list[tuple[str, str]] = []
    for path in sorted(folder.glob("*.xml")):
        root = ET.parse(path).getroot()
        tokens = {t.get("t_id"): t.text or "" for t in root.iter("token")}
        for value in root.iter("VALUE"):
            ids = [a.get("t_id") for a in value.iter("token_anchor")]
            words = [tokens[i] for i in ids if i in tokens]
            if words:
                mentions.append((value.get("type", ""), " ".join(words)))
    return mentions


def _digits(text: str) -> str:
    """Significant digits of the first digit group: "7,114.30" -> "711443"."""
    group = re.search(r"\d[\d,.]*", text)
    return group.group().replace(",", "").replace(".", "").strip("0") if group else ""


def figure_ok(kind: str, text: str) -> bool:
    readings = parse_figure(text)
    if not readings:
        return False
    first = readings[0]
    if kind == "PERCENT" and first.unit != "%":
        return False
    if kind == "MONEY" and (first.unit is None or first.unit == "%"):
        return False
    if kind == "QUANTITY" and first.unit == "%":
        return False
    expected = _digits(text)
    actual = re.sub(r"[.e+]", "", f"{abs(first.value):.10f}").strip("0")
    return not expected or actual.startswith(expected) or expected.startswith(actual)


def main() -> int:
    show = "--show-misses" in sys.argv
    te3, meantime = CORPUS / "te3-platinum", CORPUS / "meantime-en"
    if not te3.is_dir() or not meantime.is_dir():
        print(f"TimeML corpus not found at {CORPUS}; nothing to measure.")
        return 0
    tally: Counter[str] = Counter()
    for timex in te3_dates(te3):
        group = "explicit" if EXPLICIT.search(timex.text) else "relative"
        if not COMPARABLE.match(timex.gold):
            tally[f"{group}-out-of-scope"] += 1
            continue
        parsed = parse_date(timex.text, reference=timex.reference)
        value = parsed.value if parsed else None
        tally[group] += 1
        if value == timex.gold:
            tally[f"{group}-ok"] += 1
        elif show:
            print(f"  miss [{group}] {timex.text!r}: gold {timex.gold}, got {value}")
    for group in ("explicit", "relative"):
        total, ok = tally[group], tally[f"{group}-ok"]
        print(
            f"TE3 platinum {group} dates: {ok}/{total} = {ok / max(total, 1):.1%}"
            f" ({tally[f'{group}-out-of-scope']} more with gold values like seasons, quarters"
            " or PRESENT_REF that ISO dates cannot express)"
        )
    mentions = meantime_values(meantime)
    read = 0
    for kind, text in mentions:
        if figure_ok(kind, text):
            read += 1
        elif show:
            print(f"  miss [{kind}] {text!r}: {parse_figure(text)[:2]}")
    print(f"MEANTIME figures read: {read}/{len(mentions)} = {read / max(len(mentions), 1):.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
