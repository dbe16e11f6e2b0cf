"""parse_figure: every plausible reading of a figure's raw text, most likely first.

The model's value is held against these readings; a value none of them explains is flagged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal, NamedTuple

from . import lexicon as lx
from .folding import fold_for_lookup
from .numerals import NUMBER, Lang, read_number

__all__ = ["Reading", "figure_readings", "parse_figure"]


@dataclass(frozen=True, slots=True)
class Reading:
    """One interpretation of a figure: value in base units, unit, hedge and bound."""

    value: float
    unit: str | None
    approximate: bool = False
    bound: Literal["min", "max"] | None = None


_SYMBOLS = "".join(re.escape(s) for s in sorted(lx.CURRENCY_SYMBOLS) if len(s) == 1)
_TOKEN = re.compile(
    rf"(?P<num>{NUMBER.pattern})|(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)|(?P<sym>[{_SYMBOLS}%٪])"
)
_NATIVE_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
_ARABIC = re.compile("[\u0600-\u06ff]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[a-z]")
_FRENCH = re.compile(
    r"[éèêàçûôî]|\b(?:d'|de|des|du|mille|milliards?|mds?|environ|pour|près|moins|plus|quelque)\b"
)
_NEGATIVE = re.compile(r"(?:^|[\s(])[-−](?=\d)")
# Letters that may be glued to a number or word in Arabic: conjunction and prepositions.
_AR_PREFIXES = ("وال", "بال", "لل", "ال", "و", "ب", "ل", "ف")
_TIGHT_SCALES = frozenset({"m", "b", "k"})  # "5m" is millions, "5 m" may be metres


def _phrase_regex(phrases: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted((p for p in phrases if p[0].isalnum()), key=len, reverse=True)
    symbols = [re.escape(p) for p in phrases if not p[0].isalnum()]
    alternation = "|".join(re.escape(w) for w in words)
    parts = [rf"(?<![^\W_])(?:[وبل]|بال)?(?:{alternation})(?![^\W_])"]
    if symbols:
        parts.append("|".join(symbols))
    return re.compile("|".join(parts))


_APPROX = _phrase_regex(lx.APPROXIMATE)
_MIN = _phrase_regex(lx.BOUND_MIN)
_MAX = _phrase_regex(lx.BOUND_MAX)
_PERCENT = re.compile(
    "|".join(
        re.escape(p) if not p[0].isalnum() else rf"(?<![^\W_]){re.escape(p)}"
        for p in lx.PERCENT_PATTERNS
    )
)
_QUALIFIED = re.compile(
    r"(?<![^\W_])(?:ال)?(" + "|".join(map(re.escape, lx.CURRENCY_QUALIFIED)) + r")"
)
_CODE = re.compile(r"(?<![^\W_])(" + "|".join(sorted(lx.ISO_CODES)) + r")(?![^\W_])")


def parse_figure(raw: str, *, country: str | None = None) -> list[Reading]:
    """Plausible readings of a figure's raw text, most likely first; [] when it holds no number.

    country: optional ISO 3166-1 alpha-2 hint that resolves ريال, دينار, جنيه and the like.
    """
    text = fold_for_lookup(raw)
    lang = _language(text)
    values = _values(text, lang, native_digits=bool(_NATIVE_DIGITS.search(raw)))
    if not values:
        return []
    if _NEGATIVE.search(text):
        values = [-v for v in values]
    units, factor = _units(text, raw, country)
    approximate = bool(_APPROX.search(text))
    bound: Literal["min", "max"] | None = None
    if _MIN.search(text):
        bound = "min"
    elif _MAX.search(text):
        bound = "max"
    readings: list[Reading] = []
    for value in values:
        for unit in units:
            reading = Reading(float(value * factor), unit, approximate, bound)
            if reading not in readings:
                readings.append(reading)
    return readings


#: Where a number expression read from inside a text stops: clause punctuation.
_CLAUSE_END = re.compile(r"[,;:()\[\]!?،؛]|\.(?=\s|$)|\n\s*\n")
_EXPRESSION_REACH = 48


def figure_readings(
    text: str, *, read: Callable[[str], list[Reading]] | None = None
) -> list[Reading]:
    """Every reading of every number expression in a running text, digits or words.

    Each digit group and each number word is read as the start of an expression, up to the end
    of its clause, so "نحو مليون و200 ألف سيارة" gives 1 200 000 (and, read from inside,
    200 000): generous on purpose, for checking that a number *is* stated somewhere.
    `read` replaces :func:`parse_figure` for each expression (to apply a stricter policy).
    """
    read = read or parse_figure
    readings: list[Reading] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "sym" or (kind == "word" and not _is_number_word(match.group())):
            continue
        stop = _CLAUSE_END.search(text, match.end(), match.end() + _EXPRESSION_REACH)
        end = stop.start() if stop else min(len(text), match.end() + _EXPRESSION_REACH)
        for reading in read(text[match.start() : end]):
            if reading not in readings:
                readings.append(reading)
    return readings


_NUMBER_TABLES = (lx.NUMBER_WORDS, lx.SCALES, lx.DUALS, lx.FRACTIONS, lx.DENOMINATORS)


@lru_cache(maxsize=8192)
def _is_number_word(token: str) -> bool:
    """Whether a word can start a number expression (a count of parts, "quarters", cannot)."""
    word = fold_for_lookup(token).lower()
    starters = (lx.NUMBER_WORDS, lx.SCALES, lx.DUALS, lx.FRACTIONS)
    return any(_lookup(word) in table for table in starters) or _split(word) is not None


def _language(text: str) -> Lang:
    """The separator convention the words suggest; None when there are no words."""
    if _CYRILLIC.search(text):
        return "ru"
    if _ARABIC.search(text):
        return "ar"
    if _FRENCH.search(text):
        return "fr"
    if _LATIN.search(text.replace("us$", "")):
        return "en"
    return None


@lru_cache(maxsize=8192)
def _lookup(word: str) -> str:
    """The word as the tables spell it, with a glued Arabic prefix removed if need be."""
    if any(word in table for table in _NUMBER_TABLES):
        return word
    for prefix in _AR_PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) > 1 and any(rest in t for t in _NUMBER_TABLES):
            return rest
    return word


class _Atom(NamedTuple):
    """One token of a figure's text: a digit group, a word or a symbol, with its span."""

    kind: str  # "num", "word" or "sym"
    text: str
    start: int
    end: int


def _atoms(text: str) -> list[_Atom]:
    """The tokens of text, with words that glue number parts together taken apart."""
    atoms: list[_Atom] = []
    for match in _TOKEN.finditer(text):
        kind, token = match.lastgroup or "", match.group()
        parts = _split(token) if kind == "word" else None
        for part in parts or (token,):
            atoms.append(_Atom(kind, part, match.start(), match.end()))
    return atoms


@lru_cache(maxsize=8192)
def _split(word: str) -> tuple[str, ...] | None:
    """The parts of demi-million, half-million, two-thirds, полмиллиона, пол-миллиона;
    None for any other word (dix-sept and twenty-ninth stay whole)."""
    if "-" in word:
        if _hyphenated(word) is not None or word in lx.NUMBER_WORDS:
            return None
        parts = tuple(lx.FRACTION_PREFIXES.get(p, p) for p in word.split("-"))
        if all(any(_lookup(p) in t for t in _NUMBER_TABLES) for p in parts):
            return parts
        return None
    for prefix, fraction in lx.FRACTION_PREFIXES.items():
        if word.startswith(prefix) and word[len(prefix) :] in lx.SCALES:
            return fraction, word[len(prefix) :]
    return None


def _ratio(text: str) -> Decimal:
    numerator, _, denominator = text.partition("/")
    return Decimal(numerator) / Decimal(denominator or 1)


def _values(text: str, lang: Lang, *, native_digits: bool) -> list[Decimal]:
    """Candidate values of the first number expression (digits, words, scales) in text."""
    atoms = _atoms(text)
    first, choices = _evaluate(atoms, lang, native_digits, pick=0)
    if first is None:
        return []
    values = [first]
    for pick in range(1, choices):
        value, _ = _evaluate(atoms, lang, native_digits, pick=pick)
        if value is not None and value not in values:
            values.append(value)
    return values


def _evaluate(
    atoms: list[_Atom], lang: Lang, native_digits: bool, *, pick: int
) -> tuple[Decimal | None, int]:
    """Value of the first number expression, reading the first ambiguous digit group as
    its pick-th candidate; also returns how many candidates that group has.

    None when the words leave the figure unclear: a number right after a fraction ("a
    quarter of 2 billion", "half a dozen") may be the whole or the part, so it is withheld.
    """
    total = Decimal(0)
    current: Decimal | None = None
    choices = 1
    started = False
    # kind of the previous atom: num, word, scale, conj, fraction, link, or part (a fraction
    # of the scale before it, مليار ونصف)
    last = ""
    cardinal = False  # whether `current` ends in a cardinal (a fraction's numerator)
    last_end = -1
    last_scale = Decimal(0)
    for i, atom in enumerate(atoms):
        token = atom.text
        if atom.kind == "sym":
            if started:
                break
            continue
        if atom.kind == "num":
            if last in ("fraction", "link"):
                return None, choices
            if started and last in ("num", "word", "part"):
                break
            candidates = read_number(token, lang, native_digits=native_digits)
            number = candidates[0]
            if len(candidates) > 1 and choices == 1:
                choices = len(candidates)
                number = candidates[min(pick, choices - 1)]
            current = (current or Decimal(0)) + number
            started, last, last_end, cardinal = True, "num", atom.end, True
            continue
        word = _lookup(token)
        if last in ("fraction", "link") and (word in lx.ARTICLES or word in lx.FRACTION_LINKS):
            # half a million, a quarter of a billion, un quart de milliard
            following = _following(atoms, i + 1)
            if following is not None and _lookup(following.text) in lx.SCALES:
                last = "link"
                continue
            if following is not None and (following.kind == "num" or _is_number(following)):
                return None, choices
            break
        if word in lx.SCALES and not (
            word in _TIGHT_SCALES and (atom.start != last_end or last != "num")
        ):
            scale = Decimal(int(lx.SCALES[word]))
            if last == "part" and scale == last_scale:
                last = "scale"  # مليون ونصف المليون: the half was of this same million
                continue
            if word in lx.CONSTRUCT_DUALS and current is None and total == 0:
                total += 2 * scale
            elif current is None and last == "scale":
                total *= scale
            else:
                total += (current if current is not None else Decimal(1)) * scale
            current, started, last, last_scale = None, True, "scale", scale
        elif (
            word in lx.DENOMINATORS
            and cardinal
            and last in ("num", "word")
            and current is not None
            and current == int(current)
            and 0 < current < lx.DENOMINATORS[word]
        ):
            if word in lx.ORDINALS and _article_before(atoms, i) and not _ends_fraction(atoms, i):
                return None, choices  # "a third term": the ordinal, or a third of a term?
            current /= lx.DENOMINATORS[word]  # three quarters, سه چهارم, две трети
            last, cardinal = "fraction", False
        elif word in lx.FRACTIONS:
            if last in ("num", "word") and not _glued_and(token, word):
                return None, choices  # "third quarter", "الربع الأول": not one figure
            fraction = _ratio(lx.FRACTIONS[word])
            if last in ("conj", "scale") and current is None and last_scale:
                total += fraction * last_scale  # مليار ونصف: half of the scale just named
                started, last, cardinal = True, "part", False
                continue
            current = (current or Decimal(0)) + fraction
            started, last, cardinal = True, "fraction", False
        elif last == "fraction" and (word in lx.NUMBER_WORDS or word in lx.DUALS):
            return None, choices
        elif word in lx.DUALS and current is None:
            total += Decimal(int(lx.DUALS[word]))
            started, last, cardinal = True, "scale", False
        elif word in lx.HUNDREDS and started:
            current = (current or Decimal(1)) * 100
            last = "word"
        elif word in lx.NUMBER_WORDS:
            if word in lx.WEAK_NUMBER_WORDS and (
                not _next_is_number(atoms, i) or _lookup(_next(atoms, i)) in lx.FRACTIONS
            ):
                if started and _lookup(_next(atoms, i)) not in lx.FRACTIONS:
                    break
                continue
            if started and last == "num":
                break
            current = (current or Decimal(0)) + lx.NUMBER_WORDS[word]
            started, last, cardinal = True, "word", word not in lx.ORDINALS
        elif not started and (hyphenated := _hyphenated(word)) is not None:
            current, started, last, cardinal = hyphenated, True, "word", False
        elif word in lx.CONJUNCTIONS and started:
            last = "conj"
        elif word in lx.FRACTION_JOINERS and started and _lookup(_next(atoms, i)) in lx.FRACTIONS:
            last = "conj"  # два с половиной
        elif started:
            break
    if not started:
        return None, choices
    return total + (current or Decimal(0)), choices


def _glued_and(token: str, word: str) -> bool:
    """Whether an Arabic conjunction is glued to the word (الواحدة والنصف)."""
    return token != word and token.startswith("و")


def _article_before(atoms: list[_Atom], i: int) -> bool:
    return i > 0 and atoms[i - 1].text in lx.ARTICLES


def _ends_fraction(atoms: list[_Atom], i: int) -> bool:
    """Whether what follows atom i makes it a fraction: nothing, "of" or a scale word."""
    nxt = _lookup(_next(atoms, i))
    return nxt == "" or nxt in lx.FRACTION_LINKS or nxt in lx.SCALES


def _next(atoms: list[_Atom], i: int) -> str:
    return atoms[i + 1].text if i + 1 < len(atoms) else ""


def _following(atoms: list[_Atom], i: int) -> _Atom | None:
    """The first atom from i on that is not an article or a link word."""
    for atom in atoms[i:]:
        word = _lookup(atom.text)
        if word not in lx.ARTICLES and word not in lx.FRACTION_LINKS:
            return atom
    return None


def _is_number(atom: _Atom) -> bool:
    word = _lookup(atom.text)
    return any(word in table for table in (lx.HUNDREDS, lx.NUMBER_WORDS, lx.DUALS))


def _next_is_number(atoms: list[_Atom], i: int) -> bool:
    """Whether the token after i continues a number ("a" in "a million" is one)."""
    nxt = _lookup(_next(atoms, i))
    return any(
        nxt in table
        for table in (lx.SCALES, lx.HUNDREDS, lx.NUMBER_WORDS, lx.FRACTIONS, lx.DENOMINATORS)
    )


def _hyphenated(word: str) -> Decimal | None:
    """dix-sept, twenty-ninth, quatre-vingt-dix: the parts add up (80 is in the table)."""
    if "-" not in word:
        return None
    parts = word.split("-")
    if not all(p in lx.NUMBER_WORDS or p == "et" for p in parts):
        return None
    value = Decimal(0)
    for part in parts:
        if part != "et":
            value += lx.NUMBER_WORDS[part]
    return value


def _units(text: str, raw: str, country: str | None) -> tuple[list[str | None], Decimal]:
    """Candidate units (most likely first) and a factor (a toman is ten rials)."""
    if _PERCENT.search(text):
        return ["%"], Decimal(1)
    qualified = _QUALIFIED.search(text)
    if qualified:
        return [lx.CURRENCY_QUALIFIED[qualified.group(1)]], Decimal(1)
    for match in _TOKEN.finditer(text):
        token = match.group()
        if match.lastgroup == "sym" and token in lx.CURRENCY_SYMBOLS:
            return [lx.CURRENCY_SYMBOLS[token]], Decimal(1)
        if match.lastgroup != "word":
            continue
        word = _currency_word(token)
        if word is None:
            continue
        code = lx.CURRENCY_WORDS.get(word)
        if code == "IRT":
            return ["IRR"], Decimal(10)
        if code is not None and code != "RIAL":
            return [code], Decimal(1)
        family = "RIAL" if code == "RIAL" else lx.AMBIGUOUS_CURRENCY_WORDS[word]
        options = lx.COUNTRY_CURRENCIES[family]
        if country and country.upper() in options:
            return [options[country.upper()]], Decimal(1)
        ordered = list(dict.fromkeys(options.values()))
        if family == "RIAL" and ("ریال" in raw or _CYRILLIC.search(text)):
            ordered.remove("IRR")
            ordered.insert(0, "IRR")  # Persian spelling: Iran's rial
        return list[str | None](ordered), Decimal(1)
    code_match = _CODE.search(text)
    if code_match:
        return [code_match.group(1).upper()], Decimal(1)
    return [None], Decimal(1)


def _currency_word(token: str) -> str | None:
    """The currency table's key for a token, allowing glued Arabic prefixes."""
    for candidate in (token, *(token[len(p) :] for p in _AR_PREFIXES if token.startswith(p))):
        if candidate in lx.CURRENCY_WORDS or candidate in lx.AMBIGUOUS_CURRENCY_WORDS:
            return candidate
    return None
