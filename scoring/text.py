"""Bilingual sentences and the formatting of dates and numbers inside them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

LANGUAGES = ("fi", "en")
_EN_MONTHS = "January February March April May June July August September October November December"


@dataclass(frozen=True)
class Text:
    """One sentence in Finnish and English; Finnish is the reports' first language."""

    fi: str
    en: str

    def get(self, lang: str) -> str:
        """Finnish for fi; English for en and for a language a translator added to the
        reports' catalogues (the criteria's sentences live here, in code)."""
        return self.fi if lang == "fi" else self.en

    def as_dict(self) -> dict[str, str]:
        return {"fi": self.fi, "en": self.en}


def fi_date(day: date) -> str:
    """31.12.2026, the Finnish way (no leading zeros)."""
    return f"{day.day}.{day.month}.{day.year}"


def en_date(day: date) -> str:
    """31 December 2026."""
    return f"{day.day} {_EN_MONTHS.split()[day.month - 1]} {day.year}"


def dates(day: date) -> tuple[str, str]:
    return fi_date(day), en_date(day)


def plural(count: int, fi_one: str, fi_many: str, en_one: str, en_many: str) -> tuple[str, str]:
    """'1 yritys' / '3 yritystä' and '1 company' / '3 companies'."""
    return (
        f"{count} {fi_one if count == 1 else fi_many}",
        f"{count} {en_one if count == 1 else en_many}",
    )


def span(low: int, high: int) -> str:
    """A range of whole numbers as a reader writes it: "1–4", or "4" when it is one."""
    return str(low) if low >= high else f"{low}–{high}"
