"""The committed configuration: YAML files beside this module, no code, no secrets."""

from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parent
RULES_FILE = CONFIG_DIR / "criteria.yaml"
COLUMNS_FILE = CONFIG_DIR / "columns.yaml"
