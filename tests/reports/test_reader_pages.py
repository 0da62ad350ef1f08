"""The cluster and portfolio pages are read by cluster leaders and decision-makers, who run
no commands: no page, calendar or step in any language names one (the operator's texts,
the command line and the README, do)."""

from __future__ import annotations

import html
import re

import pytest

from flows.evaluate import SAMPLE_DATA
from ingest.configuration import load_column_config, load_rules, load_schedules
from ingest.files import read_input_folder
from reports.history import History
from reports.views import decisions_caption
from reports.writers import write_html
from schemas import validate_inputs
from scoring import Period, evaluate_clusters

COMMANDS = re.compile(
    r"clustereval\s+(evaluate|validate|check-websites|warn|history|decisions|serve|replay)"
    r"|check-websites|check_websites|\s--[a-z]")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    columns, rules = load_column_config(), load_rules()
    validated = validate_inputs(read_input_folder(SAMPLE_DATA, columns), columns)
    period = Period.from_quarter("2026Q3")
    check = load_schedules().next_run("check_websites", period.as_of)
    results = evaluate_clusters(validated.register, validated.evidence, period, rules,
                                validated.rejected_by_cluster,
                                validated.absent_register_columns, next_website_check=check)
    folder = tmp_path_factory.mktemp("reports")
    return write_html(folder, period, "both", results, validated.rejected,
                      validated.row_counts, History(None, ()), "test", pdf=False)


def reader_text(page) -> str:
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def test_no_page_or_calendar_names_a_command(written):
    pages = [page for page in written if page.suffix in (".html", ".ics")]
    assert len([p for p in pages if p.suffix == ".html"]) == 14  # 6 clusters + index, fi and en
    found = {page.relative_to(page.parents[1]).as_posix(): COMMANDS.findall(reader_text(page))
             for page in pages}
    assert {page: hits for page, hits in found.items() if hits} == {}


# What only an operator can do: run things, put files in the input folder.
OPERATOR_STEPS = re.compile(r"aja (arviointi|tarkistus)|syöttökansio|rejected\.csv|"
                            r"run the (evaluation|check)|input folder", re.IGNORECASE)


def test_no_step_asks_the_cluster_to_run_anything(written):
    pages = [page for page in written if page.suffix in (".html", ".ics")]
    found = {page.relative_to(page.parents[1]).as_posix():
             OPERATOR_STEPS.findall(reader_text(page)) for page in pages}
    assert {page: hits for page, hits in found.items() if hits} == {}


def test_the_website_steps_name_the_next_scheduled_check(written):
    fi = next(p for p in written if p.name == "cluster-kiertotalous.html"
              and p.parent.name != "en")
    # As of 30.9.2026 the region's monthly check next runs on 1.10.2026 (schedules.yaml).
    assert "ajastettu verkkosivujen tarkistus 1.10.2026 uusii tuloksen" in reader_text(fi)


def test_the_scanner_finds_a_command():
    assert COMMANDS.findall(" Aja verkkosivujen tarkistus (clustereval check-websites).")
    assert COMMANDS.findall("clustereval evaluate --quarter 2026Q3")


def test_every_page_states_the_verdict_rule(written):
    for page in (p for p in written if p.suffix == ".html"):
        text = " ".join(reader_text(page).split())
        assert ("Kokonaisarvio määräytyy näin" in text) or ("How the verdict follows" in text), \
            page.name


@pytest.mark.parametrize(("states", "fi"), [
    (["in_force"], "voimassa"),
    (["in_force", "superseded", "expired"], "voimassa, korvattu uudemmalla ja päättynyt"),
    (["pending", "superseded", "rejected", "in_force", "expired"],
     "voimassa, korvattu uudemmalla, päättynyt, hylätty ja käsittelyssä"),
])
def test_the_decisions_caption_names_every_state_shown(states, fi):
    caption = decisions_caption("fi", [{"state": state} for state in states])
    assert caption.endswith(": " + fi)


def test_the_sample_portfolio_caption_names_the_superseded_decision(written):
    index = next(p for p in written if p.name == "index.html" and p.parent.name != "en")
    page = index.read_text(encoding="utf-8")
    (caption,) = [c for c in re.findall(r"<caption>(.*?)</caption>", page)
                  if c.startswith("Klustereiden vastineisiin tehdyt päätökset")]
    rows = page.split(caption, 1)[1].split("</table>", 1)[0]
    assert "korvattu uudemmalla" in rows and "korvattu uudemmalla" in caption
