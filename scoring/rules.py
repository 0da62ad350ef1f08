"""The criteria's numbers as a validated model; the values live in config/criteria.yaml.

The defaults here are the values config/criteria.yaml (and config/labels.yaml, for
`labels`) names, field for field: a rule must not differ by whether the file names it.
tests/scoring/test_rules.py holds them equal; change both together.
"""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class C1Rules(_Section):
    met_at: int = Field(5, ge=1)
    partially_met_at: int = Field(1, ge=1)
    verifying_agreement_types: list[str] = ["cooperation", "membership"]

    @model_validator(mode="after")
    def _ordered(self) -> C1Rules:
        if self.partially_met_at > self.met_at:
            raise ValueError("partially_met_at must not exceed met_at")
        return self


class C2Rules(_Section):
    placeholders: list[str] = [
        "-", "--", "?", "x", "tbd", "tba", "n/a", "na", "none", "unknown", "vacant",
        "open", "to be named", "avoin", "ei nimetty", "nimetään myöhemmin", "puuttuu",
        "tuntematon", "ei ole", "haussa", "rekrytoinnissa"]


class C3Rules(_Section):
    pass


class C4Rules(_Section):
    met_at: int = Field(2, ge=1)
    partially_met_at: int = Field(1, ge=1)
    counted_audiences: list[str] = ["members", "mixed"]


class C5Rules(_Section):
    needs_dialogue_kinds: list[str] = ["needs_survey", "interview", "workshop", "feedback"]
    min_companies_in_needs_dialogue: int = Field(1, ge=1)
    min_steering_group_companies: int = Field(1, ge=1)


class C6Rules(_Section):
    met_at_quarters: int = Field(3, ge=1, le=4)
    partially_met_at_quarters: int = Field(1, ge=1, le=4)
    min_companies_per_contact: int = Field(1, ge=1)


class C7Rules(_Section):
    max_check_age_days: int = Field(92, ge=1)


class C8Rules(_Section):
    met_within_months: int = Field(12, ge=1)
    partially_met_within_months: int = Field(24, ge=1)


class EccpRules(_Section):
    """The European Cluster Collaboration Platform's validation of a cluster profile, which
    every ECEI label needs first. Sources of the defaults: config/labels.yaml."""

    min_management_fte: float = Field(0.5, ge=0)
    min_committed_members: int = Field(15, ge=1)
    min_member_types: int = Field(2, ge=1)
    company_majority: bool = True
    min_activities: int = Field(2, ge=0)
    committing_agreement_types: list[str] = ["cooperation", "membership"]


class GoldIndicator(_Section):
    id: str
    area: str
    max_score: float = Field(5, gt=0)
    supported_by: str | None = None  # C3, C4.., committed_members, company_share, ...
    fi: str
    en: str


class GoldRules(_Section):
    threshold_share: float = Field(0.8, gt=0, le=1)
    # How many indicators ESCA's Gold criteria have: more than the catalogue below holds
    # (the public sources name fewer), so the two are said apart.
    label_indicator_count: int = Field(31, ge=1)
    indicators: list[GoldIndicator] = []


class LabelRules(_Section):
    eccp: EccpRules = EccpRules()
    gold: GoldRules = GoldRules()
    expiry_warning_months: int = Field(6, ge=0, le=60)
    renew_within_months: int = Field(12, ge=0, le=60)


class DecisionRules(_Section):
    max_validity_months: int = Field(12, ge=1, le=60)


class Rules(_Section):
    window_months: int = Field(12, ge=1, le=120)
    c1_verified_companies: C1Rules = C1Rules()
    c2_named_leader: C2Rules = C2Rules()
    c3_strategy_and_plan: C3Rules = C3Rules()
    c4_member_activities: C4Rules = C4Rules()
    c5_business_needs: C5Rules = C5Rules()
    c6_regular_dialogue: C6Rules = C6Rules()
    c7_website: C7Rules = C7Rules()
    c8_regular_evaluation: C8Rules = C8Rules()
    decisions: DecisionRules = DecisionRules()
    labels: LabelRules = LabelRules()  # config/labels.yaml

    def fingerprint(self) -> str:
        """SHA-256 of the rules as canonical JSON: the same rules, the same hash."""
        canonical = json.dumps(self.model_dump(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
