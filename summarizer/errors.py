"""The one error tree of summarizer.

Every error the package raises on purpose derives from :class:`SummarizerError`; each class has
a stable `code` (right), which failure records and run.json carry::

    SummarizerError                    error
    ├── ConfigurationError             configuration   a setting is missing or wrong; the user must fix it
    │   ├── MissingKeyError            missing_key     no API key and no local server configured
    │   ├── LocalModelError            local_model     the embedded local model cannot be found, assembled or started
    │   ├── UnsupportedModeError       unsupported_mode  the server refuses how the mode asks for structured output
    │   ├── OutputBusyError            output_busy     another run holds the output folder
    │   ├── SchemaSpecError            schema_spec     a schema spec that is not `package.module:Class` or `file.py:Class`
    │   ├── SchemaImportError          schema_import   the spec's module or file does not import
    │   ├── SchemaClassError           schema_class    the class is missing from it, or is not a schema
    │   ├── PromptTemplateError        prompt_syntax   a prompt template does not compile
    │   │   ├── PromptMissingError     prompt_missing  a prompt folder lacks system.j2 or user.j2
    │   │   └── PromptRenderError      prompt_render   a template does not render (a variable it needs is not given)
    │   └── UnpricedModelError         model_not_priced  a cost cap for a model without a known price
    ├── InputError                     input           the article itself cannot be used (empty, unreadable)
    ├── TransportError                 transport       the endpoint kept failing (429, 5xx, timeouts) after transport retries
    │   └── DeadlineError              deadline        no complete answer within the attempt's or the article's deadline
    ├── ExtractionError                extraction      the model never produced valid output within the re-asks
    ├── BudgetError                    budget          a spending cap would be passed: no request sent
    │   │                                              (a record's code: the cap's name, below)
    │   ├── RunBudgetError             max_tokens_total | max_cost_usd    the run's cap: the run stops
    │   └── ArticleBudgetError         max_article_tokens                 one article's cap: it fails
    ├── OutputError                    output          a result could not be written (full or read-only disk)
    ├── BatchAPIError                  batch_api       a provider's batch cannot go on (failed, cancelled, foreign state)
    └── InternalError                  internal        anything else went wrong with one article (a bug, a strange answer)

Messages never carry secrets: anything that looks like a key, every secret the user configured
(:func:`register_secret`, whatever its shape) and passwords in URLs are masked by :func:`redact`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

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


def error_code(exc: BaseException) -> str | None:
    """The code a record gives for `exc`: its class's, or the cap's name for a budget error."""
    if isinstance(exc, BudgetError):
        return exc.cap
    return exc.code if isinstance(exc, SummarizerError) else None


class SummarizerError(Exception):
    """Base of every error summarizer raises on purpose.

    `answers` and `spent` say what the article had answered and cost when it failed, whatever
    failed it; the engine fills them in, so a failure record never loses a paid answer.
    """

    #: Stable and machine-readable (module docstring); a message may change, a code does not.
    code: ClassVar[str] = "error"

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))
        self.answers: list[Attempt] = []
        self.spent: Usage | None = None


class ConfigurationError(SummarizerError):
    """A setting is missing or invalid (model, mode, base URL, schema)."""

    code: ClassVar[str] = "configuration"


class MissingKeyError(ConfigurationError):
    """No API key was given and no keyless local server was configured."""

    code: ClassVar[str] = "missing_key"


class LocalModelError(ConfigurationError):
    """The embedded local model is not installed, its files are wrong, or its server won't start."""

    code: ClassVar[str] = "local_model"


class UnsupportedModeError(ConfigurationError):
    """The server rejected the request's structured-output parameters: choose another mode."""

    code: ClassVar[str] = "unsupported_mode"


class OutputBusyError(ConfigurationError):
    """Another run is using the output folder; two runs on one folder would corrupt it."""

    code: ClassVar[str] = "output_busy"


class SchemaSpecError(ConfigurationError):
    """A schema spec that is neither a built-in name, `package.module:Class` nor `file.py:Class`."""

    code: ClassVar[str] = "schema_spec"


class SchemaImportError(ConfigurationError):
    """The module or file a schema spec names does not import (missing, or raises)."""

    code: ClassVar[str] = "schema_import"


class SchemaClassError(ConfigurationError):
    """The class a schema spec names is not there, or does not subclass the field-type base."""

    code: ClassVar[str] = "schema_class"


class PromptTemplateError(ConfigurationError):
    """A prompt template does not compile (a Jinja syntax error)."""

    code: ClassVar[str] = "prompt_syntax"


class PromptMissingError(PromptTemplateError):
    """A prompt folder lacks one of the templates it must hold (system.j2, user.j2)."""

    code: ClassVar[str] = "prompt_missing"


class PromptRenderError(PromptTemplateError):
    """A template does not render with what the engine gives it: it uses a variable that is
    not given (every variable is strict), or raises."""

    code: ClassVar[str] = "prompt_render"


class UnpricedModelError(ConfigurationError):
    """A cost cap was set for a model genai-prices has no price for, and no price was given:
    the cap could not be enforced, so the run does not start."""

    code: ClassVar[str] = "model_not_priced"


class InputError(SummarizerError):
    """The article cannot be summarised as given (empty, binary, too large)."""

    code: ClassVar[str] = "input"


class TransportError(SummarizerError):
    """The endpoint failed on every transport attempt; the model never saw these failures."""

    code: ClassVar[str] = "transport"

    def __init__(self, message: str, *, attempts: int, status_code: int | None = None) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.status_code = status_code


class DeadlineError(TransportError):
    """No complete answer arrived within the wall-clock deadline (a trickling or stuck server)."""

    code: ClassVar[str] = "deadline"


class BudgetError(SummarizerError):
    """A spending cap would be passed, so the request was not sent.

    `cap` names the cap (`max_tokens_total`, `max_cost_usd`, `max_article_tokens`), which is
    its code in records (:func:`error_code`); `limit` is the cap and `amount` what had been
    spent, or was estimated to be with the refused request, when it was reached.
    """

    code: ClassVar[str] = "budget"

    def __init__(self, message: str, *, cap: str, limit: float, spent: float) -> None:
        super().__init__(message)
        self.cap = cap
        self.limit = limit
        self.amount = spent


class RunBudgetError(BudgetError):
    """The run's cap (`max_tokens_total`, `max_cost_usd`) is reached: the run starts no more
    requests; those in flight finish and are kept, articles not done are left for a rerun."""


class ArticleBudgetError(BudgetError):
    """One article's cap (`max_article_tokens`, attempts and chunks included) would be passed:
    the article fails, the run goes on."""


class OutputError(SummarizerError):
    """A result could not be written: a full or read-only disk stops the run, it is not one
    article's fault."""

    code: ClassVar[str] = "output"


class BatchAPIError(SummarizerError):
    """The provider's batch (or the folder's record of it) cannot go on as asked.

    `status` is the batch's status when the provider gave one (failed, cancelled, expired).
    """

    code: ClassVar[str] = "batch_api"

    def __init__(self, message: str, *, status: str | None = None) -> None:
        super().__init__(message)
        self.status = status


class ExtractionError(SummarizerError):
    """Re-asks ran out (or strict mode refused a partial result).

    Carries every failed attempt with its errors, the last raw output and the usage summed over
    all attempts, so the cost of a failure is as visible as that of a success.
    """

    code: ClassVar[str] = "extraction"

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

    code: ClassVar[str] = "internal"

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
