"""Beyond one machine: the same flow on a local Dask cluster of two worker processes
publishes the same bytes as the run in one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.synth import generate
from flows.distributed import task_runner
from flows.evaluate import evaluate_clusters_flow

# What a run writes that may differ between two runs of the same inputs.
TIMESTAMPED = {"manifest.json"}


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synth")
    generate(24, folder)  # rejected rows of their own for some clusters, split by share
    return folder


def run(data: Path, tmp_path: Path, name: str, flow=evaluate_clusters_flow, **options):
    # 2026Q2: the artifacts of this session's 2026-Q3 runs belong to the sample data.
    state = flow(data_dir=str(data), quarter="2026Q2", out_dir=str(tmp_path / name),
                 lang="both", pdf=False, state_dir=str(tmp_path / f"state-{name}"),
                 return_state=True, **options)
    return Path(str(state.result()["published"])), state.state_details.flow_run_id


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name not in TIMESTAMPED}


def task_names(flow_run_id) -> list[str]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(
            id=FlowRunFilterId(any_=[flow_run_id])))
    return sorted(run.name.rsplit("-", 1)[0] for run in runs
                  if run.state is not None and run.state.is_completed())


def test_a_local_dask_cluster_publishes_the_same_bytes(data, tmp_path):
    single, _ = run(data, tmp_path, "single")
    dask_flow = evaluate_clusters_flow.with_options(task_runner=task_runner("dask", workers=2))
    spread, flow_run_id = run(data, tmp_path, "dask", dask_flow, parts=4)

    expected, got = files_of(single), files_of(spread)
    # results.json/.csv, labels.csv, rejected.csv; the pages; each cluster's calendar
    assert len(expected) == 4 + 2 * 25 + 2 * 24
    assert got.keys() == expected.keys()
    assert [name for name in expected if got[name] != expected[name]] == []
    # The workers reported to this run's Prefect API (not servers of their own), and the
    # pages were five tasks (the portfolio and four shares), not a task per cluster.
    names = task_names(flow_run_id)
    assert names.count("render-reports") == 5
    assert {"load-inputs", "validate-inputs", "score-clusters", "plan-publication",
            "publish-reports"} <= set(names)
