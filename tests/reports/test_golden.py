"""Golden files: both reports in both languages on a fixed result set, with a previous
quarter so changes and the trend show. UPDATE_GOLDEN=1 rewrites them after a deliberate
change; review the diff before committing it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from reports.history import History, Snapshot
from reports.writers import write_html
from schemas.problems import problem
from schemas.validate import REJECTED_COLUMNS
from scoring.model import ClusterResult, CriterionResult, Evidence, Status
from scoring.period import Period
from tests.sentences import sentence

BAD_ID = problem("bad_business_id")

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"
Q3 = Period.from_quarter("2026Q3")
STATUSES = [Status.MET, Status.PARTIALLY_MET, Status.NOT_MET, Status.INSUFFICIENT_DATA,
            Status.MET, Status.MET, Status.PARTIALLY_MET, Status.MET]


def fixed_results() -> list[ClusterResult]:
    def criterion(n: int, status: Status) -> CriterionResult:
        return CriterionResult(
            id=f"C{n}", status=status, value=1234 if n == 1 else "2026-06-15" if n == 8 else n,
            threshold=sentence(f"raja {n}", f"threshold {n}"),
            reason=sentence(f"Perustelu {n} <b>", f"Reason {n} <b>"),
            evidence=(Evidence("agreements.csv", n + 1, facts=(f"Yritys {n} Oy", "0737546-2")),),
            next_step=None if status is Status.MET else sentence(f"Tee {n}", f"Do {n}"),
        )

    return [
        ClusterResult("kierto", "Kiertotalous & <Co>",
                      tuple(criterion(n, s) for n, s in enumerate(STATUSES, start=1))),
        ClusterResult("muotoilu", "Muotoilu",
                      tuple(criterion(n, Status.MET) for n in range(1, 9))),
    ]


def fixed_history(results: list[ClusterResult]) -> History:
    q2 = Snapshot("2026-Q2", {"kierto": "meets"},
                  {"kierto": {f"C{n}": "met" for n in range(1, 9)}}, {"kierto": "Kiertotalous"})
    q1 = Snapshot("2026-Q1", {"kierto": "does_not_meet"},
                  {"kierto": {**{f"C{n}": "met" for n in range(1, 8)}, "C8": "not_met"}})
    return History(previous=q2, quarters=(q1, q2, Snapshot.from_results("2026-Q3", results)))


def rejected() -> pd.DataFrame:
    return pd.DataFrame(
        [["agreements", "agreements.csv", "", 1234, "kierto", "business_id", "0737546-3",
          BAD_ID.english, BAD_ID.code]],
        columns=REJECTED_COLUMNS)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("golden")
    results = fixed_results()
    write_html(folder, Q3, "both", results, rejected(),
               {"agreements": {"read": 10, "valid": 9, "rejected": 1, "duplicates": 0}},
               fixed_history(results), "0.0.0-golden", pdf=True)
    return folder


PAGES = ["index.html", "cluster-kierto.html", "en/index.html", "en/cluster-kierto.html"]


@pytest.mark.parametrize("page", PAGES)
def test_report_matches_golden_file(rendered, page):
    golden = GOLDEN / page.replace("/", "-")
    produced = (rendered / page).read_text(encoding="utf-8")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8"), f"{page} differs from {golden}"


def test_finnish_formats_numbers_and_dates(rendered):
    page = (rendered / "cluster-kierto.html").read_text(encoding="utf-8")
    assert "1\u00a0234" in page  # a count, the Finnish way
    assert "15.6.2026" in page  # an ISO date value as a Finnish date
    assert "virheellinen Y-tunnus" in page  # the rejected row's problem in Finnish
    english = (rendered / "en" / "cluster-kierto.html").read_text(encoding="utf-8")
    assert "1,234" in english and "15 June 2026" in english


def test_changes_and_trend_show(rendered):
    index = (rendered / "index.html").read_text(encoding="utf-8")
    assert "(verrattuna arviointiin huhti–kesäkuu 2026)" in index  # quarters as prose says them
    page = (rendered / "en" / "cluster-kierto.html").read_text(encoding="utf-8")
    assert "C2 A named leader" in page and '<span aria-hidden="true"> →</span>' in page
    assert page.count("<rect ") == 3  # three quarters in the chart
    assert "<th scope=\"row\">2026-Q1</th><td>7</td>" in page  # and in the table


def test_no_personal_contact_details_in_the_portfolio(rendered):
    index = (rendered / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"[\w.+-]+@[\w-]+\.\w", index) and "mailto:" not in index


def test_inputs_stay_text(rendered):
    page = (rendered / "en" / "index.html").read_text(encoding="utf-8")
    assert "Kiertotalous &amp; &lt;Co&gt;" in page and "<Co>" not in page
