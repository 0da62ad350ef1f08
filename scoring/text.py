"""The sentences of scoring/ as message ids with named values. The words live only in
the catalogues (reports/locale/: the .pot, one .po per language), which
reports/messages.say renders in a report's language: a translator's .po file is a new
language for the reasons, thresholds and steps too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

LANGUAGES = ("fi", "en")


@dataclass(frozen=True)
class Message:
    """A sentence by its catalogue id and its values: numbers, dates, names, codes, other
    messages, or a tuple of them (a list). A value named `count` picks the plural form
    when the catalogue gives one. A Decimal is a number said with the digits it has (0,25
    htv), where a float is said with one decimal."""

    id: str
    values: tuple[tuple[str, Any], ...] = ()

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.values)

    def as_json(self) -> dict[str, Any]:
        """What the history stores: the id and the values, a date as {"date": iso}."""
        return {"id": self.id, "values": {name: to_json(v) for name, v in self.values}}

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> Message:
        return say(stored["id"], **{name: from_json(v) for name, v in stored["values"].items()})


def say(message_id: str, **values: Any) -> Message:
    """`say("c4_reason", start=day, count=3)`: a list given as a list is kept as a tuple
    (a Message is hashable and frozen)."""
    return Message(message_id, tuple(
        (name, tuple(value) if isinstance(value, list) else value)
        for name, value in values.items()))


def counted(message_id: str, count: int, **values: Any) -> Message:
    """A count's sentence, and its own sentence for none: gettext's plural forms have no
    zero ("ei ole yhtään", not "on 0"), so `<id>_none` words it."""
    return say(f"{message_id}_none", **values) if count == 0 \
        else say(message_id, count=count, **values)


@dataclass(frozen=True)
class Code:
    """A coded value of the inputs (an agreement's type, an activity's kind, a status):
    the catalogue's code_<value> says it, or it is shown as it is."""

    value: str


@dataclass(frozen=True)
class Column:
    """A column of the inputs, said by its header in the reader's language (col_<name>)."""

    name: str


def to_json(value: Any) -> Any:
    if isinstance(value, Message):
        return value.as_json()
    if isinstance(value, Code):
        return {"code": value.value}
    if isinstance(value, Column):
        return {"column": value.name}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, tuple):
        return [to_json(item) for item in value]
    return value


def from_json(value: Any) -> Any:
    if isinstance(value, dict) and "decimal" in value:
        return Decimal(value["decimal"])
    if isinstance(value, dict) and "code" in value:
        return Code(value["code"])
    if isinstance(value, dict) and "column" in value:
        return Column(value["column"])
    if isinstance(value, dict):
        return date.fromisoformat(value["date"]) if "date" in value else Message.from_json(value)
    if isinstance(value, list):
        return tuple(from_json(item) for item in value)
    return value


@dataclass(frozen=True)
class ConfigName:
    """A name the configuration gives in Finnish and English (a Gold indicator's, from
    config/labels.yaml): data, not a sentence of the code; other languages show the
    English."""

    fi: str
    en: str

    def get(self, lang: str) -> str:
        return self.fi if lang == "fi" else self.en


def span(low: int, high: int) -> str:
    """A range of whole numbers as a reader writes it: "1–4", or "4" when it is one."""
    return str(low) if low >= high else f"{low}–{high}"
