"""Schema failure cases: each bad row is set aside with file, row, column, value, problem."""

from pathlib import Path

import pandas as pd
import pytest

from ingest.configuration import load_column_config
from ingest.errors import InputError
from ingest.files import read_input_folder
from schemas import validate_inputs
from schemas.validate import shown_value

COLUMNS = load_column_config()
REGISTER = "cluster_id;name\nalpha;Alpha\nbeta;Beta\n"


def validate(tmp_path: Path, **files: str):
    files.setdefault("clusters", REGISTER)
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return validate_inputs(read_input_folder(tmp_path, COLUMNS), COLUMNS)


def problems(validated) -> list[tuple]:
    return [
        (r.dataset, r.row, r.column, r.value, r.problem)
        for r in validated.rejected.itertuples(index=False)
    ]


AGREEMENT_HEADER = (
    "cluster_id;member_name;business_id;actor_type;agreement_type;valid_from;valid_until\n"
)


@pytest.mark.parametrize(
    ("row", "column", "problem"),
    [
        ("alpha;A Oy;0737546-3;company;membership;;", "business_id", "not a valid Finnish"),
        ("gamma;A Oy;0737546-2;company;membership;;", "cluster_id", "not in the register"),
        ("alpha;A Oy;;robot;membership;;", "actor_type", "not one of: company"),
        ("alpha;A Oy;;company;handshake;;", "agreement_type", "not one of"),
        ("alpha;A Oy;;company;membership;1.1.2026;31.12.2025", "valid_until",
         "before valid_from"),
        ("alpha;A Oy;;company;membership;31.2.2026;", "valid_from", "not a date"),
        ("alpha;;;company;membership;;", "member_name", "required value is missing"),
    ],
    ids=["check-digit", "unknown-cluster", "actor-type", "agreement-type", "validity-order",
         "impossible-date", "missing-required"],
)
def test_agreement_failures(tmp_path, row, column, problem):
    good = "alpha;Good Oy;0737546-2;company;membership;;\n"
    validated = validate(tmp_path, agreements=AGREEMENT_HEADER + good + row + "\n")
    [(dataset, number, bad_column, _, text)] = problems(validated)
    assert (dataset, number, bad_column) == ("agreements", 3, column)
    assert problem in text
    assert list(validated.tables["agreements"]["member_name"]) == ["Good Oy"]
    assert validated.rejected_by_cluster["agreements"] == {
        row.split(";")[0]: 1
    }


def test_participant_companies_cannot_exceed_participants(tmp_path):
    validated = validate(
        tmp_path,
        activities="cluster_id;date;title;participants_total;participant_companies\n"
        "alpha;1.2.2026;Ok;10;4\nalpha;2.2.2026;Bad;3;5\nalpha;3.2.2026;Half;2,5;1\n",
    )
    assert problems(validated) == [
        ("activities", 3, "participant_companies", "5",
         "participant_companies is greater than participants_total"),
        ("activities", 4, "participants_total", "2,5", "not a whole number"),
    ]


def test_negative_count_is_rejected(tmp_path):
    validated = validate(
        tmp_path, dialogue="cluster_id;date;companies_involved\nalpha;2026-02-02;-1\n"
    )
    assert problems(validated)[0][2:] == ("companies_involved", "-1", "must be 0 or more")


def test_duplicate_cluster_ids_keep_the_first(tmp_path):
    validated = validate(tmp_path, clusters=REGISTER + "alpha;Alpha again\n")
    assert list(validated.register["name"]) == ["Alpha", "Beta"]
    [(_, row, column, value, problem)] = problems(validated)
    assert (row, column, value) == (4, "cluster_id", "alpha")
    assert "appears earlier" in problem


def test_cluster_id_must_be_a_slug(tmp_path):
    validated = validate(tmp_path, clusters=REGISTER + "bad id!;Bad\n")
    assert problems(validated)[0][2] == "cluster_id"


def test_exact_duplicates_are_counted_once_and_reported(tmp_path):
    line = "alpha;2026-02-02;Event;members\n"
    validated = validate(
        tmp_path, activities="cluster_id;date;title;audience\n" + line + line + line
    )
    assert len(validated.tables["activities"]) == 1
    assert [p[1] for p in problems(validated)] == [3, 4]
    assert "exact duplicate of activities.csv row 2" in problems(validated)[0][4]
    assert validated.row_counts["activities"]["duplicates"] == 2
    # duplicates do not make the cluster's data "all rejected"
    assert validated.rejected_by_cluster["activities"] == {}


def test_missing_required_column_stops_with_file_name(tmp_path):
    with pytest.raises(InputError, match=r"agreements.csv: .*no column member_name"):
        validate(tmp_path, agreements="cluster_id;business_id\nalpha;0737546-2\n")


def test_missing_register_stops(tmp_path):
    (tmp_path / "agreements.csv").write_text("cluster_id;member_name\na;b\n")
    with pytest.raises(InputError, match="No clusters file"):
        validate_inputs(read_input_folder(tmp_path, COLUMNS), COLUMNS)


def test_valid_rows_are_typed(tmp_path):
    validated = validate(
        tmp_path,
        website_checks="cluster_id;checked_at;reachable;https;accessibility_failures\n"
        "alpha;15.9.2026;kyllä;ei;0\n",
    )
    row = validated.tables["website_checks"].iloc[0]
    assert row["checked_at"] == pd.Timestamp("2026-09-15")
    assert (row["reachable"], row["https"], row["accessibility_failures"]) == (True, False, 0)


@pytest.mark.parametrize(("cell", "other_problem"), [
    ("valid_from", ("actor_type", "robot", "not one of: company")),
    ("business_id", ("valid_until", "31.2.2026", "not a date")),
    ("cluster_id", ("agreement_type", "handshake", "not one of")),
])
def test_a_nul_is_the_one_problem_of_its_cell(tmp_path, cell, other_problem):
    """Its cell reports the NUL alone (not also a bad date or id); another bad cell of the
    row is still reported."""
    row = {"cluster_id": "alpha", "member_name": "A Oy", "business_id": "0737546-2",
           "actor_type": "company", "agreement_type": "membership",
           "valid_from": "1.1.2026", "valid_until": ""}
    row[cell] = row[cell][:3] + "\x00" + row[cell][3:]
    other, value, problem = other_problem
    row[other] = value
    good = "alpha;Good Oy;0737546-2;company;membership;;\n"
    validated = validate(tmp_path, agreements=AGREEMENT_HEADER + good + ";".join(row.values()))
    found = {column: (shown, text) for _, _, column, shown, text in problems(validated)}
    assert set(found) == {cell, other}
    assert found[cell] == (row[cell].replace("\x00", "\u2400"), "a NUL character")
    assert problem in found[other][1]
    assert list(validated.tables["agreements"]["member_name"]) == ["Good Oy"]
    assert not validated.rejected.map(lambda text: "\x00" in str(text)).any().any()


def test_a_long_value_with_a_nul_is_shown_shortened_and_visible():
    value = "\x00" + "x" * 300
    assert shown_value(value) == "\u2400" + "x" * 199 + "… (301 characters)"
