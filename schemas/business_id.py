"""The Finnish business ID (Y-tunnus): seven digits, a hyphen and a check digit."""

from __future__ import annotations

import re

import pandas as pd

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
_FORMAT = re.compile(r"^\d{7}-\d$")


def normalise_business_id(text: str) -> str:
    """Accepted spellings to the canonical 1234567-8; anything else comes back unchanged.

    FI12345678 (the VAT form), 12345678, and the old six-digit 123456-7 (padded
    with a leading zero) are accepted.
    """
    compact = re.sub(r"\s+", "", text).upper()
    if re.fullmatch(r"FI\d{8}", compact):
        compact = compact[2:]
    if re.fullmatch(r"\d{8}", compact):
        return f"{compact[:7]}-{compact[7]}"
    if re.fullmatch(r"\d{6}-\d", compact):
        return "0" + compact
    return compact if _FORMAT.match(compact) else text.strip()


def check_digit(first_seven: str) -> int | None:
    """The check digit for seven digits; None when no valid ID has them (remainder 1)."""
    pairs = zip(first_seven, _WEIGHTS, strict=True)
    remainder = sum(int(digit) * weight for digit, weight in pairs) % 11
    if remainder == 1:
        return None
    return 0 if remainder == 0 else 11 - remainder


def valid_business_ids(ids: pd.Series) -> pd.Series:
    """is_valid_business_id for a whole column at once (missing values are valid)."""
    text = ids.astype("str")
    shaped = text.str.fullmatch(r"\d{7}-\d").fillna(False).astype(bool)
    digits = text[shaped]
    remainder = pd.Series(0, index=digits.index)
    for position, weight in enumerate(_WEIGHTS):
        remainder += digits.str[position].astype(int) * weight
    remainder %= 11
    # remainder 0: check digit 0; remainder 1: no valid ID; otherwise 11 - remainder
    expected = (11 - remainder).mask(remainder == 0, 0).mask(remainder == 1, -1)
    valid = pd.Series(False, index=ids.index)
    valid[shaped] = expected == digits.str[8].astype(int)
    return valid | ids.isna()


def normalise_business_ids(ids: pd.Series) -> pd.Series:
    """normalise_business_id, applied once per distinct spelling."""
    canonical = ids.str.fullmatch(r"\d{7}-\d").fillna(False).astype(bool)
    odd = ids[~canonical & ids.notna()]
    spellings = {value: normalise_business_id(value) for value in odd.unique()}
    fixed = ids.copy()
    fixed[odd.index] = odd.map(spellings)
    return fixed.astype("str")


def is_valid_business_id(text: str) -> bool:
    if not _FORMAT.match(text):
        return False
    return check_digit(text[:7]) == int(text[-1])
