"""The datasets as the scoring sees them: which are a cluster's evidence, and their names in
Finnish sentences. Their contracts are schemas/models.py (MODELS, the same names), their
file and sheet names and column aliases config/columns.yaml; tests/scoring/test_datasets.py
holds the three together."""

from __future__ import annotations

# name -> the name in Finnish sentences, in the order the reports list them.
DATASETS = {
    "clusters": "klusterirekisteri",
    "agreements": "sopimukset",
    "activities": "aktiviteetit",
    "dialogue": "vuoropuhelu",
    "evaluations": "arvioinnit",
    "website_checks": "verkkosivutarkistukset",
    "label_indicators": "label_indicators",
    "decisions": "decisions",
}
# A cluster's evidence: every dataset but the register and the decisions on its replies.
# The engine, the cluster context and the test builders read this list.
EVIDENCE_DATASETS = tuple(name for name in DATASETS if name not in ("clusters", "decisions"))
