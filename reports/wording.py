"""The evidence in the report's language.

results.json keeps each piece of evidence language-neutral: where it is ("agreements.csv
row 4: leader_name") and its facts joined by " · " (codes such as `membership`, ISO dates,
a few fixed English phrases such as "signed 2024-01-10", names and references as they
are in the inputs). A report words those facts in its language: codes, phrases, column
names and website findings come from the message catalogue (reports/locale/), dates
the language's way; names, references, addresses and quoted page content stay as they
are. A fact this module does not know is shown as it is.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from reports.formats import format_day
from reports.messages import MESSAGES, format_number
from scoring.model import Evidence

_ROW = re.compile(r"^(?P<file>.+?)(?: sheet (?P<sheet>.+?))? row (?P<row>\d+)"
                  r"(?:: (?P<column>[a-z_]+))?$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")
_PHRASES = [  # (pattern, catalogue key, the group's kind)
    (re.compile(r"^signed (\d{4}-\d{2}-\d{2})$"), "ev_signed", "date"),
    (re.compile(r"^approved (\d{4}-\d{2}-\d{2})$"), "ev_approved", "date"),
    (re.compile(r"^valid until (\d{4}-\d{2}-\d{2})$"), "ev_valid_until", "date"),
    (re.compile(r"^(\d+) participants$"), "ev_participants", "count"),
    (re.compile(r"^(\d+) companies$"), "ev_companies", "count"),
    (re.compile(r"^(\d+) more rows$"), "ev_more_rows", "count"),
    (re.compile(r"^committed members: (\d+)$"), "ev_committed_members", "count"),
    (re.compile(r"^companies: (\d+/\d+)$"), "ev_company_share", "share"),
    (re.compile(r"^HTTP (\d{3})$"), "ev_http_status", "count"),
]
_FIXED = {"open-ended": "ev_open_ended", "not approved": "ev_not_approved",
          "(no reference)": "ev_no_reference", "(empty)": "ev_empty",
          "verified": "ev_verified", "planned": "ev_planned"}
# Why an agreement does not verify, as scoring/criteria/c1 words it in English.
_WHY = {"letter of intent or other type": "why_type", "unsigned": "why_unsigned",
        "without evidence reference": "why_no_evidence", "not yet in force": "why_not_yet",
        "expired": "why_expired"}
# The WCAG success criteria of the website checks (ingest/websites/probes.py); axe-core's
# rules that check the same thing are worded as the static check.
FINDING_WCAG = {"html_lang": "3.1.1", "title": "2.4.2", "img_alt": "1.1.1",
                "headings": "1.3.1", "form_labels": "1.3.1, 4.1.2",
                "link_names": "2.4.4, 4.1.2", "button_names": "4.1.2",
                "viewport_zoom": "1.4.4"}
AXE_SAME_AS = {"image-alt": "img_alt", "label": "form_labels", "link-name": "link_names",
               "button-name": "button_names", "html-has-lang": "html_lang",
               "html-lang-valid": "html_lang", "document-title": "title",
               "meta-viewport": "viewport_zoom"}
AXE_WCAG = {"color-contrast": "1.4.3", "frame-title": "4.1.2", "input-image-alt": "1.1.1",
            "list": "1.3.1", "listitem": "1.3.1", "duplicate-id-aria": "4.1.1",
            "aria-required-attr": "4.1.2", "select-name": "4.1.2", "video-caption": "1.2.2"}
_FINDING = re.compile(r"^(?P<check>[a-z][a-z0-9_-]*)(?: \((?P<count>\d+)\))?$")
_CHECK_LINE = re.compile(r"^(?P<column>[a-z_]+): (?P<result>pass|fail)(?: \((?P<n>\d+)\))?$")
_ASSIGNED = re.compile(r"^(?P<column>[a-z_]+) = (?P<value>.*)$")
_PAIR = re.compile(r"^(?P<left>[A-Za-z0-9_]+): (?P<right>.+)$")


@cache
def wording_in(lang: str) -> Wording:
    """One Wording per language, shared by every view of a process."""
    return Wording(lang)


class Wording:
    """`wording_in("fi").evidence(item)`: {"source", "detail"} in Finnish."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.words = MESSAGES[lang]

    def _date(self, text: str) -> str:
        day = date.fromisoformat(text)
        return format_day(day, self.lang)

    def code(self, value: str) -> str | None:
        """A coded value's word (a status's too), or None when it is not a code."""
        return self.words.get(f"code_{value}") or self.words.get(f"status_{value}")

    def column(self, name: str) -> str:
        return self.words.get(f"col_{name}", name)

    def evidence(self, item: Evidence) -> dict[str, Any]:
        return {"source": self.source(item.source), "detail": self.detail(item.detail)}

    def source(self, source: str) -> str:
        found = _ROW.match(source)
        if found is None:
            return self.words.get(f"dataset_{source}", source)
        where = (self.words["ev_sheet_row"].format(file=found["file"], sheet=found["sheet"],
                                                   row=found["row"]) if found["sheet"]
                 else self.words["ev_row"].format(file=found["file"], row=found["row"]))
        return f"{where}: {self.column(found['column'])}" if found["column"] else where

    def detail(self, detail: str) -> str:
        parts = detail.split(" · ")
        if parts and (finding := self._finding(parts[0])) is not None:
            return " · ".join([finding, *parts[1:]])  # the element stays as the page has it
        return " · ".join(self.fact(part) for part in parts)

    def fact(self, part: str) -> str:
        if _ISO.match(part):
            return self._date(part)
        if _DECIMAL.match(part):
            return format_number(float(part), self.lang)
        if part in _FIXED:
            return self.words[_FIXED[part]]
        if (word := self.code(part)) is not None:
            return word
        if part.startswith("not verified: "):
            why = part.removeprefix("not verified: ")
            return self.words["ev_not_verified"].format(
                why=self.words[_WHY[why]] if why in _WHY else why)
        for pattern, key, kind in _PHRASES:
            if found := pattern.match(part):
                value = found[1]
                if kind == "date":
                    return self.words[key].format(date=self._date(value))
                if kind == "count":
                    return self.words[key].format(count=value)
                return self.words[key].format(share=value)
        if found := _CHECK_LINE.match(part):
            result = self.words[f"code_{found['result']}"]
            count = f" ({found['n']})" if found["n"] else ""
            return f"{self.column(found['column'])}: {result}{count}"
        if found := _ASSIGNED.match(part):
            value = found["value"]
            shown = self.fact(value) if value else value
            return f"{self.column(found['column'])} = {shown}"
        if found := _PAIR.match(part):  # "company: 3", "C5: partially_met"
            left = self.code(found["left"]) or self.column(found["left"])
            return f"{left}: {self.fact(found['right'])}"
        return part

    def _finding(self, part: str) -> str | None:
        """A failed website check as a sentence with its WCAG success criterion."""
        found = _FINDING.match(part)
        if found is None:
            return None
        check = AXE_SAME_AS.get(found["check"], found["check"])
        sentence = self.words.get(f"finding_{check}")
        criteria = FINDING_WCAG.get(check) or AXE_WCAG.get(check)
        if sentence is None:
            if "-" not in check:
                return None  # not a check: a code or a plain word
            sentence = self.words["ev_axe_rule"].format(rule=check)
        wcag = self.words["ev_wcag"].format(criteria=criteria) if criteria else ""
        text = self.words["ev_finding"].format(sentence=sentence, wcag=wcag)
        if found["count"]:
            text += f", {self.words['ev_found_times'].format(count=found['count'])}"
        return text
