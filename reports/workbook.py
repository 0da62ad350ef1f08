"""`clustereval template`: one workbook per cluster to fill in. A sheet per dataset the
cluster keeps, named and headed as the ingest reads them (the contract's names, or the
Finnish aliases of config/columns.yaml); an input message and data validation on every
column, from the same pandera models (schemas/spec.py) and coded values that validate
the data; the cluster's current valid rows prefilled; an instructions sheet; the cluster
id fixed in a hidden, protected sheet (ingest/submissions.CLUSTER_SHEET)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from babel.lists import format_list
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ingest.configuration import ColumnConfig, normalise_name
from ingest.submissions import CLUSTER_SHEET, SUBMITTED_DATASETS
from reports.formats import format_day, locale_of
from reports.messages import MESSAGES, format_number, problem_text, say
from schemas.spec import ColumnSpec, column_specs
from scoring.criteria import TITLES, registered
from scoring.rules import Rules

LISTS_SHEET = "_lists"  # the dropdowns' values, hidden
SPARE_ROWS = 500  # rows below the prefilled ones that carry the validation
DEFINED_NAME = "clustereval_cluster"


def _catalogue_word(key: str, name: str, lang: str, names: dict[str, str]) -> str | None:
    """A name in a third language (Swedish, a translator's) as its catalogue words it,
    when the intake reads the word back as that name (flows/columns.input_columns)."""
    word = MESSAGES[lang].get(key) if lang not in ("fi", "en") else None
    return word if word and names.get(normalise_name(word)) == name else None


def sheet_name(dataset: str, lang: str, columns: ColumnConfig) -> str:
    """The dataset's sheet: its first alias in Finnish (sopimukset), its catalogue word in
    a third language (avtal) when Excel takes it as a sheet's name, else its name."""
    word = _catalogue_word(f"dataset_{dataset}", dataset, lang, columns.dataset_names())
    if word and len(word) <= 31 and not set(word) & set("[]:*?/\\"):
        return word
    return columns.datasets[dataset][0] if lang == "fi" and columns.datasets.get(dataset) \
        else dataset


def header(column: str, lang: str, columns: ColumnConfig) -> str:
    """A column's header as the ingest reads it: in Finnish its first alias that names no
    other column ("tulos" is a website check's outcome too), in a third language its
    catalogue word, else its name."""
    names = columns.header_names()
    if word := _catalogue_word(f"col_{column}", column, lang, names):
        return word
    if lang == "fi":
        for alias in columns.columns.get(column, []):
            if names.get(normalise_name(alias)) == column:
                return alias
    return column


def code_word(domain: str | None, code: str, lang: str, columns: ColumnConfig) -> str:
    """A coded value as the reader's language writes it (the ingest reads both)."""
    names = columns.value_names(domain or "")
    for key in (f"code_{code}", f"status_{code}", f"level_{code}"):
        if word := _catalogue_word(key, code, lang, names):
            return word
    aliases = columns.values.get(domain or "", {}).get(code) or []
    return aliases[0] if lang == "fi" and aliases else code


def write_template(path: Path, cluster_id: str, name: str, rows: dict[str, pd.DataFrame],
                   lang: str, columns: ColumnConfig, rules: Rules, deadline: date,
                   set_aside: dict[str, pd.DataFrame] | None = None) -> Path:
    """The cluster's workbook at `path`; `rows`: its current valid rows per dataset;
    `set_aside`: its rows set aside, as typed, with their problems ("problems": the
    column -> problem pairs), written below the valid rows with a note on each bad cell,
    so that they are fixed, not lost."""
    words = MESSAGES[lang]
    workbook = Workbook()
    instructions = workbook.active
    assert instructions is not None
    instructions.title = words["tpl_instructions_sheet"]
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    fixed = workbook.create_sheet(CLUSTER_SHEET)
    fixed.append(["cluster_id", cluster_id])
    fixed.sheet_state = "hidden"
    fixed.protection.sheet = True
    workbook.defined_names[DEFINED_NAME] = DefinedName(
        DEFINED_NAME, attr_text=f"{quote_sheetname(CLUSTER_SHEET)}!$B$1")
    indicators = _indicator_sheet(workbook, rules, lang)
    list_columns: dict[tuple[str, ...], str] = {}

    def list_range(values: tuple[str, ...]) -> str:
        """A dropdown's values, kept once on the hidden sheet."""
        if values not in list_columns:
            letter = get_column_letter(len(list_columns) + 1)
            for number, value in enumerate(values, start=1):
                lists[f"{letter}{number}"] = value
            list_columns[values] = (f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:"
                                    f"${letter}${len(values)}")
        return list_columns[values]

    for dataset in SUBMITTED_DATASETS:
        sheet = workbook.create_sheet(sheet_name(dataset, lang, columns))
        specs = column_specs(dataset)
        sheet.append([header(spec.name, lang, columns) for spec in specs])
        own = rows.get(dataset)
        if own is not None:
            for record in own.to_dict("records"):
                sheet.append([_cell(spec, record.get(spec.name), lang, columns)
                              for spec in specs])
        bad = (set_aside or {}).get(dataset)
        if bad is not None:
            for record in bad.to_dict("records"):
                sheet.append([_typed(record.get(spec.name)) for spec in specs])
                _mark_problems(sheet, sheet.max_row, [s.name for s in specs],
                               record["problems"], lang)
        last = sheet.max_row + SPARE_ROWS
        for number, spec in enumerate(specs, start=1):
            letter = get_column_letter(number)
            cells = f"{letter}2:{letter}{last}"
            validation = _validation(spec, letter, lang, columns, cluster_id, list_range,
                                     indicators, [s.name for s in specs])
            validation.promptTitle = header(spec.name, lang, columns)[:32]
            validation.prompt = column_help(spec, lang, columns, cluster_id, indicators)[:255]
            validation.showInputMessage = True
            validation.errorTitle = words["tpl_error_title"][:32]
            validation.error = words["tpl_error"][:255]
            validation.showErrorMessage = True
            validation.add(cells)
            sheet.add_data_validation(validation)
            if spec.kind == "date":
                for row in range(2, last + 1):
                    sheet[f"{letter}{row}"].number_format = \
                        "d.m.yyyy" if lang == "fi" else "yyyy-mm-dd"
            sheet.column_dimensions[letter].width = max(
                14, len(header(spec.name, lang, columns)) + 4)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    _instructions(instructions, name, cluster_id, lang, columns, deadline)
    workbook.move_sheet(LISTS_SHEET, offset=len(workbook.sheetnames))
    workbook.move_sheet(CLUSTER_SHEET, offset=len(workbook.sheetnames))
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _validation(spec: ColumnSpec, letter: str, lang: str, columns: ColumnConfig,
                cluster_id: str, list_range: Any, indicators: str, names: list[str]
                ) -> DataValidation:
    first = f"{letter}2"
    if spec.name == "cluster_id":
        return DataValidation(type="list", formula1=f'"{cluster_id}"', allow_blank=False)
    if spec.name == "indicator":
        return DataValidation(type="list", formula1=f"{quote_sheetname(indicators)}!$A$2:"
                              "$A$200", allow_blank=False)
    if spec.name == "score" and "max_score" in names:
        top = get_column_letter(names.index("max_score") + 1)
        return DataValidation(type="custom", formula1=f"AND(ISNUMBER({first}),{first}>=0,"
                              f"OR({top}2=\"\",{first}<={top}2))", allow_blank=False)
    if spec.kind == "code":
        words = tuple(code_word(spec.domain, code, lang, columns) for code in spec.codes)
        return DataValidation(type="list", formula1=list_range(words),
                              allow_blank=not spec.required)
    if spec.kind == "boolean":
        return DataValidation(type="list", formula1=list_range(
            (MESSAGES[lang]["tpl_yes"], MESSAGES[lang]["tpl_no"])), allow_blank=True)
    if spec.kind == "date":
        return DataValidation(type="date", operator="between", formula1="DATE(1990,1,1)",
                              formula2="DATE(2100,12,31)", allow_blank=not spec.required)
    if spec.kind in ("integer", "number"):
        least = format(spec.minimum or 0, "g")
        return DataValidation(type="whole" if spec.kind == "integer" else "decimal",
                              operator="greaterThan" if spec.above_minimum
                              else "greaterThanOrEqual", formula1=least,
                              allow_blank=not spec.required)
    if spec.kind == "business_id":  # 1234567-8; the check digit is the intake's to check
        return DataValidation(type="custom", formula1=(
            f'AND(LEN({first})=9,MID({first},8,1)="-",ISNUMBER(--LEFT({first},7)),'
            f"ISNUMBER(--RIGHT({first},1)))"), allow_blank=True)
    return DataValidation(type="textLength", operator="lessThanOrEqual", formula1="2000",
                          allow_blank=not spec.required)


def column_help(spec: ColumnSpec, lang: str, columns: ColumnConfig, cluster_id: str,
            indicators: str) -> str:
    words = MESSAGES[lang]
    if spec.name == "cluster_id":
        text = words["tpl_kind_cluster"].format(cluster=cluster_id)
    elif spec.name == "indicator":
        text = words["tpl_kind_indicator"].format(sheet=indicators)
    elif spec.name == "score":
        text = words["tpl_kind_score"]
    elif spec.kind == "code":
        text = words["tpl_kind_code"].format(choices=", ".join(
            code_word(spec.domain, code, lang, columns) for code in spec.codes))
    elif spec.kind in ("integer", "number"):
        key = "tpl_kind_number_above" if spec.above_minimum else f"tpl_kind_{spec.kind}"
        text = words[key].format(minimum=format_number(int(spec.minimum or 0), lang))
    else:
        text = words[f"tpl_kind_{spec.kind}"]
    return f"{text} {words['tpl_required']}" if spec.required else text


def _cell(spec: ColumnSpec, value: Any, lang: str, columns: ColumnConfig) -> Any:
    """A valid row's value as a person would have typed it."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if spec.kind == "date":
        return pd.Timestamp(value).to_pydatetime()
    if spec.kind == "code":
        return code_word(spec.domain, str(value), lang, columns)
    if spec.kind == "integer":
        return int(value)
    if spec.kind == "number":
        return float(value)
    if spec.kind == "boolean":
        return MESSAGES[lang]["tpl_yes" if value else "tpl_no"]
    return str(value)


def _typed(value: Any) -> Any:
    """A cell set aside, as the person typed it (a number stays a number)."""
    if value is None or value == "":
        return None
    text = str(value)
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number


def _mark_problems(sheet: Worksheet, row: int, names: list[str],
                   problems: list[tuple[str, str]], lang: str) -> None:
    """A note on each bad cell (the row's first cell when no column is to blame) saying
    the problem, and the cells shaded."""
    notes: dict[int, list[str]] = {}
    for column, problem in problems:
        number = names.index(column) + 1 if column in names else 1
        notes.setdefault(number, []).append(problem_text(problem, lang))
    for number, texts in notes.items():
        cell = sheet.cell(row=row, column=number)
        cell.comment = Comment("\n".join(texts), "clustereval", width=300, height=120)
        cell.fill = PatternFill("solid", fgColor="FDE7E7")


def _indicator_sheet(workbook: Workbook, rules: Rules, lang: str) -> str:
    """The Gold catalogue's indicators with their maximum scores: the indicator list."""
    words = MESSAGES[lang]
    sheet = workbook.create_sheet(words["tpl_indicators_sheet"])
    sheet.append([words["col_indicator"], words["tpl_indicator_name"], words["col_max_score"]])
    for indicator in rules.labels.gold.indicators:
        sheet.append([indicator.id, indicator.fi if lang == "fi" else indicator.en,
                      indicator.max_score])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 48
    sheet.protection.sheet = True
    return sheet.title


def _instructions(sheet: Worksheet, name: str, cluster_id: str, lang: str,
                  columns: ColumnConfig, deadline: date) -> None:
    words = MESSAGES[lang]
    served: dict[str, list[str]] = {}
    for criterion in registered():
        for dataset in criterion.reads:
            served.setdefault(dataset, []).append(
                f"{criterion.id} {say(TITLES[criterion.id], lang)}")
    served.setdefault("label_indicators", []).append(words["tpl_road_to_label"])
    day = format_day(deadline, lang)
    sheet.append([words["tpl_title"].format(name=name)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"{cluster_id}"])
    for key in ("tpl_intro", "tpl_answer", "tpl_cell_help"):
        sheet.append([words[key]])
    sheet.append([words["tpl_deadline"].format(date=day)])
    sheet.append([])
    sheet.append([words["tpl_sheet_heading"], words["tpl_purpose_heading"],
                  words["tpl_criteria_heading"]])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for dataset in SUBMITTED_DATASETS:
        sheet.append([sheet_name(dataset, lang, columns), words[f"tpl_purpose_{dataset}"],
                      format_list(served.get(dataset, []), locale=locale_of(lang))])
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 60
