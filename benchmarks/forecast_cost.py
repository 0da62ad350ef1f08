"""Benchmark (issue 20, a): the score stage with the forecast against the score stage
without it, at scale, side by side in one run. Prints its figures; not a test.

    .venv/bin/python benchmarks/forecast_cost.py [--clusters 2000] [--runs 3]

Writes a synthetic input folder (benchmarks/synth.py) unless it exists, reads and
validates it once, then scores it `--runs` times each way, alternating, and prints the
median of each and their ratio (target: at most 1.5).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synth import benchmark_folder
from ingest.configuration import load_column_config, load_rules
from ingest.files import read_input_folder
from schemas import validate_inputs
from scoring import Period, evaluate_clusters


def main() -> None:
    args, folder = benchmark_folder(__doc__ or "", 2000)
    columns, rules, period = load_column_config(), load_rules(), Period.from_quarter("2026Q3")
    validated = validate_inputs(read_input_folder(folder, columns), columns)

    def score(forecast: bool) -> float:
        started = time.perf_counter()
        evaluate_clusters(validated.register, validated.evidence, period, rules,
                          validated.rejected_by_cluster, validated.absent_register_columns,
                          forecast=forecast)
        return time.perf_counter() - started

    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(args.runs):
        for forecast in (False, True):
            times[forecast].append(score(forecast))
    without, with_forecast = (statistics.median(times[f]) for f in (False, True))
    print(f"{args.clusters} clusters, median of {args.runs}:")
    print(f"  score without the forecast  {without:7.2f} s   {times[False]}")
    print(f"  score with the forecast     {with_forecast:7.2f} s   {times[True]}")
    print(f"  ratio                       {with_forecast / without:7.2f}   (target <= 1.5)")


if __name__ == "__main__":
    main()
