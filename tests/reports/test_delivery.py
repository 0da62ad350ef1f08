"""Delivery against a real SMTP server on 127.0.0.1, and with the server down."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reports.delivery import (
    DeliverySettings,
    SmtpSettings,
    deliver,
    plan_deliveries,
    read_log,
)
from tests.smtp import SmtpServer, free_port


@pytest.fixture
def published(tmp_path) -> Path:
    folder = tmp_path / "2026-Q3"
    folder.mkdir()
    document = {
        "period": "2026-Q3", "as_of": "2026-09-30",
        "summary": {"verdicts": {"meets": 1, "does_not_meet": 1}},
        "clusters": [{"cluster_id": "kierto", "name": "Kiertotalous", "verdict": "meets"},
                     {"cluster_id": "matka", "name": "Matkailu", "verdict": "does_not_meet"}],
    }
    (folder / "results.json").write_text(json.dumps(document), encoding="utf-8")
    for page in ("index", "cluster-kierto", "cluster-matka"):
        (folder / f"{page}.html").write_text(f"<html>{page}</html>", encoding="utf-8")
    (folder / "cluster-kierto.pdf").write_bytes(b"%PDF-1.7 kierto")
    return folder


def settings(port: int, **changes) -> DeliverySettings:
    return DeliverySettings(
        smtp=SmtpSettings(port=port, security="none", attempts=2, retry_backoff_seconds=0,
                          timeout_seconds=5, sender="Arviointi <arviointi@example.invalid>"),
        portfolio_recipients=["board@example.invalid"],
        cluster_recipients={"kierto": ["leader@example.invalid"],
                            "matka": ["matka@example.invalid"]},
        **changes,
    )


def test_sends_each_report_to_its_recipients(published):
    with SmtpServer() as smtp:
        config = settings(smtp.port)
        report = deliver(published.parent, "2026-Q3", plan_deliveries(published, config, "fi"),
                         config.smtp)
    assert sorted(report.sent) == ["kierto|leader@example.invalid",
                                   "matka|matka@example.invalid",
                                   "portfolio|board@example.invalid"]
    received = {rcpt[0]: message for rcpt, message in smtp.inbox.messages}
    leader = received["leader@example.invalid"]
    assert leader["Subject"] == \
        "Klusteriarviointi heinä–syyskuu 2026: Kiertotalous – täyttää kriteerit"
    assert leader["From"] == "Arviointi <arviointi@example.invalid>"
    parts = list(leader.walk())
    body = next(p for p in parts if p.get_content_type() == "text/plain").get_payload(
        decode=True).decode()
    assert "Kiertotalous" in body and "tilanteessa 30.9.2026" in body  # the date the Finnish way
    attachments = {p.get_filename(): p.get_payload(decode=True) for p in parts
                   if p.get_filename()}
    assert attachments == {"cluster-kierto.pdf": b"%PDF-1.7 kierto",
                           "cluster-kierto.html": b"<html>cluster-kierto</html>"}
    assert {p.get_filename() for p in received["board@example.invalid"].walk()
            if p.get_filename()} == {"index.html"}


def test_a_rerun_does_not_send_twice_unless_asked(published):
    with SmtpServer() as smtp:
        config = settings(smtp.port)
        plan = plan_deliveries(published, config, "fi")
        deliver(published.parent, "2026-Q3", plan, config.smtp)
        again = deliver(published.parent, "2026-Q3", plan, config.smtp)
        assert (again.sent, len(again.skipped)) == ([], 3)
        forced = deliver(published.parent, "2026-Q3", plan, config.smtp, resend=True)
        assert len(forced.sent) == 3
    assert len(smtp.inbox.messages) == 6


def test_server_down_is_reported_retried_and_loses_nothing(published):
    port = free_port()  # nothing listens here
    config = settings(port)
    plan = plan_deliveries(published, config, "fi")
    waits: list[float] = []
    report = deliver(published.parent, "2026-Q3", plan, config.smtp, sleep=waits.append)
    assert report.sent == [] and len(report.failed) == 3
    assert "ConnectionRefusedError" in report.failed[0]
    assert waits == [0, 0, 0]  # one retry per message (attempts: 2)
    assert read_log(published.parent) == {}
    assert (published / "cluster-kierto.html").exists()  # the reports stay published
    with SmtpServer(port) as smtp:  # the server is back: the next run sends them all
        later = deliver(published.parent, "2026-Q3", plan, config.smtp)
    assert len(later.sent) == 3 and len(smtp.inbox.messages) == 3


def test_dry_run_lists_and_sends_nothing(published):
    config = settings(free_port())
    report = deliver(published.parent, "2026-Q3", plan_deliveries(published, config, "en"),
                     config.smtp, dry_run=True)
    assert report.sent == [] and report.failed == []
    assert "to board@example.invalid: Cluster evaluation July–September 2026: portfolio report " \
        "(attached: index.html)" in report.planned


def test_each_recipient_gets_the_report_in_their_language(published):
    """recipient_languages: a recipient whose language the publication has gets its pages
    and words; one whose language it lacks gets the first language's."""
    swedish = published / "sv"
    swedish.mkdir()
    (swedish / "cluster-kierto.html").write_text("<html>sv</html>", encoding="utf-8")
    config = settings(free_port(), recipient_languages={"leader@example.invalid": "sv",
                                                        "matka@example.invalid": "en"})
    plan = {d.recipient: d for d in plan_deliveries(published, config, "fi,sv")}
    leader = plan["leader@example.invalid"]
    assert leader.subject.startswith("Klusterutvärdering juli–september 2026")
    assert leader.attachments == (swedish / "cluster-kierto.html",)
    assert "30 september 2026" in leader.body
    matka = plan["matka@example.invalid"]  # no English in this publication: Finnish
    assert matka.subject.startswith("Klusteriarviointi heinä–syyskuu 2026")
