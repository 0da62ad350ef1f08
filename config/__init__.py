"""The committed configuration: YAML files beside this module, no code, no secrets."""

from pathlib import Path
from zoneinfo import ZoneInfo

CONFIG_DIR = Path(__file__).resolve().parent
RULES_FILE = CONFIG_DIR / "criteria.yaml"
COLUMNS_FILE = CONFIG_DIR / "columns.yaml"
LABELS_FILE = CONFIG_DIR / "labels.yaml"
SCHEDULES_FILE = CONFIG_DIR / "schedules.yaml"  # when the deployments run
SAMPLE_DATA_DIR = CONFIG_DIR.parent / "data" / "sample"  # the bundled fictional region
HELSINKI = ZoneInfo("Europe/Helsinki")  # "today" and "the last completed quarter" are local
