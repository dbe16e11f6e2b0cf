"""Word tables for Arabic, Persian, Russian, French and English news, keyed by folded form.

Keys are written as `folding.fold_for_lookup` produces them (alef forms merged, ة -> ه, ى/ی/ئ -> ي, lower case),
so the tables are built through `_f` and stay readable in their source spelling.
"""

from __future__ import annotations

from .folding import fold_for_lookup

_f = fold_for_lookup

# fmt: off


def _table(pairs: dict[str, int]) -> dict[str, int]:
    return {_f(k): v for k, v in pairs.items()}


# --- cardinal number words (value < 1000; hundreds and "mille" handled as scales) ---------
_AR_UNITS = {
    "صفر": 0, "واحد": 1, "واحدة": 1, "احد": 1, "إحدى": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2,
    "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6,
    "سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9,
    "عشر": 10, "عشرة": 10,
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40, "أربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
    "مئة": 100, "مائة": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200,
    "ثلاثمئة": 300, "ثلاثمائة": 300, "أربعمئة": 400, "أربعمائة": 400, "خمسمئة": 500,
    "خمسمائة": 500, "ستمئة": 600, "ستمائة": 600, "سبعمئة": 700, "سبعمائة": 700,
    "ثمانمئة": 800, "ثمانمائة": 800, "ثمانيمئة": 800, "ثمانيمائة": 800,
    "تسعمئة": 900, "تسعمائة": 900,
}
_FA_UNITS = {
    "یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8, "نه": 9,
    "ده": 10, "یازده": 11, "دوازده": 12, "سیزده": 13, "چهارده": 14, "پانزده": 15,
    "شانزده": 16, "هفده": 17, "هجده": 18, "هیجده": 18, "نوزده": 19, "بیست": 20, "سی": 30,
    "چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70, "هشتاد": 80, "نود": 90, "صد": 100,
    "یکصد": 100, "دویست": 200, "سیصد": 300, "چهارصد": 400, "پانصد": 500, "ششصد": 600,
    "هفتصد": 700, "هشتصد": 800, "نهصد": 900,
}
_RU_UNITS = {
    "ноль": 0, "один": 1, "одна": 1, "одно": 1, "одного": 1, "одной": 1,
    "два": 2, "две": 2, "двух": 2, "три": 3, "трех": 3, "четыре": 4, "четырех": 4,
    "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7, "восемь": 8,
    "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10,
    "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14,
    "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18,
    "девятнадцать": 19, "двадцать": 20, "двадцати": 20, "тридцать": 30, "тридцати": 30,
    "сорок": 40, "сорока": 40, "пятьдесят": 50, "шестьдесят": 60, "семьдесят": 70,
    "восемьдесят": 80, "девяносто": 90, "сто": 100, "ста": 100, "двести": 200,
    "триста": 300, "четыреста": 400, "пятьсот": 500, "шестьсот": 600, "семьсот": 700,
    "восемьсот": 800, "девятьсот": 900,
}
_FR_UNITS = {
    "zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70, "huitante": 80,
    "nonante": 90,
}
_EN_UNITS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}

# --- ordinals -------------------------------------------------------------------------
_AR_ORDINALS = {
    "الأول": 1, "الأولى": 1, "أول": 1, "الثاني": 2, "الثانية": 2, "الثالث": 3, "الثالثة": 3,
    "الرابع": 4, "الرابعة": 4, "الخامس": 5, "الخامسة": 5, "السادس": 6, "السادسة": 6,
    "السابع": 7, "السابعة": 7, "الثامن": 8, "الثامنة": 8, "التاسع": 9, "التاسعة": 9,
    "العاشر": 10, "العاشرة": 10, "الحادي": 1, "الحادية": 1,
    "العشرين": 20, "العشرون": 20, "الثلاثين": 30, "الثلاثون": 30, "الأربعين": 40,
    "الخمسين": 50, "الستين": 60, "السبعين": 70, "الثمانين": 80, "التسعين": 90,
    "المئة": 100, "المائة": 100,
    "ثاني": 2, "ثالث": 3, "رابع": 4, "خامس": 5, "سادس": 6, "سابع": 7, "ثامن": 8, "تاسع": 9,
    "عاشر": 10,
}
_FA_ORDINALS = {
    "اول": 1, "یکم": 1, "نخست": 1, "دوم": 2, "سوم": 3, "چهارم": 4, "پنجم": 5, "ششم": 6,
    "هفتم": 7, "هشتم": 8, "نهم": 9, "دهم": 10, "یازدهم": 11, "دوازدهم": 12, "بیستم": 20,
    "سیام": 30, "سی ام": 30,
}
_RU_ORDINAL_STEMS = {
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7,
    "восьм": 8, "девят": 9, "десят": 10, "двадцат": 20, "тридцат": 30,
}
_RU_ENDINGS = ("ый", "ий", "ой", "ая", "ья", "ое", "ье", "ого", "ьего", "его", "ому", "ьему",
               "ем", "ом", "ую", "ью", "ые", "ьи", "ых", "ьих", "ыми", "ьей", "ей")
_FR_ORDINALS = {
    "premier": 1, "première": 1, "1er": 1, "1re": 1, "deuxième": 2, "second": 2,
    "seconde": 2, "troisième": 3, "quatrième": 4, "cinquième": 5, "sixième": 6,
    "septième": 7, "huitième": 8, "neuvième": 9, "dixième": 10, "onzième": 11,
    "douzième": 12, "vingtième": 20, "trentième": 30, "centième": 100,
}
_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
    "fiftieth": 50, "hundredth": 100,
}

NUMBER_WORDS: dict[str, int] = _table(
    {**_AR_UNITS, **_FA_UNITS, **_RU_UNITS, **_FR_UNITS, **_EN_UNITS,
     **_AR_ORDINALS, **_FA_ORDINALS, **_FR_ORDINALS, **_EN_ORDINALS}
)
NUMBER_WORDS.update(
    {stem + end: v for stem, v in _RU_ORDINAL_STEMS.items() for end in _RU_ENDINGS}
)
# Persian ordinals also take -ین before the noun (چهارمین = the fourth).
NUMBER_WORDS.update({_f(k + "ین"): v for k, v in _FA_ORDINALS.items() if k.endswith("م")})
NUMBER_WORDS.update({_f("اولین"): 1, _f("نخستین"): 1})
NUMBER_WORDS.update({"quatre-vingt": 80, "quatre-vingts": 80, "quatre-vingt-dix": 90})
# Words that are numbers only next to another number word or a scale ("a million").
WEAK_NUMBER_WORDS = frozenset({"a", "an", "un", "une", "نه", "سی", "دو", "ست"})

# Fractions: alone, before a scale (نصف مليون, half a million, четверть миллиарда), or after
# one (مليار ونصف = 1.5 billion). Values are exact ratios ("1/3"), read as decimals.
FRACTIONS: dict[str, str] = {
    _f(k): v
    for k, v in {
        "half": "1/2", "quarter": "1/4", "نصف": "1/2", "ربع": "1/4", "نیم": "1/2",
        "ثلث": "1/3", "ثلثا": "2/3", "ثلثي": "2/3",
        "moitié": "1/2", "demi": "1/2", "demie": "1/2", "quart": "1/4",
        "половина": "1/2", "половину": "1/2", "половины": "1/2", "половиной": "1/2",
        "полтора": "3/2", "полторы": "3/2", "полутора": "3/2",
        "четверть": "1/4", "треть": "1/3",
    }.items()
}
# Parts counted by a cardinal before them: three quarters, ثلاثة أرباع, سه چهارم (Persian
# writes a fraction as cardinal + ordinal), две трети, deux tiers. Only after a smaller
# cardinal: alone, or after an ordinal ("third quarter"), they are not fractions.
DENOMINATORS: dict[str, int] = _table(
    {
        "half": 2, "halves": 2, "quarter": 4, "quarters": 4, "third": 3, "thirds": 3,
        "ربع": 4, "أرباع": 4, "ثلث": 3, "أثلاث": 3,
        "دوم": 2, "سوم": 3, "چهارم": 4, "پنجم": 5, "دهم": 10,
        "четверть": 4, "четверти": 4, "четвертей": 4, "треть": 3, "трети": 3, "третей": 3,
        "quart": 4, "quarts": 4, "tiers": 3,
    }
)
# Russian fractions glued to the scale word: полмиллиона, полумиллиарда (also hyphenated).
# Each prefix stands for the fraction word given.
FRACTION_PREFIXES: dict[str, str] = {"полу": "половина", "пол": "половина"}
# Words that join a fraction to the scale it divides: a quarter *of* a billion, un quart
# *de* milliard; what follows may be an article. A number after them ("a quarter of 2
# billion") leaves it unclear which figure is meant, so the reading is withheld.
FRACTION_LINKS: frozenset[str] = frozenset({"of", "de", "d", "du", "des"})
ARTICLES: frozenset[str] = frozenset({"a", "an", "the", "un", "une", "le", "la", "les", "l"})
# Words that join a number to a fraction after it: два с половиной миллиона.
FRACTION_JOINERS: frozenset[str] = frozenset({"с"})
ORDINALS: frozenset[str] = frozenset(
    _table({**_AR_ORDINALS, **_FA_ORDINALS, **_FR_ORDINALS, **_EN_ORDINALS})
) | {stem + end for stem in _RU_ORDINAL_STEMS for end in _RU_ENDINGS}

# --- scale words (multiply what precedes; alone they mean one of them) ------------------
_SCALES = {
    # Arabic, with plurals, accusative and duals (a dual alone means two of them).
    "ألف": 1e3, "آلاف": 1e3, "الاف": 1e3, "ألفا": 1e3,
    "مليون": 1e6, "ملايين": 1e6, "مليونا": 1e6,
    "مليار": 1e9, "مليارات": 1e9, "مليارا": 1e9, "بليون": 1e9, "بلايين": 1e9,
    "تريليون": 1e12, "تريليونات": 1e12, "تريليونا": 1e12,
    # Persian
    "هزار": 1e3, "میلیون": 1e6, "ميليون": 1e6, "میلیارد": 1e9, "ميليارد": 1e9,
    "تریلیون": 1e12, "همت": 1e12,  # همت = هزار میلیارد تومان
    # Russian
    "тысяча": 1e3, "тысячи": 1e3, "тысяч": 1e3, "тысячу": 1e3, "тыс": 1e3,
    "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6, "млн": 1e6,
    "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9, "млрд": 1e9,
    "триллион": 1e12, "триллиона": 1e12, "триллионов": 1e12, "трлн": 1e12,
    # French ("billion" is 10^12 in French; English wins for the bare word)
    "mille": 1e3, "milles": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9,
    "milliards": 1e9, "md": 1e9, "mds": 1e9, "mrd": 1e9, "mrds": 1e9,
    # English and international abbreviations
    "thousand": 1e3, "thousands": 1e3, "k": 1e3, "tys": 1e3,
    "mn": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "billions": 1e9, "bn": 1e9, "bln": 1e9,
    "b": 1e9, "trillion": 1e12, "trillions": 1e12, "tn": 1e12, "trn": 1e12,
}
SCALES: dict[str, float] = {_f(k): v for k, v in _SCALES.items()}
# Arabic duals: the word alone is two of the scale (ألفا دولار = 2000 dollars).
DUALS: dict[str, float] = {
    _f(k): v
    for k, v in {
        "ألفان": 2e3, "ألفين": 2e3, "ألفي": 2e3, "مليونان": 2e6, "مليونين": 2e6,
        "مليوني": 2e6, "ملياران": 2e9, "مليارين": 2e9, "ملياري": 2e9,
    }.items()
}
# "ألفا"/"مليونا" are duals in construct state when nothing precedes them.
CONSTRUCT_DUALS: frozenset[str] = frozenset(_f(w) for w in ("ألفا", "مليونا", "مليارا"))
HUNDREDS: frozenset[str] = frozenset(
    {"hundred", "hundreds", "cent", "cents", "сот", "сотни"}
)

# --- percent ----------------------------------------------------------------------------
PERCENT_PATTERNS: tuple[str, ...] = tuple(dict.fromkeys(
    _f(w)
    for w in (
        "%", "٪", "بالمئة", "بالمائة", "في المئة", "في المائة", "بالمية", "درصد",
        "процент", "pour cent", "pourcent", "pour-cent", "percent", "per cent", "pct",
    )
))

# --- currencies -------------------------------------------------------------------------
CURRENCY_SYMBOLS: dict[str, str] = {
    "us$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₹": "INR",
    "₺": "TRY", "₩": "KRW", "₪": "ILS", "元": "CNY",
}
_CURRENCY_WORDS = {
    # Arabic
    "دولار": "USD", "دولارا": "USD", "دولارات": "USD", "الدولار": "USD", "يورو": "EUR",
    "روبل": "RUB", "روبلا": "RUB", "روبلات": "RUB", "يوان": "CNY", "ين": "JPY",
    "إسترليني": "GBP", "استرليني": "GBP", "استرلينى": "GBP", "تومان": "IRT",
    # Persian
    "دلار": "USD", "یورو": "EUR", "روبل روسیه": "RUB", "تومن": "IRT",
    # Russian
    "доллар": "USD", "доллара": "USD", "долларов": "USD", "долл": "USD", "евро": "EUR",
    "рубль": "RUB", "рубля": "RUB", "рублей": "RUB", "руб": "RUB", "юань": "CNY",
    "юаней": "CNY", "юаня": "CNY", "фунтов": "GBP", "риал": "RIAL", "риалов": "RIAL",
    # French
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "rouble": "RUB",
    "roubles": "RUB", "sterling": "GBP", "yuan": "CNY", "yuans": "CNY", "yens": "JPY",
    # English
    "ruble": "RUB", "rubles": "RUB", "pound": "GBP", "pounds": "GBP", "yen": "JPY",
    "renminbi": "CNY", "rial": "RIAL", "rials": "RIAL", "riyal": "RIAL", "riyals": "RIAL",
    "ريال": "RIAL", "ريالا": "RIAL", "ريالات": "RIAL", "ریال": "RIAL",
    "toman": "IRT", "tomans": "IRT",
}
CURRENCY_WORDS: dict[str, str] = {_f(k): v for k, v in _CURRENCY_WORDS.items()}
ISO_CODES: frozenset[str] = frozenset(
    {"usd", "eur", "rub", "irr", "sar", "qar", "omr", "yer", "aed", "gbp", "jpy", "cny", "chf",
     "try", "egp", "kwd", "iqd", "jod", "bhd", "inr", "cad", "aud"}
)
# Qualified dollars and others that the bare word would misread.
CURRENCY_QUALIFIED: dict[str, str] = {
    _f(k): v
    for k, v in {
        "دولار كندي": "CAD", "دولار أسترالي": "AUD", "دولار استرالي": "AUD",
        "canadian dollar": "CAD", "australian dollar": "AUD", "hong kong dollar": "HKD",
        "dollars canadiens": "CAD", "канадских долларов": "CAD",
        "جنيه مصري": "EGP", "جنيه إسترليني": "GBP", "ليرة تركية": "TRY",
        "ليرة لبنانية": "LBP", "ليرة سورية": "SYP", "دينار كويتي": "KWD",
        "دينار عراقي": "IQD", "دينار أردني": "JOD", "درهم إماراتي": "AED",
        "درهم مغربي": "MAD", "ريال سعودي": "SAR", "ريال قطري": "QAR", "ريال عماني": "OMR",
        "ريال يمني": "YER", "ريال إيراني": "IRR", "ريال ايراني": "IRR",
        "saudi riyal": "SAR", "saudi riyals": "SAR", "iranian rial": "IRR",
        "iranian rials": "IRR", "qatari riyal": "QAR", "omani rial": "OMR",
        "yemeni rial": "YER", "иранских риалов": "IRR", "rials iraniens": "IRR",
    }.items()
}
# Words whose currency depends on the country (ISO 3166 alpha-2 hint), most common first.
COUNTRY_CURRENCIES: dict[str, dict[str, str]] = {
    "RIAL": {"SA": "SAR", "IR": "IRR", "QA": "QAR", "OM": "OMR", "YE": "YER"},
    "جنيه": {"EG": "EGP", "SD": "SDG", "SS": "SSP", "GB": "GBP"},
    "ليره": {"TR": "TRY", "LB": "LBP", "SY": "SYP"},
    "دينار": {"KW": "KWD", "IQ": "IQD", "JO": "JOD", "BH": "BHD", "LY": "LYD", "TN": "TND",
              "DZ": "DZD"},
    "درهم": {"AE": "AED", "MA": "MAD"},
}
AMBIGUOUS_CURRENCY_WORDS: dict[str, str] = {
    _f(k): v
    for k, v in {
        "جنيه": "جنيه", "جنيها": "جنيه", "جنيهات": "جنيه", "ليرة": "ليره", "ليرات": "ليره",
        "دينار": "دينار", "دينارا": "دينار", "درهم": "درهم", "دراهم": "درهم", "درهما": "درهم",
    }.items()
}

# --- hedges and bounds ------------------------------------------------------------------
APPROXIMATE: tuple[str, ...] = tuple(
    _f(w)
    for w in (
        "نحو", "حوالي", "حوالى", "قرابة", "زهاء", "تقريبا", "ما يقارب", "ما يناهز", "يناهز",
        "يقارب", "قرابه", "حدود", "حدودا", "تقریبا", "نزدیک به", "около", "примерно",
        "приблизительно", "порядка", "почти", "environ", "près de", "quelque",
        "approximativement", "about", "around", "approximately", "roughly", "nearly",
        "almost", "some", "circa", "~", "≈",
    )
)
BOUND_MIN: tuple[str, ...] = tuple(
    _f(w)
    for w in (
        "أكثر من", "ما يزيد على", "ما يزيد عن", "يزيد على", "يزيد عن", "أزيد من",
        "ما لا يقل عن", "لا يقل عن", "على الأقل", "بیش از", "بیشتر از", "دست کم", "حداقل",
        "более", "свыше", "больше", "не менее", "как минимум", "plus de", "au moins",
        "more than", "over", "at least", "above", "in excess of", "upwards of", ">",
    )
)
BOUND_MAX: tuple[str, ...] = tuple(
    _f(w)
    for w in (
        "أقل من", "ما لا يزيد على", "ما لا يزيد عن", "لا يزيد على", "لا يزيد عن", "دون",
        "حتى", "کمتر از", "حداکثر", "менее", "меньше", "не более", "до", "moins de",
        "jusqu'à", "au plus", "less than", "fewer than", "under", "up to", "at most",
        "no more than", "<",
    )
)
CONJUNCTIONS: frozenset[str] = frozenset({"و", "and", "et", "и"})
# fmt: on
