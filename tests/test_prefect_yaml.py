"""prefect.yaml describes the same deployments and schedules as config/schedules.yaml."""

from pathlib import Path

import yaml

from flows.serve import load_schedules

ROOT = Path(__file__).resolve().parents[1]


def test_prefect_yaml_matches_the_served_schedules():
    document = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    # A deployment is its flow's and its name's: check-websites/monthly, warn-clusters/monthly.
    deployments = {(d["entrypoint"], d["name"]): d for d in document["deployments"]}
    schedules = load_schedules()
    for entrypoint, section in (
            ("flows/evaluate.py:evaluate_clusters_flow", schedules.evaluate_clusters),
            ("flows/check_websites.py:check_websites_flow", schedules.check_websites),
            ("flows/warn.py:warn_clusters_flow", schedules.warn_clusters)):
        [schedule] = deployments[entrypoint, section.deployment]["schedules"]
        assert schedule == {"cron": section.cron, "timezone": schedules.timezone}
    for deployment in deployments.values():
        module, function = deployment["entrypoint"].split(":")
        assert function in (ROOT / module).read_text(encoding="utf-8")
