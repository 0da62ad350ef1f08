"""`clustereval check-websites` on a register pointing at the fixture server, then C7 in
the next evaluation: a real flow run, real HTTP(S) on 127.0.0.1."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from flows.check_websites import host_shares
from flows.cli import main
from ingest.websites.settings import WEBSITES_FILE
from tests.websites.fixtures import FixtureServers, html, standard_site

SITES = {
    "good.test": standard_site(),
    "noalt.test": standard_site(alt=""),
    "busy.test": lambda path: (429, {"Retry-After": "60"}, b"slow down"),
    "broken.test": lambda path: html(b"<h1>error</h1>", 500),
}


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    with FixtureServers(sites=dict(SITES)) as servers:
        register = ["cluster_id;name;leader_name;website_url"]
        for host in SITES:
            register.append(f"{host.split('.')[0]};{host};Aino Koskinen;"
                            f"{servers.url(host, secure=True)}")
        register.append("nosite;No website;Aino Koskinen;")
        (folder / "clusters.csv").write_text("\n".join(register) + "\n", encoding="utf-8")
        settings = yaml.safe_load(WEBSITES_FILE.read_text(encoding="utf-8"))
        settings.update(allowed_networks=["127.0.0.1/32"], extra_ca_file=servers.ca_file,
                        host_overrides={host: "127.0.0.1" for host in SITES},
                        read_timeout_seconds=2, retries=0)
        config = folder.parent / "websites-test.yaml"
        config.write_text(yaml.safe_dump(settings), encoding="utf-8")
        CONFIG.append(config)
        code = main(["check-websites", "--data", str(folder), "--config", str(config),
                     "--engine", "static"])
        yield code, folder
        CONFIG.pop()


CONFIG: list[Path] = []  # the fixture's website settings, for a second run while it serves


def rows(folder: Path) -> dict[str, dict[str, str]]:
    text = (folder / "website_checks.csv").read_text(encoding="utf-8")
    return {row["cluster_id"]: row for row in csv.DictReader(text.splitlines())}


def test_records_one_row_per_site_with_a_detail_file(checked):
    code, folder = checked
    assert code == 0
    recorded = rows(folder)
    assert set(recorded) == {"good", "noalt", "busy", "broken"}  # nosite has no website
    assert recorded["good"]["reachable"] == "true"
    assert recorded["noalt"]["accessibility_failures"] == "1"
    assert recorded["busy"]["outcome"] == "blocked"
    assert recorded["broken"]["outcome"] == "server_error"
    detail = json.loads((folder / recorded["noalt"]["detail_file"]).read_text(encoding="utf-8"))
    [alt] = [f for f in detail["findings"] if f["check"] == "img_alt" and f["status"] == "fail"]
    assert alt["elements"] == ['<img src="/logo.png">']


def test_c7_in_the_next_evaluation_reflects_the_checks(checked, tmp_path, capfd):
    _, folder = checked
    today = datetime.now(ZoneInfo("Europe/Helsinki")).date().isoformat()
    assert main(["evaluate", "--data", str(folder), "--as-of", today, "--out",
                 str(tmp_path), "--lang", "en"]) == 0
    [published] = tmp_path.iterdir()
    document = json.loads((published / "results.json").read_text(encoding="utf-8"))
    c7 = {c["cluster_id"]: c["criteria"][6] for c in document["clusters"]}
    assert {k: v["status"] for k, v in c7.items()} == {
        "good": "met", "noalt": "partially_met", "busy": "insufficient_data",
        "broken": "not_met", "nosite": "not_met",
    }
    evidence = [(e["source"], e["detail"]) for e in c7["noalt"]["evidence"]]
    assert any(source.startswith("https://noalt.test") and '<img src="/logo.png">' in detail
               for source, detail in evidence)
    page = (published / "cluster-noalt.html").read_text(encoding="utf-8")
    # A sentence with its WCAG success criterion, the element as the page has it.
    assert "An image has no text alternative (WCAG 1.1.1)" in page
    assert "&lt;img src=&#34;/logo.png&#34;&gt;" in page and "img_alt" not in page


def test_running_again_appends_history(checked, tmp_path):
    _, folder = checked
    before = len((folder / "website_checks.csv").read_text(encoding="utf-8").splitlines())
    config = folder.parent / "websites-test.yaml"
    assert main(["check-websites", "--data", str(folder), "--config", str(config),
                 "--engine", "static", "--cluster", "good"]) == 0
    after = (folder / "website_checks.csv").read_text(encoding="utf-8").splitlines()
    assert len(after) == before + 1
    assert after[-1].startswith("good,")
    files = [row["detail_file"] for row in csv.DictReader(after) if row["cluster_id"] == "good"]
    assert len(set(files)) == 2


def test_unknown_cluster_and_missing_browser_are_input_errors(checked, capfd):
    _, folder = checked
    assert main(["check-websites", "--data", str(folder), "--cluster", "nope"]) == 2
    assert "Unknown cluster id nope" in capfd.readouterr().err


def test_shares_on_a_local_dask_cluster_record_the_same_checks(checked, tmp_path):
    _, folder = checked
    spread = tmp_path / "dask"
    assert main(["check-websites", "--data", str(folder), "--config", str(CONFIG[0]),
                 "--engine", "static", "--record", str(spread), "--task-runner", "dask",
                 "--parts", "3"]) == 0
    same = ("url", "reachable", "status_code", "https", "outcome", "accessibility_failures",
            "findings")
    single, shared = rows(folder), rows(spread)
    assert list(shared) == list(single)  # the register's order
    for cluster, row in single.items():
        assert {k: shared[cluster][k] for k in same} == {k: row[k] for k in same}, cluster


def test_host_shares_keep_each_host_in_one_share():
    sites = [("a", "https://one.test/x"), ("b", "one.test/y"), ("c", "https://two.test"),
             ("d", "https://three.test"), ("e", "https://ONE.test/z")]
    shares = host_shares(sites, 2)
    assert sorted(n for share in shares for n in share) == [0, 1, 2, 3, 4]
    assert [0, 1, 4] in shares and len(shares) == 2
    assert host_shares([], 4) == [[]]
    assert host_shares(sites, 1) == [[0, 1, 2, 3, 4]]
