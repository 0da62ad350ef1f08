"""Every criterion's status on every (cluster, date) pair of a grid, decisions applied:
what the forecast asks, and what a plain evaluation gives for one date."""

from __future__ import annotations

import numpy as np

from scoring.criteria import registered
from scoring.decisions import decided_on_grid
from scoring.grid import Grid, Inputs
from scoring.rules import Rules


def statuses_on(inputs: Inputs, grid: Grid, rules: Rules) -> dict[str, np.ndarray]:
    """Criterion id -> the status value ("met", ...) of each pair, decisions applied."""
    measured = {criterion.id: criterion.statuses(inputs, grid, rules)
                for criterion in registered()}
    return decided_on_grid(measured, inputs.datasets.get("decisions"), inputs, grid)
