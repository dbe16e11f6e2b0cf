"""The one error tree of summarizer.

Every error the package raises on purpose derives from :class:`SummarizerError`::

    SummarizerError
    ├── ConfigurationError      a setting is missing or wrong; the user must fix it
    │   ├── MissingKeyError     no API key and no local server configured
    │   ├── LocalModelError     the embedded local model cannot be found, assembled or started
    │   └── UnsupportedModeError  the server refuses how the mode asks for structured output
    │   └── OutputBusyError     another run holds the output folder
    ├── InputError              the article itself cannot be used (empty, unreadable)
    ├── TransportError          the endpoint kept failing (429, 5xx, timeouts) after transport retries
    │   └── DeadlineError       no complete answer within the attempt's or the article's deadline
    ├── ExtractionError         the model never produced valid output within the re-asks
    ├── OutputError             a result could not be written (full or read-only disk)
    ├── BatchAPIError           a provider's batch cannot go on (failed, cancelled, foreign state)
    └── InternalError           anything else went wrong with one article (a bug, a strange answer)

Messages never carry secrets: anything that looks like a key, every secret the user configured
(:func:`register_secret`, whatever its shape) and passwords in URLs are masked by :func:`redact`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # records pull in pydantic; the command line's start must not pay for it
    from summarizer.records import Attempt, Usage

_SECRET = re.compile(r"(sk-[A-Za-z0-9_\-*]{4})[A-Za-z0-9_\-*]+|(Bearer\s+)\S+", re.IGNORECASE)
#: `scheme://user:password@host`: the password, or a lone user name used as a token.
_URL_USERINFO = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^/@\s:]*(?::[^/@\s]*)?@", re.IGNORECASE)
#: Secrets shorter than this are not registered: masking every "ab" would garble messages.
_MIN_SECRET = 6
_registered: set[str] = set()


def register_secret(value: str | None) -> None:
    """Mask `value` in every message from now on, whatever its shape (not only `sk-…` keys)."""
    if value and len(value) >= _MIN_SECRET:
        _registered.add(value)


def redact(text: str) -> str:
    """Mask configured secrets, anything shaped like an API key or bearer token, URL passwords."""
    for secret in sorted(_registered, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, "[redacted]")
    text = _URL_USERINFO.sub(lambda m: m.group(1) + "[redacted]@", text)
    return _SECRET.sub(lambda m: (m.group(1) or m.group(2)) + "[redacted]", text)


class SummarizerError(Exception):
    """Base of every error summarizer raises on purpose.

    `answers` and `spent` say what the article had answered and cost when it failed, whatever
    failed it; the engine fills them in, so a failure record never loses a paid answer.
    """

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))
        self.answers: list[Attempt] = []
        self.spent: Usage | None = None


class ConfigurationError(SummarizerError):
    """A setting is missing or invalid (model, mode, base URL, schema)."""


class MissingKeyError(ConfigurationError):
    """No API key was given and no keyless local server was configured."""


class LocalModelError(ConfigurationError):
    """The embedded local model is not installed, its files are wrong, or its server won't start."""


class UnsupportedModeError(ConfigurationError):
    """The server rejected the request's structured-output parameters: choose another mode."""


class OutputBusyError(ConfigurationError):
    """Another run is using the output folder; two runs on one folder would corrupt it."""


class InputError(SummarizerError):
    """The article cannot be summarised as given (empty, binary, too large)."""


class TransportError(SummarizerError):
    """The endpoint failed on every transport attempt; the model never saw these failures."""

    def __init__(self, message: str, *, attempts: int, status_code: int | None = None) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.status_code = status_code


class DeadlineError(TransportError):
    """No complete answer arrived within the wall-clock deadline (a trickling or stuck server)."""


class OutputError(SummarizerError):
    """A result could not be written: a full or read-only disk stops the run, it is not one
    article's fault."""


class BatchAPIError(SummarizerError):
    """The provider's batch (or the folder's record of it) cannot go on as asked.

    `status` is the batch's status when the provider gave one (failed, cancelled, expired).
    """

    def __init__(self, message: str, *, status: str | None = None) -> None:
        super().__init__(message)
        self.status = status


class ExtractionError(SummarizerError):
    """Re-asks ran out (or strict mode refused a partial result).

    Carries every failed attempt with its errors, the last raw output and the usage summed over
    all attempts, so the cost of a failure is as visible as that of a success.
    """

    def __init__(self, message: str, *, attempts: list[Attempt], usage: Usage) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.usage = usage
        self.answers = list(attempts)
        self.spent = usage

    @property
    def last_raw_output(self) -> str | None:
        return self.attempts[-1].raw_output if self.attempts else None


class InternalError(SummarizerError):
    """An unexpected exception while one article was processed: that article's failure only.

    Keeps what the article had cost and answered so far, like :class:`ExtractionError`.
    """

    def __init__(
        self,
        message: str,
        *,
        cause: str,
        attempts: list[Attempt] | None = None,
        usage: Usage | None = None,
        raw_output: str | None = None,
    ) -> None:
        super().__init__(message)
        self.cause = cause
        self.attempts = attempts or []
        self.usage = usage
        self.raw_output = raw_output
        # What the failure record and the run's token count read, as for every error.
        self.answers = list(self.attempts)
        self.spent = usage
