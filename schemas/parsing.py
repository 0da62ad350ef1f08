"""Text cells to typed columns, the Finnish way, before the pandera checks.

A cell that is not empty but does not parse becomes a missing value *and* a
problem naming its original text: pandera then checks a clean frame, and the
user learns which value was wrong (the trap of coerce=True, see STACK-NOTES).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

from config import HELSINKI
from ingest.configuration import ColumnConfig, normalise_name
from schemas.business_id import normalise_business_ids
from schemas.models import VALUE_DOMAINS
from schemas.problems import Problem, problem

_SPACES = r"[\s\u00a0\u202f]"  # Finnish thousands separators: space, no-break, narrow no-break
_TIME = r"(?P<hour>\d{1,2})(?P<rest>:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)"
# A day, optionally a time of day, optionally (ISO 8601 only) a UTC offset.
_DATE_TIME = re.compile(
    r"^(?:(?P<iso>\d{4}-\d{2}-\d{2})|(?P<finnish>\d{1,2}\.\d{1,2}\.\d{4}))"
    rf"(?:[T ]{_TIME}\s*(?P<zone>[Zz]|[+-]\d{{2}}(?::?\d{{2}})?)?)?$"
)


# The largest whole number a float holds exactly: a count beyond it is not a count.
MAX_WHOLE_NUMBER = 2**53 - 1
TOO_LARGE = problem("too_large", limit=f"{MAX_WHOLE_NUMBER:,}".replace(",", " "))
NOT_A_DATE = problem("not_a_date")


@dataclass(frozen=True)
class ParseProblem:
    index: int
    column: str
    problem: Problem


def _blank_to_na(text: pd.Series) -> pd.Series:
    stripped = text.fillna("").astype("str").str.strip()
    return stripped.where(stripped != "", None).astype("str")


def by_distinct_values(text: pd.Series, parse: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Parse each distinct spelling once and spread the results: a date column of a
    million rows holds a few hundred distinct days."""
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    if len(uniques) == 0:
        return parse(text)  # nothing but empty cells
    parsed = parse(pd.Series(uniques, dtype=text.dtype)).reset_index(drop=True)
    spread = parsed.take(np.where(codes < 0, 0, codes)).where(codes >= 0)
    return spread.set_axis(text.index)


def parse_dates(text: pd.Series) -> pd.Series:
    """The day a cell names: 2025-12-31, 31.12.2025 (also 5.6.2025), or an ISO 8601
    date-time. A time without an offset is local: its date is the date written. A time
    with an offset (Z, +03:00, +0300) counts on its date in Helsinki: 2026-09-30T23:30Z
    is 1 October there."""
    return by_distinct_values(text, _parse_dates)


def _parse_dates(text: pd.Series) -> pd.Series:
    parts = text.str.extract(_DATE_TIME)
    days = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    finnish = parts["finnish"].notna() & parts["zone"].isna()
    days[finnish] = pd.to_datetime(parts.loc[finnish, "finnish"], format="%d.%m.%Y",
                                   errors="coerce")
    iso = parts["iso"].notna()
    if iso.any():
        # The whole value is parsed, so an impossible time (25:00) is "not a date" too.
        timed = parts["hour"].notna()
        stamp = parts["iso"] + ("T" + parts["hour"].str.zfill(2) + parts["rest"]
                                .str.replace(",", ".", regex=False)).where(timed, "")
        zoned = iso & parts["zone"].notna()
        local = iso & ~zoned
        parsed = pd.to_datetime(stamp[local], format="ISO8601", errors="coerce")
        days[local] = parsed.dt.normalize()
        if zoned.any():
            zone = parts.loc[zoned, "zone"].str.upper()
            instant = pd.to_datetime(stamp[zoned] + zone, format="ISO8601", errors="coerce",
                                     utc=True)
            days[zoned] = instant.dt.tz_convert(HELSINKI).dt.normalize().dt.tz_localize(None)
    return days.astype("datetime64[us]")


def parse_numbers(text: pd.Series) -> pd.Series:
    """Decimal comma or point; spaces (also no-break) as thousands separators."""
    return by_distinct_values(text, _parse_numbers)


def _parse_numbers(text: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(text, errors="coerce").astype("float64")
    rest = numbers.isna() & text.notna()
    if rest.any():  # the Finnish spellings, cleaned only where the plain parse failed
        cleaned = text[rest].str.replace(_SPACES, "", regex=True).str.replace(
            ",", ".", regex=False)
        numbers[rest] = pd.to_numeric(cleaned, errors="coerce")
    return numbers.where(np.isfinite(numbers))  # "inf", "1e999": not a number


def parse_integers(text: pd.Series) -> pd.Series:
    """Whole numbers; a number with a fraction is not a count and parses as missing, and so
    does one too large to count (1e308)."""
    return whole_numbers(parse_numbers(text))


def whole_numbers(numbers: pd.Series) -> pd.Series:
    """The parsed numbers that are counts: whole, and within MAX_WHOLE_NUMBER."""
    whole = (numbers % 1 == 0) & (numbers.abs() <= MAX_WHOLE_NUMBER)
    return numbers.where(whole).astype("Int64")


def parse_coded(text: pd.Series, names: dict[str, str]) -> pd.Series:
    """Known spellings to the canonical value; an unknown one stays for isin to reject.
    Each distinct spelling is looked up once (a column holds few of them)."""
    spellings = {value: names.get(normalise_name(value), normalise_name(value))
                 for value in text.dropna().unique()}
    return text.map(spellings).astype("str")


def parse_frame(
    dataset: str, raw: pd.DataFrame, schema: pa.DataFrameSchema, columns: ColumnConfig
) -> tuple[pd.DataFrame, list[ParseProblem]]:
    """Typed columns for every column of the schema; problems for values that did not parse."""
    typed = pd.DataFrame(index=raw.index)
    problems: list[ParseProblem] = []

    def unparsed(column: str, text: pd.Series, parsed: pd.Series, message: Problem) -> None:
        for index in text.index[(text.notna() & parsed.isna()).to_numpy(dtype=bool)]:
            problems.append(ParseProblem(int(index), column, message))

    for column, spec in schema.columns.items():
        text = _blank_to_na(raw[column]) if column in raw else pd.Series(
            None, index=raw.index, dtype="str"
        )
        dtype = str(spec.dtype)
        if dtype.startswith("datetime64"):
            typed[column] = parse_dates(text)
            unparsed(column, text, typed[column], NOT_A_DATE)
        elif dtype == "Int64":
            # A fraction in a count is as wrong as a word: both are "not a whole number".
            numbers = parse_numbers(text)
            typed[column] = whole_numbers(numbers)
            huge = numbers.abs() > MAX_WHOLE_NUMBER
            unparsed(column, text.where(~huge), typed[column], problem("not_whole"))
            unparsed(column, text.where(huge), typed[column], TOO_LARGE)
        elif dtype == "float64":
            typed[column] = parse_numbers(text)
            unparsed(column, text, typed[column], problem("not_a_number"))
        elif dtype == "boolean":
            names = columns.value_names("boolean")
            flags = parse_coded(text, names)
            typed[column] = flags.map({"true": True, "false": False}).astype("boolean")
            unparsed(column, text, typed[column], problem("not_yes_no"))
        elif column == "business_id":
            typed[column] = normalise_business_ids(text)
        elif column == "cluster_id":
            typed[column] = text.str.casefold()
        elif (dataset, column) in VALUE_DOMAINS:
            typed[column] = parse_coded(text, columns.value_names(VALUE_DOMAINS[dataset, column]))
        else:
            typed[column] = text
    return typed, problems
