"""Progress of long work: a bar on a terminal only, a Prefect progress artifact in a run."""

from __future__ import annotations

import asyncio

from prefect import flow, task
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    ArtifactFilterType,
)
from prefect.context import get_run_context

from flows.progress import Progress


def test_quiet_when_not_a_terminal(capfd):
    with Progress("Checking websites", 3, terminal=False) as progress:
        for _ in range(5):
            progress.advance()
    assert progress.done == 3  # never past the total
    assert capfd.readouterr() == ("", "")


def test_a_bar_on_a_terminal(capfd):
    with Progress("Printing PDFs", 4, terminal=True) as progress:
        for _ in range(4):
            progress.advance()
    assert "Printing PDFs" in capfd.readouterr().err


@task
def work(items: int) -> str:
    with Progress("Printing PDFs", items, terminal=False) as progress:
        for _ in range(items):
            progress.advance()
    return str(get_run_context().task_run.flow_run_id)  # type: ignore[union-attr]


@flow
def long_work(items: int) -> str:
    return work(items)


def test_a_flow_run_leaves_a_progress_artifact_at_100():
    flow_run_id = long_work(40)

    async def read() -> list:
        async with get_client() as client:
            return await client.read_artifacts(artifact_filter=ArtifactFilter(
                type=ArtifactFilterType(any_=["progress"]),
                flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))

    [artifact] = asyncio.run(read())
    assert artifact.data == 100 and artifact.description == "Printing PDFs"
