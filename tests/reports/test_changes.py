"""Status changes tied to the rows that explain them, and the console's line (no Prefect)."""

from __future__ import annotations

from reports.changes import console_line, explaining, revision_changes, row_sentence
from reports.history import Snapshot
from schemas.differences import DatasetChanges, Place, RowChange

ACTIVITY = RowChange(Place("lokit.xlsx", "activities", 9),
                     {"cluster_id": "a", "date": "2026-03-12", "title": "Ilta"})
DECISION_C2 = RowChange(Place("decisions.csv", "", 2), {"cluster_id": "a", "criterion": "C2"})


def snapshot(statuses: dict[str, dict[str, str]], verdicts: dict[str, str]) -> Snapshot:
    return Snapshot("2026-Q3", verdicts, statuses, {c: c for c in statuses})


def test_a_status_is_explained_by_the_changed_rows_of_what_its_criterion_reads():
    rows = {"activities": DatasetChanges(removed=[ACTIVITY])}
    assert explaining("C4", rows) == ("activities",)
    assert explaining("C6", rows) == ("activities",)  # C6 reads activities and dialogue
    assert explaining("C1", rows) == ()  # agreements only
    # A changed register cell explains the criteria that read that column only.
    website = {"clusters": DatasetChanges(changed=[RowChange(
        Place("c.csv", "", 2), {}, (("website_url", "a.fi", "b.fi"),))])}
    assert explaining("C7", website) == ("clusters",)
    assert explaining("C1", website) == () and explaining("C2", website) == ()
    leader = {"clusters": DatasetChanges(changed=[RowChange(
        Place("c.csv", "", 2), {}, (("leader_name", "", "Anna"),))])}
    assert explaining("C2", leader) == ("clusters",) and explaining("C7", leader) == ()
    plan = {"clusters": DatasetChanges(changed=[RowChange(
        Place("c.csv", "", 2), {}, (("plan_valid_until", "", "2027-01-01"),))])}
    assert explaining("C3", plan) == ("clusters",)
    new_row = {"clusters": DatasetChanges(added=[RowChange(Place("c.csv", "", 2), {})])}
    assert explaining("C1", new_row) == ("clusters",)  # a register row that came


def test_a_decision_explains_only_the_criterion_it_decides():
    rows = {"decisions": DatasetChanges(added=[DECISION_C2])}
    assert explaining("C2", rows) == ("decisions",)
    assert explaining("C3", rows) == ()


def test_revision_changes_per_cluster_with_the_verdict_explained_by_its_criteria():
    before = snapshot({"a": {"C4": "partially_met", "C1": "met"}, "b": {"C4": "met"}},
                      {"a": "partially_meets", "b": "meets"})
    after = snapshot({"a": {"C4": "not_met", "C1": "met"}, "b": {"C4": "met"},
                      "new": {"C4": "met"}},
                     {"a": "does_not_meet", "b": "meets", "new": "meets"})
    found = revision_changes(before, 1, after,
                             {"a": {"activities": DatasetChanges(removed=[ACTIVITY]),
                                    "dialogue": DatasetChanges()}})
    a = found["a"]
    assert [(s.what, s.before, s.after, s.explained_by) for s in a.statuses] == [
        ("verdict", "partially_meets", "does_not_meet", ("activities",)),
        ("C4", "partially_met", "not_met", ("activities",))]
    assert list(a.rows) == ["activities"]  # an empty dataset change is not a change
    assert found["b"].statuses == () and found["b"].rows == {}
    assert found["new"].new
    assert a.as_dict()["rows"]["activities"]["removed"][0]["row"] == 9


def test_the_console_line_lists_a_few_changes_and_counts_the_rest():
    before = snapshot({f"k{i}": {"C4": "met"} for i in range(8)},
                      {f"k{i}": "meets" for i in range(8)})
    after = snapshot({f"k{i}": {"C4": "not_met"} for i in range(8)},
                     {f"k{i}": "meets" for i in range(8)})
    line = console_line("2026-Q3", 3, 2, revision_changes(before, 2, after, {}))
    assert line.startswith("Revision 3 of 2026-Q3 (against revision 2): 8 criterion statuses "
                           "and 0 verdicts changed; 0 input rows changed (k0 C4 met -> not "
                           "met; ")
    assert "; and 3 more)" in line
    assert console_line("2026-Q3", 1, None, None) == "Revision 1 of 2026-Q3: the first."
    assert "could not be read again" in console_line("2026-Q3", 2, 1, None)
    one = revision_changes(before, 1, before, {})
    assert console_line("2026-Q3", 2, 1, one) == (
        "Revision 2 of 2026-Q3 (against revision 1): 0 criterion statuses and 0 verdicts "
        "changed; 0 input rows changed.")


def test_the_console_line_names_clusters_new_gone_and_a_subsets_folder():
    before = snapshot({"a": {"C4": "met"}, "b": {"C4": "met"}}, {"a": "meets", "b": "meets"})
    after = snapshot({"a": {"C4": "met"}, "c": {"C4": "met"}}, {"a": "meets", "c": "meets"})
    changes = revision_changes(before, 1, after, {})
    assert changes["c"].new and not changes["a"].new
    line = console_line("2026-Q3", 2, 1, changes, ["b"])
    assert "; new: c; no longer evaluated: b." in line
    assert console_line("2026-Q3", 1, None, None, where=" in out/subsets/a").startswith(
        "Revision 1 of 2026-Q3 in out/subsets/a: the first")


def test_a_row_is_worded_with_its_place_and_its_cells_in_the_readers_language():
    changed = RowChange(Place("agreements.csv", "", 4),
                        {"member_name": "Oy", "business_id": "1000100-7"},
                        (("valid_until", "", "2026-06-30"), ("actor_type", "company",
                                                             "research")))
    assert row_sentence("fi", "agreements", "changed", changed) == (
        "Muutettu Oy, 1000100-7 (agreements.csv, rivi 4): voimassa asti oli tyhjä, nyt "
        "30.6.2026; toimijatyyppi oli yritys, nyt tutkimusorganisaatio")
    # Numbers, truth values and a label level as a Finnish reader writes them.
    register = RowChange(Place("clusters.csv", "", 3), {"name": "Kiertotalous"},
                         (("management_fte", "2.5", "0.3"), ("label", "silver", "none")))
    sentence = row_sentence("fi", "clusters", "changed", register)
    assert "oli 2,5, nyt 0,3" in sentence and "2.5" not in sentence
    assert "silver" not in sentence and "none" not in sentence
    check = RowChange(Place("website_checks.csv", "", 2), {"url": "https://a.fi"},
                      (("https", "true", "false"),))
    assert "HTTPS-yhteys oli kyllä, nyt ei" in row_sentence("fi", "website_checks", "changed",
                                                            check)
    assert row_sentence("en", "activities", "removed", ACTIVITY) == (
        "Removed 12 March 2026, Ilta (was: lokit.xlsx, sheet activities, "
        "row 9)")
