"""The command line: plain sentences and exit 2 for input mistakes, never a traceback."""

from __future__ import annotations

import json

import pytest

from config import SAMPLE_DATA_DIR
from flows.cli import main
from tests.smtp import free_port


def run(capfd, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capfd.readouterr()
    return code, out, err


def test_evaluate_prints_where_the_report_is(capfd, tmp_path):
    code, out, _ = run(capfd, "evaluate", "--quarter", "2026Q3", "--out", str(tmp_path))
    assert code == 0
    assert f"Portfolio report: {tmp_path / '2026-Q3' / 'index.html'}" in out
    assert "1 meet, 2 partially meet, 3 do not meet" in out
    document = json.loads((tmp_path / "2026-Q3" / "results.json").read_text(encoding="utf-8"))
    assert all(len(c["criteria"]) == 8 for c in document["clusters"])


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (None, "does not exist"),
        ({"clusters.csv": b"cluster_id;name\na;A\n", "agreements.xlsx": b"garbage"},
         "agreements.xlsx: could not be opened as an Excel workbook"),
        ({"clusters.csv": b"cluster_id;name\na;A\n",
          "activities.csv": b"cluster_id;title\na;Event\n"},
         "activities.csv: the activities data has no column date"),
    ],
    ids=["missing-folder", "corrupt-workbook", "missing-required-column"],
)
def test_input_errors_exit_2_with_a_sentence(capfd, tmp_path, files, message):
    data = tmp_path / "data"
    if files is not None:
        data.mkdir()
        for name, content in files.items():
            (data / name).write_bytes(content)
    code, _, err = run(capfd, "evaluate", "--data", str(data), "--quarter", "2026Q3",
                       "--out", str(tmp_path / "out"))
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_unknown_cluster_exits_2(capfd, tmp_path):
    code, _, err = run(capfd, "evaluate", "--cluster", "nope", "--quarter", "2026Q3",
                       "--out", str(tmp_path))
    assert code == 2
    assert "Unknown cluster id nope" in err and "Traceback" not in err


@pytest.mark.parametrize("period", [["--quarter", "2026Q5"], ["--as-of", "31.2.2026"]])
def test_bad_period_exits_2(capfd, period):
    code, _, err = run(capfd, "evaluate", *period)
    assert code == 2 and "clustereval:" in err and "Traceback" not in err


def test_validate_lists_problems_and_exits_1(capfd):
    code, out, _ = run(capfd, "validate")
    assert code == 1
    assert ("agreements: agreements.csv, row 10, business ID '1000700-4': not a valid Finnish "
            "business ID") in out
    assert "9 problems; these rows are set aside:" in out
    assert "  cluster register: rows read: 6, valid: 6, set aside: 0, duplicates: 0" in out


def test_validate_clean_folder_exits_0(capfd, tmp_path):
    (tmp_path / "clusters.csv").write_text("cluster_id;name\na;A\n", encoding="utf-8")
    code, out, _ = run(capfd, "validate", "--data", str(tmp_path))
    assert code == 0 and "No problems found." in out
    assert "not supplied: agreements" in out


def test_validate_missing_folder_exits_2(capfd, tmp_path):
    code, _, err = run(capfd, "validate", "--data", str(tmp_path / "none"))
    assert code == 2 and "does not exist" in err


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "evaluate" in out and "validate" in out


def test_send_delivers_once_and_dry_run_lists(capfd, tmp_path):
    import yaml

    from tests.smtp import SmtpServer

    with SmtpServer() as smtp:
        config = tmp_path / "delivery.yaml"
        config.write_text(yaml.safe_dump({
            "smtp": {"port": smtp.port, "security": "none", "attempts": 1},
            "portfolio_recipients": ["board@example.invalid"],
            "cluster_recipients": {"kiertotalous": ["leader@example.invalid"]},
        }), encoding="utf-8")
        args = ["evaluate", "--quarter", "2026Q3", "--out", str(tmp_path / "out"),
                "--lang", "both", "--no-pdf", "--delivery", str(config)]
        code, out, _ = run(capfd, *args, "--dry-run")
        assert code == 0 and "Would send to board@example.invalid: " in out
        assert smtp.inbox.messages == []
        code, out, _ = run(capfd, *args, "--send")
        assert code == 0 and "Sent 2 e-mails." in out
        code, out, _ = run(capfd, *args, "--send")
        assert "Sent" not in out and "Not sent again" in out
    assert sorted(rcpt[0] for rcpt, _ in smtp.inbox.messages) == [
        "board@example.invalid", "leader@example.invalid"]
    assert (tmp_path / "out" / "2026-Q3" / "en" / "index.html").exists()


@pytest.mark.parametrize(("options", "message"), [
    (["--dask-address", "tcp://127.0.0.1:8786"], "--dask-address needs --task-runner dask"),
    (["--task-runner", "dask", "--dask-workers", "0"], "at least 1"),
    (["--parts", "0"], "at least 1"),
    (["--task-runner", "dask", "--dask-address", "nonsense"], "not a scheduler address"),
    (["--task-runner", "dask", "--dask-address", "tcp://127.0.0.1:{port}"],
     "nothing answers at tcp://127.0.0.1:"),
])
def test_task_runner_mistakes_exit_2_before_anything_runs(capfd, tmp_path, options, message):
    options = [option.format(port=free_port()) for option in options]
    code, _, err = run(capfd, "evaluate", "--quarter", "2026Q3", "--out", str(tmp_path),
                       *options)
    assert code == 2 and message in err
    assert not (tmp_path / "2026-Q3").exists()


@pytest.mark.parametrize(("options", "message"), [
    (["--as-of", "9999-12-31"], "--as-of 9999-12-31: the as-of date 9999-12-31 is out of range"),
    (["--quarter", "9999Q4"], "The quarter 9999Q4 is out of range"),
    (["--as-of", "0001-01-01"], "--as-of 0001-01-01: the as-of date 0001-01-01 is out of range"),
    (["--quarter", "2026Q3", "--out", "{file}"], "The output folder (--out) {file} is a file"),
    (["--quarter", "2026Q3", "--out", "{file}/reports"],
     "The output folder (--out) {file}/reports cannot be made"),
])
def test_period_and_output_mistakes_exit_2_before_the_run(capfd, tmp_path, options, message):
    """Checked before Prefect starts: a typo costs no run and no traceback."""
    file = tmp_path / "a-file"
    file.write_text("not a folder")
    options = [option.format(file=file) for option in options]
    if "--out" not in options:
        options += ["--out", str(tmp_path / "out")]
    code, _, err = run(capfd, "evaluate", *options)
    assert code == 2 and message.format(file=file) in err
    assert "Traceback" not in err and "year 10000" not in err


def test_flow_checks_its_output_folder_too(tmp_path):
    """A deployment run passes parameters without the CLI: the flow checks them itself."""
    from flows.evaluate import evaluate_clusters_flow
    from ingest import InputError

    file = tmp_path / "a-file"
    file.write_text("x")
    state = evaluate_clusters_flow(quarter="2026Q3", out_dir=str(file), pdf=False,
                                   return_state=True)
    assert state.is_failed()
    with pytest.raises(InputError, match="is a file, not a folder"):
        state.result()


def test_problems_are_not_said_to_be_in_a_rejected_csv_that_is_never_written(capfd, tmp_path):
    code, out, err = run(capfd, "evaluate", "--cluster", "nope", "--quarter", "2026Q3",
                         "--out", str(tmp_path), "--verbose")
    assert code == 2
    assert "set aside in rejected.csv" not in out + err
    assert not list(tmp_path.rglob("rejected.csv"))


def test_decisions_lists_each_state_with_the_measured_status(capfd):
    code, out, _ = run(capfd, "decisions", "--as-of", "2026-09-30")
    assert code == 0
    lines = {line.split()[0] + " " + line.split()[1] + " " + line.split()[2]: line
             for line in out.splitlines()[2:]}
    assert "partially_met" in lines["datakeskukset C7 in_force"]  # measured, beside met
    assert {"datakeskukset C7 superseded", "elamysmatkailu C2 expired",
            "metsabiotalous C1 rejected", "arktinen-muotoilu C4 pending",
            "metsabiotalous C8 not_yet_made"} <= set(lines)
    # The decided status is headed as such, beside the day it was decided.
    assert "decided on" in out.splitlines()[1] and "status decided" in out.splitlines()[1]
    assert "2026-10-05" in lines["metsabiotalous C8 not_yet_made"]


def test_decisions_without_a_file_says_so(capfd, tmp_path):
    (tmp_path / "clusters.csv").write_text("cluster_id;name\na;A\n", encoding="utf-8")
    code, out, _ = run(capfd, "decisions", "--data", str(tmp_path), "--as-of", "2026-09-30")
    assert code == 0 and "No decisions file" in out


def test_a_state_folder_that_cannot_be_written_exits_2(capfd, tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CLUSTEREVAL_STATE_DIR", str(blocked / "state"))
    code, _, err = run(capfd, "evaluate", "--quarter", "2026Q3", "--no-pdf", "--out",
                       str(tmp_path / "out"))
    assert code == 2 and f"The state folder {blocked / 'state'}" in err
    assert "CLUSTEREVAL_STATE_DIR" in err


@pytest.mark.parametrize(("asked", "said"), [
    ("kiertotalos", "the closest: kiertotalous"),
    ("xyz", "it knows 2: arktinen-muotoilu, kiertotalous"),
])
def test_history_names_an_unknown_cluster_and_the_closest(asked, said):
    from flows.cli import unknown_cluster

    known = ["arktinen-muotoilu", "kiertotalous"]
    assert unknown_cluster("kiertotalous", known) is None
    sentence = unknown_cluster(asked, known)
    assert sentence is not None and said in sentence and asked in sentence


@pytest.mark.parametrize("broken", ["quarter", "workbook", "utf16"])
def test_a_refused_run_fails_before_prefect_and_creates_nothing(capfd, tmp_path, broken):
    """Options and the input folder are checked before any Prefect server is chosen or
    started: no server line, no --out folder made, and quickly."""
    import shutil
    import time

    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA_DIR, data)
    options = ["--quarter", "2026Q3"]
    if broken == "quarter":
        options = ["--quarter", "2026Q5"]
    elif broken == "workbook":
        (data / "lokit.xlsx").write_bytes((data / "lokit.xlsx").read_bytes()[:400])
    else:
        (data / "agreements.csv").write_bytes("cluster_id;name\nalpha;A\n".encode("utf-16-le"))
    out = tmp_path / "out" / "nested"
    started = time.monotonic()
    code, _, err = run(capfd, "evaluate", "--data", str(data), "--out", str(out), *options)
    assert code == 2 and "Traceback" not in err
    assert "Prefect" not in err
    assert not (tmp_path / "out").exists()
    assert time.monotonic() - started < 10  # no server start-up (about 7 s at the least)


def test_with_no_recipients_a_dry_run_says_so(capfd):
    from flows.cli import _report_delivery

    assert _report_delivery({"planned": [], "sent": [], "skipped": [], "failed": []}) == 0
    out = capfd.readouterr().out
    assert "Nothing to send: no recipients are set" in out and "config/delivery.yaml" in out


def test_validate_speaks_finnish_when_asked(capfd):
    code, out, _ = run(capfd, "validate", "--lang", "fi")
    assert code == 1
    assert "agreements.csv, rivi 10, y-tunnus '1000700-4': virheellinen Y-tunnus" in out
    assert "Aineistot kansiossa" in out and "9 ongelmaa; nämä rivit on hylätty:" in out


@pytest.mark.parametrize(("lang", "expected"), [
    ("fi", "activities.csv (aktiviteetit): pakollinen sarake päivämäärä puuttuu."),
    ("sv", "activities.csv (aktiviteter): den obligatoriska kolumnen datum saknas."),
    ("en", "activities.csv: the activities data has no column date (required;"),
])
def test_validate_refuses_in_its_language(capfd, tmp_path, lang, expected):
    """A refusal that stops validate is said in --lang, the column by its header."""
    (tmp_path / "clusters.csv").write_text("cluster_id;name\na;A\n", encoding="utf-8")
    (tmp_path / "activities.csv").write_text("cluster_id;title\na;Event\n", encoding="utf-8")
    code, _, err = run(capfd, "validate", "--data", str(tmp_path), "--lang", lang)
    assert code == 2 and f"clustereval: {expected}" in err


def test_two_headers_of_one_column_are_refused_in_the_readers_words(tmp_path):
    from flows.columns import input_columns
    from ingest.errors import InputError
    from ingest.files import read_input_folder
    from reports.messages import say

    (tmp_path / "clusters.csv").write_text("cluster_id;name;nimi\na;A;A\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_input_folder(tmp_path, input_columns())
    assert refused.value.said is not None
    assert say(refused.value.said, "fi") == \
        "clusters.csv: sarakkeet 'name' ja 'nimi' tarkoittavat samaa (nimi); jätä toinen pois."


@pytest.mark.parametrize(("files", "expected"), [
    ({"clusters.csv": b""}, "clusters.csv: filen är tom;"),
    ({"clusters.csv": b"cluster_id;name\na;A\n", "agreements.xlsx": b"garbage"},
     "agreements.xlsx: filen kunde inte öppnas som en Excel-arbetsbok."),
    ({"clusters.csv": b"cluster_id;name;Name\na;A;A\n"},
     "clusters.csv: kolumnen 'Name' finns två gånger (kolumnerna B och C)"),
    ({"activities.csv": b"cluster_id;title\na;Event\n"},
     "har inget klusterregister; det behövs"),
], ids=["empty", "not-a-workbook", "header-twice", "no-register"])
def test_validate_refusals_in_swedish(capfd, tmp_path, files, expected):
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    code, _, err = run(capfd, "validate", "--data", str(tmp_path), "--lang", "sv")
    assert code == 2 and expected in err, err
