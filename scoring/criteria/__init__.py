"""The eight criteria, in the source's order. Each entry: id, titles, function, its rules.

Adding a criterion: one module here (measure, judge, explain, title), one entry below,
its section in config/criteria.yaml and scoring/rules.py, its table of tests. Everything
else (the engine, the forecast, the reports' columns and counts, the decisions' valid
ids) reads the entries: tests/scoring/test_ninth_criterion.py proves it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from scoring.context import ClusterContext
from scoring.criteria import (
    c1_verified_companies,
    c2_named_leader,
    c3_strategy_and_plan,
    c4_member_activities,
    c5_business_needs,
    c6_regular_dialogue,
    c7_website,
    c8_regular_evaluation,
)
from scoring.grid import Grid, Inputs
from scoring.model import CriterionResult, Status
from scoring.period import Period
from scoring.prepared import Prepared
from scoring.rules import Rules
from scoring.text import Text


@dataclass(frozen=True)
class Criterion:
    id: str
    title: Text
    # explain: the reason, evidence and next step of the status judged for the as-of date
    evaluate: Callable[[ClusterContext, Any, Status | None], CriterionResult]
    rules_section: str  # the attribute of Rules (and the key in criteria.yaml)
    # The portfolio-wide pass (scoring/prepared.py), for criteria that read many rows.
    prepare: Callable[[Mapping[str, pd.DataFrame | None], Period, Any], Prepared] | None = None
    # The evidence datasets it reads beside the register (and the decisions): where the
    # dates that can change its status are (scoring/forecast.py).
    reads: tuple[str, ...] = ()
    # How it reads the period's window: "" not at all, "window" counts the rows in it,
    # "quarters" counts its four quarter slices too.
    window: str = ""
    # Statuses for many (cluster, date) pairs at once (scoring/grid.py): the numbers the
    # status depends on, and the only comparison of them with the thresholds.
    measure: Callable[[Inputs, Grid, Any], pd.DataFrame] | None = None
    judge: Callable[[pd.DataFrame, Any], np.ndarray] | None = None
    # What keeps the status past its last day: the deadline's step ({date}: that day).
    save_step: Text | None = None

    def window_months(self, period: Period) -> frozenset[int]:
        """The window's month lengths that can move a row in or out of what it counts."""
        if not self.window:
            return frozenset()
        quarters = {3 * k for k in range(1, 5)} if self.window == "quarters" else set()
        return frozenset({period.window_months, *quarters})

    def prepare_all(self, datasets: Mapping[str, pd.DataFrame | None], period: Period,
                    rules: Rules) -> Prepared | None:
        if self.prepare is None:
            return None
        return self.prepare(datasets, period, getattr(rules, self.rules_section))

    def __call__(self, ctx: ClusterContext, rules: Rules,
                 status: Status | None = None) -> CriterionResult:
        return self.evaluate(ctx, getattr(rules, self.rules_section), status)

    def statuses(self, inputs: Inputs, grid: Grid, rules: Rules) -> np.ndarray:
        """The measured status of every pair of the grid."""
        assert self.measure is not None and self.judge is not None
        section = getattr(rules, self.rules_section)
        return self.judge(self.measure(inputs, grid, section), section)


CRITERIA: tuple[Criterion, ...] = (
    Criterion("C1", c1_verified_companies.TITLE, c1_verified_companies.verified_companies,
              "c1_verified_companies", c1_verified_companies.prepare, ("agreements",),
              measure=c1_verified_companies.measure, judge=c1_verified_companies.judge,
              save_step=c1_verified_companies.SAVE_STEP),
    Criterion("C2", c2_named_leader.TITLE, c2_named_leader.named_leader, "c2_named_leader",
              measure=c2_named_leader.measure, judge=c2_named_leader.judge,
              save_step=c2_named_leader.SAVE_STEP),
    Criterion("C3", c3_strategy_and_plan.TITLE, c3_strategy_and_plan.strategy_and_plan,
              "c3_strategy_and_plan",
              measure=c3_strategy_and_plan.measure, judge=c3_strategy_and_plan.judge,
              save_step=c3_strategy_and_plan.SAVE_STEP),
    Criterion("C4", c4_member_activities.TITLE, c4_member_activities.member_activities,
              "c4_member_activities", c4_member_activities.prepare, ("activities",),
              window="window",
              measure=c4_member_activities.measure, judge=c4_member_activities.judge,
              save_step=c4_member_activities.SAVE_STEP),
    Criterion("C5", c5_business_needs.TITLE, c5_business_needs.business_needs,
              "c5_business_needs", c5_business_needs.prepare, ("dialogue",),
              window="window", measure=c5_business_needs.measure, judge=c5_business_needs.judge,
              save_step=c5_business_needs.SAVE_STEP),
    Criterion("C6", c6_regular_dialogue.TITLE, c6_regular_dialogue.regular_dialogue,
              "c6_regular_dialogue", c6_regular_dialogue.prepare, ("activities", "dialogue"),
              window="quarters",
              measure=c6_regular_dialogue.measure, judge=c6_regular_dialogue.judge,
              save_step=c6_regular_dialogue.SAVE_STEP),
    Criterion("C7", c7_website.TITLE, c7_website.website, "c7_website", c7_website.prepare,
              ("website_checks",), measure=c7_website.measure, judge=c7_website.judge,
              save_step=c7_website.SAVE_STEP),
    Criterion("C8", c8_regular_evaluation.TITLE, c8_regular_evaluation.regular_evaluation,
              "c8_regular_evaluation", c8_regular_evaluation.prepare, ("evaluations",),
              measure=c8_regular_evaluation.measure, judge=c8_regular_evaluation.judge,
              save_step=c8_regular_evaluation.SAVE_STEP),
)



class _Titles(Mapping[str, Text]):
    """Criterion id -> title, read from CRITERIA when asked (so that the ids, their count
    and their titles have one declaration: a ninth criterion is one more entry above)."""

    def __getitem__(self, key: str) -> Text:
        for criterion in registered():
            if criterion.id == key:
                return criterion.title
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter([criterion.id for criterion in registered()])

    def __len__(self) -> int:
        return len(registered())


def registered() -> tuple[Criterion, ...]:
    """The criteria as declared now (read at call time, not bound at import)."""
    return CRITERIA


TITLES: Mapping[str, Text] = _Titles()
