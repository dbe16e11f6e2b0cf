"""Speed of parse_figure and parse_date on 10,000 raw strings (target: under 1 s together).

The machine is noisy, so the script also times a trivial regex scan over the same strings in
the same run and prints the ratio to it; the ratio is the figure to compare between runs.
Run: python benchmarks/normalize_speed.py
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import date

FIGURES = [
    "نحو مليون و200 ألف سيارة",
    "أكثر من {n} شركة",
    "{n} شركة إيرانية",
    "2/16%",
    "8/4 مليار دولار",
    "لمدة أربعة أيام",
    "الاجتماع الـ{n}",
    "${n}.8 bn",
    "{n},5 млрд рублей",
    "{n},2 millions d'euros",
    "{n} %",
    "۱۲٫{n} درصد",
    "حوالي {n} مليون يورو",
    "около {n} тыс.",
    "plus de 1 {n:03d} entreprises",
    "more than {n} billion",
    "{n} ريال",
    "۵۰ هزار تومان",
]
DATES = [
    "17 كانون الثاني/ يناير {y}",
    "الأربعاء 23 نيسان/ أبريل {y}",
    "في عام {y}",
    "15 أيار/ مايو",
    "أمس الثلاثاء",
    "يوم الإثنين",
    "۳ اردیبهشت ۱۴۰۴",
    "۱۴۰۴/۰۲/۰۳",
    "15 رمضان 1446 هـ",
    "23 апреля {y} года",
    "1er mai {y}",
    "March 22, {y}",
    "last week",
    "вчера",
    "{n}/04/{y}",
]
COUNT = 10_000
TRIVIAL = re.compile(r"\d+")


def _corpus(templates: list[str], count: int) -> list[str]:
    return [
        templates[i % len(templates)].format(n=i % 97 + 1, y=1990 + i % 40) for i in range(count)
    ]


def _time(function: object, items: list[str], **kwargs: object) -> float:
    assert callable(function)
    start = time.perf_counter()
    for item in items:
        function(item, **kwargs)
    return time.perf_counter() - start


def import_time() -> float:
    """Seconds to import summarizer.normalize in a fresh interpreter, minus a bare one."""

    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    bare = min(run("pass") for _ in range(3))
    return max(min(run("import summarizer.normalize") for _ in range(3)) - bare, 0.0)


def main() -> int:
    from summarizer.normalize import parse_date, parse_figure

    figures, dates = _corpus(FIGURES, COUNT), _corpus(DATES, COUNT)
    parse_figure(figures[0]), parse_date(dates[0])  # warm the lazy calendar imports
    bound = _time(TRIVIAL.findall, figures) + _time(TRIVIAL.findall, dates)
    figure_s = _time(parse_figure, figures)
    date_s = _time(parse_date, dates, reference=date(2025, 4, 30))
    total = figure_s + date_s
    print(f"parse_figure x{COUNT}: {figure_s:.3f} s")
    print(f"parse_date   x{COUNT}: {date_s:.3f} s")
    verdict = "under" if total < 1 else "OVER"
    print(f"together: {total:.3f} s ({verdict} the 1 s target)")
    print(f"trivial regex scan of the same strings: {bound:.4f} s; ratio {total / bound:.0f}x")
    print(f"import summarizer.normalize: {import_time() * 1000:.0f} ms")
    return 0 if total < 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
