"""A synthetic input folder in the contract's format, for benchmarks and scale tests.

Per cluster: about 150 agreements, 500 activities over two years, 250 dialogue rows,
5 evaluations and a website check; semicolon CSV with Finnish dates, like real exports.
Clusters come in four archetypes whose statuses (as of 2026Q3) are planted and written
to expected.json, and about 0.5 % of the rows are planted bad ones.

    clustereval synth --clusters 2000 --out /tmp/synth      (or python benchmarks/synth.py)
"""

from __future__ import annotations

import argparse
import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from schemas.business_id import check_digit

AS_OF = date(2026, 9, 30)
START = date(2024, 10, 1)  # two years of activities
BAD_SHARE = 0.005
# archetype -> planted statuses (criteria not listed depend on the random mix)
PLANTED = {
    0: {"C1": "met", "C2": "met", "C3": "met", "C4": "met", "C5": "met", "C6": "met",
        "C7": "met", "C8": "met"},
    1: {"C1": "partially_met", "C2": "met", "C3": "partially_met", "C5": "partially_met",
        "C7": "partially_met", "C8": "partially_met"},
    2: {"C1": "not_met", "C2": "not_met", "C3": "not_met", "C4": "not_met", "C5": "not_met",
        "C7": "not_met", "C8": "not_met"},
    3: {"C2": "met", "C7": "insufficient_data"},
}


def finnish(days: np.ndarray) -> np.ndarray:
    """Day offsets from START as d.m.yyyy strings."""
    stamps = pd.to_datetime(START) + pd.to_timedelta(days, unit="D")
    return (stamps.day.astype(str) + "." + stamps.month.astype(str) + "."
            + stamps.year.astype(str)).to_numpy()


def business_ids(numbers: np.ndarray) -> np.ndarray:
    """Valid Finnish business IDs: the base is nudged until its check digit exists."""
    ids = []
    for number in numbers:
        base = int(number)
        while (digit := check_digit(f"{base:07d}")) is None:
            base += 1
        ids.append(f"{base:07d}-{digit}")
    return np.array(ids)


def write(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig")


def generate(clusters: int, out: Path, seed: int = 2026) -> dict[str, dict[str, str]]:
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    ids = np.array([f"c{n:05d}" for n in range(clusters)])
    kind = np.arange(clusters) % 4
    span = (AS_OF - START).days

    register = pd.DataFrame({
        "klusteri": ids,
        "nimi": [f"Klusteri {n}" for n in range(clusters)],
        "vetäjä": np.where(kind == 2, "avoin", "Aino Koskinen"),
        "strategia": np.where(kind == 2, "", "STRAT"),
        "strategia hyväksytty": np.where(kind == 2, "", "1.2.2024"),
        "toimeenpanosuunnitelma": np.where(kind >= 1, np.where(kind == 1, "TOP", ""), "TOP"),
        "suunnitelma hyväksytty": np.where(kind == 2, "", "1.1.2026"),
        "suunnitelma voimassa": np.where(kind == 1, "30.6.2026", ""),
        "verkkosivusto": [f"https://{cid}.example.fi" for cid in ids],
        "yrityksiä ohjausryhmässä": np.where(kind == 2, "0", "3"),
        "htv": "1,5",
    })
    register.loc[kind == 2, "toimeenpanosuunnitelma"] = ""
    write(register, out / "clusters.csv")

    # Agreements: 150 per cluster; archetype 1 verifies 3 companies, 2 none.
    per = 150
    cluster_of = np.repeat(ids, per)
    kind_of = np.repeat(kind, per)
    within = np.tile(np.arange(per), clusters)
    verified = np.where(kind_of == 1, within < 3, kind_of != 2)
    agreements = pd.DataFrame({
        "klusteri": cluster_of,
        "jäsen": [f"Yritys {n} Oy" for n in range(len(cluster_of))],
        "y-tunnus": business_ids(1_000_000 + np.arange(len(cluster_of)) * 7),
        "toimijatyyppi": np.where(within % 10 == 9, "tutkimus", "yritys"),
        "sopimustyyppi": np.where(within % 2 == 0, "jäsensopimus", "yhteistyösopimus"),
        "allekirjoitettu": finnish(rng.integers(0, span - 30, len(cluster_of))),
        "voimassa asti": "",
        "näyttö": np.where(verified, [f"DOC-{n}" for n in range(len(cluster_of))], ""),
    })
    agreements.loc[kind_of == 1, "toimijatyyppi"] = np.where(within[kind_of == 1] < 3,
                                                             "yritys", "tutkimus")

    # Activities: 500 per cluster over two years; archetype 2 public only, no companies.
    per = 500
    cluster_of = np.repeat(ids, per)
    kind_of = np.repeat(kind, per)
    audience = rng.choice(["jäsenet", "sekä", "yleisö"], len(cluster_of), p=[0.5, 0.3, 0.2])
    total = rng.integers(5, 200, len(cluster_of))
    companies = np.minimum(total, rng.integers(0, 40, len(cluster_of)))
    activities = pd.DataFrame({
        "klusteri": cluster_of,
        "päivämäärä": finnish(rng.integers(0, span + 1, len(cluster_of))),
        "laji": rng.choice(["tapahtuma", "palvelu", "tiedontuotanto", "koulutus"],
                           len(cluster_of)),
        "otsikko": [f"Aktiviteetti {n}" for n in range(len(cluster_of))],
        "kohderyhmä": np.where(kind_of == 2, "yleisö", audience),
        "osallistujia": total,
        "yrityksiä": np.where(kind_of == 2, 0, companies),
        "näyttö": "LINK",
    })

    # Dialogue: 250 per cluster; archetypes 1 and 2 collect no needs, 2 has no companies.
    per = 250
    cluster_of = np.repeat(ids, per)
    kind_of = np.repeat(kind, per)
    dialogue = pd.DataFrame({
        "klusteri": cluster_of,
        "päivämäärä": finnish(rng.integers(0, span + 1, len(cluster_of))),
        "laji": np.where(np.isin(kind_of, (1, 2)), "tapaaminen",
                         rng.choice(["tarvekysely", "tapaaminen", "työpaja", "haastattelu"],
                                    len(cluster_of))),
        "yrityksiä mukana": np.where(kind_of == 2, 0, rng.integers(1, 12, len(cluster_of))),
        "yhteenveto": [f"Muistio {n}" for n in range(len(cluster_of))],
    })

    # Evaluations: 5 per cluster; the latest in the window (0), 18 months old (1), 3 years (2).
    per = 5
    cluster_of = np.repeat(ids, per)
    kind_of = np.repeat(kind, per)
    newest = np.select([kind_of == 1, kind_of == 2], [-548, -1100], default=-60)
    days = (AS_OF - START).days + newest - np.tile(np.arange(per) * 200, clusters)
    evaluations = pd.DataFrame({
        "klusteri": cluster_of,
        "päivämäärä": finnish(days),
        "laji": "itsearviointi",
        "arvioija": "ohjausryhmä",
    })

    checks = pd.DataFrame({
        "cluster_id": ids,
        "checked_at": (AS_OF - timedelta(days=10)).isoformat(),
        "url": [f"https://{cid}.example.fi" for cid in ids],
        "reachable": np.where(kind == 2, "false", "true"),
        "status_code": np.where(kind == 2, "", "200"),
        "https": "true",
        "offer_description": "true",
        "accessibility_failures": np.where(kind == 1, "3", "0"),
        "accessibility_statement": "true",
    })[kind != 3]

    planted_bad = plant_bad_rows(rng, agreements, activities, dialogue)
    write(agreements, out / "agreements.csv")
    write(activities, out / "activities.csv")
    write(dialogue, out / "dialogue.csv")
    write(evaluations, out / "evaluations.csv")
    write(checks, out / "website_checks.csv")
    expected = {cid: PLANTED[int(k)] for cid, k in zip(ids, kind, strict=True)}
    (out / "expected.json").write_text(json.dumps(
        {"as_of": AS_OF.isoformat(), "planted_bad_rows": planted_bad, "statuses": expected},
        indent=1), encoding="utf-8")
    return expected


def plant_bad_rows(rng: np.random.Generator, agreements: pd.DataFrame,
                   activities: pd.DataFrame, dialogue: pd.DataFrame) -> int:
    """About 0.5 % of rows made bad, the ways real exports are: a wrong check digit, an
    impossible date, a cluster id not in the register. Returns how many."""
    count = 0
    for frame, column, spoil in (
        (agreements, "y-tunnus", lambda v: v[:-1] + str((int(v[-1]) + 1) % 10)),
        (activities, "päivämäärä", lambda v: "31.2.2026"),
        (dialogue, "klusteri", lambda v: "ei-rekisterissa"),
    ):
        rows = rng.choice(len(frame), max(1, int(len(frame) * BAD_SHARE)), replace=False)
        frame.loc[rows, column] = frame.loc[rows, column].map(spoil)
        count += len(rows)
    return count


def benchmark_folder(description: str, clusters: int) -> tuple[argparse.Namespace, Path]:
    """A benchmark's options (--clusters, --runs, --work) and its synthetic folder,
    written unless it is there already."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--clusters", type=int, default=clusters)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ce-bench")
    args = parser.parse_args()
    folder = args.work / f"synth-{args.clusters}"
    if not (folder / "clusters.csv").exists():
        generate(args.clusters, folder)
    return args, folder


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clusters", type=int, default=2000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    generate(args.clusters, args.out)
    print(f"{args.clusters} clusters written to {args.out}")


if __name__ == "__main__":
    main()
