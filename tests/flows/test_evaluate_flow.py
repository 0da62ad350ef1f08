"""Whole flow runs on the bundled sample data, through a real (temporary) Prefect API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.evaluate import SAMPLE_DATA, evaluate_clusters_flow

# The verdicts designed into data/sample (see data/make_sample.py), as of 2026Q3.
M, P, N, X = "met", "partially_met", "not_met", "insufficient_data"
DESIGNED = {
    "kiertotalous": ("meets", [M, M, M, M, M, M, M, M]),
    "arktinen-muotoilu": ("partially_meets", [P, M, P, P, P, P, P, P]),
    "elamysmatkailu": ("does_not_meet", [N, N, N, N, N, N, N, N]),
    "akkumineraalit": ("partially_meets", [X, M, M, X, M, X, X, X]),
    "metsabiotalous": ("does_not_meet", [N, X, X, M, X, M, N, N]),
    # C7 measured partially met; the region's decision in force says met (decisions.csv).
    "datakeskukset": ("does_not_meet", [M, N, N, M, M, M, M, M]),
}


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    return Path(evaluate_clusters_flow(quarter="2026Q3", out_dir=str(out))["published"])


def load(folder: Path) -> dict:
    return json.loads((folder / "results.json").read_text(encoding="utf-8"))


def test_sample_gives_the_designed_verdicts(published):
    document = load(published)
    assert (document["period"], document["as_of"]) == ("2026-Q3", "2026-09-30")
    got = {
        c["cluster_id"]: (c["verdict"], [k["status"] for k in c["criteria"]])
        for c in document["clusters"]
    }
    assert got == DESIGNED
    for cluster in document["clusters"]:
        assert [k["id"] for k in cluster["criteria"]] == [f"C{n}" for n in range(1, 9)]


def test_sample_decisions_each_state(published):
    """The sample's decisions.csv: in force (and superseded), expired, rejected, pending,
    and one made after the as-of date that the quarter does not know yet."""
    clusters = {c["cluster_id"]: {k["id"]: k for k in c["criteria"]}
                for c in load(published)["clusters"]}
    c7 = clusters["datakeskukset"]["C7"]
    assert (c7["status"], c7["measured_status"]) == (M, P)
    assert c7["decision"]["valid_until"] == "2027-02-28"
    assert [d["state"] for d in c7["other_decisions"]] == ["superseded"]
    states = {(cluster, criterion): [d["state"] for d in item.get("other_decisions", [])]
              for cluster, criteria in clusters.items() for criterion, item in criteria.items()
              if "other_decisions" in item}
    assert states[("elamysmatkailu", "C2")] == ["expired"]
    assert states[("metsabiotalous", "C1")] == ["rejected"]
    assert states[("arktinen-muotoilu", "C4")] == ["pending"]
    assert ("metsabiotalous", "C8") not in states
    index = (published / "index.html").read_text(encoding="utf-8")
    # the mark is seen, and heard as what it means (not "pykälä")
    assert '<sup><span aria-hidden="true">§</span><span class="visually-hidden">(tila perustuu ' \
        'päätökseen klusterin vastineesta)</span></sup>' in index
    assert "Päätökset klustereiden vastineista" in index


def test_sample_shows_every_status_of_every_criterion_the_rules_allow(published):
    seen: dict[str, set[str]] = {}
    for cluster in load(published)["clusters"]:
        for criterion in cluster["criteria"]:
            seen.setdefault(criterion["id"], set()).add(criterion["status"])
    for criterion, statuses in seen.items():
        expected = {M, N, X} if criterion == "C2" else {M, P, N, X}  # C2 has no partial rule
        assert statuses == expected, criterion


def test_period_folder_holds_every_output(published):
    assert published.name == "2026-Q3"
    names = {path.name for path in published.iterdir()}
    assert {"results.json", "results.csv", "rejected.csv", "manifest.json", "index.html"} <= names
    assert {f"cluster-{cluster}.html" for cluster in DESIGNED} <= names


def test_rejected_csv_lists_the_messy_rows(published):
    lines = (published / "rejected.csv").read_text(encoding="utf-8-sig").splitlines()
    # Beside the English problem, the report's language's (Finnish by default).
    assert lines[0] == "dataset,file,sheet,row,cluster_id,column,value,problem,problem_fi"
    text = "\n".join(lines)
    assert "agreements.csv,,10,kiertotalous,business_id,1000700-4" in text
    # lokit.xlsx has several sheets: each line names its sheet.
    assert "lokit.xlsx,activities,22,porotalous,cluster_id,porotalous" in text
    assert "lokit.xlsx,activities,14,akkumineraalit,date,31.2.2026" in text
    assert "exact duplicate of agreements.csv row 23" in text


def test_manifest_records_inputs_and_configuration(published):
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    files = {item["file"]: item for item in manifest["inputs"]}
    assert set(files) == {path.name for path in SAMPLE_DATA.iterdir() if path.suffix != ".md"}
    assert all(len(item["sha256"]) == 64 for item in files.values())
    assert files["agreements.csv"]["encoding"] == "cp1252"
    assert len(manifest["configuration"]["sha256"]) == 64
    assert manifest["program"]["name"] == "clustereval"


def test_same_quarter_again_gives_identical_results(published, tmp_path):
    again = Path(evaluate_clusters_flow(quarter="2026Q3", out_dir=str(tmp_path),
                                        pdf=False)["published"])
    assert (again / "results.json").read_bytes() == (published / "results.json").read_bytes()
    assert (again / "results.csv").read_bytes() == (published / "results.csv").read_bytes()


def test_cluster_subset_and_english(tmp_path):
    portfolio = Path(evaluate_clusters_flow(as_of="2026-09-30", out_dir=str(tmp_path),
                                            pdf=False)["published"])
    before = {p.name: p.read_bytes() for p in portfolio.iterdir()}
    folder = Path(evaluate_clusters_flow(
        as_of="2026-09-30", clusters=["kiertotalous"], out_dir=str(tmp_path), lang="en",
        pdf=False,
    )["published"])
    # Published beside the portfolio, which stays as it was; its own revision 1.
    assert folder == tmp_path / "subsets" / "kiertotalous" / "2026-Q3"
    assert {p.name: p.read_bytes() for p in portfolio.iterdir()} == before
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["revision"] == 1
    document = load(folder)
    assert [c["cluster_id"] for c in document["clusters"]] == ["kiertotalous"]
    assert document["clusters"][0]["criteria"][0]["reason"].startswith("7 companies verified")
    assert '<html lang="en">' in (folder / "index.html").read_text(encoding="utf-8")


def test_a_failed_run_leaves_the_previous_reports(published, tmp_path):
    out = published.parent
    before = {p.name: p.read_bytes() for p in published.iterdir()}
    broken = tmp_path / "data"
    broken.mkdir()
    (broken / "clusters.xlsx").write_bytes(b"not a workbook")
    state = evaluate_clusters_flow(data_dir=str(broken), quarter="2026Q3", out_dir=str(out),
                                   return_state=True)
    assert state.is_failed()
    assert {p.name: p.read_bytes() for p in published.iterdir()} == before
    assert [p.name for p in out.iterdir()] == ["2026-Q3"]


def test_prefect_artifacts_are_keyed_by_period(published):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    keys = ["portfolio-2026-q3", "portfolio-2026-q3-table", "portfolio-2026-q3-report"]
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=keys)))
    data = {artifact.key: str(artifact.data) for artifact in found}
    assert set(data) == set(keys)
    assert "Teollisen kiertotalouden keskus" in data["portfolio-2026-q3"]
    assert "kiertotalous" in data["portfolio-2026-q3-table"]
    assert data["portfolio-2026-q3-report"].endswith("2026-Q3/index.html)")


def test_pdf_copies_are_published_beside_the_html(published):
    pdf = published / "index.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pdf"] == "made by Chromium"
