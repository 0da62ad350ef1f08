"""The eight criteria, in the source's order: each module declares itself (`CRITERION`:
id, title, rules section, datasets read, measure, judge, explain, saving step).

Adding a criterion: its module here (measure, judge, explain and its declaration), one
name in the tuple below, its section in config/criteria.yaml and scoring/rules.py, its
messages and its table of tests. Everything else (the engine, the forecast, the reports'
columns and counts, the decisions' valid ids) reads the declarations:
tests/scoring/test_ninth_criterion.py proves it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from scoring.criteria import (
    c1_verified_companies,
    c2_named_leader,
    c3_strategy_and_plan,
    c4_member_activities,
    c5_business_needs,
    c6_regular_dialogue,
    c7_website,
    c8_regular_evaluation,
)
from scoring.criterion import Criterion
from scoring.text import Message

CRITERIA: tuple[Criterion, ...] = tuple(module.CRITERION for module in (
    c1_verified_companies, c2_named_leader, c3_strategy_and_plan, c4_member_activities,
    c5_business_needs, c6_regular_dialogue, c7_website, c8_regular_evaluation))


class _Titles(Mapping[str, Message]):
    """Criterion id -> title, read from CRITERIA when asked (so that the ids, their count
    and their titles have one declaration: a ninth criterion is one more entry above)."""

    def __getitem__(self, key: str) -> Message:
        for criterion in registered():
            if criterion.id == key:
                return criterion.title
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter([criterion.id for criterion in registered()])

    def __len__(self) -> int:
        return len(registered())


def registered() -> tuple[Criterion, ...]:
    """The criteria as declared now (read at call time, not bound at import)."""
    return CRITERIA


TITLES: Mapping[str, Message] = _Titles()
