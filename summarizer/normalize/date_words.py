"""Month, weekday and relative-time words for the five languages, keyed by folded form."""

from __future__ import annotations

from typing import Literal

from .folding import fold_for_lookup

Period = Literal["week", "month", "year"]
Precision = Literal["year", "month", "week", "day"]

# fmt: off
_GREGORIAN = {
    # Levant / Iraq
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7,
    "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
    # Egypt / Gulf
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "مايو": 5,
    "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9,
    "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Maghreb (Algeria, Tunisia; Morocco)
    "جانفي": 1, "فيفري": 2, "أفريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "أوت": 8,
    "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
    # Persian names of Gregorian months
    "ژانویه": 1, "ژانویهٔ": 1, "فوریه": 2, "آوریل": 4, "مه": 5, "ژوئن": 6, "ژوئیه": 7,
    "جولای": 7, "اوت": 8, "آگوست": 8, "سپتامبر": 9, "اکتبر": 10, "نوامبر": 11, "دسامبر": 12,
    # Russian: nominative, genitive, prepositional
    "январь": 1, "января": 1, "январе": 1, "февраль": 2, "февраля": 2, "феврале": 2,
    "март": 3, "марта": 3, "марте": 3, "апрель": 4, "апреля": 4, "апреле": 4,
    "май": 5, "мая": 5, "мае": 5, "июнь": 6, "июня": 6, "июне": 6, "июль": 7, "июля": 7,
    "июле": 7, "август": 8, "августа": 8, "августе": 8, "сентябрь": 9, "сентября": 9,
    "сентябре": 9, "октябрь": 10, "октября": 10, "октябре": 10, "ноябрь": 11,
    "ноября": 11, "ноябре": 11, "декабрь": 12, "декабря": 12, "декабре": 12,
    # Russian abbreviations (10 авг, 3 сент.)
    "янв": 1, "фев": 2, "февр": 2, "апр": 4, "июн": 6, "июл": 7, "авг": 8, "сент": 9,
    "окт": 10, "нояб": 11, "дек": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    "janv": 1, "févr": 2, "avr": 4, "juil": 7, "déc": 12,
    # English, with abbreviations
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_HIJRI = {
    "محرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع الاول": 3, "ربيع الثاني": 4, "ربيع الآخر": 4,
    "جمادى الأولى": 5, "جمادى الاولى": 5, "جمادى الأول": 5, "جمادى الآخرة": 6,
    "جمادى الثانية": 6, "جمادى الثاني": 6, "جمادى الآخر": 6, "رجب": 7, "شعبان": 8,
    "رمضان": 9, "شوال": 10, "ذو القعدة": 11, "ذي القعدة": 11, "ذو الحجة": 12,
    "ذي الحجة": 12,
    "محرّم": 1, "muharram": 1, "ramadan": 9, "ramadhan": 9, "рамадан": 9,
}
_SOLAR = {
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5,
    "شهریور": 6, "مهر": 7, "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
}
_WEEKDAYS = {  # Monday = 0, as date.weekday()
    "الإثنين": 0, "الاثنين": 0, "اثنين": 0, "الثلاثاء": 1, "ثلاثاء": 1, "الأربعاء": 2,
    "أربعاء": 2, "الخميس": 3, "خميس": 3, "الجمعة": 4, "جمعة": 4, "السبت": 5, "سبت": 5,
    "الأحد": 6, "أحد": 6,
    "دوشنبه": 0, "سه شنبه": 1, "سهشنبه": 1, "چهارشنبه": 2, "چهار شنبه": 2,
    "پنجشنبه": 3, "پنج شنبه": 3, "جمعه": 4, "شنبه": 5, "یکشنبه": 6, "یک شنبه": 6,
    "понедельник": 0, "понедельника": 0, "вторник": 1, "вторника": 1, "среда": 2,
    "среду": 2, "среды": 2, "четверг": 3, "четверга": 3, "пятница": 4, "пятницу": 4,
    "пятницы": 4, "суббота": 5, "субботу": 5, "субботы": 5, "воскресенье": 6,
    "воскресенья": 6,
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
    "dimanche": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thurs": 3, "fri": 4,
    "sat": 5, "sun": 6,
}
# Day offsets from the reference.
_DAY_OFFSETS = {
    "أول أمس": -2, "أول من أمس": -2, "امس الاول": -2, "پریروز": -2, "позавчера": -2,
    "avant-hier": -2, "the day before yesterday": -2,
    "أمس": -1, "البارحة": -1, "دیروز": -1, "вчера": -1, "hier": -1, "yesterday": -1,
    "اليوم": 0, "امروز": 0, "сегодня": 0, "aujourd'hui": 0, "today": 0, "tonight": 0,
    "this morning": 0, "this afternoon": 0, "this evening": 0,
    "غدا": 1, "فردا": 1, "завтра": 1, "demain": 1, "tomorrow": 1,
    "بعد غد": 2, "پس فردا": 2, "послезавтра": 2, "après-demain": 2,
}
# Words that move a weekday, week, month or year: -1 past, +1 future, 0 current.
_DIRECTION = {
    "الماضي": -1, "الماضية": -1, "الفائت": -1, "الفائتة": -1, "المنصرم": -1,
    "المنصرمة": -1, "السابق": -1, "السابقة": -1, "گذشته": -1, "پیش": -1, "قبل": -1,
    "прошлой": -1, "прошлом": -1, "прошлый": -1, "прошлую": -1, "прошедшей": -1,
    "dernier": -1, "dernière": -1, "passé": -1, "passée": -1, "last": -1, "past": -1,
    "previous": -1,
    "المقبل": 1, "المقبلة": 1, "القادم": 1, "القادمة": 1, "آینده": 1, "بعد": 1,
    "следующей": 1, "следующем": 1, "следующий": 1, "следующую": 1, "будущем": 1,
    "prochain": 1, "prochaine": 1, "next": 1, "coming": 1,
    "هذا": 0, "هذه": 0, "الحالي": 0, "الحالية": 0, "الجاري": 0, "الجارية": 0, "این": 0,
    "этой": 0, "этом": 0, "текущем": 0, "cette": 0, "ce": 0, "this": 0, "current": 0,
    "امسال": 0,
}
_UNITS: dict[str, Period] = {
    "الأسبوع": "week", "أسبوع": "week", "هفته": "week", "неделе": "week", "неделю": "week",
    "semaine": "week", "week": "week",
    "الشهر": "month", "شهر": "month", "ماه": "month", "месяце": "month", "месяц": "month",
    "mois": "month", "month": "month",
    "العام": "year", "عام": "year", "السنة": "year", "سنة": "year", "سال": "year",
    "году": "year", "год": "year", "année": "year", "an": "year", "year": "year",
}
# Day numbers written as words before a month ("الأول من يناير", "بیست و پنجم اسفند",
# "первое января", "le premier janvier", "the first of January"; English also after it,
# "January first"). Compounds are built from these parts below.
_AR_DAY_UNITS = {  # masculine ordinals; in compounds 1 is الحادي
    1: "الأول", 2: "الثاني", 3: "الثالث", 4: "الرابع", 5: "الخامس", 6: "السادس",
    7: "السابع", 8: "الثامن", 9: "التاسع",
}
_AR_DAY_TENS = {20: ("العشرين", "العشرون"), 30: ("الثلاثين", "الثلاثون")}
_FA_DAY_ORDINALS = {
    1: "یکم", 2: "دوم", 3: "سوم", 4: "چهارم", 5: "پنجم", 6: "ششم", 7: "هفتم", 8: "هشتم",
    9: "نهم", 10: "دهم", 11: "یازدهم", 12: "دوازدهم", 13: "سیزدهم", 14: "چهاردهم",
    15: "پانزدهم", 16: "شانزدهم", 17: "هفدهم", 18: "هجدهم", 19: "نوزدهم", 20: "بیستم",
    30: "سی ام",
}
_FA_DAY_TENS = {20: "بیست", 30: "سی"}
_RU_DAY_STEMS = {  # + ое (neuter: первое января) or ого (genitive: до первого января)
    1: "перв", 2: "втор", 3: "трет", 4: "четвёрт", 5: "пят", 6: "шест", 7: "седьм",
    8: "восьм", 9: "девят", 10: "десят", 11: "одиннадцат", 12: "двенадцат",
    13: "тринадцат", 14: "четырнадцат", 15: "пятнадцат", 16: "шестнадцат",
    17: "семнадцат", 18: "восемнадцат", 19: "девятнадцат", 20: "двадцат", 30: "тридцат",
}
_RU_DAY_TENS = {20: "двадцать", 30: "тридцать"}
_FR_DAYS = {  # French writes days as cardinals, except the first
    1: "premier", 2: "deux", 3: "trois", 4: "quatre", 5: "cinq", 6: "six", 7: "sept",
    8: "huit", 9: "neuf", 10: "dix", 11: "onze", 12: "douze", 13: "treize", 14: "quatorze",
    15: "quinze", 16: "seize", 17: "dix-sept", 18: "dix-huit", 19: "dix-neuf", 20: "vingt",
    30: "trente",
}
_EN_DAY_ORDINALS = {
    1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh",
    8: "eighth", 9: "ninth", 10: "tenth", 11: "eleventh", 12: "twelfth", 13: "thirteenth",
    14: "fourteenth", 15: "fifteenth", 16: "sixteenth", 17: "seventeenth",
    18: "eighteenth", 19: "nineteenth", 20: "twentieth", 30: "thirtieth",
}
_EN_DAY_TENS = {20: "twenty", 30: "thirty"}
# Other words for the first day: غرة (the first of any month), أول (أول يناير), اول
# (اول فروردین). مستهل is the first day of a Hijri month, whose start is an event (the new
# crescent); before a Gregorian month it is only "early in", and gives no day.
_FIRST_DAY_WORDS = ("غرة", "أول", "اول")
_HIJRI_FIRST_DAY_WORDS = ("مستهل",)
# Words between a day word and its month: الأول من (شهر) يناير, the first of January.
_DAY_LINKS = ("من", "شهر", "ماه", "of", "the", "month", "de")
# Nouns that make the ordinal after them another period's ("الأسبوع الأول من يناير" is a
# week, "هفته اول فروردین" too), so no day is read.
_PART_NOUNS = (
    "الأسبوع", "أسبوع", "النصف", "نصف", "الربع", "الثلث", "العشر", "العشرة", "الشهر",
    "الفصل", "الأيام", "هفته", "نیمه", "دهه", "ماه", "روزهای",
)
# A stretch of time counted back or forward from the publication date ("خلال الشهرين
# الماضيين", "the past two weeks", "за последние два месяца", "les trois derniers mois"):
# a relative date expression with no single ISO value. Plural and dual units, and markers.
_SPAN_UNITS: dict[str, Precision] = {
    "اليومين": "day", "يومين": "day", "الأيام": "day", "أيام": "day",
    "الأسبوعين": "week", "أسبوعين": "week", "الأسابيع": "week", "أسابيع": "week",
    "الشهرين": "month", "شهرين": "month", "الأشهر": "month", "أشهر": "month",
    "الشهور": "month", "شهور": "month",
    "العامين": "year", "عامين": "year", "السنتين": "year", "سنتين": "year",
    "الأعوام": "year", "أعوام": "year", "السنوات": "year", "سنوات": "year",
    "روزهای": "day", "هفته‌های": "week", "ماه‌های": "month", "سال‌های": "year",
    "дней": "day", "дня": "day", "недели": "week", "недель": "week", "месяца": "month",
    "месяцев": "month", "лет": "year", "года": "year", "годы": "year",
    "jours": "day", "semaines": "week", "mois": "month", "années": "year", "ans": "year",
    "days": "day", "weeks": "week", "months": "month", "years": "year", "decades": "year",
}
_SPAN_MARKERS = (
    "الماضيين", "الماضيتين", "الماضية", "المقبلين", "المقبلتين", "المقبلة", "القادمين",
    "القادمة", "الأخيرين", "الأخيرة", "الفائتة", "المنصرمة",
    "گذشته", "اخیر", "آینده",
    "последние", "ближайшие", "прошедшие", "прошлые", "следующие",
    "derniers", "dernières", "prochains", "prochaines", "passés", "passées",
    "past", "last", "next", "coming", "previous", "recent",
)
# fmt: on


def _compound_days() -> dict[str, int]:
    """Every day 1-31 in words, in the five languages."""
    days: dict[str, int] = {}
    days["العاشر"] = 10
    for tens, forms in _AR_DAY_TENS.items():
        days.update(dict.fromkeys(forms, tens))
    for n, word in _AR_DAY_UNITS.items():
        days[word] = n
        unit = "الحادي" if n == 1 else word
        days[f"{unit} عشر"] = 10 + n
        for tens, forms in _AR_DAY_TENS.items():
            if tens + n <= 31:
                for form in forms:  # والعشرين, written with or without a space after و
                    days[f"{unit} و{form}"] = days[f"{unit} و {form}"] = tens + n
    days["سیام"] = 30
    for n, word in _FA_DAY_ORDINALS.items():
        days[word] = n
        for tens, cardinal in _FA_DAY_TENS.items():
            if n < 10 and tens + n <= 31:
                days[f"{cardinal} و {word}"] = tens + n
    for n, stem in _RU_DAY_STEMS.items():
        ending = ("ье", "ьего") if n == 3 else ("ое", "ого")
        for end in ending:
            days[stem + end] = n
            for tens, cardinal in _RU_DAY_TENS.items():
                if n < 10 and tens + n <= 31:
                    days[f"{cardinal} {stem}{end}"] = tens + n
    for n, word in _FR_DAYS.items():
        days[word] = n
    for tens, cardinal in ((20, "vingt"), (30, "trente")):
        for n in range(1, 10 if tens == 20 else 2):
            unit = _FR_DAYS[n]
            forms = (
                (f"{cardinal} et un", f"{cardinal}-et-un")
                if n == 1
                else (f"{cardinal} {unit}", f"{cardinal}-{unit}")
            )
            days.update(dict.fromkeys(forms, tens + n))
    for word in _FIRST_DAY_WORDS:
        days[word] = 1
    return days


def _english_days() -> dict[str, int]:
    """English day ordinals: after the month (January first) or before it with "of"."""
    days: dict[str, int] = {}
    for n, word in _EN_DAY_ORDINALS.items():
        days[word] = n
        for tens, cardinal in _EN_DAY_TENS.items():
            if n < 10 and tens + n <= 31:
                days[f"{cardinal}-{word}"] = days[f"{cardinal} {word}"] = tens + n
    return days


GREGORIAN_MONTHS: dict[str, int] = {fold_for_lookup(k): v for k, v in _GREGORIAN.items()}
HIJRI_MONTHS: dict[str, int] = {fold_for_lookup(k): v for k, v in _HIJRI.items()}
SOLAR_MONTHS: dict[str, int] = {fold_for_lookup(k): v for k, v in _SOLAR.items()}
WEEKDAYS: dict[str, int] = {fold_for_lookup(k): v for k, v in _WEEKDAYS.items()}
DAY_OFFSETS: dict[str, int] = {fold_for_lookup(k): v for k, v in _DAY_OFFSETS.items()}
DIRECTIONS: dict[str, int] = {fold_for_lookup(k): v for k, v in _DIRECTION.items()}
PERIOD_UNITS: dict[str, Period] = {fold_for_lookup(k): v for k, v in _UNITS.items()}
DAY_WORDS: dict[str, int] = {fold_for_lookup(k): v for k, v in _compound_days().items()}
ENGLISH_DAY_WORDS: dict[str, int] = _english_days()
HIJRI_FIRST_DAY_WORDS: frozenset[str] = frozenset(
    fold_for_lookup(w) for w in _HIJRI_FIRST_DAY_WORDS
)
DAY_LINKS: frozenset[str] = frozenset(fold_for_lookup(w) for w in _DAY_LINKS)
PART_NOUNS: frozenset[str] = frozenset(fold_for_lookup(w) for w in _PART_NOUNS)
SPAN_UNITS: dict[str, Precision] = {fold_for_lookup(k): v for k, v in _SPAN_UNITS.items()}
SPAN_MARKERS: frozenset[str] = frozenset(fold_for_lookup(w) for w in _SPAN_MARKERS)
