"""Evaluation periods: a quarter or an as-of date, its window and the window's quarters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from dateutil.relativedelta import relativedelta

_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*$")
# The dates an evaluation may be made as of: the arithmetic of windows and forecasts
# (years before and after) stays within the calendar, and a typo (9999) is caught.
EARLIEST_AS_OF, LATEST_AS_OF = date(1990, 1, 1), date(2999, 12, 31)


def quarter_end(year: int, quarter: int) -> date:
    first_of_next = date(year, 3 * quarter, 1) + relativedelta(months=1)
    return first_of_next - timedelta(days=1)


def end_of_quarter(day: date) -> date:
    """The last day of the quarter `day` is in."""
    return quarter_end(day.year, (day.month - 1) // 3 + 1)


def next_evaluation(as_of: date) -> date:
    """The next quarterly evaluation after an as-of date: the end of its quarter, or of the
    quarter after when the as-of date ends a quarter."""
    end = end_of_quarter(as_of)
    return end if end > as_of else end_of_quarter(as_of + timedelta(days=1))


def evaluation_dates(as_of: date, horizon_months: int) -> list[date]:
    """The quarterly evaluations after `as_of` within `horizon_months` of it, in order."""
    last = as_of + relativedelta(months=horizon_months)
    found = [next_evaluation(as_of)]
    while (following := next_evaluation(found[-1])) <= last:
        found.append(following)
    return [day for day in found if day <= last]


def day_of_text(text: str) -> date | None:
    """The day a text names, read as an input file's date cell is read; None if none."""
    import pandas as pd

    # Imported when asked: the schemas' rule for a date, without a cycle at import time.
    from schemas.parsing import parse_dates

    parsed = parse_dates(pd.Series([text.strip()], dtype="str"))
    return None if pd.isna(parsed.iloc[0]) else parsed.iloc[0].date()


@cache  # asked for the same few dates by every cluster's criteria
def months_before(day: date, months: int) -> date:
    """The same day `months` earlier; a month's last day maps to a month's last day
    (30.9. -> 30.6. -> 31.3.), and other days are clamped (31.5. -> 28.2.)."""
    if (day + timedelta(days=1)).day == 1:
        return day + timedelta(days=1) - relativedelta(months=months) - timedelta(days=1)
    return day - relativedelta(months=months)


def parse_period(quarter: str | None, as_of: str | None, today: date,
                 window_months: int = 12) -> Period:
    """A quarter (2026Q3), an as-of date, or else the last completed quarter before
    `today`. The as-of date takes what the input files take (30.9.2026, 2026-09-30, an
    ISO 8601 date-time: one rule, schemas/parsing.py). Raises ValueError with a sentence
    for the user naming the option and its value."""
    if quarter and as_of:
        raise ValueError("Give either a quarter or an as-of date, not both.")
    if quarter:
        match = _QUARTER.match(quarter)
        if match and not EARLIEST_AS_OF.year <= int(match[1]) <= LATEST_AS_OF.year:
            raise ValueError(f"The quarter {quarter.strip()} is out of range: evaluate a quarter "
                             f"from {EARLIEST_AS_OF.year}Q1 to {LATEST_AS_OF.year}Q4.")
        return Period.from_quarter(quarter, window_months)
    if as_of:
        day = day_of_text(as_of)
        if day is None:
            raise ValueError(f"--as-of {as_of.strip()}: not a date; write it as 30.9.2026 or "
                             "2026-09-30, as in the input files.")
        if not EARLIEST_AS_OF <= day <= LATEST_AS_OF:
            raise ValueError(f"--as-of {as_of.strip()}: the as-of date {day.isoformat()} is "
                             "out of range: evaluate as "
                             f"of a date from {EARLIEST_AS_OF.isoformat()} to "
                             f"{LATEST_AS_OF.isoformat()}.")
        return Period(day, window_months)
    return Period.last_completed_quarter(today, window_months)


@dataclass(frozen=True)
class Period:
    """What an evaluation is as of. `label` names the output folder: 2026-Q3."""

    as_of: date
    window_months: int = 12

    @classmethod
    def from_quarter(cls, text: str, window_months: int = 12) -> Period:
        match = _QUARTER.match(text)
        if not match:
            raise ValueError(f"The quarter '{text}' is not a quarter; write it as 2026Q3 or "
                             "2026-Q3.")
        return cls(quarter_end(int(match[1]), int(match[2])), window_months)

    @classmethod
    def last_completed_quarter(cls, today: date, window_months: int = 12) -> Period:
        quarter = (today.month - 1) // 3  # the current quarter's number minus one
        year = today.year if quarter else today.year - 1
        return cls(quarter_end(year, quarter or 4), window_months)

    @property
    def quarter(self) -> tuple[int, int] | None:
        """(year, quarter) when the as-of date is a quarter's last day, else None."""
        q = (self.as_of.month - 1) // 3 + 1
        return (self.as_of.year, q) if quarter_end(self.as_of.year, q) == self.as_of else None

    @property
    def label(self) -> str:
        quarter = self.quarter
        return f"{quarter[0]}-Q{quarter[1]}" if quarter else self.as_of.isoformat()

    @property
    def window_start(self) -> date:
        """First day of the window: the as-of date and the N months before it, both ends in."""
        return months_before(self.as_of, self.window_months) + timedelta(days=1)

    def in_window(self, day: date) -> bool:
        return self.window_start <= day <= self.as_of

    def window_quarters(self) -> list[tuple[date, date]]:
        """The window cut into four three-month slices, oldest first (calendar quarters
        when the as-of date ends a quarter)."""
        slices = []
        for k in range(3, -1, -1):
            end = months_before(self.as_of, 3 * k)
            start = months_before(self.as_of, 3 * (k + 1)) + timedelta(days=1)
            slices.append((start, end))
        return slices
