"""An agreement's status must be what its quote says: "signed" needs wording that says signed.

The status is an attribute the model chooses from a closed list, so the list alone lets "signed"
through for "the two sides will sign next week". It is held to the wording of the item's quote
and the sentence around it (:mod:`summarizer.normalize.statuses`); a status that asserts nothing
(`unknown`) needs no support. The failure is located at the status, so salvage can withhold it
and keep the grounded item. Without an article nothing is checked, as for country codes.
"""

from __future__ import annotations

from pydantic import ValidationError
from pydantic_core import InitErrorDetails

from summarizer.fields.anchoring import sentence_around
from summarizer.fields.grounding import Source
from summarizer.fields.quote import Located
from summarizer.normalize.statuses import needs_no_support, statuses_stated
from summarizer.records import Code


def check_status(
    status: str | None, quote: Located, source: Source | None, *, field: str = "status"
) -> None:
    """Raise `status_not_in_quote` at `field` unless the quote's sentence states `status`.

    Called from an item's model validator (the quote is validated after the status), it
    raises a ValidationError located at the field rather than at the item.
    """
    if status is None or source is None or needs_no_support(status):
        return
    start, end = sentence_around(source.text, quote.start, quote.end)
    sentence = source.text[min(start, quote.start) : max(end, quote.end)]
    if status in statuses_stated(sentence):
        return
    message = (
        f"status {status!r} is not what the quote says: {sentence!r} has no wording for it "
        "(a signing needs a word such as signed, وقّع, امضا کرد, подписали, signé, and "
        "'will sign' is not one); give the status the quote states, or 'unknown'"
    )
    error = InitErrorDetails(
        type=Code.STATUS_NOT_IN_QUOTE.error(message), loc=(field,), input=status
    )
    raise ValidationError.from_exception_data("status", [error])
