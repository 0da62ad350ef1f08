"""The evidence a status rests on: where it is (a file's row, with its sheet and column; a
dataset; a web page) and its facts, typed. A fact is a value as the inputs have it (a
name, a reference, an address), a date, a number, a coded value (Code), a column
(Column), a failed website check (Finding) or a message (`say("ev_signed", date=day)`).

reports/ words each fact in the report's language (reports/wording.py); results.json
keeps them as data ("facts") beside `source` and `detail`, the language-neutral text
its readers have had from the first release ("agreements.csv row 4", "Oy Yritys Ab ·
membership · signed 2024-01-10"), which `neutral` writes from the facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from scoring.text import Code, Column, Message, from_json, say, to_json


@dataclass(frozen=True)
class Finding:
    """A failed website check at a page: the check as recorded (a static check's name or
    an axe-core rule), how many places, the WCAG success criteria it tests, and the
    static check it is the same as (axe's image-alt is img_alt), None for another rule."""

    check: str
    count: int | None = None
    wcag: str | None = None
    same_as: str | None = None


Fact = str | int | float | Decimal | bool | date | Code | Column | Finding | Message


def row_reference(file: object, row: object, sheet: object = None) -> str:
    """Where a row is, as results.json says it: "agreements.csv row 4", and the sheet when
    its workbook has more than one: "lokit.xlsx sheet activities row 2"."""
    if sheet and isinstance(sheet, str):
        return f"{file} sheet {sheet} row {row}"
    return f"{file} row {row}"


@dataclass(frozen=True)
class Evidence:
    """One row, document or check a verdict rests on: where it is and what it says."""

    file: str  # a file's name; a dataset's name for a count over it; a page's address
    row: int | None = None
    sheet: str | None = None
    column: str | None = None  # the register's column the facts are of
    facts: tuple[Fact, ...] = ()

    @classmethod
    def of_row(cls, row: Mapping[str, Any] | pd.Series, *parts: object,
               column: str | None = None) -> Evidence:
        """A row of an input (its `_file`, `_row` and `_sheet`) and its non-empty facts."""
        sheet = row.get("_sheet")
        return cls(str(row["_file"]), int(row["_row"]),
                   sheet if sheet and isinstance(sheet, str) else None, column, facts(*parts))

    @property
    def source(self) -> str:
        where = self.file if self.row is None else row_reference(self.file, self.row, self.sheet)
        return f"{where}: {self.column}" if self.column else where

    @property
    def detail(self) -> str:
        return " · ".join(neutral(fact) for fact in self.facts)

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "detail": self.detail, "file": self.file,
                "sheet": self.sheet, "row": self.row, "column": self.column,
                "facts": [fact_json(fact) for fact in self.facts]}

    @classmethod
    def from_dict(cls, stored: Mapping[str, Any]) -> Evidence:
        """An entry of results.json; one written before the facts were kept shows its
        language-neutral text as it is."""
        if "facts" not in stored:
            return cls(str(stored["source"]), facts=facts(stored.get("detail")))
        return cls(stored["file"], stored["row"], stored["sheet"], stored["column"],
                   tuple(fact_from_json(fact) for fact in stored["facts"]))


def facts(*parts: object) -> tuple[Fact, ...]:
    """The facts that are there: empty text, None and NaN are left out, a timestamp is
    its day, text is stripped."""
    shown: list[Fact] = []
    for part in parts:  # called for every evidence row: the common types first, no pd.isna
        if isinstance(part, np.generic):  # a pandas cell: results.json wants Python's own
            part = part.item()
        if isinstance(part, str):
            if text := part.strip():
                shown.append(text)
        elif part is None or part is pd.NA or part is pd.NaT:
            continue
        elif isinstance(part, pd.Timestamp):
            shown.append(part.date())
        elif isinstance(part, float) and part != part:  # NaN
            continue
        else:
            shown.append(part)  # type: ignore[arg-type]
    return tuple(shown)


def coded(value: object) -> Code | None:
    """A coded cell as a Code, None when it is empty."""
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    return Code(str(value).strip()) if str(value).strip() else None


def counted_fact(message_id: str, value: object) -> Message | None:
    """`counted_fact("ev_participants", 12)`: '12 participants', None when it is empty."""
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    return say(message_id, count=int(value))  # type: ignore[call-overload]


# results.json's language-neutral words for the evidence's messages (the reports say them
# from the catalogue): the text its readers have parsed since the first release.
NEUTRAL = {
    "ev_signed": "signed {date}", "ev_approved": "approved {date}",
    "ev_valid_until": "valid until {date}", "ev_open_ended": "open-ended",
    "ev_not_approved": "not approved", "ev_no_reference": "(no reference)",
    "ev_empty": "(empty)", "ev_verified": "verified", "ev_planned": "planned",
    "ev_not_verified": "not verified: {why}", "ev_not_measured": "not measured",
    "ev_participants": "{count} participants", "ev_companies": "{count} companies",
    "ev_more_rows": "{count} more rows", "ev_committed_members": "committed members: {count}",
    "ev_company_share": "companies: {share}", "ev_http_status": "HTTP {count}",
    "ev_value": "{column} = {value}", "ev_check": "{column}: {result}",
    "ev_check_count": "{column}: {result} ({count})", "ev_pair": "{name}: {value}",
    "why_type": "letter of intent or other type", "why_unsigned": "unsigned",
    "why_no_evidence": "without evidence reference", "why_not_yet": "not yet in force",
    "why_expired": "expired",
}


def neutral(fact: object) -> str:
    if isinstance(fact, Message):
        return NEUTRAL[fact.id].format(**{name: neutral(v) for name, v in fact.values})
    if isinstance(fact, bool):
        return str(fact).lower()
    if isinstance(fact, date):
        return fact.isoformat()
    if isinstance(fact, float):
        return f"{fact:g}"
    if isinstance(fact, Code):
        return fact.value
    if isinstance(fact, Column):
        return fact.name
    if isinstance(fact, Finding):
        return fact.check + (f" ({fact.count})" if fact.count and fact.count > 1 else "")
    return str(fact)


def fact_json(fact: Fact) -> Any:
    if isinstance(fact, Finding):
        return {"finding": fact.check, "count": fact.count, "wcag": fact.wcag,
                "same_as": fact.same_as}
    return to_json(fact)


def fact_from_json(stored: Any) -> Fact:
    if isinstance(stored, dict) and "finding" in stored:
        return Finding(stored["finding"], stored["count"], stored["wcag"], stored["same_as"])
    return from_json(stored)
