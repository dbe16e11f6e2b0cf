"""to_ascii_digits and the public surface of summarizer.normalize."""

from __future__ import annotations

import dataclasses

import pytest

import summarizer.normalize as normalize
from summarizer.normalize import to_ascii_digits

DIGITS = [
    pytest.param("٠١٢٣٤٥٦٧٨٩", "0123456789", id="arabic-indic"),
    pytest.param("۰۱۲۳۴۵۶۷۸۹", "0123456789", id="persian"),
    pytest.param("0123456789", "0123456789", id="ascii-unchanged"),
    pytest.param("1۲٣4", "1234", id="mixed-sets"),
    pytest.param("١٢٫٥٪ و١٬٥٠٠", "12٫5٪ و1٬500", id="separators-and-letters-kept"),
    pytest.param("الـ۲۹ – ١٧ كانون", "الـ29 – 17 كانون", id="text-around-kept"),
    pytest.param("", "", id="empty"),
]


@pytest.mark.parametrize(("raw", "expected"), DIGITS)
def test_to_ascii_digits(raw: str, expected: str) -> None:
    converted = to_ascii_digits(raw)
    assert converted == expected
    assert len(converted) == len(raw)  # offsets into the source stay valid


def test_public_api_surface() -> None:
    assert sorted(normalize.__all__) == [
        "ParsedDate",
        "Reading",
        "figure_readings",
        "has_date",
        "parse_date",
        "parse_figure",
        "to_ascii_digits",
    ]


@pytest.mark.parametrize("cls", [normalize.Reading, normalize.ParsedDate])
def test_results_are_frozen_slotted_dataclasses(cls: type) -> None:
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    assert dataclasses.is_dataclass(cls)
    assert params.frozen
    assert hasattr(cls, "__slots__")


def test_reading_defaults() -> None:
    reading = normalize.Reading(4.0, None)
    assert (reading.approximate, reading.bound) == (False, None)
