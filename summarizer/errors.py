"""The one error tree of summarizer.

Every error the package raises on purpose derives from :class:`SummarizerError`::

    SummarizerError
    ├── ConfigurationError      a setting is missing or wrong; the user must fix it
    │   ├── MissingKeyError     no API key and no local server configured
    │   ├── LocalModelError     the embedded local model cannot be found, assembled or started
    │   └── UnsupportedModeError  the server refuses how the mode asks for structured output
    ├── InputError              the article itself cannot be used (empty, unreadable)
    ├── TransportError          the endpoint kept failing (429, 5xx, timeouts) after transport retries
    └── ExtractionError         the model never produced valid output within the re-asks

Messages never carry secrets: anything that looks like a key is masked by :func:`redact`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summarizer.engine.result import Usage

_SECRET = re.compile(r"(sk-[A-Za-z0-9_\-*]{4})[A-Za-z0-9_\-*]+|(Bearer\s+)\S+", re.IGNORECASE)


def redact(text: str) -> str:
    """Mask anything shaped like an API key or bearer token."""
    return _SECRET.sub(lambda m: (m.group(1) or m.group(2)) + "[redacted]", text)


class SummarizerError(Exception):
    """Base of every error summarizer raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))


class ConfigurationError(SummarizerError):
    """A setting is missing or invalid (model, mode, base URL, schema)."""


class MissingKeyError(ConfigurationError):
    """No API key was given and no keyless local server was configured."""


class LocalModelError(ConfigurationError):
    """The embedded local model is not installed, its files are wrong, or its server won't start."""


class UnsupportedModeError(ConfigurationError):
    """The server rejected the request's structured-output parameters: choose another mode."""


class InputError(SummarizerError):
    """The article cannot be summarised as given (empty, binary, too large)."""


class TransportError(SummarizerError):
    """The endpoint failed on every transport attempt; the model never saw these failures."""

    def __init__(self, message: str, *, attempts: int, status_code: int | None = None) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.status_code = status_code


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    """One model answer that failed validation, as shown to the model in the next re-ask."""

    number: int
    errors: tuple[str, ...]
    raw_output: str | None
    finish_reason: str | None = None


class ExtractionError(SummarizerError):
    """Re-asks ran out (or strict mode refused a partial result).

    Carries every failed attempt with its errors, the last raw output and the usage summed over
    all attempts, so the cost of a failure is as visible as that of a success.
    """

    def __init__(self, message: str, *, attempts: list[AttemptRecord], usage: Usage) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.usage = usage

    @property
    def last_raw_output(self) -> str | None:
        return self.attempts[-1].raw_output if self.attempts else None
