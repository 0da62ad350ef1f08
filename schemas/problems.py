"""Validation problems by id and values. Their English words are rejected.csv's `problem`
column (the contract's text, like results.json's language-neutral evidence); a report
says a problem in its language from the catalogues' `problem_<id>` message with the same
values (reports/messages.problem_text), so no problem is translated by pattern.
tests/reports/test_catalogues.py holds the English catalogue to the words below."""

from __future__ import annotations

import json
from dataclasses import dataclass

ENGLISH = {
    "required": "required value is missing",
    "not_one_of": "not one of: {values}",
    "not_known": "not a known value",
    "at_least": "must be {limit} or more",
    "at_most": "must be {limit} or less",
    "greater_than": "must be greater than {limit}",
    "not_a_date": "not a date (write 31.12.2025, 2025-12-31 or 2025-12-31T10:00+02:00)",
    "not_whole": "not a whole number",
    "too_large": "too large for a count (at most {limit})",
    "too_long": "{length} characters, over the limit of {limit}",
    "not_a_number": "not a number",
    "not_yes_no": "not a yes/no value (true/false, kyllä/ei)",
    "bad_business_id": "not a valid Finnish business ID (format 1234567-8, check digit "
                       "verified)",
    "not_in_register": "cluster_id is not in the register (or its register row was set aside)",
    "duplicate_of_row": "exact duplicate of {file} row {row}; counted once",
    "duplicate_of_sheet_row": "exact duplicate of {file} sheet {sheet} row {row}; counted once",
    "nul": "a NUL character",
    "duplicate_cluster_id": "cluster_id appears earlier in the register; the first row is kept",
    "valid_until_before_from": "valid_until is before valid_from",
    "more_companies_than_participants": "participant_companies is greater than "
                                        "participants_total",
    "score_over_maximum": "score is greater than max_score",
    "accepted_without_status": "an accepted decision needs the status decided",
    "accepted_without_valid_until": "an accepted decision needs valid_until",
    "decided_without_date": "decided_on is required unless the decision is pending",
    "valid_until_before_decided": "valid_until is before decided_on",
    "decision_too_long": "valid_until is more than {months} months after decided_on",
    "not_cluster_id": "not a cluster id (lowercase letters a-z, digits, - and _; at most 64 "
                      "characters)",
    "not_web_address": "not a web address (https://example.fi)",
    "bad_format": "not in the expected format",
    "other_cluster": "the row names another cluster than the workbook's",
}
# pandera reports a check by its error text: which problem that text is.
BY_ENGLISH = {words: key for key, words in ENGLISH.items() if "{" not in words}


@dataclass(frozen=True)
class Problem:
    """One problem of a cell or row: its id and values (numbers and names as text)."""

    id: str
    values: tuple[tuple[str, str], ...] = ()

    @property
    def english(self) -> str:
        return ENGLISH[self.id].format(**dict(self.values))

    @property
    def code(self) -> str:
        """The problem_code column: the id and values as JSON, the same bytes each run."""
        return json.dumps({"id": self.id, "values": dict(self.values)}, ensure_ascii=False,
                          sort_keys=True)

    @classmethod
    def from_code(cls, code: str) -> Problem:
        found = json.loads(code)
        return cls(found["id"], tuple(sorted(found["values"].items())))


def problem(problem_id: str, **values: object) -> Problem:
    assert problem_id in ENGLISH, problem_id
    return Problem(problem_id, tuple(sorted((k, str(v)) for k, v in values.items())))
