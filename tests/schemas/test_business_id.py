import pytest

from schemas.business_id import is_valid_business_id, normalise_business_id


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("0737546-2", True),
        ("1572860-0", True),
        ("0737546-3", False),  # wrong check digit
        ("1000008-0", False),  # remainder 1: no valid ID has these digits
        ("073754-62", False),
        ("abc", False),
    ],
)
def test_check_digit(text, valid):
    assert is_valid_business_id(text) is valid


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("FI07375462", "0737546-2"),
        ("07375462", "0737546-2"),
        (" 0737546-2 ", "0737546-2"),
        ("737546-2", "0737546-2"),
        ("not an id", "not an id"),
    ],
)
def test_normalise(text, normalised):
    assert normalise_business_id(text) == normalised
