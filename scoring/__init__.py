"""Pure evaluation logic: no Prefect, no templates, no files. Frames in, results out."""

from scoring.engine import evaluate_clusters
from scoring.model import ClusterResult, CriterionResult, Status, Verdict
from scoring.period import Period
from scoring.rules import Rules

__all__ = [
    "ClusterResult",
    "CriterionResult",
    "Period",
    "Rules",
    "Status",
    "Verdict",
    "evaluate_clusters",
]
