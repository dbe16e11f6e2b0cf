"""Every record a run keeps: issues, attempts, rejected items, usage, metadata, and the
result and failure records of a batch's output folder.

Every validation failure is an :class:`Issue` with a stable :class:`Code` (listed in
docs/validation-codes.md): programs sort failures by code, the model and people read the
message. Records written before codes existed hold message lines only; they still load, and
:func:`legacy_code` recovers their codes from the wording, the one place that reads it.

A stored record carries its format in `summarizer_record` (:data:`RECORD_VERSION`): 1 for
summarizer 0.1.0 and main before the record types, 2 from then on. Format 2 differs in
failure records only: they carry the version (format 1 failure records have none), each
attempt its transport tries and seconds, and the last raw answer once (at the top; the last
attempt leaves it out when it is the same). Both formats load into the same types; a failure
record is always written in the current format, a result as it was read (its shape did not
change) unless it is rewritten with a new summary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_serializer,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

#: The format stored records are written in (module docstring); readers accept 1 to this.
RECORD_VERSION = 2
#: The key that holds it; a result file without it is not a summarizer record.
RECORD_MARK = "summarizer_record"


def schema_key(name: str, version: str) -> str:
    """`NewsSummary@2`: a schema's name and version as a batch key and run.json give them."""
    return f"{name}@{version}"


def is_record(data: Any) -> bool:
    """Whether `data` is a stored record of a format this version reads."""
    if not isinstance(data, dict):
        return False
    mark = data.get(RECORD_MARK)
    return isinstance(mark, int) and not isinstance(mark, bool) and 1 <= mark <= RECORD_VERSION


class Code(StrEnum):
    """Why an answer or one of its items failed validation; values never change meaning."""

    EMPTY_ANSWER = "empty_answer"
    """The model returned no text at all."""
    NOT_JSON = "not_json"
    """The answer holds no JSON object that parses."""
    TRUNCATED = "truncated"
    """The answer was cut off (token limit, or JSON that ends mid-way)."""
    SCHEMA = "schema"
    """pydantic's own checks: a missing key, a wrong type, too long, not one of the choices."""
    INVALID = "invalid"
    """A schema's own validator raised a plain ValueError or assertion without a code."""
    NO_ARTICLE = "no_article"
    """A quote cannot be checked: the validation context holds no article."""
    QUOTE_EMPTY = "quote_empty"
    """A quote or raw text is blank."""
    QUOTE_NOT_FOUND = "quote_not_found"
    """A quote or raw text is not in the article."""
    FIGURE_NO_NUMBER = "figure_no_number"
    """A figure's raw text holds no number."""
    FIGURE_DISAGREES = "figure_disagrees"
    """A figure's value is not a reading of its raw text."""
    UNIT_DISAGREES = "unit_disagrees"
    """A figure's currency or percent differs from the one its raw text gives."""
    UNIT_NOT_IN_RAW = "unit_not_in_raw"
    """A figure claims a currency or percent its raw text does not write."""
    DATE_NOT_ISO = "date_not_iso"
    """A date value is not a real ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Www)."""
    DATE_DISAGREES = "date_disagrees"
    """A date value is not what its raw text says."""
    DATE_RELATIVE = "date_relative"
    """A relative date was given a value though no publication date anchors it."""
    YEAR_NOT_IN_ARTICLE = "year_not_in_article"
    """A year added to a day and month appears nowhere in the article."""
    DATE_WITHOUT_RAW = "date_without_raw"
    """A date is given without the words it was read from."""
    NOT_IN_REGISTRY = "not_in_registry"
    """A language or country code is not an assigned ISO 639-1 or ISO 3166-1 code."""
    PROSE_NUMBER = "prose_number"
    """The headline or summary gives a number the article does not state."""
    SENTENCE_COUNT = "sentence_count"
    """The summary has too few or too many sentences."""
    ITEMS_KEEP_FAILING = "items_keep_failing"
    """Salvage removed the failing items, and what remained kept failing."""
    ANSWER_TOO_LARGE = "answer_too_large"
    """The answer is longer than any valid answer (a looping model); it is not sent back."""
    WRONG_FUNCTION = "wrong_function"
    """In tool calling, the answer called a function other than the schema's."""
    TOO_DEEP = "too_deep"
    """The answer nests too deeply for a JSON reader."""
    CHECK_FAILED = "check_failed"
    """A validator raised an unexpected exception on this answer (a bug, reported as such)."""
    COUNTRY_NOT_IN_ARTICLE = "country_not_in_article"
    """A country code names a country the article does not name (by name, capital or people)."""
    WRONG_LANGUAGE = "wrong_language"
    """Text meant for the reader is not in the output language."""
    NAME_MISMATCH = "name_mismatch"
    """A name's Latin spelling does not spell the name the article writes."""
    NO_DATE = "no_date"
    """A date's raw text holds no date expression (or names a day that does not exist)."""
    PARTS_APART = "parts_apart"
    """An item's raw text (name, figure, date) is not inside its quote's sentence."""
    STATUS_NOT_IN_QUOTE = "status_not_in_quote"
    """A status (signed, ratified, in force) that no wording of the item's quote states."""
    SUMMARY_TRIMMED = "summary_trimmed"
    """Not a failure: a text with too many sentences was cut at a sentence end after the re-asks."""

    def error(self, message: str) -> PydanticCustomError:
        """The exception a validator raises: pydantic keeps the code as the error's type."""
        return PydanticCustomError(self.value, message)


class _Record(BaseModel):
    """Records validate only once a run has an answer to record: their validators are built
    then, not at import, which is on the path to a run's first request (~20 ms)."""

    model_config = ConfigDict(defer_build=True)


class Issue(_Record):
    """One thing wrong with an answer: where, which code, and the message the model is shown."""

    model_config = ConfigDict(frozen=True)

    location: str = ""
    """Path of the failing value (`officials[0].quote`); empty for the answer as a whole."""
    code: str
    """A :class:`Code` value; kept a string so records with codes added later still load."""
    message: str

    @property
    def line(self) -> str:
        """`location: message`, the form re-asks and earlier records show."""
        return f"{self.location}: {self.message}" if self.location else self.message

    @classmethod
    def from_line(cls, line: str) -> Issue:
        """An issue read back from a record written before codes existed."""
        found = _LOCATED.match(line)
        location, message = (found.group(1), found.group(2)) if found else ("", line)
        return cls(location=location, code=legacy_code(message), message=message)


_LOCATED = re.compile(r"^([A-Za-z_]\w*(?:\[\d+\]|\.\w+)*): (.*)$", re.DOTALL)

#: The wording of each code's messages in records from before codes, tried in order.
_LEGACY_WORDING: tuple[tuple[str, Code], ...] = (
    ("the answer was cut off", Code.TRUNCATED),
    ("the answer is empty", Code.EMPTY_ANSWER),
    ("is not valid JSON", Code.NOT_JSON),
    ("items kept failing", Code.ITEMS_KEEP_FAILING),
    ("no article in the validation context", Code.NO_ARTICLE),
    ("is empty; copy the words", Code.QUOTE_EMPTY),
    ("is not in the article", Code.QUOTE_NOT_FOUND),
    ("holds no number", Code.FIGURE_NO_NUMBER),
    ("is not in raw text", Code.UNIT_NOT_IN_RAW),
    ("is relative and there is no publication date", Code.DATE_RELATIVE),
    ("appears nowhere in the article", Code.YEAR_NOT_IN_ARTICLE),
    ("is not ISO 8601", Code.DATE_NOT_ISO),
    ("month must be in 1..12", Code.DATE_NOT_ISO),  # the calendar's own refusals
    ("day is out of range for month", Code.DATE_NOT_ISO),
    ("Invalid week", Code.DATE_NOT_ISO),
    ("is given without date_raw", Code.DATE_WITHOUT_RAW),
    ("which the article does not state", Code.PROSE_NUMBER),
    ("is not an ISO 639-1 code", Code.NOT_IN_REGISTRY),
    ("is not an ISO 3166-1 alpha-2 code", Code.NOT_IN_REGISTRY),
    ("sentences; write two to four", Code.SENTENCE_COUNT),
)
_LEGACY_DISAGREES = re.compile(r"^(value|unit|date) .* disagrees with raw text", re.DOTALL)
_DISAGREES_CODE = {
    "value": Code.FIGURE_DISAGREES,
    "unit": Code.UNIT_DISAGREES,
    "date": Code.DATE_DISAGREES,
}


def legacy_code(message: str) -> Code:
    """The code a message from before codes stands for; pydantic's own messages are `schema`."""
    disagrees = _LEGACY_DISAGREES.match(message)
    if disagrees is not None:
        return _DISAGREES_CODE[disagrees.group(1)]
    for wording, code in _LEGACY_WORDING:
        if wording in message:
            return code
    return Code.SCHEMA


def lines(issues: Iterable[Issue]) -> list[str]:
    return [issue.line for issue in issues]


def stored_issues(data: Mapping[str, Any], text_key: str) -> list[Issue]:
    """The issues of a stored attempt or rejected item, whichever version wrote it."""
    if "issues" in data:
        return [i if isinstance(i, Issue) else Issue.model_validate(i) for i in data["issues"]]
    return [Issue.from_line(str(t)) for t in data.get(text_key) or []]


def _issues_beside(data: Any, text_key: str) -> Any:
    """Fill `issues` from the message lines of an older record, or the lines from the issues."""
    if not isinstance(data, dict) or ("issues" in data and text_key in data):
        return data
    issues = stored_issues(data, text_key)
    return {**data, "issues": issues, text_key: lines(issues)}


class Usage(_Record):
    """Tokens summed over every attempt of one article, failed attempts included."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    requests: int = 0

    def add(self, usage: Any) -> None:
        """Add an openai `CompletionUsage` (or None, for servers that report none)."""
        self.requests += 1
        if usage is None:
            return
        self.prompt_tokens += _count(getattr(usage, "prompt_tokens", 0))
        self.completion_tokens += _count(getattr(usage, "completion_tokens", 0))
        self.total_tokens += _count(getattr(usage, "total_tokens", 0))


def _count(value: Any) -> int:
    """A token count as servers should report it; a string, a negative or a fraction counts 0."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return 0
    return max(value, 0)


class RejectedItem(_Record):
    """An item the model proposed that never validated; kept for review, never as fact.

    `reasons` are the issues' lines (relative to the item), kept for readers of older records.
    """

    field: str
    item: Any
    reasons: list[str] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _beside(cls, data: Any) -> Any:
        return _issues_beside(data, "reasons")


class WithheldValue(_Record):
    """An attribute that failed after every re-ask: shipped as null, its value and why kept here.

    The item it belongs to was kept (its grounded parts passed); only this value was not
    supported, so it is shown for review, never as fact. A summary with too many sentences is
    shipped trimmed instead of null: its record's code is `summary_trimmed`, its value the
    model's whole text.
    """

    location: str
    """Path of the attribute in the result (`officials[0].country`, `headline`)."""
    value: Any
    issues: list[Issue] = Field(default_factory=list)


class Attempt(_Record):
    """One answer of a run: what was wrong with it (nothing, for the last of a success).

    The same type in a result's `meta.attempt_log`, in a failure record's `attempt_log` and in
    :attr:`summarizer.errors.SummarizerError.answers`. Its raw answer is kept in failures
    (the input of a later rescue) and left out of results, whose last answer `meta` keeps.
    """

    number: int
    errors: list[str] = Field(default_factory=list)
    """The issues' lines, as the model was shown them; kept for readers of older records."""
    issues: list[Issue] = Field(default_factory=list)
    finish_reason: str | None = None
    transport_tries: int = 1
    """Requests sent for this attempt: 1 plus transport retries (429, 5xx, dropped connections)."""
    seconds: float = 0.0
    raw_output: str | None = Field(default=None, exclude=True)
    """The answer as received (capped); written by failure records only."""

    @model_validator(mode="before")
    @classmethod
    def _beside(cls, data: Any) -> Any:
        return _issues_beside(data, "errors")

    def stored(self) -> dict[str, Any]:
        """This attempt as a failure record writes it: with its raw answer."""
        return {**self.model_dump(mode="json"), "raw_output": self.raw_output}


class Span(_Record):
    """A passage of the article: `article[start:end] == text`."""

    start: int
    end: int
    text: str


class ExtraEvidence(_Record):
    """More passages supporting one kept item (`officials[2]`), found in other chunks."""

    location: str
    spans: list[Span]


class ChunkReport(_Record):
    """One chunk of a long article: its range, what it cost, and why it failed if it did."""

    index: int
    start: int
    end: int
    attempts: int = 0
    usage: Usage = Field(default_factory=Usage)
    error_type: str | None = None
    message: str | None = None
    codes: list[str] = Field(default_factory=list)
    """The issue codes of the failed chunk's last answer."""

    @property
    def failed(self) -> bool:
        return self.error_type is not None


class Chunking(_Record):
    """How a long article was read in chunks; `partial` when a chunk failed."""

    chunk_chars: int
    overlap: int
    chunks: list[ChunkReport]
    summary: ChunkReport | None = None
    """The last request, over the chunks' summaries (its range: the whole article)."""
    evidence: list[ExtraEvidence] = Field(default_factory=list)

    @property
    def partial(self) -> bool:
        return any(c.failed for c in [*self.chunks, *([self.summary] if self.summary else [])])


class RunMeta(_Record):
    """Where a summary came from: enough to reproduce, audit and cost it."""

    model: str
    served_model: str | None = None
    mode: str
    prompt_version: str
    schema_name: str
    schema_version: str
    attempts: int
    attempt_log: list[Attempt]
    usage: Usage
    seconds: float
    raw_output: str | None
    """The model's last raw answer, as received: the input of offline re-validation."""
    merged_duplicates: int = 0
    chunking: Chunking | None = None
    """Set for an article read in chunks (longer than the chunk size)."""
    partial: bool = False
    """A chunk failed: the items of the others are kept, the failure is in `chunking`."""

    @property
    def schema_key(self) -> str:
        """`NewsSummary@2`, as the result's batch key gives it."""
        return schema_key(self.schema_name, self.schema_version)


class _AsGiven(_Record):
    """A stored part whose fields may be absent: written back with the fields it was given
    (a rescue's meta stays as short as it was), later versions' fields kept as they are."""

    model_config = ConfigDict(extra="allow")

    @model_serializer(mode="wrap")
    def _as_given(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        given = self.model_fields_set | set(self.model_extra or {})
        return {k: v for k, v in data.items() if k in given}


class StoredMeta(_AsGiven):
    """A stored result's `meta`: a :class:`RunMeta`, or what a rescue from a failure knew.

    A result rescued offline from a failure record (`summarizer revalidate`) knows no model,
    mode or timing, so every field may be absent.
    """

    model: str | None = None
    served_model: str | None = None
    mode: str | None = None
    prompt_version: str | None = None
    schema_name: str | None = None
    schema_version: str | None = None
    attempts: int | None = None
    attempt_log: list[Attempt] = Field(default_factory=list)
    usage: Usage | None = None
    seconds: float | None = None
    raw_output: str | None = None
    merged_duplicates: int | None = None
    chunking: Chunking | None = None
    partial: bool | None = None
    revalidated_at: str | None = None
    rescued_from: str | None = None
    """The failure's message, for a result rescued from a failure record."""

    @property
    def schema_key(self) -> str | None:
        """`NewsSummary@2`, as the result's batch key gives it; None for a rescued result."""
        if self.schema_name is None or self.schema_version is None:
            return None
        return schema_key(self.schema_name, self.schema_version)


class ArticleInfo(_AsGiven):
    """Which file a result was made from, and how it was read."""

    source: str = ""
    sha256: str | None = None
    """The file's content hash: re-validation reads the article only while it is the same."""
    published: str | None = None
    encoding: str | None = None
    kind: str | None = None
    notes: list[str] = Field(default_factory=list)


class ResultRecord(_Record):
    """`OUT/<rel>.json`: one article's summary, refused items and metadata."""

    model_config = ConfigDict(extra="allow")

    summarizer_record: int = RECORD_VERSION
    """The format it was read in (1 or 2: a result's shape is the same in both)."""
    path: str
    key: dict[str, str] = Field(default_factory=dict)
    """What makes this result current: content hash, model, prompt and schema version."""
    article: ArticleInfo
    summary: dict[str, Any]
    rejected: list[RejectedItem] = Field(default_factory=list)
    withheld: list[WithheldValue] = Field(default_factory=list)
    """Attributes shipped as null because they failed their checks (docs/attributes.md)."""
    meta: StoredMeta = Field(default_factory=StoredMeta)

    def stored(self) -> dict[str, Any]:
        """The record as its file holds it (`withheld` only when something was withheld, so a
        record of an earlier format is written back as it was read)."""
        data = self.model_dump(mode="json")
        if not data["withheld"]:
            del data["withheld"]
        return data


class FailureRecord(_Record):
    """`OUT/.summarizer/errors/<rel>.json`: why one article failed, and what it had answered.

    Kept so that offline re-validation can rescue it later (`raw_output`, `sha256`).
    """

    model_config = ConfigDict(extra="allow")

    summarizer_record: int = RECORD_VERSION
    """The format it is written in: always the current one, whichever format it was read in."""
    path: str
    error_type: str
    code: str | None = None
    """The error's code (`summarizer/errors.py`; a budget's: the cap); None in older records."""
    cause: str | None = None
    """The exception's type, for an :class:`summarizer.errors.InternalError`."""
    message: str
    attempts: int = 0
    """How many answers the article had: `len(attempt_log)` for a failure of a run."""
    usage: Usage | None = None
    sha256: str | None = None
    key: dict[str, str] | None = None
    published: str | None = None
    raw_output: str | None = None
    """The last raw answer: the input of a rescue."""
    attempt_log: list[Attempt] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)
    """What re-validation found wrong, for a result that failed on re-validation."""
    revalidated_at: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _last_raw(cls, data: Any) -> Any:
        """Version 2 keeps the last raw answer once: the last attempt takes it from the top."""
        if not isinstance(data, dict):
            return data
        log = data.get("attempt_log")
        if isinstance(log, list) and log and isinstance(log[-1], dict):
            if "raw_output" not in log[-1]:
                log = [*log[:-1], {**log[-1], "raw_output": data.get("raw_output")}]
            return {**data, "attempt_log": log}
        return data

    @field_serializer("attempt_log")
    def _with_raw(self, log: list[Attempt]) -> list[dict[str, Any]]:
        return [a.stored() for a in log]

    def stored(self) -> dict[str, Any]:
        """The record as its file holds it: the last raw answer once."""
        data = {**self.model_dump(mode="json"), RECORD_MARK: RECORD_VERSION}
        log = data["attempt_log"]
        if log and log[-1]["raw_output"] == data["raw_output"]:
            del log[-1]["raw_output"]
        return data
