import pytest

from reports.messages import say
from scoring.criteria.c2_named_leader import named_leader
from scoring.model import Status
from tests.scoring.builders import RULES, context, register_row


def c2(absent=frozenset(), **register):
    return named_leader(context(cluster=register_row(**register), absent=absent),
                        RULES.c2_named_leader)


@pytest.mark.parametrize(
    ("leader", "status"),
    [
        ("Aino Koskinen", Status.MET),
        ("Li Wu", Status.MET),
        (None, Status.NOT_MET),
        ("", Status.NOT_MET),
        ("-", Status.NOT_MET),
        ("TBD", Status.NOT_MET),
        ("n/a", Status.NOT_MET),
        ("Avoin", Status.NOT_MET),
        ("vacant.", Status.NOT_MET),
        ("ei nimetty", Status.NOT_MET),
        ("?", Status.NOT_MET),
    ],
)
def test_leader_name_or_placeholder(leader, status):
    assert c2(leader_name=leader).status is status


def test_partly_met_does_not_exist_by_rule_a_name_without_role_is_met():
    result = c2(leader_name="Aino Koskinen", leader_role=None, leader_since=None)
    assert result.status is Status.MET


def test_leader_starting_after_the_as_of_date_is_not_yet_the_leader():
    assert c2(leader_since="2026-10-01").status is Status.NOT_MET
    assert c2(leader_since="2026-09-30").status is Status.MET


def test_register_without_leader_column_is_insufficient_data():
    result = c2(absent=frozenset({"leader_name"}), leader_name=None)
    assert result.status is Status.INSUFFICIENT_DATA
    # The column by its header in the reader's language, not its id.
    assert '"leader\'s name"' in say(result.reason, "en")
    assert 'ei ole saraketta "vetäjän nimi"' in say(result.reason, "fi")
    assert "leader_name" not in say(result.reason, "en") + say(result.next_step, "fi")


def test_placeholder_reason_quotes_it():
    assert '"avoin"' in say(c2(leader_name="avoin").reason, "en")
