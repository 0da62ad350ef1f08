"""Re-evaluation: revisions and their reasons, replay identity, a killed run."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from flows.evaluate import SAMPLE_DATA, evaluate_clusters_flow
from flows.recording import resolve_runtime
from reports.pdf import pdf_unavailable
from store.history import all_runs


def evaluate(data: Path, out: Path, **options) -> Path:
    outcome = evaluate_clusters_flow(data_dir=str(data), quarter="2026Q3", out_dir=str(out),
                                     pdf=False, **options)
    return Path(str(outcome["published"]))


def printing(pid: int) -> bool:
    try:
        children = psutil.Process(pid).children(recursive=True)
        return any("chrom" in child.name() for child in children)
    except psutil.Error:
        return False


def runs_of(period: str) -> list[dict]:
    return [run for run in all_runs(resolve_runtime(None, None).engine())
            if run["period"] == period]


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, folder)
    return folder


def test_a_rerun_is_a_new_revision_with_its_reasons(data, tmp_path):
    out = tmp_path / "out"
    before = len(runs_of("2026-Q3"))
    first = evaluate(data, out)
    kept = (first / "results.json").read_bytes()
    # The cluster sends its missing leader's name.
    register = (data / "clusters.csv").read_text(encoding="utf-8-sig")
    (data / "clusters.csv").write_text(register.replace(
        "datakeskukset;Arktiset datakeskukset;;", "datakeskukset;Arktiset datakeskukset;"
        "Pekka Virtanen;"), encoding="utf-8-sig")
    second = evaluate(data, out, lang="en")
    revisions = [run["revision"] for run in runs_of("2026-Q3")]
    assert revisions[before:] == [revisions[before], revisions[before] + 1]
    index = (second / "index.html").read_text(encoding="utf-8")
    assert f"Revision {revisions[-1]}" in index
    # The second run is in English: the change of language is named with the input's.
    assert "Why: changed clusters.csv; the reports&#39; language fi -&gt; en." in index
    assert ('C2 A named leader: <span aria-hidden="true">✗</span> not met<span '
            'aria-hidden="true"> →</span><span class="visually-hidden">, now</span>') in index
    page = (second / "cluster-datakeskukset.html").read_text(encoding="utf-8")
    assert "Changes since the previous revision" in page
    assert (first / "results.json").read_bytes() != kept  # the period folder is the newest

    # Replay the first revision from its archived inputs: identical results.
    first_run = runs_of("2026-Q3")[-2]["id"]
    outcome = evaluate_clusters_flow(replay_run=first_run, out_dir=str(out), pdf=False)
    replayed = Path(str(outcome["published"]))
    assert replayed == out / "replays" / f"run-{first_run}" / "2026-Q3"
    assert (replayed / "results.json").read_bytes() == kept
    assert [r["revision"] for r in runs_of("2026-Q3")] == revisions  # a replay records nothing


def test_a_rerun_says_per_cluster_which_rows_changed_and_which_explain_each_status(
        data, tmp_path):
    import openpyxl

    from reports.console import cluster_changes_report

    out = tmp_path / "out"
    evaluate(data, out)
    # One cluster's activity is deleted from a workbook sheet (the rows below renumber);
    # another cluster's agreement gets an end date, below a blank line that renumbers it.
    workbook = openpyxl.load_workbook(data / "lokit.xlsx")
    sheet = workbook["activities"]
    (row,) = [r for r in range(2, sheet.max_row + 1)
              if sheet.cell(r, 4).value == "Muotoiluilta jäsenille"]
    sheet.delete_rows(row)
    workbook.save(data / "lokit.xlsx")
    lines = (data / "agreements.csv").read_bytes().decode("cp1252").splitlines()
    lines = [lines[0], "", *(line.replace("10.2.2024;10.2.2024;;KTK-SOP-002",
                                          "10.2.2024;10.2.2024;30.6.2026;KTK-SOP-002")
                             for line in lines[1:])]
    (data / "agreements.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    outcome = evaluate_clusters_flow(data_dir=str(data), quarter="2026Q3", out_dir=str(out),
                                     pdf=False, lang="both")
    second = Path(str(outcome["published"]))
    line = str(outcome["revision"])
    assert line.startswith("Revision ") and \
        "1 criterion status and 1 verdict changed; 2 input rows changed" in line
    assert "arktinen-muotoilu C4 partially met -> not met" in line

    document = json.loads((second / "results.json").read_text(encoding="utf-8"))
    changes = {c["cluster_id"]: c["changes"] for c in document["clusters"]}
    design = changes["arktinen-muotoilu"]
    assert {"id": "C4", "before": "partially_met", "after": "not_met",
            "explained_by": ["activities"]} in design["statuses"]
    (removed,) = design["rows"]["activities"]["removed"]
    assert (removed["file"], removed["sheet"], removed["row"]) == ("lokit.xlsx", "activities", row)
    assert removed["values"]["title"] == "Muotoiluilta jäsenille"
    circular = changes["kiertotalous"]
    assert circular["statuses"] == []
    (changed,) = circular["rows"]["agreements"]["changed"]
    assert changed["cells"] == [{"column": "valid_until", "before": "", "after": "2026-06-30"}]
    assert changes["elamysmatkailu"]["rows"] == {}

    page = (second / "cluster-arktinen-muotoilu.html").read_text(encoding="utf-8")
    assert "Muutoksen selittävät klusterin muuttuneet rivit: aktiviteetit." in page
    assert (f"Poistettu 12.3.2026, Muotoiluilta jäsenille (oli: lokit.xlsx, "
            f"välilehti activities, rivi {row})") in page
    # A cluster's page names its own rows, not the files other clusters' rows are in.
    other = (second / "cluster-elamysmatkailu.html").read_text(encoding="utf-8")
    section = other.split("Muutokset edelliseen versioon")[1].split("<h2>")[0]
    assert "Klusterin rivit syötetiedostoissa eivät muuttuneet." in section
    assert "lokit.xlsx" not in section and "agreements.csv" not in section
    english = (second / "en" / "cluster-kiertotalous.html").read_text(encoding="utf-8")
    assert ("Changed Tornion Kuonajalostus Oy, 1000100-7 (agreements.csv, row 4): valid until "
            "was empty, now 30 June 2026") in english

    report = cluster_changes_report(resolve_runtime(None, None).engine(),
                                    resolve_runtime(None, None).state_dir, "arktinen-muotoilu")
    assert "C4 At least two activities a year for members: partially met -> not met; " \
        "Explained by the cluster's changed rows in: activities." in report
    assert "Removed 12 March 2026, Muotoiluilta jäsenille" in report

    # A replay of the second revision gives the same results, changes included.
    second_run = runs_of("2026-Q3")[-1]["id"]
    replayed = evaluate_clusters_flow(replay_run=second_run, out_dir=str(out), pdf=False)
    assert (Path(str(replayed["published"])) / "results.json").read_bytes() == \
        (second / "results.json").read_bytes()


def test_trends_use_the_latest_revision_of_each_period(data, tmp_path):
    out = tmp_path / "out"
    evaluate_clusters_flow(data_dir=str(data), quarter="2026Q2", out_dir=str(out), pdf=False)
    page = (evaluate(data, out, lang="en") / "cluster-kiertotalous.html").read_text(
        encoding="utf-8")
    assert "<th scope=\"row\">2026-Q2</th>" in page and "<th scope=\"row\">2026-Q3</th>" in page


@pytest.mark.skipif(pdf_unavailable() is not None, reason=str(pdf_unavailable()))
def test_a_killed_run_leaves_no_half_history_and_the_next_run_succeeds(data, tmp_path):
    from prefect.settings import PREFECT_API_URL

    out = tmp_path / "out"
    published = evaluate(data, out)
    before = (published / "results.json").read_bytes()
    count = len(runs_of("2026-Q3"))
    environment = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value())}
    process = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "evaluate", "--data", str(data), "--quarter",
         "2026Q3", "--out", str(out), "--lang", "both"],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        cwd=Path(__file__).resolve().parents[2])
    deadline = time.monotonic() + 120
    # The revision is planned and the PDFs are printing (Chromium runs): kill it now.
    while not printing(process.pid):
        assert process.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    children = psutil.Process(process.pid).children(recursive=True)
    process.send_signal(signal.SIGKILL)
    process.wait()
    for child in children:  # the browser too, as a machine that went down would
        with contextlib.suppress(psutil.Error, ProcessLookupError):
            child.kill()
    assert len(runs_of("2026-Q3")) == count  # no half-written history
    assert (published / "results.json").read_bytes() == before  # the previous reports
    # The next run succeeds: the lock died with the process, the leftovers are cleaned.
    again = evaluate(data, out)
    assert len(runs_of("2026-Q3")) == count + 1
    assert [p.name for p in out.iterdir() if p.name.startswith(".2026-Q3")] == []
    assert json.loads((again / "results.json").read_text(encoding="utf-8"))["period"] == \
        "2026-Q3"


def _fail_history(state: Path, when: str) -> None:
    """A real fault of the history database: SQLite refuses the write (as a full disk or a
    locked file would), without the minute a lock's timeout takes."""
    import sqlite3

    with sqlite3.connect(state / "history.sqlite") as connection:
        connection.execute("DROP TRIGGER IF EXISTS fault")
        if when:
            connection.execute(f"CREATE TRIGGER fault BEFORE {when} ON runs BEGIN "
                               "SELECT RAISE(ABORT, 'simulated disk failure'); END")


def _shown_revision(out: Path) -> int:
    return json.loads((out / "2026-Q3" / "manifest.json").read_text())["revision"]


def _recorded(state: Path) -> list[tuple[int, str]]:
    from store.history import default_url, open_history

    return [(run["revision"], run["status"])
            for run in all_runs(open_history(default_url(state)))]


def test_a_failed_history_write_publishes_nothing(data, tmp_path):
    out, state = tmp_path / "out", tmp_path / "state"
    evaluate(data, out, state_dir=str(state))
    _fail_history(state, "INSERT")
    flow_state = evaluate_clusters_flow(data_dir=str(data), quarter="2026Q3", out_dir=str(out),
                                        pdf=False, state_dir=str(state), return_state=True)
    assert flow_state.is_failed()
    assert _shown_revision(out) == 1 and _recorded(state) == [(1, "done")]
    assert sorted(p.name for p in out.iterdir()) == ["2026-Q3"]  # no staging left


def test_a_history_that_cannot_mark_done_is_completed_by_the_next_run(data, tmp_path, capfd):
    from flows.cli import main
    from store.settle import PublishedButNotRecorded

    out, state = tmp_path / "out", tmp_path / "state"
    evaluate(data, out, state_dir=str(state))
    _fail_history(state, "UPDATE")
    flow_state = evaluate_clusters_flow(data_dir=str(data), quarter="2026Q3", out_dir=str(out),
                                        pdf=False, state_dir=str(state), return_state=True)
    with pytest.raises(PublishedButNotRecorded, match="2026-Q3 revision 2 is published"):
        flow_state.result()
    assert _shown_revision(out) == 2 and _recorded(state) == [(1, "done"), (2, "pending")]
    _fail_history(state, "")
    os.environ["CLUSTEREVAL_STATE_DIR"], previous = str(state), os.environ[
        "CLUSTEREVAL_STATE_DIR"]
    try:
        assert main(["history"]) == 0
    finally:
        os.environ["CLUSTEREVAL_STATE_DIR"] = previous
    err = capfd.readouterr().err
    assert "2026-Q3 revision 2 was published by a run that stopped before recording" in err
    assert _recorded(state) == [(1, "done"), (2, "done")]
    evaluate(data, out, state_dir=str(state))
    assert _shown_revision(out) == 3 and _recorded(state)[-1] == (3, "done")


def test_cli_says_published_but_not_recorded(data, tmp_path, capfd, monkeypatch):
    from flows.cli import main

    out, state = tmp_path / "out", tmp_path / "state"
    monkeypatch.setenv("CLUSTEREVAL_STATE_DIR", str(state))
    evaluate(data, out, state_dir=str(state))
    _fail_history(state, "UPDATE")
    code = main(["evaluate", "--data", str(data), "--quarter", "2026Q3", "--out", str(out),
                 "--no-pdf"])
    err = capfd.readouterr().err
    assert code == 1
    assert "revision 2 is published in" in err and "previous reports are unchanged" not in err


def test_on_postgresql_evaluate_twice_list_and_replay(data, tmp_path, postgres_url, capfd,
                                                     monkeypatch):
    """The history in a real PostgreSQL server: revisions 1 and 2, listed, replayed."""
    from flows.cli import main

    monkeypatch.setenv("CLUSTEREVAL_HISTORY_URL", postgres_url)
    monkeypatch.setenv("CLUSTEREVAL_STATE_DIR", str(tmp_path / "state"))
    out = tmp_path / "out"
    args = ["evaluate", "--data", str(data), "--quarter", "2026Q3", "--out", str(out),
            "--no-pdf"]
    assert main(args) == 0
    first = (out / "2026-Q3" / "results.json").read_bytes()
    assert main(args) == 0
    assert main(["history"]) == 0
    listing = capfd.readouterr().out
    import re

    assert re.search(r"2026-Q3 +1  2026-09-30", listing)
    assert re.search(r"2026-Q3 +2  2026-09-30", listing)
    # An unknown cluster is named with the known ids closest to it, not an empty table.
    assert main(["history", "--cluster", "kiertotalos"]) == 2
    assert "history --cluster kiertotalos: no evaluation" in capfd.readouterr().err
    assert main(["history", "--cluster", "kiertotalous"]) == 0
    from store.history import all_runs, open_history

    engine = open_history(postgres_url)
    runs = [(run["id"], run["revision"], run["status"]) for run in all_runs(engine)]
    engine.dispose()
    assert [(revision, status) for _, revision, status in runs] == [(1, "done"), (2, "done")]
    assert main(["evaluate", "--replay", str(runs[0][0]), "--out", str(out), "--no-pdf"]) == 0
    replayed = out / "replays" / f"run-{runs[0][0]}" / "2026-Q3" / "results.json"
    assert replayed.read_bytes() == first


def test_on_postgresql_two_runs_at_once_get_distinct_revisions(data, tmp_path, postgres_url):
    """Two processes (two machines: each its own state folder) evaluate the same period
    into the same published folder at once: one waits for the other's lock in the
    database, and each records its revision (numbered per folder)."""
    from prefect.settings import PREFECT_API_URL

    from store.history import all_runs, open_history

    processes = []
    for machine in ("a", "b"):
        environment = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value()),
                       "CLUSTEREVAL_HISTORY_URL": postgres_url,
                       "CLUSTEREVAL_STATE_DIR": str(tmp_path / f"state-{machine}")}
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "evaluate", "--data", str(data), "--quarter",
             "2026Q3", "--out", str(tmp_path / "out"), "--no-pdf"],
            env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            cwd=Path(__file__).resolve().parents[2]))
    errors = [process.communicate(timeout=300)[1] for process in processes]
    assert [process.returncode for process in processes] == [0, 0], errors
    engine = open_history(postgres_url)
    revisions = sorted((run["revision"], run["status"]) for run in all_runs(engine))
    engine.dispose()
    assert revisions == [(1, "done"), (2, "done")]


def test_a_rerun_names_the_cluster_gone_and_the_new_one_and_says_when_rows_are_unknown(
        data, tmp_path, monkeypatch):
    monkeypatch.setenv("CLUSTEREVAL_STATE_DIR", str(tmp_path / "state"))  # its archive goes
    out = tmp_path / "out"
    evaluate(data, out)
    register = (data / "clusters.csv").read_text(encoding="utf-8-sig").splitlines()
    kept = [line for line in register if not line.startswith("datakeskukset;")]
    kept.append("uusi-klusteri;Uusi klusteri" + ";" * (register[0].count(";") - 1))
    (data / "clusters.csv").write_text("\n".join(kept) + "\n", encoding="utf-8-sig")
    outcome = evaluate_clusters_flow(data_dir=str(data), quarter="2026Q3", out_dir=str(out),
                                     pdf=False)
    line = str(outcome["revision"])
    assert "new: uusi-klusteri" in line and "no longer evaluated: datakeskukset" in line
    second = Path(str(outcome["published"]))
    page = (second / "cluster-uusi-klusteri.html").read_text(encoding="utf-8")
    assert "Klusteri on uusi tässä versiossa" in page
    index = (second / "index.html").read_text(encoding="utf-8")
    assert "+uusi-klusteri, -datakeskukset" in index
    from reports.console import cluster_changes_report

    runtime = resolve_runtime(None, None)
    gone = cluster_changes_report(runtime.engine(), runtime.state_dir, "datakeskukset")
    assert "no longer evaluated in this revision" in gone

    # The archive gone: the pages say the rows cannot be shown, not that none changed.
    shutil.rmtree(runtime.state_dir / "archive")
    outcome = evaluate_clusters_flow(data_dir=str(data), quarter="2026Q3", out_dir=str(out),
                                     pdf=False)
    assert "could not be read again" in str(outcome["revision"])
    page = (Path(str(outcome["published"])) / "cluster-kiertotalous.html").read_text(
        encoding="utf-8")
    assert "Muuttuneita rivejä ei voi näyttää" in page
    assert "Klusterin rivit syötetiedostoissa eivät muuttuneet." not in page
