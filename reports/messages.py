"""Every user-facing string of the reports, from the message catalogues in
reports/locale/ (gettext .po, one per language; reports/locale/clustereval.pot lists the
messages with their Finnish and English wording for a translator); none in templates."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from gettext import c2py
from pathlib import Path
from typing import Any

from babel.lists import format_list
from babel.messages.pofile import read_po

from reports.formats import format_day, format_number, format_value, locale_of
from schemas.problems import Problem
from scoring.evidence import Finding
from scoring.text import Code, Column, ConfigName, Message

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "clustereval"
FALLBACK = "en"  # a message a catalogue lacks is shown in English


EXTRA_LOCALE_ENV = "CLUSTEREVAL_LOCALE_DIR"  # a translator's catalogues outside the install
UNREADABLE_CATALOGUES: list[str] = []  # said by the command line, not a reason to stop


@dataclass(frozen=True)
class PluralForms:
    """A message whose words depend on a count: the catalogue's forms and its rule."""

    forms: tuple[str, ...]
    rule: Callable[[int], int]

    def pick(self, count: int) -> str:
        return self.forms[min(self.rule(count), len(self.forms) - 1)]


LACKING: dict[str, int] = {}  # a translator's catalogue: how many messages English fills


def _read(roots: tuple[Path, ...]) -> tuple[dict[str, dict[str, str]],
                                             dict[str, dict[str, PluralForms]]]:
    """The catalogues of each root in turn: a later root's message replaces an earlier
    one's (a translator's fi file may correct one Finnish message; the rest stay)."""
    extra = os.environ.get(EXTRA_LOCALE_ENV)
    roots = roots or (LOCALE_DIR, *([Path(extra)] if extra else []))
    words: dict[str, dict[str, str]] = {}
    plurals: dict[str, dict[str, PluralForms]] = {}
    for po in [po for root in roots for po in sorted(root.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))]:
        language = po.parent.parent.name
        try:
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=None, domain=DOMAIN)
            rule = c2py(catalog.plural_expr)
            for n in range(200):  # a rule that fails or picks no form is no rule
                if not 0 <= int(rule(n)) < catalog.num_plurals:
                    raise ValueError(f"the plural rule picks form {rule(n)} for {n}")
        except (OSError, ValueError, ArithmeticError) as error:  # a broken file: no language
            UNREADABLE_CATALOGUES.append(f"{po}: {type(error).__name__}: {error}")
            continue
        done = [m for m in catalog if m.id and not m.fuzzy]
        words.setdefault(language, {}).update(
            {m.id: m.string for m in done
             if isinstance(m.id, str) and isinstance(m.string, str) and m.string})
        plurals.setdefault(language, {}).update(
            {m.id[0]: PluralForms(tuple(m.string), rule) for m in done
             if isinstance(m.id, tuple) and isinstance(m.string, tuple) and all(m.string)})
    return words, plurals


def _ordered(found: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Finnish first, English second; a message a catalogue lacks is English's."""
    english = found.get(FALLBACK, {})
    ordered = sorted(found, key=lambda lang: (lang != "fi", lang != "en", lang))
    return {lang: {**english, **found[lang]} for lang in ordered}


def load_catalogues(*roots: Path) -> dict[str, dict[str, str]]:
    """Every language with a catalogue (`<root>/<lang>/LC_MESSAGES/clustereval.po`) in
    reports/locale/ and in the folder CLUSTEREVAL_LOCALE_DIR names, Finnish first: a
    translator's new .po file is a new report language, no code changes. A message
    missing from a catalogue (or marked fuzzy) falls back to English."""
    return _ordered(_read(roots)[0])


def _values_named(words: str) -> set[str]:
    return set(re.findall(r"\{([^{}:!]*)[^{}]*\}", words))


def _sayable(words: str, known: set[str]) -> bool:
    """Words that format with the values the message is given, as text."""
    try:
        words.format(**dict.fromkeys(known, "1"))
    except (KeyError, IndexError, ValueError, AttributeError):
        return False
    return True


def _without_unsayable(words: dict[str, dict[str, str]],
                       plurals: dict[str, dict[str, PluralForms]],
                       shipped_words: dict[str, dict[str, str]],
                       shipped_plurals: dict[str, dict[str, PluralForms]]) -> None:
    """A message that cannot be said ({dai} for {day}, a lone brace, a number format on
    a value given as text, a plural where the message has none) would stop every page:
    it is dropped, so the English shows, and counted as lacking. The values a message is
    given: those the shipped Finnish or English names (reports/locale/)."""
    shipped = ("fi", FALLBACK)
    for lang in words:
        for key, text in list(words[lang].items()):
            known = set().union(*(_values_named(shipped_words.get(s, {}).get(key, ""))
                                  for s in shipped))
            if key in shipped_plurals.get(FALLBACK, {}) or not _sayable(text, known):
                del words[lang][key]
        for key, forms in list(plurals[lang].items()):
            known = set().union(*(_values_named(" ".join(shipped_plurals[s][key].forms))
                                  for s in shipped if key in shipped_plurals.get(s, {})))
            if key not in shipped_plurals.get(FALLBACK, {}) or not all(
                    _sayable(form, known) for form in forms.forms):
                del plurals[lang][key]


def _merged(first: dict[str, dict[str, Any]], then: dict[str, dict[str, Any]]
            ) -> dict[str, dict[str, Any]]:
    return {lang: {**first.get(lang, {}), **then.get(lang, {})} for lang in {**first, **then}}


# The shipped catalogues, read once, then a translator's (CLUSTEREVAL_LOCALE_DIR) over them.
_SHIPPED = _read((LOCALE_DIR,))
_EXTRA = _read((Path(os.environ[EXTRA_LOCALE_ENV]),)) if os.environ.get(EXTRA_LOCALE_ENV) \
    else ({}, {})
_WORDS, _PLURALS = _merged(_SHIPPED[0], _EXTRA[0]), _merged(_SHIPPED[1], _EXTRA[1])
_without_unsayable(_WORDS, _PLURALS, *_SHIPPED)
# The reports' own words, per language: MESSAGES["fi"]["verdict"] == "Kokonaisarvio".
MESSAGES: dict[str, dict[str, str]] = _ordered(_WORDS)
PLURALS: dict[str, dict[str, PluralForms]] = _ordered(_PLURALS)
REPORT_LANGUAGES = tuple(MESSAGES)
for _lang in REPORT_LANGUAGES:
    _lacks = (len(set(_WORDS.get(FALLBACK, {})) - set(_WORDS[_lang]))
              + len(set(_PLURALS.get(FALLBACK, {})) - set(_PLURALS[_lang])))
    if _lacks:
        LACKING[_lang] = _lacks


def spoken(lang: str) -> str:
    """The language a sentence is said in: English for "both" or a list (results.json's
    plain `reason` and results.csv under them), else `lang`."""
    return lang if lang in MESSAGES else FALLBACK


def say(message: Message | ConfigName, lang: str) -> str:
    """A message of scoring/ in a language: its catalogue's words, the values formatted
    by Babel for the language (dates, numbers, lists), nested messages said too."""
    lang = spoken(lang)
    if isinstance(message, ConfigName):
        return message.get(lang)
    values = {name: said(value, lang) for name, value in message.values}
    plural = PLURALS[lang].get(message.id)
    words = plural.pick(int(message.params["count"])) if plural else MESSAGES[lang][message.id]
    return words.format(**values)


def said(value: Any, lang: str) -> str:
    """A value of a message, or a fact of the evidence, in a language."""
    if isinstance(value, (Message, ConfigName)):
        return say(value, lang)
    if isinstance(value, Code):
        return code_word(value.value, lang) or value.value
    if isinstance(value, Column):
        return column_name(value.name, lang)
    if isinstance(value, Finding):
        return _finding(value, lang)
    if isinstance(value, date):
        return format_day(value, lang)
    if isinstance(value, bool):
        return MESSAGES[lang]["code_true" if value else "code_false"]
    if isinstance(value, Decimal):  # a number with the digits it has: 0,25
        return format_value(value, lang)
    if isinstance(value, (int, float)):
        return format_number(value, lang)
    if isinstance(value, tuple):
        return format_list([said(item, lang) for item in value], locale=locale_of(lang))
    return str(value)


def column_name(name: str, lang: str) -> str:
    """A column by its header in the language (col_<name>), else its id."""
    return MESSAGES[lang].get(f"col_{name}", name)


def code_word(value: str, lang: str) -> str | None:
    """A coded value's word (a status's too), None when the catalogue has none."""
    return MESSAGES[lang].get(f"code_{value}") or MESSAGES[lang].get(f"status_{value}")


def _finding(found: Finding, lang: str) -> str:
    """A failed website check as a sentence with its WCAG success criteria and count."""
    words = MESSAGES[lang]
    sentence = (words[f"finding_{found.same_as}"] if found.same_as
                else words["ev_axe_rule"].format(rule=found.check))
    wcag = words["ev_wcag"].format(criteria=found.wcag) if found.wcag else ""
    text = words["ev_finding"].format(sentence=sentence, wcag=wcag)
    times = Message("ev_found_times", (("count", found.count),))
    return f"{text}, {say(times, lang)}" if found.count else text


def translator(lang: str) -> Callable[[str], str]:
    """The templates' `_("key")` for a language (Jinja's i18n extension calls it)."""
    words = MESSAGES[lang]

    def gettext(key: str) -> str:
        return words[key]  # an unknown key is a template's mistake: fail loudly

    return gettext


# A symbol beside every status word, so that no status is told by colour alone.
SYMBOLS = {
    "met": "✓",
    "partially_met": "◐",
    "not_met": "✗",
    "insufficient_data": "?",
    "meets": "✓",
    "partially_meets": "◐",
    "does_not_meet": "✗",
}


def message(lang: str, key: str, **values: object) -> str:
    return MESSAGES[lang][key].format(**values) if values else MESSAGES[lang][key]


def problem_text(code: str, lang: str) -> str:
    """A validation problem (its problem_code: schemas/problems.py) in a language."""
    found = Problem.from_code(code)
    return MESSAGES[spoken(lang)][f"problem_{found.id}"].format(
        **dict(found.values))


ALWAYS_WORDED = ("fi", "en")  # results.json's languages beside the report's own


def worded(document: Any, lang: str | None, languages: tuple[str, ...] = ()) -> Any:
    """A document of scoring/ (as_dict) with each sentence said: `reason` in `lang`, then
    `reason_fi`, `reason_en` and `reason_<l>` for the other languages asked for (no plain
    `reason` when `lang` is None). A missing next step is None in every language."""
    if isinstance(document, list):
        return [worded(item, lang, languages) for item in document]
    if not isinstance(document, dict):
        return document
    found: dict[str, Any] = {}
    for key, value in document.items():
        if isinstance(value, (Message, ConfigName)) or (value is None and key == "next_step"):
            if lang is not None:
                found[key] = say(value, lang) if value is not None else None
            for each in dict.fromkeys((*ALWAYS_WORDED, *languages)):
                found[f"{key}_{each}"] = say(value, each) if value is not None else None
        else:
            found[key] = worded(value, lang, languages)
    return found
