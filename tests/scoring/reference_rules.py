"""An independent, slow reading of the criteria as the README states them: the status of
one cluster on one day, row by row in plain Python, from the validated frames. It shares
no code with scoring/ (not measure, not judge, not the periods' arithmetic), so the grid
is checked against something that could not have made the same mistake. Tests only.
(Written first by a hostile trial of issue 20; its checks found no disagreement.)"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any

import pandas as pd

from scoring.rules import Rules


def months_back(day: date, months: int) -> date:
    """The same day `months` earlier; a month's last day to a month's last day."""
    year, month = day.year, day.month - months
    while month <= 0:
        month += 12
        year -= 1
    last = calendar.monthrange(year, month)[1]
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return date(year, month, last)
    return date(year, month, min(day.day, last))


def day_of(value: Any) -> date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def blank(value: Any) -> bool:
    return value is None or pd.isna(value) or str(value).strip() == ""


def bare(text: str) -> str:
    return re.sub(r"[\s.!?]+$|^[\s.!?]+", "", text.casefold())


def name_key(name: Any) -> str:
    return "name:" + " ".join(re.sub(r"[^\w]+", " ", str(name).casefold()).split())


def tiered(count: int, met: int, partly: int) -> str:
    return "met" if count >= met else "partially_met" if count >= partly else "not_met"


class Reference:
    def __init__(self, validated: Any, rules: Rules) -> None:
        self.rules = rules
        self.register = validated.register
        self.evidence = validated.evidence
        self.rejected = validated.rejected_by_cluster
        self.absent = validated.absent_register_columns
        self.rows_of: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for name, frame in self.evidence.items():
            if frame is None:
                continue
            records = frame.astype(object).where(frame.notna(), None).to_dict("records")
            for position, record in enumerate(records):
                record["_position"] = position
                self.rows_of.setdefault(name, {}).setdefault(record["cluster_id"], []).append(
                    record)

    def rows(self, name: str, cluster: str) -> list[dict[str, Any]]:
        return self.rows_of.get(name, {}).get(cluster, [])

    def unavailable(self, name: str, cluster: str) -> bool:
        if self.evidence.get(name) is None:
            return True
        return not self.rows(name, cluster) and self.rejected.get(name, {}).get(cluster, 0) > 0

    def absent_column(self, register: dict[str, Any], column: str) -> bool:
        return column in self.absent.get(register["_file"], frozenset())

    def statuses(self, register: dict[str, Any], day: date) -> dict[str, str]:
        cluster, rules = register["cluster_id"], self.rules
        window = months_back(day, 12) + timedelta(days=1)
        found = {"C1": self.c1(cluster, day), "C2": self.c2(register, day),
                 "C3": self.c3(register, day)}
        if self.unavailable("activities", cluster):
            found["C4"] = "insufficient_data"
        else:
            counted = sum(1 for row in self.rows("activities", cluster)
                          if row["audience"] in rules.c4_member_activities.counted_audiences
                          and window <= day_of(row["date"]) <= day)  # type: ignore[operator]
            found["C4"] = tiered(counted, rules.c4_member_activities.met_at,
                                 rules.c4_member_activities.partially_met_at)
        found["C5"] = self.c5(register, day, window)
        found["C6"] = self.c6(cluster, day, window)
        found["C7"] = self.c7(register, day)
        found["C8"] = self.c8(cluster, day)
        return self.decided(cluster, day, found)

    def c1(self, cluster: str, day: date) -> str:
        if self.unavailable("agreements", cluster):
            return "insufficient_data"
        rows = self.rows("agreements", cluster)
        ids_by_name = {name_key(row["member_name"]): row["business_id"].strip()
                       for row in reversed(rows) if not blank(row["business_id"])}
        keys = set()
        for row in rows:
            signed = day_of(row["signed_on"])
            start, end = day_of(row["valid_from"]), day_of(row["valid_until"])
            if (row["actor_type"] != "company" or signed is None or signed > day
                    or row["agreement_type"] not in
                    self.rules.c1_verified_companies.verifying_agreement_types
                    or blank(row["evidence_ref"]) or (start is not None and start > day)
                    or (end is not None and end < day)):
                continue
            name = name_key(row["member_name"])
            keys.add(row["business_id"].strip() if not blank(row["business_id"])
                     else ids_by_name.get(name, name))
        section = self.rules.c1_verified_companies
        return tiered(len(keys), section.met_at, section.partially_met_at)

    def c2(self, register: dict[str, Any], day: date) -> str:
        if self.absent_column(register, "leader_name"):
            return "insufficient_data"
        name = register.get("leader_name")
        named = not blank(name)
        if named:
            text = bare(str(name).strip())
            named = sum(char.isalpha() for char in text) >= 2 and text not in {
                bare(item) for item in self.rules.c2_named_leader.placeholders}
        since = day_of(register.get("leader_since"))
        return "met" if named and (since is None or since <= day) else "not_met"

    def c3(self, register: dict[str, Any], day: date) -> str:
        if self.absent_column(register, "strategy_ref") or self.absent_column(register,
                                                                               "plan_ref"):
            return "insufficient_data"
        in_force = 0
        for prefix in ("strategy", "plan"):
            approved = day_of(register.get(f"{prefix}_approved_on"))
            until = day_of(register.get(f"{prefix}_valid_until"))
            if (not blank(register.get(f"{prefix}_ref")) and approved is not None
                    and approved <= day and (until is None or until >= day)):
                in_force += 1
        return ["not_met", "partially_met", "met"][in_force]

    def c5(self, register: dict[str, Any], day: date, window: date) -> str:
        cluster, section = register["cluster_id"], self.rules.c5_business_needs
        if self.unavailable("dialogue", cluster) or self.absent_column(
                register, "steering_group_companies"):
            return "insufficient_data"
        needs = any(row["kind"] in section.needs_dialogue_kinds
                    and (row["companies_involved"] or 0) >= section.min_companies_in_needs_dialogue
                    and window <= day_of(row["date"]) <= day  # type: ignore[operator]
                    for row in self.rows("dialogue", cluster))
        steering = register.get("steering_group_companies")
        enough = steering is not None and not pd.isna(steering) and (
            steering >= section.min_steering_group_companies)
        return ["not_met", "partially_met", "met"][int(needs) + int(enough)]

    def c6(self, cluster: str, day: date, window: date) -> str:
        section = self.rules.c6_regular_dialogue
        no_activities = self.unavailable("activities", cluster)
        no_dialogue = self.unavailable("dialogue", cluster)
        if no_activities and no_dialogue:
            return "insufficient_data"
        least = section.min_companies_per_contact
        contacts = [day_of(row["date"]) for row in self.rows("dialogue", cluster)
                    if (row["companies_involved"] or 0) >= least]
        contacts += [day_of(row["date"]) for row in self.rows("activities", cluster)
                     if (row["participant_companies"] or 0) >= least]
        quarters = 0
        for k in range(4):
            end = months_back(day, 3 * k)
            start = months_back(day, 3 * (k + 1)) + timedelta(days=1)
            if any(max(start, window) <= contact <= min(end, day)  # type: ignore[operator]
                   for contact in contacts):
                quarters += 1
        if quarters >= section.met_at_quarters:
            return "met"
        if no_activities or no_dialogue:
            return "insufficient_data"
        return "partially_met" if quarters >= section.partially_met_at_quarters else "not_met"

    def c7(self, register: dict[str, Any], day: date) -> str:
        cluster = register["cluster_id"]
        if blank(register.get("website_url")) and not self.absent_column(register,
                                                                          "website_url"):
            return "not_met"
        if self.unavailable("website_checks", cluster):
            return "insufficient_data"
        checks = sorted((row for row in self.rows("website_checks", cluster)
                         if day_of(row["checked_at"]) <= day),  # type: ignore[operator]
                        key=lambda row: (day_of(row["checked_at"]), row["_row"],
                                         row["_position"]))
        oldest = day - timedelta(days=self.rules.c7_website.max_check_age_days)
        if not checks or day_of(checks[-1]["checked_at"]) < oldest:  # type: ignore[operator]
            return "insufficient_data"
        check = checks[-1]
        failures = check["accessibility_failures"]
        measured = [check["https"], check["offer_description"],
                    None if failures is None else failures == 0, check["accessibility_statement"]]
        if check.get("outcome") in ("blocked", "robots_disallowed", "check_error"):
            return "insufficient_data"
        if check["reachable"] is not True:
            return "not_met"
        if any(value is False for value in measured):
            return "partially_met"
        return "insufficient_data" if any(value is None for value in measured) else "met"

    def c8(self, cluster: str, day: date) -> str:
        if self.unavailable("evaluations", cluster):
            return "insufficient_data"
        days = [day_of(row["date"]) for row in self.rows("evaluations", cluster)]
        past = [found for found in days if found is not None and found <= day]
        if not past:
            return "not_met"
        section = self.rules.c8_regular_evaluation
        if max(past) >= months_back(day, section.met_within_months) + timedelta(days=1):
            return "met"
        if max(past) >= months_back(day, section.partially_met_within_months) + timedelta(
                days=1):
            return "partially_met"
        return "not_met"

    def decided(self, cluster: str, day: date, found: dict[str, str]) -> dict[str, str]:
        accepted = [row for row in self.rows("decisions", cluster)
                    if row["decision"] == "accepted"]
        for criterion in list(found):
            in_force = [row for row in accepted if row["criterion"] == criterion
                        and (made := day_of(row["decided_on"])) is not None and made <= day
                        and ((until := day_of(row["valid_until"])) is None or until >= day)]
            if in_force:
                in_force.sort(key=lambda row: (day_of(row["decided_on"]), row["_row"],
                                               row["_position"]))
                found[criterion] = in_force[-1]["status"]
        return found
