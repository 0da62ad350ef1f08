"""The evidence in the report's language: where it is (a file's row, with its sheet and
column; a dataset) and its facts (scoring/evidence.py), each said by
reports/messages.say: codes, columns, website findings and the evidence's phrases from
the catalogue, dates and numbers by Babel; names, references, addresses and quoted page
content stay as they are."""

from __future__ import annotations

from reports.messages import MESSAGES, column_name, said
from scoring.evidence import Evidence, Fact
from scoring.text import Column, Message


def evidence(item: Evidence, lang: str) -> dict[str, str]:
    """{"source", "detail"}: "agreements.csv, rivi 4", "Oy Yritys Ab · jäsensopimus · …"."""
    return {"source": place(lang, item.file, item.row, item.sheet, item.column),
            "detail": " · ".join(said(_named_once(fact, item.column), lang)
                                 for fact in item.facts)}


def _named_once(fact: Fact, column: str | None) -> Fact:
    """The value of the column the source already names ("clusters.csv, rivi 5:
    henkilötyövuodet: 1,5", not the column twice)."""
    if isinstance(fact, Message) and fact.id == "ev_value" \
            and fact.params["column"] == Column(str(column)):
        return fact.params["value"]
    return fact


def place(lang: str, file: str, row: int | None = None, sheet: str | None = None,
          column: str | None = None) -> str:
    """A row as the reader names it, or a dataset by its name when there is no row."""
    words = MESSAGES[lang]
    where = (dataset_name(file, lang) if row is None
             else words["ev_sheet_row"].format(file=file, sheet=sheet, row=row) if sheet
             else words["ev_row"].format(file=file, row=row))
    return f"{where}: {column_name(column, lang)}" if column else where


def dataset_name(name: str, lang: str) -> str:
    return MESSAGES[lang].get(f"dataset_{name}", name)
