"""`clustereval warn`: the criteria that will be lower at the next quarterly evaluation than
today, as
warnings.json, a console summary, a Markdown artifact and one e-mail per cluster and
recipient with what was not sent to them before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reports.delivery import Delivery, DeliverySettings, read_log
from reports.formats import format_day
from reports.messages import MESSAGES, say, worded
from scoring.criteria import TITLES
from scoring.deadlines import Deadline, deadlines
from scoring.model import ClusterResult

LOG_NAME = ".warnings-log.json"  # beside the delivery log, in the output folder
LOG_BUCKET = "warnings"


@dataclass(frozen=True)
class ClusterWarning:
    """A criterion lower at the next quarterly evaluation than now: when it drops, and to
    what."""

    deadline: Deadline
    name: str

    def as_dict(self, languages: tuple[str, ...] = ()) -> dict[str, Any]:
        """warnings.json's entry: the step in Finnish, English and each language asked."""
        found = worded(self.deadline.as_dict(), None, languages)
        return {"cluster_id": found["cluster_id"], "criterion": found["criterion"],
                "status_now": found["status_now"], "drops_on": found["drops_on"],
                "falls_to": found["falls_to"], "drops_to": found["drops_to"],
                "status_at_quarter_end": found["drops_to"],
                **{key: text for key, text in found.items() if key.startswith("next_step_")}}

    def log_key(self, recipient: str) -> str:
        d = self.deadline
        return f"{d.cluster_id}|{d.criterion}|{d.drops_on.isoformat()}|{recipient}"


def find_warnings(now: list[ClusterResult]) -> list[ClusterWarning]:
    """Every criterion whose status as of the next quarterly evaluation is lower than now:
    the clusters' deadlines (scoring/deadlines.py), the same list the reports show, so a
    criterion that dips and recovers before that evaluation is not warned about."""
    found = [ClusterWarning(deadline, result.name)
             for result in now for deadline in deadlines(result)]
    return sorted(found, key=lambda w: (w.deadline.drops_on, w.deadline.cluster_id,
                                        w.deadline.criterion))


def warnings_document(as_of: date, quarter_end: date, found: list[ClusterWarning],
                      languages: tuple[str, ...] = ()) -> dict[str, Any]:
    # "quarter_end" is the older name of "next_evaluation", kept for existing readers.
    return {"as_of": as_of.isoformat(), "next_evaluation": quarter_end.isoformat(),
            "quarter_end": quarter_end.isoformat(),
            "warnings": [warning.as_dict(languages) for warning in found]}


def _item(warning: ClusterWarning, lang: str) -> str:
    d, words = warning.deadline, MESSAGES[lang]
    day = format_day(d.drops_on, lang)
    then = (f" → {words['status_' + d.drops_to.value]}" if d.drops_to is not d.falls_to
            else "")
    return (f"- {day}: {d.criterion} {say(TITLES[d.criterion], lang)}, "
            f"{words['status_' + d.status.value]} → {words['status_' + d.falls_to.value]}"
            f"{then}. {say(d.next_step, lang)}")


def summary(document: dict[str, Any], lang: str = "en") -> str:
    """The console's few lines in `lang`: how many, and each warning on a line with its
    statuses in words."""
    words, found = MESSAGES[lang], document["warnings"]

    def day(text: str) -> str:
        return format_day(date.fromisoformat(text), lang)

    dates = {"evaluation": day(document["next_evaluation"]), "as_of": day(document["as_of"]),
             "count": len(found)}
    head = words["warn_summary_none" if not found else "warn_summary_one" if len(found) == 1
                 else "warn_summary_many"].format(**dates)
    return "\n".join([head, *(
        f"  {day(w['drops_on']):<17} {w['cluster_id']:<24} {w['criterion']}  "
        f"{words['status_' + w['status_now']]} -> {words['status_' + w['falls_to']]}"
        + (" " + words["warn_summary_then"].format(status=words["status_" + w["drops_to"]])
           if w["falls_to"] != w["drops_to"] else "") for w in found)])


def markdown(document: dict[str, Any], found: list[ClusterWarning], lang: str) -> str:
    """The flow run's artifact: a table of the warnings."""
    words = MESSAGES[lang]
    lines = [f"# {words['deadlines_heading']}: {document['as_of']} → {document['quarter_end']}",
             ""]
    if not found:
        return "\n".join([*lines, words["no_deadlines"].format(date=document["quarter_end"])])
    lines += [f"| {words['cluster']} | {words['criterion']} | {words['status']} | "
              f"{words['falls_from']} | {words['next_step']} |", "|---|---|---|---|---|"]
    for w in found:
        d = w.deadline
        lines.append(f"| {w.name} | {d.criterion} | {words['status_' + d.status.value]} → "
                     f"{words['status_' + d.falls_to.value]} | {d.drops_on.isoformat()} | "
                     f"{say(d.next_step, lang)} |")
    return "\n".join(lines)


def plan_warning_mails(found: list[ClusterWarning], settings: DeliverySettings, lang: str,
                       out_root: Path, quarter_end: date) -> tuple[list[Delivery], list[str]]:
    """One message per cluster and recipient with the warnings not sent to them before,
    in the recipient's language; and the warnings sent before (their log keys)."""
    sent = read_log(out_root, LOG_NAME).get(LOG_BUCKET, {})
    by_cluster: dict[str, list[ClusterWarning]] = {}
    for warning in found:
        by_cluster.setdefault(warning.deadline.cluster_id, []).append(warning)
    mails, before = [], []
    for cluster_id, mine in by_cluster.items():
        for recipient in settings.cluster_recipients.get(cluster_id, []):
            before += [w.log_key(recipient) for w in mine if w.log_key(recipient) in sent]
            new = [w for w in mine if w.log_key(recipient) not in sent]
            if not new:
                continue
            language = settings.recipient_languages.get(recipient, lang)
            words = MESSAGES[language]
            day = format_day(quarter_end, language)
            mails.append(Delivery(
                f"{cluster_id}:warnings", recipient,
                words["warn_subject_one" if len(new) == 1 else "warn_subject"].format(
                    name=new[0].name, count=len(new), date=day),
                words["warn_body"].format(name=new[0].name, date=day,
                                          items="\n".join(_item(w, language) for w in new)),
                (), keys=tuple(w.log_key(recipient) for w in new)))
    return mails, before
