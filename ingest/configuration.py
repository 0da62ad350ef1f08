"""Loading the committed YAML configuration into validated models."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from cronsim import CronSim
from pydantic import BaseModel, ConfigDict, ValidationError

from config import COLUMNS_FILE, LABELS_FILE, RULES_FILE, SCHEDULES_FILE
from ingest.errors import InputError
from scoring.rules import LabelRules, Rules

_SEPARATORS = re.compile(r"[\s_\-]+")


def normalise_name(text: str) -> str:
    """Header, file and coded-value spelling as compared: case, spaces, - and _ ignored."""
    return _SEPARATORS.sub("_", str(text).strip().casefold()).strip("_")


class InputLimits(BaseModel):
    """How big an input may be before it is refused (a workbook, exit 2) or set aside
    (a cell, its row): reading stays within bounded memory and time."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_cell_characters: int = 32_767  # Excel's own limit for a cell
    max_sheet_rows: int = 1_048_576  # Excel's own limit for a sheet
    max_sheet_columns: int = 1_024
    max_sheet_cells: int = 5_000_000  # rows x columns of the used area: the grid read
    max_workbook_bytes: int = 1_073_741_824  # the workbook's parts once decompressed


class ColumnConfig(BaseModel):
    """Aliases for dataset names, column headers and coded values; limits of the inputs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    datasets: dict[str, list[str]]
    columns: dict[str, list[str]]
    values: dict[str, dict[str, list[str]]]
    limits: InputLimits = InputLimits()

    def dataset_names(self) -> dict[str, str]:
        """Every accepted spelling of a dataset name -> the dataset."""
        return _spellings(self.datasets)

    def header_names(self) -> dict[str, str]:
        """Every accepted spelling of a header -> the canonical column."""
        return _spellings(self.columns)

    def value_names(self, domain: str) -> dict[str, str]:
        """Every accepted spelling of a coded value in a domain -> the canonical value."""
        return _spellings(self.values.get(domain, {}))

    def with_spellings(self, datasets: dict[str, list[str]], columns: dict[str, list[str]],
                       values: dict[str, dict[str, list[str]]]) -> ColumnConfig:
        """More accepted spellings (the catalogues' words: a workbook written in Swedish is
        read back). A spelling that already names something else, or that two names
        share, is left out: it would be ambiguous."""
        return self.model_copy(update={
            "datasets": _added(self.datasets, datasets),
            "columns": _added(self.columns, columns),
            "values": {domain: _added(codes, values.get(domain, {}))
                       for domain, codes in self.values.items()},
        })


def _added(groups: dict[str, list[str]], offered: dict[str, list[str]]
           ) -> dict[str, list[str]]:
    taken = _spellings(groups)
    claims: dict[str, set[str]] = {}
    for name, words in offered.items():
        for word in words:
            claims.setdefault(normalise_name(word), set()).add(name)
    added = {name: list(aliases) for name, aliases in groups.items()}
    for name, words in offered.items():
        for word in words:
            key = normalise_name(word)
            if name in added and key and key not in taken and claims[key] == {name}:
                added[name].append(word)
                taken[key] = name
    return added


def _spellings(groups: dict[str, list[str]]) -> dict[str, str]:
    return {
        normalise_name(alias): canonical
        for canonical, aliases in groups.items()
        for alias in [canonical, *aliases]
    }


def read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"Configuration file {path} could not be read: {error}.") from error
    except yaml.YAMLError as error:
        raise InputError(f"Configuration file {path} is not valid YAML: {error}.") from error


def load_column_config(path: Path = COLUMNS_FILE) -> ColumnConfig:
    try:
        return ColumnConfig.model_validate(read_yaml(path))
    except ValidationError as error:
        raise InputError(f"Configuration file {path} is invalid: {error}") from error


def load_rules(path: Path = RULES_FILE, labels: Path = LABELS_FILE) -> Rules:
    """The criteria's numbers (criteria.yaml) and the road to the label's (labels.yaml)."""
    data = read_yaml(path) or {}
    if labels.exists():
        try:  # validated on its own first, so a mistake names the file it is in
            data["labels"] = LabelRules.model_validate(read_yaml(labels) or {}).model_dump()
        except ValidationError as error:
            raise InputError(f"Configuration file {labels} is invalid: {error}") from error
    try:
        return Rules.model_validate(data)
    except ValidationError as error:
        raise InputError(f"Configuration file {path} is invalid: {error}") from error


class ScheduledFlow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    deployment: str
    cron: str


class Schedules(BaseModel):
    """config/schedules.yaml: when the deployments run (cron in local time)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    timezone: str
    evaluate_clusters: ScheduledFlow
    check_websites: ScheduledFlow
    warn_clusters: ScheduledFlow

    def next_run(self, flow: str, after: date) -> date:
        """The day the scheduled flow next runs after the day `after` (local time)."""
        scheduled: ScheduledFlow = getattr(self, flow)
        start = datetime.combine(after + timedelta(days=1), time(0), ZoneInfo(self.timezone))
        return next(iter(CronSim(scheduled.cron, start))).date()


def load_schedules(path: Path = SCHEDULES_FILE) -> Schedules:
    try:
        return Schedules.model_validate(read_yaml(path))
    except ValidationError as error:
        raise InputError(f"{path.name}: {error}") from error
