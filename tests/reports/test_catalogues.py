"""The reports' message catalogues (gettext .po): complete in every language, every key
the templates use is in them, and a translator's new language is picked up."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
from babel.messages.pofile import read_po

from reports.messages import DOMAIN, LOCALE_DIR, MESSAGES, load_catalogues
from reports.warnings import find_warnings, warnings_document
from tests.reports.test_report_accessibility import results_for

TEMPLATES = Path(__file__).resolve().parents[2] / "reports" / "templates"


def catalogue(path: Path) -> dict[str, tuple[str, ...]]:
    """id -> its words (a plural message: each form), as a .po or .pot file has them."""
    with path.open("rb") as handle:
        return {(m.id[0] if isinstance(m.id, tuple) else str(m.id)):
                (tuple(m.string) if isinstance(m.string, tuple) else (str(m.string),))
                for m in read_po(handle) if m.id}


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{([a-z_0-9]+)\}", text))


def test_every_message_has_a_translation_in_every_language():
    """Each shipped catalogue (Finnish, English, Swedish) is complete against the .pot:
    every message has words, every plural form too, and names no value the message is
    not given."""
    template = catalogue(LOCALE_DIR / f"{DOMAIN}.pot")
    english = catalogue(LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po")
    finnish = catalogue(LOCALE_DIR / "fi" / "LC_MESSAGES" / f"{DOMAIN}.po")
    languages = sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    assert {po.parent.parent.name for po in languages} >= {"fi", "en", "sv"}
    for po in languages:
        own = catalogue(po)
        missing = [key for key in template if not all(f.strip() for f in own.get(key, ("",)))]
        assert missing == [], f"{po}: no translation for {missing}"
        assert set(own) <= set(template), f"{po}: messages not in the .pot"
        for key, forms in own.items():  # a value no shipped language says is unknown
            known = placeholders(" ".join((*english[key], *finnish[key])))
            for form in forms:
                assert placeholders(form) <= known, f"{po}: {key} names an unknown value"


def test_every_validation_problem_has_its_words_and_english_is_the_contracts():
    """rejected.csv's English problem and the English catalogue are the same words; every
    language says every problem (schemas/problems.py)."""
    from schemas.problems import ENGLISH

    for key, words in ENGLISH.items():
        assert MESSAGES["en"][f"problem_{key}"] == words
        for lang in MESSAGES:
            assert placeholders(MESSAGES[lang][f"problem_{key}"]) == placeholders(words)


def test_every_key_the_templates_use_is_in_the_catalogue():
    used = {key for page in TEMPLATES.glob("*.j2")
            for key in re.findall(r'_\("([a-z_0-9]+)"\)', page.read_text(encoding="utf-8"))}
    assert used and used <= set(MESSAGES["fi"])


def test_a_missing_message_falls_back_to_english(tmp_path):
    folder = tmp_path / "se" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{DOMAIN}.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "verdict"\nmsgstr "Oppalaš árvvoštallan"\n', encoding="utf-8")
    found = load_catalogues(LOCALE_DIR, tmp_path)
    assert list(found)[:2] == ["fi", "en"] and "se" in found
    assert found["se"]["verdict"] == "Oppalaš árvvoštallan"
    assert found["se"]["portfolio_title"] == MESSAGES["en"]["portfolio_title"]


def test_a_translators_catalogue_is_a_new_report_language(tmp_path):
    """No code changes: a .po file in CLUSTEREVAL_LOCALE_DIR (here a Northern Sámi
    translator's first messages), and --lang se works; Swedish ships with the project."""
    sami = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
            'msgid "portfolio_title"\nmsgstr "Klusteriid árvvoštallan: čoahkkáigeassu"\n\n'
            'msgid "language_self"\nmsgstr "Davvisámegillii"\n\n'
            # messages that cannot be said: English shows for each, the run goes on
            'msgid "c8_latest"\nmsgstr "Maŋimus árvvoštallan {dai}."\n\n'  # a typo
            'msgid "c2_no_leader"\nmsgstr "Jođiheaddji {"\n\n'  # a lone brace
            'msgid "c4_found"\nmsgid_plural "c4_found"\n'  # a number format on text
            'msgstr[0] "{count:d} doaibma"\nmsgstr[1] "{count:d} doaimma"\n\n'
            'msgid "c3_title"\nmsgid_plural "c3_title"\n'  # a plural for a sentence
            'msgstr[0] "Strategiija"\nmsgstr[1] "Strategiijat"\n')
    assert "Davvisámegillii" in sami
    folder = tmp_path / "locale" / "se" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{DOMAIN}.po").write_text(sami, encoding="utf-8")
    # A correction of one shipped Finnish message: the rest of the Finnish stays.
    finnish_fix = tmp_path / "locale" / "fi" / "LC_MESSAGES"
    finnish_fix.mkdir(parents=True)
    (finnish_fix / f"{DOMAIN}.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "portfolio_title"\nmsgstr "Klustereiden arviointi: yhteenveto"\n',
        encoding="utf-8")
    environment = {**os.environ, "CLUSTEREVAL_LOCALE_DIR": str(tmp_path / "locale")}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "clustereval"), "evaluate", "--lang", "se",
         "--no-pdf", "--quarter", "2026Q3", "--out", str(tmp_path / "out")],
        env=environment, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "out" / "2026-Q3" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="se">' in page
    assert "Klusteriid árvvoštallan: čoahkkáigeassu" in page
    assert "čakčamánnu" in page  # Sámi month names, by Babel, with no code for them
    assert "the se catalogue lacks" in done.stderr  # nearly all of it: said, not hidden

    # Four languages: Finnish in the period folder, the others beside it, every page
    # linking to the others in their own words.
    done = subprocess.run(
        [str(Path(sys.executable).parent / "clustereval"), "evaluate", "--lang", "fi,sv,se,en",
         "--no-pdf", "--quarter", "2026Q3", "--out", str(tmp_path / "three")],
        env=environment, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "three" / "2026-Q3"
    finnish = (folder / "cluster-kiertotalous.html").read_text(encoding="utf-8")
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "Klustereiden arviointi: yhteenveto" in index and "Kokonaisarvio" in index
    assert 'href="sv/cluster-kiertotalous.html" lang="sv" hreflang="sv">På svenska' in finnish
    assert 'href="se/cluster-kiertotalous.html" lang="se" hreflang="se">Davvisámegillii' \
        in finnish
    assert 'href="en/cluster-kiertotalous.html" lang="en" hreflang="en">In English' in finnish
    in_swedish = (folder / "sv" / "cluster-kiertotalous.html").read_text(encoding="utf-8")
    assert 'href="../cluster-kiertotalous.html" lang="fi" hreflang="fi">Suomeksi' in in_swedish
    assert 'href="../en/cluster-kiertotalous.html" lang="en"' in in_swedish
    assert "Helhetsbedömning" in in_swedish and "30 september 2026" in in_swedish
    assert '<html lang="en">' in (folder / "en" / "index.html").read_text(encoding="utf-8")
    document = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    first = document["clusters"][0]["criteria"][0]
    assert {"reason_fi", "reason_en", "reason_sv", "reason_se"} <= set(first)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "clustereval"), "evaluate", "--lang", "fi,xx",
         "--quarter", "2026Q3", "--out", str(tmp_path / "bad")],
        env=environment, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "no catalogue for xx" in done.stderr


def test_an_unreadable_catalogue_is_skipped_and_said(tmp_path):
    from reports.messages import UNREADABLE_CATALOGUES

    folder = tmp_path / "se" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{DOMAIN}.po").write_bytes(b'msgid "x\nmsgstr \x00\xff garbage\n')
    before = len(UNREADABLE_CATALOGUES)
    assert "se" not in load_catalogues(LOCALE_DIR, tmp_path)
    assert "UnicodeDecodeError" in UNREADABLE_CATALOGUES[before]
    del UNREADABLE_CATALOGUES[before:]


def test_a_language_list_is_normalised_and_a_huge_number_is_said():
    """--lang fi,fi is fi (a list would make results.csv English); a number Babel cannot
    format (1e308 FTE) is written as Python writes it, not a stopped run."""
    from decimal import Decimal

    from flows.cli import report_language_list
    from reports.formats import format_number, format_value

    assert [report_language_list(text) for text in ("fi,fi", "fi,", "sv,fi,sv", "both")] \
        == ["fi", "fi", "sv,fi", "both"]
    assert format_value(Decimal("1e308"), "fi") == "1e+308"
    assert format_value(Decimal("0.49"), "fi") == "0,49"
    # The same for a count or a one-decimal figure (an FTE of 1e308 on the label's road).
    assert format_number(1e308, "fi") == "1e+308"
    assert format_number(10**400, "fi") == str(10**400)
    assert format_number(1234, "fi") == "1\xa0234"


def test_a_language_babel_does_not_know_writes_its_workbook(tmp_path):
    """A translator's language that CLDR has no data for ("xq"): the workbook's lists and
    dates fall back to English formats, its words are the catalogue's."""
    folder = tmp_path / "locale" / "xq" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{DOMAIN}.po").write_bytes(
        (LOCALE_DIR / "sv" / "LC_MESSAGES" / f"{DOMAIN}.po").read_bytes())
    environment = {**os.environ, "CLUSTEREVAL_LOCALE_DIR": str(tmp_path / "locale")}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "clustereval"), "template", "--lang", "xq",
         "--cluster", "kiertotalous", "--out", str(tmp_path / "t")],
        env=environment, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    sheets = openpyxl.load_workbook(tmp_path / "t" / "kiertotalous.xlsx").sheetnames
    assert "avtal" in sheets and "Anvisningar" in sheets


def test_warnings_json_has_the_step_in_each_language_asked():
    period, results, _ = results_for("2026Q3")
    found = find_warnings(results)
    assert found
    document = warnings_document(period.as_of, period.as_of, found, ("sv",))
    entry = document["warnings"][0]
    assert {"next_step_fi", "next_step_en", "next_step_sv"} <= set(entry)
    assert entry["next_step_sv"] and entry["next_step_sv"] != entry["next_step_en"]
