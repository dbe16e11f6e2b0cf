"""Reading figures and dates from raw news text, so a model's values can be checked.

Public API: Reading, parse_figure, ParsedDate, parse_date, has_date, to_ascii_digits.

The readers load on first use (PEP 562): their tables and patterns take ~40 ms to build, and
only validation needs them, so a run's first request does not wait for them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .digits import to_ascii_digits

if TYPE_CHECKING:
    from .dates import ParsedDate, has_date, parse_date
    from .figures import Reading, figure_readings, parse_figure

_LAZY = {
    "ParsedDate": "dates",
    "has_date": "dates",
    "parse_date": "dates",
    "Reading": "figures",
    "figure_readings": "figures",
    "parse_figure": "figures",
}

__all__ = [
    "ParsedDate",
    "Reading",
    "figure_readings",
    "has_date",
    "parse_date",
    "parse_figure",
    "to_ascii_digits",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
