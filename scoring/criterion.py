"""A criterion's declaration: everything the engine, the forecast and the reports need to
know of it, given once, in its own module (`CRITERION = Criterion(...)` at its end)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from scoring.context import ClusterContext
from scoring.grid import Grid, Inputs
from scoring.model import CriterionResult, Status
from scoring.period import Period
from scoring.prepared import Prepared
from scoring.rules import Rules
from scoring.text import Message


@dataclass(frozen=True)
class Criterion:
    id: str
    title: Message
    # explain: the reason, evidence and next step of the status judged for the as-of date
    evaluate: Callable[[ClusterContext, Any, Status | None], CriterionResult]
    rules_section: str  # the attribute of Rules (and the key in criteria.yaml)
    # The portfolio-wide pass (scoring/prepared.py), for criteria that read many rows.
    prepare: Callable[[Mapping[str, pd.DataFrame | None], Period, Any], Prepared] | None = None
    # The evidence datasets it reads beside the register (and the decisions): the rows
    # dated after the as-of date that a "holds until" may rest on (scoring/planned.py).
    reads: tuple[str, ...] = ()
    # The register's columns it reads: a changed register row explains its status only
    # when one of these changed (reports/changes.py).
    register_columns: tuple[str, ...] = ()
    # Statuses for many (cluster, date) pairs at once (scoring/grid.py): the numbers the
    # status depends on, and the only comparison of them with the thresholds.
    measure: Callable[[Inputs, Grid, Any], pd.DataFrame] | None = None
    judge: Callable[[pd.DataFrame, Any], np.ndarray] | None = None
    # What keeps the status past its last day: the deadline's step ({date}: that day).
    # A text, or a function of (drops_on, the region's next website check) giving one.
    save_step: Message | Callable[[date, date | None], Message] | None = None

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
