"""One source for the rules: every default in scoring/rules.py is the value the committed
configuration names (config/criteria.yaml; config/labels.yaml for `labels`), so no rule
differs by whether the file names it. (The code once had 6 leader placeholders, the file 21.)
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from config import LABELS_FILE, RULES_FILE
from ingest.configuration import load_rules, read_yaml
from schemas.validate import validate_inputs, validate_table
from scoring.criteria.c2_named_leader import is_placeholder
from scoring.period import Period, parse_period
from scoring.rules import Rules

CRITERIA = read_yaml(RULES_FILE)
LABELS = read_yaml(LABELS_FILE)
REQUIRED = object()  # a field the code gives no default: the file must name it
# Catalogues the file holds and the code does not repeat (a default of none).
CATALOGUES = {("labels", "gold", "indicators")}


def fields(model: type[BaseModel], path: tuple[str, ...] = ()
           ) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every field of every section, depth first, with the code's default."""
    for name, field in model.model_fields.items():
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            yield from fields(kind, (*path, name))
        elif field.is_required():
            yield (*path, name), REQUIRED
        else:
            yield (*path, name), field.get_default(call_default_factory=True)


def file_value(path: tuple[str, ...]) -> Any:
    """The value the configuration files name at `path`; fails naming what is missing."""
    data, keys, file = ((LABELS, path[1:], LABELS_FILE) if path[0] == "labels"
                        else (CRITERIA, path, RULES_FILE))
    for key in keys:
        assert isinstance(data, dict) and key in data, (
            f"{file.name} does not name {'.'.join(path)}: name it there, with the code's "
            "default, so the file is the one source of the rule")
        data = data[key]
    return data


FIELDS = list(fields(Rules))


def test_the_walk_reaches_every_section_and_the_file_names_each():
    walked = {path[0] for path, _ in FIELDS} | {path[:2] for path, _ in FIELDS if len(path) > 2}
    for section, field in Rules.model_fields.items():
        assert section in CRITERIA or section == "labels", f"criteria.yaml lacks {section}"
        model = field.annotation
        assert isinstance(model, type)
        if issubclass(model, BaseModel) and model.model_fields:
            assert section in walked
    assert {("labels", "eccp"), ("labels", "gold")} <= walked


@pytest.mark.parametrize(("path", "default"), FIELDS, ids=[".".join(p) for p, _ in FIELDS])
def test_each_default_in_the_code_is_the_files_value(path, default):
    value = file_value(path)
    if default is REQUIRED:
        return
    if path in CATALOGUES:
        assert value and default == []
        return
    assert default == value, (f"scoring/rules.py says {'.'.join(path)} = {default!r}, the "
                              f"file {value!r}: make them equal")


def test_the_rules_in_code_are_the_rules_loaded():
    """The whole model at once: also the defaults a section's parent gives it."""
    coded, loaded = Rules().model_dump(), load_rules().model_dump()
    for rules in (coded, loaded):
        for *parents, leaf in CATALOGUES:
            section = rules
            for key in parents:
                section = section[key]
            section.pop(leaf)
    assert coded == loaded


@pytest.mark.parametrize("name", ["haussa", "Rekrytoinnissa", "to be named", "Unknown",
                                  "nimetään myöhemmin."])
def test_every_placeholder_of_the_file_is_one_by_default(name):
    assert is_placeholder(name, Rules().c2_named_leader)


@pytest.mark.parametrize(("function", "parameter", "path"), [
    (validate_inputs, "max_decision_months", ("decisions", "max_validity_months")),
    (validate_table, "max_decision_months", ("decisions", "max_validity_months")),
    (parse_period, "window_months", ("window_months",)),
    (Period, "window_months", ("window_months",)),
    (Period.from_quarter, "window_months", ("window_months",)),
    (Period.last_completed_quarter, "window_months", ("window_months",)),
], ids=["validate_inputs", "validate_table", "parse_period", "Period", "Period.from_quarter",
        "Period.last_completed_quarter"])
def test_defaults_of_a_rule_elsewhere_are_the_files(function: Callable[..., Any],
                                                    parameter: str, path: tuple[str, ...]):
    assert inspect.signature(function).parameters[parameter].default == file_value(path)
