"""Dates and numbers by Babel, for any report language."""

from __future__ import annotations

from datetime import date

from reports.formats import format_day, format_number

DAY = date(2026, 9, 3)


def test_finnish_and_english_as_the_reports_always_wrote_them():
    assert format_day(DAY, "fi") == "3.9.2026"
    assert format_day(DAY, "en") == "3 September 2026"
    assert format_number(1234, "fi") == "1\u00a0234" and format_number(1234, "en") == "1,234"
    assert format_number(0.5, "fi") == "0,5" and format_number(1234.25, "en") == "1,234.2"


def test_another_language_gets_its_own_dates_and_numbers_without_code():
    assert format_day(DAY, "sv") == "3 september 2026"
    assert format_number(1234.5, "sv") == "1\u00a0234,5"
    assert format_day(DAY, "se") != ""  # Northern Sámi, as CLDR writes it


def test_a_code_babel_does_not_know_falls_back_to_english():
    assert format_day(DAY, "xx") == "3 September 2026"
