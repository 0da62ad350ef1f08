"""What each column of a dataset takes, read off its pandera model: the kind of value, if
it is required, its least value and its codes. The template's data validation and input
messages (reports/workbook.py) come from here, so the workbook a cluster fills in and the
validation that checks it share one source."""

from __future__ import annotations

from dataclasses import dataclass

from schemas.models import MODELS, VALUE_DOMAINS


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: str  # text, date, integer, number, boolean, code, business_id
    required: bool
    minimum: float | None = None  # the least value allowed (numbers)
    above_minimum: bool = False  # the value must be greater than `minimum`, not equal
    codes: tuple[str, ...] = ()  # the allowed codes, in the contract's order
    domain: str | None = None  # the coded-value domain of config/columns.yaml


def column_specs(dataset: str) -> list[ColumnSpec]:
    schema = MODELS[dataset].to_schema()
    specs = []
    for name, column in schema.columns.items():
        dtype = str(column.dtype)
        statistics = {check.name: check.statistics for check in column.checks}
        kind = ("date" if dtype.startswith("datetime") else
                "integer" if dtype.lower().startswith("int") else
                "number" if dtype.startswith("float") else
                "boolean" if dtype.lower().startswith("bool") else "text")
        codes: tuple[str, ...] = ()
        if "isin" in statistics:
            kind, codes = "code", tuple(statistics["isin"]["allowed_values"])
        if "business_id_check_digit" in statistics:
            kind = "business_id"
        least = statistics.get("greater_than_or_equal_to") or statistics.get("greater_than")
        specs.append(ColumnSpec(
            name=name, kind=kind, required=not column.nullable,
            minimum=float(least["min_value"]) if least else None,
            above_minimum="greater_than" in statistics, codes=codes,
            domain=VALUE_DOMAINS.get((dataset, name))))
    return specs
