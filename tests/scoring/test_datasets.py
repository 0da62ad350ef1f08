"""One table of datasets: the scoring's list (scoring/datasets.py), the contracts
(schemas/models.py) and the file names and aliases (config/columns.yaml) name the same."""

from ingest.configuration import load_column_config
from schemas.models import MODELS
from scoring.datasets import DATASETS, EVIDENCE_DATASETS


def test_the_datasets_are_one_list():
    assert list(DATASETS) == list(MODELS)
    assert set(load_column_config().dataset_names().values()) == set(DATASETS)
    assert "clusters" not in EVIDENCE_DATASETS and "decisions" not in EVIDENCE_DATASETS
