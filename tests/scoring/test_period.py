"""One rule for dates, in options as in files: --as-of takes what a date cell takes."""

from datetime import date

import pytest

from scoring.period import parse_period

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize("text", ["30.9.2026", "2026-09-30", " 30.09.2026 ",
                                  "2026-09-30T12:00:00+03:00", "2026-09-30 08:00"])
def test_as_of_takes_what_files_take(text):
    assert parse_period(None, text, TODAY).as_of == date(2026, 9, 30)


@pytest.mark.parametrize(("text", "said"), [
    ("31.2.2026", "--as-of 31.2.2026: not a date; write it as 30.9.2026 or 2026-09-30"),
    ("syyskuu", "--as-of syyskuu: not a date"),
    ("9999-12-31", "--as-of 9999-12-31: the as-of date 9999-12-31 is out of range"),
])
def test_a_bad_as_of_names_the_option_and_its_value(text, said):
    with pytest.raises(ValueError, match=said.replace(".", r"\.")):
        parse_period(None, text, TODAY)
