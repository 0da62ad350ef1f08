"""Deadlines: the drops a quarterly evaluation would see, soonest first, each with the
step that saves it. The dates come from scoring/forecast.py; this module only words them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from scoring.criteria import registered
from scoring.model import ClusterResult, CriterionResult, Status
from scoring.text import Message, say

# A criterion's saving step is its own declaration's (Criterion.save_step); this one
# stands in for a criterion that declares none.
GENERIC_STEP = say("deadline_generic_step")
DECISION_ENDS = say("deadline_decision_ends")


def save_step(criterion: CriterionResult, drops_on: date,
              check: date | None = None) -> Message:
    """The step that keeps the criterion's status from falling on `drops_on`, named by
    that day as the deadline's list names it (one date, not the day before as well); a
    decision's end is named by its own last day. `check` is the day of the region's next
    scheduled website check (C7's step names it)."""
    until = drops_on - timedelta(days=1)
    day = drops_on
    declared = {c.id: c.save_step for c in registered()}.get(criterion.id)
    # A criterion's step may depend on the day and on the region's next website check.
    words = (declared(drops_on, check) if callable(declared) else declared) or GENERIC_STEP
    if criterion.decision is not None and criterion.decision.get("valid_until") == \
            until.isoformat():
        words, day = DECISION_ENDS, until
    return say(words.id, **words.params, date=day, check=check or "")


@dataclass(frozen=True)
class Deadline:
    """A drop a quarterly evaluation would see (scoring/model.Drop), with the cluster's
    name and the step that saves the status."""

    cluster_id: str
    name: str
    criterion: str
    status: Status
    drops_on: date
    drops_to: Status
    seen_by: date
    next_step: Message
    falls_to: Status  # the status on drops_on (drops_to, or higher when it falls twice)

    @property
    def holds_until(self) -> date:
        return self.drops_on - timedelta(days=1)

    def as_dict(self) -> dict[str, Any]:
        return {"cluster_id": self.cluster_id, "criterion": self.criterion,
                "status_now": self.status.value, "holds_until": self.holds_until.isoformat(),
                "drops_on": self.drops_on.isoformat(), "falls_to": self.falls_to.value,
                "drops_to": self.drops_to.value, "seen_by": self.seen_by.isoformat(),
                "next_step": self.next_step}


def deadlines(result: ClusterResult, every: bool = False) -> list[Deadline]:
    """The drops the next quarterly evaluation would see (with `every`, those of every
    quarterly evaluation within the forecast's horizon), soonest first. The one list
    behind the cluster page, the portfolio, the calendar and `warn`."""
    by_id = {criterion.id: criterion for criterion in result.criteria}
    return [Deadline(result.cluster_id, result.name, drop.criterion, drop.status,
                     drop.drops_on, drop.drops_to, drop.seen_by,
                     save_step(by_id[drop.criterion], drop.drops_on, result.next_website_check),
                     drop.first_status)
            for drop in (result.drops if every else result.deadlines)]
