"""The spellings the inputs are read with: config/columns.yaml's, and the catalogue's
words of every report language (reports/locale/: dataset_, col_ and code_ messages), so
that a workbook written in Swedish, or in a translator's language, is read back."""

from __future__ import annotations

from collections.abc import Iterable

from ingest.configuration import ColumnConfig, load_column_config
from reports.messages import MESSAGES


def input_columns() -> ColumnConfig:
    columns = load_column_config()
    return columns.with_spellings(*catalogue_spellings(columns))


def catalogue_spellings(columns: ColumnConfig) -> tuple[
        dict[str, list[str]], dict[str, list[str]], dict[str, dict[str, list[str]]]]:
    """(datasets, columns, values): each name's words in the catalogues."""
    def words(prefixes: tuple[str, ...], names: Iterable[str]) -> dict[str, list[str]]:
        return {name: [said for lang in MESSAGES for prefix in prefixes
                       if (said := MESSAGES[lang].get(f"{prefix}{name}"))]
                for name in names}

    return (words(("dataset_",), columns.datasets), words(("col_",), columns.columns),
            {domain: words(("code_", "status_", "level_"), codes)
             for domain, codes in columns.values.items()})
