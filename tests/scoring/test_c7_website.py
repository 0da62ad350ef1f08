from datetime import date

import pytest

from reports.messages import say
from scoring.criteria.c7_website import website
from scoring.model import Status
from tests.scoring.builders import RULES, context, register_row


def check(day="2026-09-15", **overrides):
    row = {"checked_at": day, "url": "https://demo.example.fi", "reachable": True,
           "status_code": 200, "https": True, "offer_description": True,
           "accessibility_failures": 0, "accessibility_statement": True}
    row.update(overrides)
    return row


def c7(rows, url="https://demo.example.fi", **kwargs):
    ctx = context(cluster=register_row(website_url=url), website_checks=rows, **kwargs)
    return website(ctx, RULES.c7_website)


@pytest.mark.parametrize(
    ("rows", "status", "words"),
    [
        ([check()], Status.MET, "no automatically detectable"),
        ([check(https=False)], Status.PARTIALLY_MET, "not served over HTTPS"),
        ([check(accessibility_failures=3)], Status.PARTIALLY_MET, "accessibility failures"),
        ([check(accessibility_statement=False, offer_description=False)], Status.PARTIALLY_MET,
         "it links no accessibility statement"),
        # An empty cell was not measured: neither a pass nor a failure.
        ([check(accessibility_failures=None)], Status.INSUFFICIENT_DATA,
         "did not measure accessibility failures."),
        ([check(https=None, offer_description=None)], Status.INSUFFICIENT_DATA,
         "did not measure HTTPS and the description of the offer."),
        ([check(accessibility_failures=None, offer_description=False)], Status.PARTIALLY_MET,
         "but no description of the offer was found. The check did not measure accessibility "
         "failures."),
        ([check(reachable=False, status_code=None)], Status.NOT_MET, "did not respond"),
        ([], Status.INSUFFICIENT_DATA, "not checked"),
        ([check(day="2026-06-29")], Status.INSUFFICIENT_DATA, "92 days"),  # 93 days old
        ([check(day="2026-06-30")], Status.MET, "HTTPS"),  # 92 days old: still used
        ([check(day="2026-10-01")], Status.INSUFFICIENT_DATA, "not checked"),  # after as-of
    ],
    ids=["all-pass", "http", "a11y-failures", "no-statement", "failures-unknown",
         "two-unknown", "failed-and-unknown", "down",
         "no-check", "too-old", "oldest-allowed", "after-as-of"],
)
def test_latest_recent_check(rows, status, words):
    result = c7(rows)
    assert result.status is status
    assert words in say(result.reason, "en")


def test_latest_check_wins():
    rows = [check(day="2026-08-01", https=False), check(day="2026-09-01")]
    assert c7(rows).status is Status.MET


def test_no_website_in_register_is_not_met_even_without_checks():
    assert c7(None, url=None).status is Status.NOT_MET


def test_checks_not_supplied_is_insufficient():
    assert c7(None).status is Status.INSUFFICIENT_DATA


@pytest.mark.parametrize(
    ("overrides", "status", "words"),
    [
        ({"outcome": "blocked", "reachable": False, "status_code": 429}, Status.INSUFFICIENT_DATA,
         "blocked the automated check"),
        ({"outcome": "robots_disallowed", "reachable": False}, Status.INSUFFICIENT_DATA,
         "robots.txt"),
        ({"outcome": "timeout", "reachable": False}, Status.NOT_MET, "did not answer in time"),
        ({"outcome": "tls_error", "reachable": False}, Status.NOT_MET, "TLS"),
        ({"outcome": "refused_address", "reachable": False}, Status.NOT_MET, "private"),
        # A home page too big or not HTML was never checked: its reason names only that.
        ({"outcome": "oversize", "reachable": False, "https": True, "offer_description": None,
          "accessibility_failures": None, "accessibility_statement": None}, Status.NOT_MET,
         "larger than the check's size limit."),
        ({"outcome": "not_html", "reachable": False, "https": True, "offer_description": None,
          "accessibility_failures": None, "accessibility_statement": None}, Status.NOT_MET,
         "is not an HTML page."),
    ],
    ids=["blocked", "robots", "timeout", "tls", "refused", "oversize", "not-html"],
)
def test_recorded_outcomes(overrides, status, words):
    result = c7([check(**overrides)])
    assert result.status is status
    reason = say(result.reason, "en")
    assert words in reason
    assert "HTTPS" not in reason and "accessibility" not in reason


@pytest.mark.parametrize("element", [
    '<a title="a | b @ c: d">x</a>', "text with \" quotes ; and , separators", "ääkköset | €",
    "line\nbreak",
])
def test_findings_round_trip_any_text(element):
    from ingest.websites.model import Finding, findings_cell

    page = "https://demo.example.fi/a | b?x=1 @ y"
    cell = findings_cell([Finding("img_alt", "fail", page, "", 3, [element])])
    result = c7([check(accessibility_failures=3, findings=cell)])
    assert (page, f"img_alt (3) · {element.strip()}") in [
        (e.source, e.detail) for e in result.evidence]


def test_failed_checks_are_listed_with_page_and_element():
    findings = ("img_alt (2) @ https://demo.example.fi/: <img src=\"/logo.png\"> | "
                "statement_link @ https://demo.example.fi/: ")
    result = c7([check(accessibility_failures=2, accessibility_statement=False,
                       findings=findings)])
    assert result.status is Status.PARTIALLY_MET
    sources = [(e.source, e.detail) for e in result.evidence]
    assert ("https://demo.example.fi/", 'img_alt (2) · <img src="/logo.png">') in sources
    assert ("https://demo.example.fi/", "statement_link") in sources


FINDING = '[{"check": "img_alt", "page": "https://demo.example.fi/", "count": 2, ' \
    '"element": "<img src=logo.png>"}]'


@pytest.mark.parametrize(("row", "points_at_evidence"), [
    (check(accessibility_failures=2, findings=FINDING), True),
    (check(accessibility_failures=2), False),  # the check recorded no page or element
    (check(https=False), False),
])
def test_a_step_points_only_at_evidence_that_is_there(row, points_at_evidence):
    result = c7([row])
    assert result.status is Status.PARTIALLY_MET and result.next_step is not None
    pages = [e for e in result.evidence if e.source.startswith("https://")]
    assert bool(pages) is points_at_evidence
    assert ("näytössä luetellut kohdat" in say(result.next_step, "fi")) is points_at_evidence


@pytest.mark.parametrize("rows", [[], [check(reachable=False, status_code=None)],
                                  [check(https=False)], [check(accessibility_failures=None)]])
def test_steps_name_the_regions_next_scheduled_check_and_no_command(rows):
    ctx = context(cluster=register_row(website_url="https://demo.example.fi"),
                  website_checks=rows, next_website_check=date(2026, 10, 1))
    step = website(ctx, RULES.c7_website).next_step
    assert step is not None
    fi, en = say(step, "fi"), say(step, "en")
    assert "1.10.2026" in fi and "1 October 2026" in en
    assert "clustereval" not in fi + en and "aja " not in fi.lower()
