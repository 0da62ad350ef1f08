"""The catalogues' words as accepted spellings (flows/columns.input_columns): a workbook
in Swedish, or in a translator's language, is read back; an ambiguous word is not."""

from __future__ import annotations

from flows.columns import input_columns
from ingest.configuration import load_column_config, normalise_name
from ingest.submissions import SUBMITTED_DATASETS
from reports.workbook import code_word, header, sheet_name
from schemas.spec import column_specs


def test_a_new_word_is_read_and_an_ambiguous_one_is_not():
    base = load_column_config()
    added = base.with_spellings(
        datasets={"agreements": ["avtal"]},
        columns={"date": ["datum"],
                 "kind": ["päivämäärä"],  # already the date's (columns.yaml): not the kind's
                 "title": ["namn x"], "summary": ["namn x"]},  # two names share it: neither
        values={"actor_type": {"company": ["företag"]}})
    names = added.header_names()
    assert names["datum"] == "date" and names["päivämäärä"] == "date"
    assert "namn_x" not in names
    assert added.dataset_names()["avtal"] == "agreements"
    assert added.value_names("actor_type")["företag"] == "company"
    assert base.header_names() == load_column_config().header_names()  # a copy, not a change


def test_every_swedish_word_the_workbook_writes_is_read_back_as_its_name():
    columns = input_columns()
    for dataset in SUBMITTED_DATASETS:
        sheet = sheet_name(dataset, "sv", columns)
        assert columns.dataset_names()[normalise_name(sheet)] == dataset
        for spec in column_specs(dataset):
            written = header(spec.name, "sv", columns)
            assert columns.header_names()[normalise_name(written)] == spec.name
            for code in spec.codes if spec.kind == "code" else ():
                word = code_word(spec.domain, code, "sv", columns)
                assert columns.value_names(spec.domain or "")[normalise_name(word)] == code
