"""What an evaluation produces: a status per criterion, a verdict per cluster."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from scoring.evidence import Evidence
from scoring.text import Message


class Status(StrEnum):
    MET = "met"
    PARTIALLY_MET = "partially_met"
    NOT_MET = "not_met"
    INSUFFICIENT_DATA = "insufficient_data"


class Verdict(StrEnum):
    MEETS = "meets"
    PARTIALLY_MEETS = "partially_meets"
    DOES_NOT_MEET = "does_not_meet"


@dataclass(frozen=True)
class CriterionResult:
    id: str
    status: Status
    value: int | float | str | None
    threshold: Message
    reason: Message
    evidence: tuple[Evidence, ...] = ()
    next_step: Message | None = None
    # The right of reply (scoring/decisions.py): the status measured when an accepted
    # decision in force replaced it, that decision, and the others shown (superseded,
    # expired, rejected, pending).
    measured_status: Status | None = None
    decision: dict[str, Any] | None = None
    other_decisions: tuple[dict[str, Any], ...] = ()
    # How long the status holds (scoring/forecast.py): the last as-of date on which the
    # same inputs give at least this status, and the status after it. A not_met status is
    # followed too (the warnings need it) but results.json shows dates only for the
    # statuses a cluster can lose, met and partially_met.
    holds_until: date | None = None
    drops_to: Status | None = None
    # The rows dated after the as-of date (planned, or made since) that holds_until may
    # rest on (scoring/planned.py): shown so that the date can be checked.
    planned: tuple[Evidence, ...] = ()

    @property
    def shown_hold(self) -> tuple[date | None, Status | None]:
        if self.status in (Status.MET, Status.PARTIALLY_MET):
            return self.holds_until, self.drops_to
        return None, None

    def as_dict(self) -> dict[str, object]:
        """results.json's entry, its sentences as messages (reports/messages.worded words
        them in each language)."""
        decided: dict[str, object] = {}
        if self.decision is not None and self.measured_status is not None:
            decided = {"measured_status": self.measured_status.value,
                       "decision": self.decision}
        if self.other_decisions:
            decided["other_decisions"] = list(self.other_decisions)
        return {
            "id": self.id,
            "status": self.status.value,
            "value": self.value,
            "threshold": self.threshold,
            "reason": self.reason,
            "next_step": self.next_step,
            "evidence": [item.as_dict() for item in self.evidence],
            "holds_until": iso_or_none(self.shown_hold[0]),
            "drops_to": self.shown_hold[1].value if self.shown_hold[1] else None,
            "planned_evidence": [item.as_dict() for item in self.planned],
            **decided,
        }


def iso_or_none(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def verdict_of(statuses: list[Status]) -> Verdict:
    """meets: all met; does_not_meet: any not met; partially_meets: otherwise."""
    if all(status is Status.MET for status in statuses):
        return Verdict.MEETS
    if any(status is Status.NOT_MET for status in statuses):
        return Verdict.DOES_NOT_MEET
    return Verdict.PARTIALLY_MEETS


@dataclass(frozen=True)
class Drop:
    """A fall that a quarterly evaluation would see: the criterion's status as of
    `seen_by` is lower than the one before (now, or the previous quarterly evaluation's).
    `drops_on` is the first day of the lower status that lasts until `seen_by`, so a dip
    that recovers before an evaluation is no drop at all; `falls_to` is the status on that
    day, `drops_to` the one the evaluation sees (lower still, when it falls twice). Only
    a status a cluster can lose (met, partially met) drops."""

    criterion: str
    status: Status
    drops_on: date
    drops_to: Status
    seen_by: date
    falls_to: Status | None = None  # None: the same as drops_to

    @property
    def first_status(self) -> Status:
        return self.falls_to or self.drops_to

    def as_dict(self) -> dict[str, str]:
        found = {"criterion": self.criterion, "drops_on": self.drops_on.isoformat(),
                 "drops_to": self.drops_to.value}
        if self.first_status is not self.drops_to:
            found["falls_to"] = self.first_status.value
        return found


class LabelView(Protocol):
    """The road to a European label (scoring/labels.py), as results.json carries it."""

    def as_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class ClusterResult:
    cluster_id: str
    name: str
    criteria: tuple[CriterionResult, ...] = field(default_factory=tuple)
    labels: LabelView | None = None  # ECCP eligibility and label validity
    verdict_holds_until: date | None = None  # as for a criterion's holds_until
    verdict_drops_to: Verdict | None = None
    # What the next quarterly evaluation would see on the same inputs (scoring/forecast.py),
    # and every drop the quarterly evaluations of the forecast's horizon would see.
    next_evaluation: date | None = None
    verdict_at_next_evaluation: Verdict | None = None
    verdict_falls_on: date | None = None  # the first day of that lower verdict, if lower
    drops: tuple[Drop, ...] = ()
    next_website_check: date | None = None  # the region's schedule, for the deadlines' steps

    @property
    def verdict(self) -> Verdict:
        return verdict_of([criterion.status for criterion in self.criteria])

    @property
    def deadlines(self) -> tuple[Drop, ...]:
        """The drops the next quarterly evaluation would see, soonest first."""
        return tuple(drop for drop in self.drops if drop.seen_by == self.next_evaluation)

    def as_dict(self) -> dict[str, object]:
        return {
            "cluster_id": self.cluster_id,
            "name": self.name,
            "verdict": self.verdict.value,
            "verdict_holds_until": iso_or_none(self.verdict_holds_until),
            "verdict_drops_to": self.verdict_drops_to.value if self.verdict_drops_to else None,
            "next_evaluation": iso_or_none(self.next_evaluation),
            "verdict_at_next_evaluation": self.verdict_at_next_evaluation.value
            if self.verdict_at_next_evaluation else None,
            "deadlines": [drop.as_dict() for drop in self.deadlines],
            "criteria": [criterion.as_dict() for criterion in self.criteria],
            **({"labels": self.labels.as_dict()} if self.labels is not None else {}),
        }
