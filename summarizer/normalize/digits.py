"""Digit sets: one article can mix ASCII, Arabic-Indic and Persian digits."""

from __future__ import annotations

__all__ = ["to_ascii_digits"]

# Arabic-Indic U+0660-0669 and Extended Arabic-Indic (Persian/Urdu) U+06F0-06F9.
_DIGITS = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)


def to_ascii_digits(text: str) -> str:
    """Map Arabic-Indic and Persian digits to ASCII; nothing else changes, so offsets hold."""
    return text.translate(_DIGITS)
