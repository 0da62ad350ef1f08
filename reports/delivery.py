"""E-mailing the published reports: each cluster's to its recipients, the portfolio to the
stakeholder list. Recipients and the server come from configuration; credentials from
the environment or a Prefect Secret block, never from a committed file.

A send that fails is reported and retried; it never touches the published reports. A
log beside the period folders (OUT/.delivery-log.json) remembers what was sent, so a
re-run of the same period does not send it again unless asked.
"""

from __future__ import annotations

import json
import os
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from config import CONFIG_DIR
from ingest.configuration import read_yaml
from ingest.errors import InputError
from reports.formats import format_day, format_period
from reports.messages import MESSAGES
from reports.pages import languages_of
from reports.views import cluster_page

DELIVERY_FILE = CONFIG_DIR / "delivery.yaml"
LOG_NAME = ".delivery-log.json"


class SmtpSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(25, ge=1, le=65535)
    security: str = Field("starttls", pattern="^(none|starttls|ssl)$")
    sender: str = "Lapin liitto <klusterit@example.invalid>"
    username_env: str = "CLUSTEREVAL_SMTP_USERNAME"
    password_env: str = "CLUSTEREVAL_SMTP_PASSWORD"
    password_secret_block: str = ""  # a Prefect Secret block holding the password
    timeout_seconds: float = Field(20, gt=0)
    attempts: int = Field(3, ge=1, le=10)
    retry_backoff_seconds: float = Field(2, ge=0)


class DeliverySettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    smtp: SmtpSettings = SmtpSettings()
    portfolio_recipients: list[str] = []
    cluster_recipients: dict[str, list[str]] = {}
    # A recipient's language (any with a catalogue) for the messages written per
    # recipient (reports, when the publication has that language; warnings, workbooks);
    # others get the command's first --lang.
    recipient_languages: dict[str, str] = {}

    @field_validator("recipient_languages")
    @classmethod
    def _known_languages(cls, languages: dict[str, str]) -> dict[str, str]:
        unknown = sorted({lang for lang in languages.values() if lang not in MESSAGES})
        if unknown:
            raise ValueError(f"no catalogue for {', '.join(unknown)} (the languages with "
                             f"one: {', '.join(MESSAGES)})")
        return languages


def load_delivery_settings(path: Path = DELIVERY_FILE) -> DeliverySettings:
    try:
        return DeliverySettings.model_validate(read_yaml(path) or {})
    except ValidationError as error:
        raise InputError(f"Configuration file {path} is invalid: {error}") from error


@dataclass(frozen=True)
class Delivery:
    """One message: which report, to whom, and the files it carries."""

    report: str  # "portfolio" or a cluster id
    recipient: str
    subject: str
    body: str
    attachments: tuple[Path, ...]
    # What the sent-log records for this message (default: its key); it is skipped when
    # all of them were sent before.
    keys: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.report}|{self.recipient}"

    @property
    def log_keys(self) -> tuple[str, ...]:
        return self.keys or (self.key,)


def plan_deliveries(folder: Path, settings: DeliverySettings, lang: str) -> list[Delivery]:
    """Every message the published period folder calls for: to each recipient in their
    language (recipient_languages) when the publication has it, else the first; the
    report in that language attached, the as-of date and the period its way."""
    written = languages_of(lang)
    document = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    verdicts = document["summary"]["verdicts"]

    def language_of(recipient: str) -> str:
        chosen = settings.recipient_languages.get(recipient, written[0])
        return chosen if chosen in written else written[0]

    def words(language: str) -> tuple[dict[str, str], dict[str, str], Path]:
        values = {"period": format_period(document["period"], language),
                  "as_of": format_day(date.fromisoformat(document["as_of"]), language)}
        return MESSAGES[language], values, folder if language == written[0] \
            else folder / language

    deliveries = []
    for recipient in settings.portfolio_recipients:
        t, said, pages = words(language_of(recipient))
        deliveries.append(Delivery(
            "portfolio", recipient, t["email_subject_portfolio"].format(period=said["period"]),
            t["email_body_portfolio"].format(
                as_of=said["as_of"], meets=verdicts.get("meets", 0),
                partially=verdicts.get("partially_meets", 0),
                does_not=verdicts.get("does_not_meet", 0)),
            _files(pages, "index.html"),
        ))
    for cluster in document["clusters"]:
        for recipient in settings.cluster_recipients.get(cluster["cluster_id"], []):
            t, said, pages = words(language_of(recipient))
            verdict = t[f"verdict_{cluster['verdict']}"]
            deliveries.append(Delivery(
                cluster["cluster_id"], recipient,
                t["email_subject_cluster"].format(period=said["period"], name=cluster["name"],
                                                  verdict=verdict),
                t["email_body_cluster"].format(name=cluster["name"], as_of=said["as_of"],
                                               verdict=verdict),
                _files(pages, cluster_page(cluster["cluster_id"])),
            ))
    return deliveries


def _files(folder: Path, page: str) -> tuple[Path, ...]:
    """The PDF when there is one (for board papers), and the HTML report itself."""
    html = folder / page
    pdf = html.with_suffix(".pdf")
    return (pdf, html) if pdf.exists() else (html,)


ATTACHMENT_TYPES = {
    ".pdf": "application/pdf", ".html": "text/html", ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def build_message(delivery: Delivery, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = delivery.recipient
    message["Subject"] = delivery.subject
    message["Message-ID"] = make_msgid(domain="clustereval.invalid")
    message.set_content(delivery.body)
    for path in delivery.attachments:
        kind = ATTACHMENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
        maintype, subtype = kind.split("/")
        message.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype,
                               filename=path.name)
    return message


def password(settings: SmtpSettings) -> str | None:
    if settings.password_secret_block:
        from prefect.blocks.system import Secret

        return str(Secret.load(settings.password_secret_block).get())  # type: ignore[union-attr]
    return os.environ.get(settings.password_env) or None


def smtp_sender(settings: SmtpSettings) -> Callable[[EmailMessage], None]:
    """Sends one message over a fresh connection (a failure cannot poison the next)."""
    secret = password(settings)
    username = os.environ.get(settings.username_env)

    def send(message: EmailMessage) -> None:
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if settings.security == "ssl":
            smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout_seconds,
                                    context=context)
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_seconds)
        with smtp:
            if settings.security == "starttls":
                smtp.starttls(context=context)
            if username and secret:
                smtp.login(username, secret)
            smtp.send_message(message)

    return send


def read_log(out_root: Path, name: str = LOG_NAME) -> dict[str, Any]:
    try:
        return dict(json.loads((out_root / name).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def _write_log(out_root: Path, log: dict[str, Any], name: str) -> None:
    out_root.mkdir(parents=True, exist_ok=True)
    temporary = out_root / f"{name}.tmp"
    temporary.write_text(json.dumps(log, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, out_root / name)


@dataclass
class DeliveryReport:
    sent: list[str]
    skipped: list[str]  # sent before for this period
    failed: list[str]  # "key: why"
    planned: list[str]  # dry run: what would be sent


def deliver(
    out_root: Path, period: str, deliveries: list[Delivery], settings: SmtpSettings,
    *, dry_run: bool = False, resend: bool = False,
    send: Callable[[EmailMessage], None] | None = None,
    sleep: Callable[[float], None] = time.sleep, log_name: str = LOG_NAME,
) -> DeliveryReport:
    """Send what was not sent before for `period` (a bucket of the sent-log `log_name`)."""
    log = read_log(out_root, log_name)
    sent_before = log.get(period, {})
    report = DeliveryReport([], [], [], [])
    todo = [d for d in deliveries
            if resend or not all(key in sent_before for key in d.log_keys)]
    report.skipped = [d.key for d in deliveries if d not in todo]
    if dry_run:
        # Said to the operator: to whom, what, and the files it carries (none: no brackets).
        report.planned = [f"to {d.recipient}: {d.subject}" + (
            f" (attached: {', '.join(p.name for p in d.attachments)})" if d.attachments else "")
            for d in todo]
        return report
    send = send or smtp_sender(settings)
    for delivery in todo:
        message = build_message(delivery, settings.sender)
        for attempt in range(settings.attempts):
            try:
                send(message)
            except (OSError, smtplib.SMTPException) as error:
                if attempt == settings.attempts - 1:
                    report.failed.append(f"{delivery.key}: {type(error).__name__}: {error}")
                else:
                    sleep(settings.retry_backoff_seconds * 2**attempt)
                continue
            report.sent.append(delivery.key)
            for key in delivery.log_keys:
                sent_before[key] = {
                    "sent_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "message_id": message["Message-ID"],
                    "subject": delivery.subject,
                }
            log[period] = sent_before
            _write_log(out_root, log, log_name)  # after each message: a crash loses no record
            break
    return report
