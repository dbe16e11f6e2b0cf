"""Field types any schema can use: grounded quotes, figures and dates checked against the article.

Validators reach the article through pydantic's validation context
(:func:`validation_context`); the engine passes it, and so can a user validating by hand.
"""

from summarizer.fields.anchoring import together
from summarizer.fields.base import Extraction, merge_duplicates
from summarizer.fields.codes import CountryCode, LanguageCode
from summarizer.fields.context import source_of, validation_context
from summarizer.fields.date import DateMention, check_date
from summarizer.fields.figure import FigureMention
from summarizer.fields.form import Sentences
from summarizer.fields.grounding import Match, Source
from summarizer.fields.language import ArticleLanguage, OutputText, in_output_language
from summarizer.fields.prose import Prose, unstated_numbers
from summarizer.fields.quote import Located, Quote, Verbatim
from summarizer.fields.romanized import check_romanized
from summarizer.fields.status import check_status
from summarizer.fields.support import Party, SupportedCountry
from summarizer.fields.withhold import Withholdable
from summarizer.normalize.folding import fold_text
from summarizer.records import Code

__all__ = [
    "ArticleLanguage",
    "Code",
    "CountryCode",
    "DateMention",
    "Extraction",
    "FigureMention",
    "LanguageCode",
    "Located",
    "Match",
    "OutputText",
    "Party",
    "Prose",
    "Quote",
    "Sentences",
    "Source",
    "SupportedCountry",
    "Verbatim",
    "Withholdable",
    "check_date",
    "check_romanized",
    "check_status",
    "fold_text",
    "in_output_language",
    "merge_duplicates",
    "source_of",
    "together",
    "unstated_numbers",
    "validation_context",
]
