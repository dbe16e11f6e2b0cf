"""The headline/summary number check on real news: false alarms and misses, per language.

- False alarms: every sentence of a corpus article that holds a digit, checked as if it were
  prose against its own article, must pass; so must the outlet's own headline (MANIFEST title).
- Misses: the first 2-4 digit integer of each such sentence is changed (+3 below 100, else +17)
  and the check must flag it, unless the new number happens to be stated elsewhere.

The corpus lives outside the project (../shared/corpus); it is never copied in.
Run: python benchmarks/prose_check.py [--show]
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

from summarizer.engine.loading import load_article
from summarizer.fields import unstated_numbers

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
_SENTENCE = re.compile(r"(?<=[.!?؟])\s+|\n+")
_INTEGER = re.compile(r"(?<![\d.,/])(\d{2,4})(?![\d.,/])")


def main() -> None:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        sys.exit(f"corpus not found at {CORPUS}: this benchmark reads ../shared/corpus")
    show = "--show" in sys.argv
    counts: Counter[str] = Counter()
    with manifest.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows, delimiter="\t"):
            if not row["file"].endswith((".txt", ".html", ".htm")):
                continue
            text = load_article(CORPUS / row["file"]).text
            lang = row["lang"]
            for sentence in _SENTENCE.split(text):
                if not re.search(r"\d", sentence):
                    continue
                counts[f"{lang} sentences"] += 1
                if flagged := unstated_numbers(sentence, text):
                    counts[f"{lang} sentences flagged"] += 1
                    if show:
                        print("false alarm:", lang, flagged, sentence[:120])
                found = _INTEGER.search(sentence)
                if found:
                    n = int(found[1])
                    changed = f"{sentence[: found.start()]}{n + 3 if n < 100 else n + 17}"
                    changed += sentence[found.end() :]
                    counts[f"{lang} altered"] += 1
                    counts[f"{lang} altered caught"] += bool(unstated_numbers(changed, text))
            # raw files' MANIFEST titles are labels ("ISO-8859-1 encoded original"), not headlines
            if lang != "raw" and re.search(r"\d", row["title"]):
                counts[f"{lang} titles"] += 1
                if flagged := unstated_numbers(row["title"], text):
                    counts[f"{lang} titles flagged"] += 1
                    if show:
                        print("title:", lang, flagged, row["title"][:120])
    print(
        "| language | sentences with digits | false alarms | outlet headlines | false alarms | altered numbers | caught |"
    )
    print("|---|---|---|---|---|---|---|")
    for lang in sorted({key.split()[0] for key in counts}):
        c = {key.split(" ", 1)[1]: v for key, v in counts.items() if key.startswith(lang + " ")}
        altered = c.get("altered", 0)
        caught = c.get("altered caught", 0)
        rate = f"{caught / altered:.1%}" if altered else "-"
        print(
            f"| {lang} | {c.get('sentences', 0)} | {c.get('sentences flagged', 0)} "
            f"| {c.get('titles', 0)} | {c.get('titles flagged', 0)} | {altered} | {caught} ({rate}) |"
        )


if __name__ == "__main__":
    main()
