"""Benchmark: the evaluation at scale. Prints its figures; not a test.

    .venv/bin/python benchmarks/evaluate_scale.py --clusters 2000 [--clusters 8000]

For each size: writes a synthetic input folder (benchmarks/synth.py) unless it exists,
then prints the read floor (pyarrow's CSV reader, nothing else), the time of each stage
(ingest, validate, score, publish JSON/CSV, render the HTML of every cluster), PDF
printing measured on a sample of pages, the ratio of the total to the read floor, the
peak memory, and, with --prefect, a real flow run: its total, the fixed cost of
starting Prefect, and the number of task runs.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyarrow.csv as pa_csv

from benchmarks.synth import generate
from ingest.configuration import load_column_config, load_rules
from ingest.files import read_input_folder
from reports.history import History, Snapshot
from reports.pdf import pdf_unavailable, print_pdfs
from reports.writers import results_document, write_html, write_json, write_results_csv
from schemas import validate_inputs
from scoring import Period, evaluate_clusters


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_floor(folder: Path, tries: int = 3) -> float:
    """The best of `tries` reads (the machine is shared: the floor is the quiet moment)."""
    times = []
    for _ in range(tries):
        started = time.perf_counter()
        for path in folder.glob("*.csv"):
            pa_csv.read_csv(path, parse_options=pa_csv.ParseOptions(delimiter=";"))
        times.append(time.perf_counter() - started)
    return min(times)


def stages(folder: Path, out: Path, pdf_sample: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    columns, rules, period = load_column_config(), load_rules(), Period.from_quarter("2026Q3")

    def timed(name, action):
        started = time.perf_counter()
        value = action()
        figures[name] = time.perf_counter() - started
        return value

    raw = timed("ingest", lambda: read_input_folder(folder, columns))
    validated = timed("validate", lambda: validate_inputs(raw, columns))
    results = timed("score", lambda: evaluate_clusters(
        validated.register, {k: v for k, v in validated.tables.items() if k != "clusters"},
        period, rules, validated.rejected_by_cluster, validated.absent_register_columns))
    out.mkdir(parents=True, exist_ok=True)

    def json_csv():
        write_json(out / "results.json", results_document(period, "fi", results))
        write_results_csv(out / "results.csv", period, "fi", results)
        validated.rejected.to_csv(out / "rejected.csv", index=False)

    timed("publish JSON/CSV", json_csv)
    history = History(None, (Snapshot.from_results(period.label, results),))
    pages = timed("render HTML", lambda: write_html(
        out, period, "fi", results, validated.rejected, validated.row_counts, history, "bench",
        pdf=True))
    figures["pages"] = len(pages)
    if pdf_sample and pdf_unavailable() is None:
        # Cluster pages: the portfolio page grows with the portfolio (8,000 rows).
        # One page, then the sample: the difference is the pages without the browser's
        # start; with one page printing at a time, then one per core.
        sample = [page for page in pages
                  if page.suffix == ".html" and page.name != "index.html"][:max(2, pdf_sample)]
        for workers in sorted({1, os.cpu_count() or 1}):
            started = time.perf_counter()
            print_pdfs(sample[:1], workers=1)
            one = time.perf_counter() - started
            started = time.perf_counter()
            print_pdfs(sample, workers=workers)
            figures[f"pdf pages/s, {workers} at once"] = (len(sample) - 1) / (
                time.perf_counter() - started - one)
    figures["peak MiB"] = peak_mib()
    return figures


def prefect_run(folder: Path, out: Path, dask_workers: int = 0) -> str:
    """A real `clustereval evaluate` (HTML, no PDF) and a trivial flow, in new processes;
    with `dask_workers`, the pages render on a local Dask cluster of that many workers."""
    runner = (f"task_runner('dask', workers={dask_workers})" if dask_workers else "None")
    parts = 2 * dask_workers if dask_workers else 1
    code = f"""
import time, json
from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import TaskRunFilter, TaskRunFilterFlowRunId, FlowRunFilter
started = time.perf_counter()
@flow
def nothing(): return 1
nothing()
fixed = time.perf_counter() - started
from flows.distributed import task_runner
from flows.evaluate import evaluate_clusters_flow
runner = {runner}
run = evaluate_clusters_flow.with_options(task_runner=runner) if runner else evaluate_clusters_flow
started = time.perf_counter()
state = run(data_dir={str(folder)!r}, quarter="2026Q3", out_dir={str(out)!r}, pdf=False,
            parts={parts}, return_state=True)
total = time.perf_counter() - started
with get_client(sync_client=True) as client:
    tasks = client.read_task_runs(task_run_filter=TaskRunFilter(
        flow_run_id=TaskRunFilterFlowRunId(any_=[state.state_details.flow_run_id])))
print(json.dumps({{"fixed": fixed, "total": total, "task_runs": len(tasks)}}))
"""
    with tempfile.TemporaryDirectory() as state:
        finished = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False,
            env={**__import__("os").environ, "CLUSTEREVAL_STATE_DIR": state,
                 "PREFECT_LOGGING_LEVEL": "ERROR",
                 "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"},
            cwd=Path(__file__).resolve().parents[1])
    return finished.stdout.strip().splitlines()[-1] if finished.stdout.strip() else \
        finished.stderr[-2000:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clusters", type=int, action="append")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ce-bench")
    parser.add_argument("--pdf-sample", type=int, default=20)
    parser.add_argument("--prefect", action="store_true", help="also time a real flow run")
    parser.add_argument("--dask", type=int, default=0, metavar="WORKERS",
                        help="with --prefect: also a flow run on a local Dask cluster")
    args = parser.parse_args()
    totals = {}
    for clusters in args.clusters or [2000]:
        folder = args.work / f"synth-{clusters}"
        if not (folder / "expected.json").exists():
            generate(clusters, folder)
        floor = read_floor(folder)
        figures = stages(folder, args.work / f"out-{clusters}", args.pdf_sample)
        total = sum(figures[k] for k in ("ingest", "validate", "score", "publish JSON/CSV",
                                          "render HTML"))
        totals[clusters] = total
        print(f"\n== {clusters} clusters ({folder}) ==")
        print(f"read floor (pyarrow CSV, nothing else): {floor:8.2f} s")
        for name in ("ingest", "validate", "score", "publish JSON/CSV", "render HTML"):
            print(f"{name:<38} {figures[name]:8.2f} s")
        print(f"{'total (without Prefect start, no PDF)':<38} {total:8.2f} s")
        print(f"ratio total / read floor: {total / floor:.1f}  (target at most 4)")
        for name, rate in figures.items():
            if name.startswith("pdf pages/s"):
                print(f"PDF, {name.split(', ')[1]}: {rate:.2f} pages/s, about "
                      f"{figures['pages'] / rate:.0f} s for all {int(figures['pages'])} "
                      f"pages (measured on {args.pdf_sample})")
        print(f"peak memory: {figures['peak MiB']:.0f} MiB  (target under 2048 at 2,000)")
        if args.prefect:
            print(f"flow run: {prefect_run(folder, args.work / f'flow-{clusters}')}")
            if args.dask:
                print(f"flow run, pages on {args.dask} Dask workers: "
                      f"{prefect_run(folder, args.work / f'flow-{clusters}', args.dask)}")
    if len(totals) > 1:
        sizes = sorted(totals)
        print(f"\ngrowth {sizes[0]} -> {sizes[-1]} clusters: "
              f"{totals[sizes[-1]] / totals[sizes[0]]:.1f}x  (target at most 4.5x for 4x)")


if __name__ == "__main__":
    main()
