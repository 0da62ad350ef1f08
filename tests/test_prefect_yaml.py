"""prefect.yaml describes the same deployments and schedules as config/schedules.yaml."""

from pathlib import Path

import yaml

from flows.serve import load_schedules

ROOT = Path(__file__).resolve().parents[1]


def test_prefect_yaml_matches_the_served_schedules():
    document = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    deployments = {d["name"]: d for d in document["deployments"]}
    schedules = load_schedules()
    for section in (schedules.evaluate_clusters, schedules.check_websites):
        [schedule] = deployments[section.deployment]["schedules"]
        assert schedule == {"cron": section.cron, "timezone": schedules.timezone}
    for deployment in deployments.values():
        module, function = deployment["entrypoint"].split(":")
        assert function in (ROOT / module).read_text(encoding="utf-8")
