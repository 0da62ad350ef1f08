"""The Finnish business ID (Y-tunnus): seven digits, a hyphen and a check digit."""

from __future__ import annotations

import re

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


def is_valid_business_id(text: str) -> bool:
    if not _FORMAT.match(text):
        return False
    return check_digit(text[:7]) == int(text[-1])
