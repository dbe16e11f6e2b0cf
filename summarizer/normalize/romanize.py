"""Whether a Latin-script name is a spelling of a name written in another script.

`name_en` is the model's; `name` is the article's (grounded). Transliteration has many usual
spellings (Kazem, Kazim, Kadhim Jalali; Dmitry, Dmitri Peskov), so the two are compared as
consonant skeletons: both sides are romanised (anyascii, which covers Arabic, Persian and
Cyrillic), lower-cased, stripped of vowels and of the letters that Arabic script writes as
long vowels (w, y, h), and letters that one script cannot tell apart are merged into one
class (p/b, v/f, g/k/q/c/j, z/dh/th/s). Each word of `name_en` must then match, fuzzily, a
word of `name`, in order: an invented first name ("Jamal Jelali" for كاظم جلالي) or an
invented person for an unnamed office ("Mohammad Ali Khan" for وزير نفت هند) fails.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

#: Similarity (0–100) at which two skeleton words count as one name; "Bartek" for باتريك
#: (brtk against btrk) scores 75.
MIN_WORD_SIMILARITY = 80
#: Similarity of the whole skeletons when words are split differently (Abdel Fattah against
#: عبد الفتاح); an invented first name with the right surname scores 80.
MIN_WHOLE_SIMILARITY = 90
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    *(("dh", "z"), ("th", "s"), ("kh", "k"), ("gh", "g"), ("sh", "s"), ("ch", "s")),
    *(("ts", "s"), ("ph", "f"), ("zh", "z"), ("ck", "k"), ("x", "ks")),
)
_CLASSES = str.maketrans(
    {"p": "b", "v": "f", "g": "k", "q": "k", "c": "k", "j": "k", "z": "s", "d": "t"}
)
_DROPPED = re.compile(r"[aeiouywh'`’ʼʻ\-]")
_WORDS = re.compile(r"[^\W\d_]+")
#: Words of an English name that are titles or particles, not part of the name itself.
_PARTICLES = frozenset({"al", "el", "ul", "bin", "ibn", "bn", "abu", "de", "van", "von", "of"})


def _latin(text: str) -> str:
    """`text` romanised letter by letter: a digraph that anyascii writes for one letter (ظ →
    dh) is folded here, before it can meet the next letter's romanisation (ت ح → th)."""
    from anyascii import anyascii

    decomposed = unicodedata.normalize("NFKD", text)
    out: list[str] = []
    run: list[str] = []  # Latin letters as written: their digraphs are folded together
    for char in decomposed:
        if unicodedata.combining(char):
            continue
        if char.isascii():
            run.append(char.lower())
            continue
        out.append(_digraphs("".join(run)))
        run.clear()
        out.append(_digraphs(anyascii(char).lower()))
    out.append(_digraphs("".join(run)))
    return "".join(out)


def _digraphs(text: str) -> str:
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    return text


def skeleton(word: str) -> str:
    """The consonant skeleton of one word as :func:`_latin` gives it (digraphs folded)."""
    out = _DROPPED.sub("", word).translate(_CLASSES)
    return re.sub(r"(.)\1+", r"\1", out)  # doubled letters: Abbas, Jalali, Tsivilev


_ARTICLE = re.compile(r"(?<!\S)ال(?=\S{2})")
_LATIN_ARTICLE = re.compile(r"\b(?:al|el|ul)-", re.IGNORECASE)


def _words(text: str) -> list[str]:
    """Romanised words without particles; Arabic's joined article (السيسي) and al-/el- go."""
    text = _LATIN_ARTICLE.sub("", _ARTICLE.sub("", text))
    return [w for w in _WORDS.findall(_latin(text)) if w not in _PARTICLES]


def consistent(latin: str, original: str) -> bool:
    """Whether `latin` is a usual spelling of the name `original` (module docstring)."""
    theirs = [skeleton(w) for w in _words(original)]
    ours = [skeleton(w) for w in _words(latin)]
    ours = [w for w in ours if w]
    if not ours:
        return False
    if _in_order(ours, theirs):
        return True
    return fuzz.ratio("".join(ours), "".join(theirs)) >= MIN_WHOLE_SIMILARITY


def _in_order(ours: list[str], theirs: list[str]) -> bool:
    """Each of our words matches one of theirs, in order (theirs may have more: a title)."""
    position = 0
    for word in ours:
        for i in range(position, len(theirs)):
            if theirs[i] and fuzz.ratio(word, theirs[i]) >= MIN_WORD_SIMILARITY:
                position = i + 1
                break
        else:
            return False
    return True
