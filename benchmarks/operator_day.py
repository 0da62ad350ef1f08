"""Benchmark: a command against a running Prefect server. Prints its figures; not a test.

    .venv/bin/python benchmarks/operator_day.py [--runs 3] [--data DIR]

Starts a Prefect server on 127.0.0.1 (as `clustereval serve` does) with a state folder
of its own, then times, side by side in one run, `clustereval validate` and
`clustereval evaluate --no-pdf` on the same folder (each a fresh process, as an operator
runs them), and `evaluate --no-pdf` with no server (a temporary one) for comparison.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flows.server import forget_server, start_server

BIN = Path(sys.executable).parent


def timed(command: list[str], environment: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=environment, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):  # validate exits 1 when rows were set aside
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path)
    args = parser.parse_args()
    data = ["--data", str(args.data.resolve())] if args.data else []
    with tempfile.TemporaryDirectory(prefix="clustereval-bench-") as scratch:
        root = Path(scratch)
        environment = {**os.environ, "CLUSTEREVAL_STATE_DIR": str(root / "state"),
                       "PREFECT_HOME": str(root / "prefect"), "DO_NOT_TRACK": "1",
                       "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
        environment.pop("PREFECT_API_URL", None)
        os.environ.update(environment)
        started = time.perf_counter()
        server = start_server(root / "state")
        print(f"Prefect server started in {time.perf_counter() - started:.1f} s")
        try:
            validate, evaluate = [], []
            for n in range(args.runs):
                validate.append(timed([str(BIN / "clustereval"), "validate", *data],
                                      environment, root))
                evaluate.append(timed([str(BIN / "clustereval"), "evaluate", "--no-pdf",
                                       "--out", str(root / f"out{n}"), *data], environment, root))
        finally:
            forget_server(root / "state", server)
        temporary = timed([str(BIN / "clustereval"), "evaluate", "--no-pdf", "--out",
                           str(root / "out-temporary"), *data], environment, root)
    v, e = statistics.median(validate), statistics.median(evaluate)
    def each(figures: list[float]) -> str:
        return ", ".join(f"{x:.2f}" for x in figures)

    print(f"validate:                          median {v:.2f} s  ({each(validate)})")
    print(f"evaluate --no-pdf, running server: median {e:.2f} s  ({each(evaluate)})")
    print(f"ratio evaluate / validate: {e / v:.2f} (target: at most 2)")
    print(f"evaluate --no-pdf, temporary server: {temporary:.2f} s")


if __name__ == "__main__":
    main()
