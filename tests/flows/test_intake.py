"""The workbook round trip: `clustereval template` writes a cluster's workbook, a person
fills it in (here openpyxl, as Excel would save it), `intake` checks it, answers and files
it, and `evaluate` reads it."""

from __future__ import annotations

import csv
import json
import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from flows.cli import main
from flows.evaluate import SAMPLE_DATA, evaluate_clusters_flow
from flows.intake import intake_workbooks_flow
from ingest.submissions import CLUSTER_SHEET

CLUSTER = "arktinen-muotoilu"


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, folder)
    return folder


def template(data: Path, out: Path, capfd, lang: str = "fi") -> Path:
    code = main(["template", "--data", str(data), "--cluster", CLUSTER, "--out", str(out),
                 "--lang", lang])
    assert code == 0, capfd.readouterr()
    capfd.readouterr()
    return out / f"{CLUSTER}.xlsx"


def activity_rows(sheet) -> list[list[object]]:
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)
            if any(value is not None for value in row)]


def test_the_workbook_carries_validation_input_messages_and_the_fixed_cluster(
        data, tmp_path, capfd):
    workbook = template(data, tmp_path / "templates", capfd)
    with zipfile.ZipFile(workbook) as archive:
        sheets = {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                  if name.startswith("xl/worksheets/sheet")}
        names = archive.read("xl/workbook.xml").decode("utf-8")
    validations = "".join(sheets.values())
    assert validations.count("<dataValidation ") >= 30
    assert 'type="list"' in validations and 'type="date"' in validations
    assert 'type="whole"' in validations and 'type="custom"' in validations
    assert 'promptTitle="päivämäärä"' in validations
    assert "Päivämäärä, esimerkiksi 31.3.2026." in validations
    assert "clustereval_cluster" in names and 'state="hidden"' in names
    # The reader the ingest uses opens it; the hidden sheet names the cluster.
    calamine = CalamineWorkbook.from_path(str(workbook))
    assert calamine.get_sheet_by_name(CLUSTER_SHEET).to_python()[0][:2] == ["cluster_id",
                                                                            CLUSTER]
    assert {"sopimukset", "aktiviteetit", "vuoropuhelu", "arvioinnit",
            "laatumerkki-indikaattorit", "Ohjeet"} <= set(calamine.sheet_names)
    opened = openpyxl.load_workbook(workbook)
    activities = activity_rows(opened["aktiviteetit"])
    # The cluster's valid rows prefilled, in the reader's words.
    assert ["arktinen-muotoilu", datetime(2026, 3, 12), "tapahtuma", "Muotoiluilta jäsenille",
            "jäsenet", 25, 12, "AM-A-1"] in activities
    # A dropdown's values are the coded column's values in Finnish.
    lists = [cell for row in opened["_lists"].iter_rows(values_only=True) for cell in row]
    assert "tapahtuma" in lists and "jäsenet" in lists and "yritys" in lists
    instructions = " ".join(str(cell) for row in opened["Ohjeet"].iter_rows(values_only=True)
                            for cell in row if cell)
    assert "31.12.2026" in instructions or "viimeistään" in instructions
    assert "C4" in instructions and "aktiviteetit" in instructions


def test_a_filled_workbook_is_answered_with_exactly_its_problems_and_changes(
        data, tmp_path, capfd):
    workbook = template(data, tmp_path / "templates", capfd)
    opened = openpyxl.load_workbook(workbook)
    sheet = opened["aktiviteetit"]
    rows = activity_rows(sheet)
    removed = next(i for i, row in enumerate(rows, start=2) if row[3] == "Design-markkinat")
    changed = next(i for i, row in enumerate(rows, start=2) if row[3] == "Avoin näyttely")
    sheet.cell(changed, 5).value = "sekä"  # audience public -> mixed
    sheet.delete_rows(removed)
    last = len(rows)  # after the deletion: the last filled row
    for offset, row in enumerate([
        [CLUSTER, datetime(2026, 6, 1), "koulutus", "Muotoilukoulutus", "jäsenet", 20, 9, "N1"],
        [CLUSTER, datetime(2026, 9, 1), "tapahtuma", "Syysilta", "jäsenet", 30, 15, "N2"],
        [CLUSTER, "31.2.2026", "tapahtuma", "Helmikuun ilta", "jäsenet", 10, 5, "N3"],
        [CLUSTER, datetime(2026, 5, 5), "juhla", "Kevätjuhla", "jäsenet", 10, 5, "N4"],
        ["kiertotalous", datetime(2026, 5, 6), "tapahtuma", "Väärä klusteri", "jäsenet", 5, 2,
         "N5"],
    ], start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(last + offset, column).value = value
    opened.save(workbook)

    outcome = intake_workbooks_flow(workbooks=[str(workbook)], data_dir=str(data),
                                    out_dir=str(tmp_path / "out"), dry_run=True)
    (item,) = outcome["workbooks"]
    assert item["outcome"] == "dry_run" and item["problems"] == 3
    assert not (data / "submissions").exists()  # a dry run files nothing
    with Path(item["answer_csv"]).open(encoding="utf-8-sig") as handle:
        problems = list(csv.DictReader(handle))
    assert [(p["sheet"], p["row"], p["column"]) for p in problems] == [
        ("aktiviteetit", str(last + 3), "päivämäärä"),
        ("aktiviteetit", str(last + 4), "laji"),
        ("aktiviteetit", str(last + 5), "klusteri")]
    assert problems[0]["value"] == "31.2.2026"
    assert problems[0]["write_instead"].startswith("Päivämäärä, esimerkiksi 31.3.2026.")
    assert problems[1]["write_instead"].startswith("Valitse luettelosta: tapahtuma, palvelu")
    assert "kiertotalous" in problems[2]["problem"]
    page = Path(item["answer"]).read_text(encoding="utf-8")
    assert '<html lang="fi">' in page and "Korjattavat rivit" in page
    changes = page.split("Muutokset arvioinnin nykyisiin tietoihin")[1].split("<h2>")[0]
    assert changes.count("<li>Lisätty") == 2  # the two valid new rows; bad rows are problems
    assert "Lisätty 1.6.2026, Muotoilukoulutus" in changes
    # The sheet has rows set aside, so a row gone from it may be one of them: said so.
    assert changes.count("<li>Poistettu tai jätetty pois virheen vuoksi") == 1
    assert "Design-markkinat" in changes
    assert changes.count("<li>Muutettu") == 1
    assert "kohderyhmä oli julkinen, nyt jäsenille ja yleisölle" in changes
    assert "Mitä arviointi sanoisi nyt" in page and "C4" in page

    # Without --accept-with-problems a workbook with problems is not filed; with it, it is.
    outcome = intake_workbooks_flow(workbooks=[str(workbook)], data_dir=str(data),
                                    out_dir=str(tmp_path / "out"))
    assert outcome["workbooks"][0]["outcome"] == "not_filed"
    assert not (data / "submissions" / f"{CLUSTER}.xlsx").exists()
    # A row of another cluster is never filed, even accepting problems ...
    outcome = intake_workbooks_flow(workbooks=[str(workbook)], data_dir=str(data),
                                    out_dir=str(tmp_path / "out"), accept_with_problems=True)
    assert outcome["workbooks"][0]["outcome"] == "not_filed"
    # ... without it, the workbook is filed with its bad rows set aside; twice in one
    # intake, each gets its own answer.
    opened = openpyxl.load_workbook(workbook)
    opened["aktiviteetit"].delete_rows(last + 5)
    opened.save(workbook)
    outcome = intake_workbooks_flow(workbooks=[str(workbook), str(workbook)],
                                    data_dir=str(data), out_dir=str(tmp_path / "out"),
                                    accept_with_problems=True)
    assert [item["outcome"] for item in outcome["workbooks"]] == ["filed_with_problems"] * 2
    assert len({item["answer"] for item in outcome["workbooks"]}) == 2
    filed = data / "submissions" / f"{CLUSTER}.xlsx"
    assert filed.exists() and filed.stat().st_mode & 0o044  # readable by the evaluation


def test_a_clean_workbook_is_filed_and_evaluated_and_the_previous_one_archived(
        data, tmp_path, capfd):
    workbook = template(data, tmp_path / "templates", capfd)
    opened = openpyxl.load_workbook(workbook)
    sheet = opened["aktiviteetit"]
    row = len(activity_rows(sheet)) + 2
    for column, value in enumerate([CLUSTER, datetime(2026, 6, 1), "koulutus",
                                    "Muotoilukoulutus", "jäsenet", 20, 9, "N1"], start=1):
        sheet.cell(row, column).value = value
    opened.save(workbook)
    outcome = intake_workbooks_flow(workbooks=[str(workbook)], data_dir=str(data),
                                    out_dir=str(tmp_path / "out"))
    assert outcome["workbooks"][0]["outcome"] == "filed"
    filed = data / "submissions" / f"{CLUSTER}.xlsx"
    assert filed.read_bytes() == workbook.read_bytes()
    # Filed again: the one it replaces is archived.
    again = intake_workbooks_flow(workbooks=[str(workbook)], data_dir=str(data),
                                  out_dir=str(tmp_path / "out"))
    assert again["workbooks"][0]["changed_rows"] == 0
    assert len(list((data / "submissions" / "archive").glob(f"{CLUSTER}-*.xlsx"))) == 1
    page = Path(again["workbooks"][0]["answer"]).read_text(encoding="utf-8")
    assert "Muutokset edelliseen palautukseen" in page and "Rivit ovat samat kuin ennen." in page
    assert "tämän työkirjan tiedoilla" in page  # filed: not "if it is filed"

    published = Path(str(evaluate_clusters_flow(
        data_dir=str(data), quarter="2026Q3", out_dir=str(tmp_path / "eval"),
        pdf=False)["published"]))
    document = json.loads((published / "results.json").read_text(encoding="utf-8"))
    mine = next(c for c in document["clusters"] if c["cluster_id"] == CLUSTER)
    statuses = {c["id"]: c["status"] for c in mine["criteria"]}
    assert statuses["C4"] == "met"  # was partially met: the new members' activity counts
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    replaced = {(r["dataset"], r["file"]) for r in manifest["replaced_by_submissions"]}
    assert ("activities", "lokit.xlsx") in replaced
    assert ("agreements", "agreements-arctic-design.xlsx") in replaced
    assert f"submissions/{CLUSTER}.xlsx" in {i["file"] for i in manifest["inputs"]}
    # Nothing counted twice: the cluster's activities are the workbook's alone.
    evidence = " ".join(e["source"] for c in mine["criteria"] if c["id"] == "C4"
                        for e in c["evidence"])
    assert "lokit.xlsx" not in evidence and re.search(r"submissions/", evidence)
    # The filed workbook is archived with the run: a replay gives the same results.
    from flows.recording import resolve_runtime
    from store.history import all_runs

    run = max(r["id"] for r in all_runs(resolve_runtime(None, None).engine()))
    replayed = evaluate_clusters_flow(replay_run=run, out_dir=str(tmp_path / "eval"),
                                      pdf=False)
    assert (Path(str(replayed["published"])) / "results.json").read_bytes() == \
        (published / "results.json").read_bytes()


def test_a_workbook_without_its_cluster_is_refused_naming_it(data, tmp_path, capfd):
    workbook = template(data, tmp_path / "templates", capfd)
    opened = openpyxl.load_workbook(workbook)
    del opened[CLUSTER_SHEET]
    opened.save(workbook)
    outcome = intake_workbooks_flow(workbooks=[str(workbook)], data_dir=str(data),
                                    out_dir=str(tmp_path / "out"))
    (item,) = outcome["workbooks"]
    assert item["outcome"] == "refused" and "does not name its cluster" in item["error"]
    assert not (data / "submissions").exists()


def test_template_and_intake_send_each_workbook_and_answer_once(data, tmp_path, capfd):
    import yaml

    from tests.smtp import SmtpServer

    out = tmp_path / "templates"
    with SmtpServer() as smtp:
        config = tmp_path / "delivery.yaml"
        config.write_text(yaml.safe_dump({
            "smtp": {"port": smtp.port, "security": "none", "attempts": 1},
            "cluster_recipients": {CLUSTER: ["design@example.invalid"]},
            "recipient_languages": {"design@example.invalid": "en"},
        }), encoding="utf-8")
        args = ["template", "--data", str(data), "--cluster", CLUSTER, "--out", str(out),
                "--delivery", str(config)]
        assert main([*args, "--send", "--dry-run"]) == 0
        printed = capfd.readouterr().out
        assert "Would send to design@example.invalid: " in printed
        assert f"(attached: {CLUSTER}.xlsx)" in printed and smtp.inbox.messages == []
        assert main([*args, "--send"]) == 0 and "Sent 1 e-mails." in capfd.readouterr().out
        assert main([*args, "--send"]) == 0
        assert "Not sent again" in capfd.readouterr().out  # once per deadline
        ((_, message),) = smtp.inbox.messages
        # Due the end of the current quarter, in the recipient's language.
        assert re.search(r": workbook for the cluster evaluation, due \d{1,2} [A-Z][a-z]+ "
                         r"\d{4}$", str(message["Subject"]))
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_content_type() == \
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

        code = main(["intake", str(out / f"{CLUSTER}.xlsx"), "--data", str(data), "--out",
                     str(tmp_path / "out"), "--delivery", str(config), "--send"])
        printed = capfd.readouterr().out
        assert code == 0 and "filed as" in printed and "Sent 1 e-mails." in printed
        answer = smtp.inbox.messages[-1][1]
        assert [part.get_filename() for part in answer.iter_attachments()] == [
            "answer.html", "answer.csv"]
        assert "Työkirja on otettu käyttöön" in answer.get_body().get_content()


def test_intake_exit_codes_name_what_was_not_filed(data, tmp_path, capfd):
    workbook = template(data, tmp_path / "templates", capfd)
    code = main(["intake", str(tmp_path / "nosuch.xlsx"), "--data", str(data)])
    assert code == 2 and "nosuch.xlsx does not exist" in capfd.readouterr().err
    code = main(["intake", str(workbook)])  # the bundled sample: a dry run only
    assert code == 2 and "--dry-run to check only" in capfd.readouterr().err
    opened = openpyxl.load_workbook(workbook)
    opened["aktiviteetit"].cell(2, 2).value = "31.2.2026"
    opened.save(workbook)
    code = main(["intake", str(workbook), "--data", str(data), "--out", str(tmp_path)])
    captured = capfd.readouterr()
    assert code == 2 and "not filed: 1 problems to fix" in captured.out
    del opened[CLUSTER_SHEET]
    opened.save(workbook)
    code = main(["intake", str(workbook), "--data", str(data), "--out", str(tmp_path)])
    assert code == 2 and "does not name its cluster" in capfd.readouterr().err


def test_a_swedish_workbook_is_written_in_swedish_and_read_back(data, tmp_path, capfd):
    """Sheets, headers and dropdowns in Swedish from the catalogue alone; the intake reads
    the Swedish words back as the same rows (no change), and a new row in Swedish too."""
    workbook = template(data, tmp_path / "templates", capfd, lang="sv")
    opened = openpyxl.load_workbook(workbook)
    assert {"avtal", "aktiviteter", "dialog", "utvärderingar"} <= set(opened.sheetnames)
    sheet = opened["aktiviteter"]
    assert [cell.value for cell in sheet[1]][:5] == [
        "klustrets beteckning", "datum", "typ", "rubrik", "målgrupp"]
    lists = {cell for row in opened["_lists"].iter_rows(values_only=True) for cell in row}
    assert {"företag", "evenemang", "för medlemmar"} <= lists
    assert "company" not in lists and "event" not in lists
    rows = activity_rows(sheet)
    for column, value in enumerate([CLUSTER, datetime(2026, 9, 1), "evenemang",
                                    "Höstkväll", "för medlemmar", 30, 15, "N2"], start=1):
        sheet.cell(len(rows) + 2, column).value = value
    opened.save(workbook)

    outcome = intake_workbooks_flow(workbooks=[str(workbook)], data_dir=str(data),
                                    out_dir=str(tmp_path / "out"), lang="sv", dry_run=True)
    (item,) = outcome["workbooks"]
    assert item["problems"] == 0, Path(item["answer_csv"]).read_text(encoding="utf-8-sig")
    page = Path(item["answer"]).read_text(encoding="utf-8")
    assert '<html lang="sv">' in page and "Höstkväll" in page
