"""E-mailing the workbooks (`template --send`) and the answers (`intake --send`) to each
cluster's recipients in the delivery settings: each once, by the same sent-log as the
reports (a workbook once per cluster, recipient and deadline; an answer once per answer)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from reports.delivery import Delivery, DeliverySettings, deliver
from reports.formats import format_day
from reports.messages import MESSAGES

TEMPLATES_LOG = ".templates-log.json"
ANSWERS_LOG = ".answers-log.json"


def _language(settings: DeliverySettings, recipient: str, lang: str) -> str:
    return settings.recipient_languages.get(recipient, lang)


def send_workbooks(workbooks: list[tuple[str, str, Path]], settings: DeliverySettings,
                   out_root: Path, lang: str, deadline: date, dry_run: bool
                   ) -> dict[str, list[str]]:
    """`workbooks`: (cluster id, name, path) each; once per recipient and deadline."""
    mails = []
    for cluster, name, path in workbooks:
        for recipient in settings.cluster_recipients.get(cluster, []):
            language = _language(settings, recipient, lang)
            words = MESSAGES[language]
            day = format_day(deadline, language)
            mails.append(Delivery(f"{cluster}:workbook", recipient,
                                  words["tpl_email_subject"].format(name=name, date=day),
                                  words["tpl_email_body"].format(name=name, date=day),
                                  (path,)))
    return asdict(deliver(out_root, deadline.isoformat(), mails, settings.smtp,
                          dry_run=dry_run, log_name=TEMPLATES_LOG))


def send_answers(items: list[dict[str, Any]], settings: DeliverySettings, out_root: Path,
                 lang: str, dry_run: bool) -> dict[str, list[str]]:
    """Each answer of an intake once to the cluster's recipients, in the answer's
    language (the recipient's own language setting is the next answer's)."""
    words = MESSAGES[lang]
    mails = []
    for item in items:
        if item.get("outcome") in (None, "refused"):
            continue
        html, table = Path(item["answer"]), Path(item["answer_csv"])
        name = item.get("name") or item["cluster_id"]
        for recipient in settings.cluster_recipients.get(item["cluster_id"], []):
            mails.append(Delivery(
                f"{item['cluster_id']}:answer:{html.parent.name}", recipient,
                words["ans_email_subject"].format(name=name),
                words["ans_email_body"].format(name=name,
                                               outcome=words[f"ans_{item['outcome']}"]),
                (html, table)))
    return asdict(deliver(out_root, "answers", mails, settings.smtp, dry_run=dry_run,
                          log_name=ANSWERS_LOG))



