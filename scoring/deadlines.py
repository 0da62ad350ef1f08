"""Deadlines: the criteria whose status drops before a date, soonest first, each with the
step that saves it. The dates come from scoring/forecast.py; this module only words them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from scoring.model import ClusterResult, CriterionResult, Status
from scoring.period import end_of_quarter
from scoring.text import Text, en_date, fi_date

# What saves each criterion before its date. {date} is the last day the status holds.
SAVE_STEPS = {
    "C1": Text(fi="Uusi päättyvät sopimukset tai hanki uusia yrityssopimuksia {date} mennessä.",
               en="Renew the agreements that end, or sign new ones with companies, by {date}."),
    "C2": Text(fi="Varmista, että klusterilla on nimetty vetäjä {date} jälkeenkin.",
               en="Make sure the cluster has a named leader after {date}."),
    "C3": Text(fi="Uusi päättyvä strategia tai toimeenpanosuunnitelma ja kirjaa se rekisteriin "
                  "{date} mennessä.",
               en="Renew the strategy or implementation plan that ends and record it in the "
                  "register by {date}."),
    "C4": Text(fi="Järjestä jäsenille tapahtuma ja kirjaa se tapahtumalokiin {date} mennessä.",
               en="Hold a members' event and log it by {date}."),
    "C5": Text(fi="Kerää yritysten tarpeet (kysely, haastattelu, työpaja) ja kirjaa se {date} "
                  "mennessä.",
               en="Collect the companies' needs (survey, interview, workshop) and log it by "
                  "{date}."),
    "C6": Text(fi="Pidä yhteyttä yrityksiin tällä vuosineljänneksellä ja kirjaa se {date} "
                  "mennessä.",
               en="Meet companies this quarter and log the contact by {date}."),
    "C7": Text(fi="Tee verkkosivuille uusi tarkistus (clustereval check-websites) {date} "
                  "mennessä.",
               en="Run a new website check (clustereval check-websites) by {date}."),
    "C8": Text(fi="Arvioi klusterin toiminta ja kirjaa arviointi {date} mennessä.",
               en="Evaluate the cluster's work and log the evaluation by {date}."),
}
DECISION_ENDS = Text(
    fi="Päätös (oikeus vastineeseen) on voimassa {date} asti: korjaa mitattu puute tai pyydä "
       "uusi päätös ennen sitä.",
    en="The decision (right of reply) is in force until {date}: fix the measured shortfall or "
       "ask for a new decision before then.",
)


def next_evaluation(as_of: date) -> date:
    """The next quarterly evaluation after an as-of date: the first quarter's end after it."""
    end = end_of_quarter(as_of)
    return end if end > as_of else end_of_quarter(as_of + timedelta(days=1))


def save_step(criterion: CriterionResult) -> Text:
    """The step that keeps the criterion's status past its holds_until."""
    assert criterion.holds_until is not None
    until = criterion.holds_until
    words = SAVE_STEPS[criterion.id]
    if criterion.decision is not None and criterion.decision.get("valid_until") == \
            until.isoformat():
        words = DECISION_ENDS
    return Text(fi=words.fi.format(date=fi_date(until)), en=words.en.format(date=en_date(until)))


@dataclass(frozen=True)
class Deadline:
    cluster_id: str
    name: str
    criterion: str
    status: Status
    holds_until: date
    drops_to: Status
    next_step: Text

    @property
    def drops_on(self) -> date:
        return self.holds_until + timedelta(days=1)

    def as_dict(self) -> dict[str, Any]:
        return {"cluster_id": self.cluster_id, "criterion": self.criterion,
                "status_now": self.status.value, "holds_until": self.holds_until.isoformat(),
                "drops_on": self.drops_on.isoformat(), "drops_to": self.drops_to.value,
                "next_step_fi": self.next_step.fi, "next_step_en": self.next_step.en}


def deadlines(result: ClusterResult, by: date | None = None, shown_only: bool = True
              ) -> list[Deadline]:
    """The cluster's criteria whose status drops on or before `by` (None: any within the
    forecast's horizon), soonest first. `shown_only`: the statuses results.json dates (met,
    partially met); else a not-met status that falls to insufficient data too."""
    found = []
    for criterion in result.criteria:
        until, drops_to = (criterion.shown_hold if shown_only
                           else (criterion.holds_until, criterion.drops_to))
        if until is None or drops_to is None:
            continue
        if by is not None and until + timedelta(days=1) > by:
            continue
        found.append(Deadline(result.cluster_id, result.name, criterion.id, criterion.status,
                              until, drops_to, save_step(criterion)))
    return sorted(found, key=lambda d: (d.holds_until, d.criterion))
