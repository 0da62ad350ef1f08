"""Dates and numbers as the report's language writes them, by Babel (CLDR): one place,
any language with a catalogue. Finnish dates are numeric (30.9.2026, the Finnish
official style); other languages write the month (30 September 2026)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_month_names
from babel.numbers import format_decimal

# British English: "30 September 2026", not "September 30, 2026".
_LOCALES = {"en": "en_GB"}
_FALLBACK = "en_GB"


@cache
def locale_of(lang: str) -> Locale:
    """The Babel locale of a report language; English's for a code CLDR does not know."""
    try:
        return Locale.parse(_LOCALES.get(lang, lang))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(_FALLBACK)


def format_day(day: date, lang: str) -> str:
    return format_date(day, "short" if lang == "fi" else "long", locale=locale_of(lang))


def format_number(value: float | int, lang: str) -> str:
    """A count as it is (1 234 in Finnish, 1,234 in English); a decimal with one digit (a
    number too large for that, 1e308, as Python writes it)."""
    try:
        if isinstance(value, int):
            return format_decimal(value, locale=locale_of(lang))
        return format_decimal(value, format="#,##0.0", locale=locale_of(lang))
    except InvalidOperation:
        return str(value) if isinstance(value, int) else f"{value:g}"


def format_value(value: float | Decimal, lang: str) -> str:
    """A number as typed in a cell, in the language's digits: 2,5; 4; 1 234 (a number
    too large for that, 1e308, as Python writes it)."""
    try:
        return format_decimal(value, locale=locale_of(lang))
    except InvalidOperation:
        return f"{value:g}"


def format_period(label: str, lang: str) -> str:
    """A period as prose says it: "2026-Q3" is "heinä–syyskuu 2026" in Finnish (the
    first month's stem), "July–September 2026" in English; an as-of date its day."""
    found = re.fullmatch(r"(\d{4})-Q([1-4])", label)
    if found is None:
        try:
            return format_day(date.fromisoformat(label), lang)
        except ValueError:
            return label
    year, quarter = int(found[1]), int(found[2])
    months = get_month_names("wide", "stand-alone", locale=locale_of(lang))
    first, last = months[3 * quarter - 2], months[3 * quarter]
    if lang == "fi" and first.endswith("kuu"):
        first = first.removesuffix("kuu")  # heinä–syyskuu, as Finnish writes a span
    return f"{first}–{last} {year}"
