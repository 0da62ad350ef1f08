"""The reports' message catalogues (gettext .po): complete in every language, every key
the templates use is in them, and a translator's new language is picked up."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from reports.messages import DOMAIN, LOCALE_DIR, MESSAGES, load_catalogues

TEMPLATES = Path(__file__).resolve().parents[2] / "reports" / "templates"


def catalogue(path: Path) -> dict[str, str]:
    with path.open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle) if m.id}


def test_every_message_has_a_translation_in_every_language():
    template = catalogue(LOCALE_DIR / f"{DOMAIN}.pot")
    languages = sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    assert {po.parent.parent.name for po in languages} >= {"fi", "en"}
    for po in languages:
        own = catalogue(po)
        missing = [key for key in template if not own.get(key, "").strip()]
        assert missing == [], f"{po}: no translation for {missing}"
        assert set(own) <= set(template), f"{po}: messages not in the .pot"


def test_every_key_the_templates_use_is_in_the_catalogue():
    used = {key for page in TEMPLATES.glob("*.j2")
            for key in re.findall(r'_\("([a-z_0-9]+)"\)', page.read_text(encoding="utf-8"))}
    assert used and used <= set(MESSAGES["fi"])


def test_a_missing_message_falls_back_to_english(tmp_path):
    folder = tmp_path / "sv" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{DOMAIN}.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "verdict"\nmsgstr "Helhetsbedömning"\n', encoding="utf-8")
    found = load_catalogues(LOCALE_DIR, tmp_path)
    assert list(found)[:2] == ["fi", "en"] and "sv" in found
    assert found["sv"]["verdict"] == "Helhetsbedömning"
    assert found["sv"]["portfolio_title"] == MESSAGES["en"]["portfolio_title"]


def test_a_translators_catalogue_is_a_new_report_language(tmp_path):
    """No code changes: a .po file in CLUSTEREVAL_LOCALE_DIR, and --lang sv works."""
    english = (LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po").read_text(encoding="utf-8")
    swedish = english.replace('msgstr "Cluster evaluation: portfolio report"',
                              'msgstr "Utvärdering av klustren: sammanfattning"').replace(
        'msgid "language_self"\nmsgstr "In English"', 'msgid "language_self"\nmsgstr "På svenska"')
    assert "På svenska" in swedish
    folder = tmp_path / "locale" / "sv" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{DOMAIN}.po").write_text(swedish, encoding="utf-8")
    environment = {**os.environ, "CLUSTEREVAL_LOCALE_DIR": str(tmp_path / "locale")}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "clustereval"), "evaluate", "--lang", "sv",
         "--no-pdf", "--quarter", "2026Q3", "--out", str(tmp_path / "out")],
        env=environment, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "out" / "2026-Q3" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in page
    assert "Utvärdering av klustren: sammanfattning" in page
    assert "30 september 2026" in page  # Swedish dates, by Babel, with no code for them

    # Three languages: Finnish in the period folder, the others beside it, every page
    # linking to the other two in their own words.
    done = subprocess.run(
        [str(Path(sys.executable).parent / "clustereval"), "evaluate", "--lang", "fi,sv,en",
         "--no-pdf", "--quarter", "2026Q3", "--out", str(tmp_path / "three")],
        env=environment, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "three" / "2026-Q3"
    finnish = (folder / "cluster-kiertotalous.html").read_text(encoding="utf-8")
    assert 'href="sv/cluster-kiertotalous.html" lang="sv" hreflang="sv">På svenska' in finnish
    assert 'href="en/cluster-kiertotalous.html" lang="en" hreflang="en">In English' in finnish
    in_swedish = (folder / "sv" / "index.html").read_text(encoding="utf-8")
    assert 'href="../index.html" lang="fi" hreflang="fi">Suomeksi' in in_swedish
    assert 'href="../en/index.html" lang="en"' in in_swedish
    assert '<html lang="en">' in (folder / "en" / "index.html").read_text(encoding="utf-8")
    done = subprocess.run(
        [str(Path(sys.executable).parent / "clustereval"), "evaluate", "--lang", "fi,xx",
         "--quarter", "2026Q3", "--out", str(tmp_path / "bad")],
        env=environment, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "no catalogue for xx" in done.stderr


def test_an_unreadable_catalogue_is_skipped_and_said(tmp_path):
    from reports.messages import UNREADABLE_CATALOGUES

    folder = tmp_path / "sv" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{DOMAIN}.po").write_bytes(b'msgid "x\nmsgstr \x00\xff garbage\n')
    before = len(UNREADABLE_CATALOGUES)
    assert "sv" not in load_catalogues(LOCALE_DIR, tmp_path)
    assert "UnicodeDecodeError" in UNREADABLE_CATALOGUES[before]
    del UNREADABLE_CATALOGUES[before:]
