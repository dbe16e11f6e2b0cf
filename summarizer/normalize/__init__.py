"""Reading figures and dates from raw news text, so a model's values can be checked.

Public API: Reading, parse_figure, ParsedDate, parse_date, has_date, to_ascii_digits.
"""

from .dates import ParsedDate, has_date, parse_date
from .digits import to_ascii_digits
from .figures import Reading, figure_readings, parse_figure

__all__ = [
    "ParsedDate",
    "Reading",
    "figure_readings",
    "has_date",
    "parse_date",
    "parse_figure",
    "to_ascii_digits",
]
