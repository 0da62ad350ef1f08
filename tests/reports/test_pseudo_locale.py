"""Pseudo-localisation: every sentence a reader sees comes from the catalogues.

A catalogue whose every translation is its message id wrapped in ⟦ ⟧, under a real
locale code that is not shipped (Estonian), is given to the command line as a
translator's would be. The sample is evaluated with it (no PDFs) and warned about; the
pages, results.csv, the calendars, warn's output and the e-mail bodies are scanned. What
stands outside ⟦ ⟧ must be data: names, titles, references and file names from the
inputs, the label indicators' names from the configuration, numbers, dates (Babel's month
and day names), addresses, criterion ids and the period.
"""

from __future__ import annotations

import csv
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from babel import Locale
from babel.messages.pofile import read_po, write_po

from ingest.configuration import read_yaml
from reports.messages import DOMAIN, LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
LANG = "et"  # a real locale Babel knows, shipped by nobody here


def pseudo_catalogue(folder: Path) -> None:
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as handle:
        catalog = read_po(handle, locale=None, domain=DOMAIN)
    for message in catalog:
        if message.id:
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            message.string = ((f"⟦{key}⟧",) * 2 if isinstance(message.id, tuple)
                              else f"⟦{key}⟧")
    target = folder / LANG / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / f"{DOMAIN}.po").open("wb") as handle:
        write_po(handle, catalog, width=100)


def data_words() -> set[str]:
    """Every cell and header of the sample inputs, their file names, and the label
    indicators' names in the configuration: text a translator does not translate."""
    found: set[str] = set()
    for path in SAMPLE.rglob("*"):
        if not path.is_file():
            continue
        found.add(path.name)
        if path.suffix == ".csv":
            for encoding in ("utf-8-sig", "cp1252"):
                try:
                    lines = path.read_text(encoding=encoding).splitlines()
                except UnicodeDecodeError:
                    continue
                delimiter = ";" if lines and lines[0].count(";") > lines[0].count(",") else ","
                found.update(cell.strip() for row in csv.reader(lines, delimiter=delimiter)
                             for cell in row)
                break
        elif path.suffix == ".xlsx":
            sheets = pd.read_excel(path, sheet_name=None, dtype=str, engine="openpyxl")
            found.update(sheets)  # the sheets' names: a file's rows are named by them
            for frame in sheets.values():
                found.update(str(c) for c in frame.columns)
                found.update(str(v).strip() for v in frame.to_numpy().ravel())
    labels = read_yaml(ROOT / "config" / "labels.yaml")
    for indicator in labels.get("gold", {}).get("indicators", []):
        found.update(str(indicator.get(key, "")) for key in ("fi", "en", "name_fi", "name_en"))
    return {word for word in found if len(word) > 1}


def leftovers(text: str, data: list[str], dates: re.Pattern[str]) -> list[str]:
    """The words of `text` outside ⟦ ⟧ that are not data."""
    text = re.sub(r"⟦[^⟧]*⟧", " ", text)
    for word in data:  # the longest first: a name before the words inside it
        if word in text:
            text = text.replace(word, " ")
    text = re.sub(r"(https?://|mailto:)\S+|\S+@\S+|\b[\w.-]+\.(fi|com|org|eu)\b|/\S+",
                  " ", text)
    text = dates.sub(" ", text)
    text = re.sub(r"\bclustereval\b|\b\d{4}-Q[1-4]\b|\bC\d\b|\b\d+([.,:–\-/ ]\d+)*\b", " ", text)
    return re.findall(r"[^\W\d_]{2,}", text)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, str]:
    work = tmp_path_factory.mktemp("pseudo")
    pseudo_catalogue(work / "locale")
    environment = {**os.environ, "CLUSTEREVAL_LOCALE_DIR": str(work / "locale"),
                   "CLUSTEREVAL_STATE_DIR": str(work / "state")}
    command = str(Path(sys.executable).parent / "clustereval")
    done = subprocess.run([command, "evaluate", "--lang", LANG, "--no-pdf", "--quarter",
                           "2026Q3", "--out", str(work / "out")],
                          env=environment, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    warned = subprocess.run([command, "warn", "--as-of", "2026-11-15", "--lang", LANG,
                             "--out", str(work / "out")],
                            env=environment, capture_output=True, text=True, timeout=600)
    assert warned.returncode == 0, warned.stderr
    mails = subprocess.run([sys.executable, "-c", MAIL_BODIES, str(work / "out" / "2026-Q3")],
                           env=environment, capture_output=True, text=True, timeout=300,
                           cwd=ROOT)
    assert mails.returncode == 0, mails.stderr
    folder = work / "out" / "2026-Q3"
    found = {path.name: path.read_text(encoding="utf-8") for path in folder.glob("*.html")}
    for path in folder.glob("*.ics"):  # the words of the events, not the format's keywords
        unfolded = path.read_text(encoding="utf-8").replace("\r\n ", "")
        found[path.name] = "\n".join(
            re.sub(r"\\[nN]", " ", line.split(":", 1)[1]).replace("\\", "")
            for line in unfolded.splitlines()
            if line.startswith(("SUMMARY", "DESCRIPTION", "X-WR-CALNAME")))
    # results.csv's reader columns (its codes are the contract's, as in results.json)
    with (folder / "results.csv").open(encoding="utf-8-sig") as handle:
        found["results.csv"] = "\n".join(
            " ".join(row[column] for column in ("title", "threshold", "reason",
                                                "next_step", "evidence"))
            for row in csv.DictReader(handle))
    found["warn"] = warned.stdout
    found["e-mails"] = mails.stdout
    return found


# The bodies of the reports' e-mails and the warnings' e-mails, in the pseudo language.
MAIL_BODIES = """
import sys
from pathlib import Path
from reports.delivery import DeliverySettings, plan_deliveries
settings = DeliverySettings(portfolio_recipients=["a@example.fi"], cluster_recipients={
    c: ["b@example.fi"] for c in ("kiertotalous", "arktinen-muotoilu", "elamysmatkailu",
                                  "akkumineraalit", "datakeskukset", "metsabiotalous")})
for mail in plan_deliveries(Path(sys.argv[1]), settings, "et"):
    print(mail.subject)
    print(mail.body)
"""


def test_no_text_outside_the_catalogues(outputs):
    data = sorted(data_words(), key=len, reverse=True)
    locale = Locale.parse(LANG)
    names = [*locale.months["format"]["wide"].values(), *locale.months["format"]["abbreviated"]
             .values(), *locale.days["format"]["wide"].values()]
    dates = re.compile("|".join(sorted((re.escape(n) for n in names), key=len, reverse=True)))
    found: dict[str, set[str]] = {}
    for name, text in outputs.items():
        if name.endswith(".html"):
            text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", text, flags=re.S)
            text = html.unescape(re.sub(r"<[^>]+>", " ", text))
        for word in leftovers(text, data, dates):
            found.setdefault(word, set()).add(name)
    assert found == {}, "\n".join(f"{word}: {sorted(where)[:3]}" for word, where in
                                  sorted(found.items()))
