"""Beyond the eight: is the cluster eligible for an ECCP listing (which every European
cluster label needs first), and is the label it holds still valid?

Like the criteria: pure, numbers prepared for the whole portfolio in one pass per
dataset, each requirement a status with value, threshold, reason, evidence and next
step, and `insufficient_data` (never a silent pass or fail) when the data it needs was
not supplied or all the cluster's rows were set aside. Never a prediction of ESCA's
decision: the reports say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from scoring.context import ClusterContext, DatasetRows
from scoring.criteria.c1_verified_companies import agreement_problems, company_keys
from scoring.criteria.c7_website import recheck_step
from scoring.criteria.common import DATASET_NAMES_FI, as_date, facts, iso_or_none, row_source
from scoring.model import CriterionResult, Evidence, Status
from scoring.period import Period, months_before
from scoring.prepared import Prepared, all_rows, first_rows, last_rows
from scoring.rules import EccpRules, LabelRules
from scoring.text import Message, Text, en_date, fi_date

ELIGIBLE, NOT_ELIGIBLE, UNKNOWN = "eligible", "not_eligible", "unknown"
LEVELS_FI = {"bronze": "pronssi", "silver": "hopea", "gold": "kulta", "none": "ei merkkiä"}


# An ECCP requirement has a criterion's shape: status, value, threshold, reason, evidence,
# next step (and the same keys in results.json).
Requirement = CriterionResult


@dataclass(frozen=True)
class LabelValidity:
    level: str | None  # none, bronze, silver, gold; None when the register does not say
    awarded_on: date | None
    valid_until: date | None
    validity: str  # valid, expires_soon, expired, none, unknown
    reason: Text
    next_step: Text | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "level": self.level, "awarded_on": iso_or_none(self.awarded_on),
            "valid_until": iso_or_none(self.valid_until), "validity": self.validity,
            "reason": self.reason, "next_step": self.next_step,
        }


@dataclass(frozen=True)
class GoldIndicatorView:
    id: str
    area: str
    name: Text
    score: float | None
    max_score: float
    assessed_on: date | None
    assessed_by: str | None
    evidence_ref: str | None
    source: str | None  # the score's row
    own_data: str | None  # what the cluster's own data says (C3: met, 12 members...)
    state: str  # scored, no_evidence (a score without a document), not_scored

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "area": self.area, "name": self.name, "score": self.score,
                "max_score": self.max_score, "assessed_on": iso_or_none(self.assessed_on),
                "assessed_by": self.assessed_by, "evidence_ref": self.evidence_ref,
                "source": self.source, "own_data": self.own_data, "state": self.state}


@dataclass(frozen=True)
class GoldReadiness:
    """A self-assessment readiness view: the latest score of each catalogue indicator as a
    share of the maximum, against the threshold. Never ESCA's decision."""

    status: str  # assessed, no_assessment, insufficient_data
    score: float | None
    max_score: float
    threshold: float
    indicators: tuple[GoldIndicatorView, ...]
    unknown_indicators: tuple[str, ...]  # scored, but not in the catalogue: not counted
    reason: Text

    @property
    def share(self) -> float | None:
        if self.score is None or not self.max_score:
            return None
        return round(self.score / self.max_score, 4)

    @property
    def missing_evidence(self) -> list[str]:
        return [i.id for i in self.indicators if i.state != "scored"]

    def as_dict(self) -> dict[str, object]:
        return {"status": self.status, "score": self.score, "max_score": self.max_score,
                "share": self.share, "threshold": self.threshold,
                "meets_threshold": None if self.share is None
                else self.share >= self.threshold,
                "reason": self.reason,
                "indicators": [i.as_dict() for i in self.indicators],
                "missing_evidence": self.missing_evidence,
                "unknown_indicators": list(self.unknown_indicators)}


@dataclass(frozen=True)
class RoadToLabel:
    requirements: tuple[Requirement, ...]
    label: LabelValidity
    gold: GoldReadiness | None = None

    @property
    def eccp_status(self) -> str:
        statuses = [requirement.status for requirement in self.requirements]
        if any(status is Status.NOT_MET for status in statuses):
            return NOT_ELIGIBLE
        if all(status is Status.MET for status in statuses):
            return ELIGIBLE
        return UNKNOWN

    def as_dict(self) -> dict[str, object]:
        return {"eccp": {"status": self.eccp_status,
                         "requirements": [r.as_dict() for r in self.requirements]},
                "label": self.label.as_dict(),
                "gold": self.gold.as_dict() if self.gold is not None else None}


def committed_members(agreements: pd.DataFrame, as_of: date,
                      rules: EccpRules) -> pd.DataFrame:
    """The agreements that commit a member on the as-of date: C1's notion of verified (a
    cooperation or membership agreement signed by then, with an evidence reference, in
    force), for every actor type. Each member once (business ID, else name)."""
    day = pd.Timestamp(as_of)
    signed = agreements[(agreements["signed_on"] <= day).fillna(False).to_numpy(dtype=bool)]
    rows = signed[agreement_problems(signed, rules.committing_agreement_types, day)
                  .isna().to_numpy()]
    return rows.assign(_member=company_keys(rows)).drop_duplicates(["cluster_id", "_member"])


def prepare(datasets: Mapping[str, pd.DataFrame | None], period: Period,
            rules: LabelRules) -> Prepared:
    """Per cluster: committed members, their types and companies; activities in the
    window; evidence: the committed members' agreements and the latest website check."""
    numbers = pd.DataFrame(index=pd.Index([], name="cluster_id", dtype="str"))
    evidence: dict[str, list[dict[str, Any]]] = {}
    agreements = datasets.get("agreements")
    if agreements is not None:
        members = committed_members(agreements, period.as_of, rules.eccp)
        grouped = members.groupby("cluster_id", sort=False)
        numbers = pd.DataFrame({
            "members": grouped.size(),
            "member_types": grouped["actor_type"].nunique(),
            "companies": members[members["actor_type"] == "company"]
            .groupby("cluster_id", sort=False).size(),
        })
        evidence.update({f"members:{k}": v for k, v in first_rows(members, []).items()})
        types = members.groupby(["cluster_id", "actor_type"], sort=True).size().reset_index()
        for cluster, actor, count in types.itertuples(index=False):
            evidence.setdefault(f"types:{cluster}", []).append({"actor_type": actor,
                                                                "members": int(count)})
    activities = datasets.get("activities")
    if activities is not None:
        start, end = pd.Timestamp(period.window_start), pd.Timestamp(period.as_of)
        within = activities[((activities["date"] >= start) & (activities["date"] <= end))
                            .to_numpy(dtype=bool)]
        numbers = numbers.join(within.groupby("cluster_id", sort=False).size()
                               .rename("activities"), how="outer")
        evidence.update({f"activities:{k}": v for k, v in first_rows(within, ["date"]).items()})
    scores = datasets.get("label_indicators")
    if scores is not None:
        until = scores[(scores["assessed_on"] <= pd.Timestamp(period.as_of)).to_numpy(dtype=bool)]
        latest = until.sort_values(["cluster_id", "indicator", "assessed_on", "_row"],
                                   kind="stable").groupby(["cluster_id", "indicator"],
                                                          sort=False).tail(1)
        evidence.update({f"gold:{k}": v for k, v in all_rows(latest).items()})
    checks = datasets.get("website_checks")
    if checks is not None:
        until = checks[(checks["checked_at"] <= pd.Timestamp(period.as_of)).to_numpy(dtype=bool)]
        evidence.update({f"check:{k}": v for k, v in last_rows(until, ["checked_at"]).items()})
    numbers = numbers.reindex(columns=["members", "member_types", "companies", "activities"])
    return Prepared(numbers.fillna(0).astype("int64"), evidence)


PREPARED_KEY = "labels"


def road_to_label(ctx: ClusterContext, rules: LabelRules,
                  criteria: tuple[CriterionResult, ...] = ()) -> RoadToLabel:
    """`criteria`: the cluster's eight results, which Gold indicators cite as evidence."""
    prepared = ctx.prepare(PREPARED_KEY, lambda: prepare(
        {name: None if rows.unavailable else rows.valid() for name, rows in
         (("agreements", ctx.agreements), ("activities", ctx.activities),
          ("website_checks", ctx.website_checks),
          ("label_indicators", ctx.label_indicators))}, ctx.period, rules))
    numbers = prepared.numbers_of(ctx.cluster_id)
    eccp = rules.eccp
    requirements = (
        _management_fte(ctx, eccp),
        *_members(ctx, eccp, numbers, prepared),
        _english_site(ctx, prepared),
        _activities(ctx, eccp, numbers, prepared),
    )
    return RoadToLabel(requirements, label_validity(ctx, rules),
                       gold_readiness(ctx, rules, prepared, numbers, criteria))


def _own_data(source: str | None, ctx: ClusterContext, numbers: dict[str, Any],
              criteria: tuple[CriterionResult, ...]) -> str | None:
    """What the cluster's own data says for an indicator, as language-neutral facts."""
    if source is None:
        return None
    statuses = {c.id: c.status.value for c in criteria}
    if source in statuses:
        return f"{source}: {statuses[source]}"
    if source == "committed_members" and not ctx.agreements.unavailable:
        return f"committed members: {int(numbers['members'])}"
    if source == "company_share" and not ctx.agreements.unavailable:
        return f"companies: {int(numbers['companies'])}/{int(numbers['members'])}"
    if source == "management_fte" and ctx.register_value("management_fte") is not None:
        return f"management_fte: {float(ctx.register_value('management_fte')):g}"  # type: ignore[arg-type]
    return None


def gold_readiness(ctx: ClusterContext, rules: LabelRules, prepared: Prepared,
                   numbers: dict[str, Any], criteria: tuple[CriterionResult, ...]
                   ) -> GoldReadiness:
    gold = rules.gold
    rows = ctx.label_indicators
    latest = {str(row["indicator"]): row for row in prepared.evidence_of(f"gold:{ctx.cluster_id}")}
    known = {indicator.id for indicator in gold.indicators}
    views = []
    for indicator in gold.indicators:
        row = latest.get(indicator.id)
        evidence_ref = row.get("evidence_ref") if row else None
        views.append(GoldIndicatorView(
            indicator.id, indicator.area, Text(fi=indicator.fi, en=indicator.en),
            float(row["score"]) if row else None,
            float(row["max_score"]) if row else indicator.max_score,
            as_date(row["assessed_on"]) if row else None,
            row.get("assessed_by") if row else None, evidence_ref,
            row_source(row) if row else None, _own_data(indicator.supported_by, ctx, numbers,
                                                        criteria),
            "not_scored" if row is None else "scored" if evidence_ref else "no_evidence"))
    unknown = tuple(sorted(set(latest) - known))
    top = sum(view.max_score for view in views)
    if rows.frame is None:
        return GoldReadiness(
            "no_assessment", None, top, gold.threshold_share, tuple(views), (),
            Text(fi="Kultatason itsearviointia ei ole toimitettu (label_indicators).",
                 en="No Gold self-assessment was supplied (label_indicators)."))
    if rows.all_rejected:
        return GoldReadiness(
            "insufficient_data", None, top, gold.threshold_share, tuple(views), (),
            Text(fi="Kaikki klusterin indikaattoririvit hylättiin tarkistuksessa.",
                 en="All of the cluster's indicator rows were set aside."))
    scored = [view for view in views if view.score is not None]
    total = sum(view.score for view in scored if view.score is not None)
    share = total / top if top else 0.0
    # Counted as the table below marks them: scored without evidence apart from not
    # scored, so that the sentence and the table agree.
    no_evidence = sum(1 for view in views if view.state == "no_evidence")
    not_scored = sum(1 for view in views if view.state == "not_scored")
    return GoldReadiness(
        "assessed", total, top, gold.threshold_share, tuple(views), unknown,
        Text(fi=f"Itsearvioinnin pisteet {_fi_number(total)}/{_fi_number(top)} "
             f"({_fi_number(round(share * 100, 1))} %, raja "
             f"{_fi_number(round(gold.threshold_share * 100))} %); näyttö puuttuu "
             f"{no_evidence} pisteytetystä indikaattorista, ja {not_scored} on pisteyttämättä.",
             en=f"Self-assessment score {total:g}/{top:g} ({round(share * 100, 1):g} %, "
             f"threshold {round(gold.threshold_share * 100):g} %); evidence is missing for "
             f"{no_evidence} scored indicators, and {not_scored} are not scored."))


def _not_supplied(requirement: str, threshold: Text, rows: DatasetRows,
                  next_step: Message | Text) -> Requirement:
    dataset_fi = DATASET_NAMES_FI.get(rows.dataset, rows.dataset)
    if rows.all_rejected:
        reason = Text(fi=f"Kaikki klusterin rivit aineistossa {dataset_fi} hylättiin "
                      "tarkistuksessa.",
                      en=f"All of the cluster's rows in {rows.dataset} were set aside.")
    else:
        reason = Text(fi=f"Aineistoa {dataset_fi} ei toimitettu.",
                      en=f"The {rows.dataset} data was not supplied.")
    return Requirement(requirement, Status.INSUFFICIENT_DATA, None, threshold, reason,
                       next_step=next_step)


def _management_fte(ctx: ClusterContext, rules: EccpRules) -> Requirement:
    threshold = Text(fi=f"vähintään {_fi_number(rules.min_management_fte)} htv",
                     en=f"at least {rules.min_management_fte:g} FTE")
    record = Text(fi="Kirjaa klusterin hallinnon henkilötyövuodet rekisteriin (management_fte).",
                  en="Record the cluster management's full-time equivalents in the register "
                  "(management_fte).")
    value = ctx.register_value("management_fte")
    if value is None:
        why = ("the register has no management_fte column"
               if "management_fte" in ctx.absent_register_columns
               else "management_fte is empty in the register")
        why_fi = ("rekisterissä ei ole management_fte-saraketta"
                  if "management_fte" in ctx.absent_register_columns
                  else "management_fte on tyhjä rekisterissä")
        return Requirement("eccp_fte", Status.INSUFFICIENT_DATA, None, threshold,
                           Text(fi=f"Hallinnon resursseja ei tiedetä: {why_fi}.",
                                en=f"The management's resources are not known: {why}."),
                           next_step=record)
    fte = float(value)  # type: ignore[arg-type]
    evidence = (Evidence(ctx.register_source("management_fte"), f"management_fte = {fte:g}"),)
    if fte >= rules.min_management_fte:
        return Requirement("eccp_fte", Status.MET, fte, threshold,
                           Text(fi=f"Klusterin hallinnossa on {_fi_number(fte)} htv.",
                                en=f"The cluster management has {fte:g} FTE."), evidence)
    return Requirement(
        "eccp_fte", Status.NOT_MET, fte, threshold,
        Text(fi=f"Klusterin hallinnossa on {_fi_number(fte)} htv, alle vaaditun.",
             en=f"The cluster management has {fte:g} FTE, below the requirement."),
        evidence,
        Text(fi=f"Varmista klusterin hallinnolle vähintään "
             f"{_fi_number(rules.min_management_fte)} henkilötyövuotta.",
             en=f"Secure at least {rules.min_management_fte:g} FTE for cluster management."))


def _member_evidence(prepared: Prepared, cluster_id: str) -> tuple[Evidence, ...]:
    return tuple(Evidence(row_source(row), facts(row.get("member_name"), row.get("business_id"),
                                                 row.get("actor_type"),
                                                 row.get("agreement_type")))
                 for row in prepared.evidence_of(f"members:{cluster_id}"))


def _members(ctx: ClusterContext, rules: EccpRules, numbers: dict[str, Any],
             prepared: Prepared) -> tuple[Requirement, Requirement, Requirement]:
    add = Text(fi="Kirjaa jäsenten allekirjoitetut yhteistyö- tai jäsensopimukset "
               "näyttöviitteineen sopimusaineistoon.",
               en="Record the members' signed cooperation or membership agreements with "
               "their evidence references (agreements).")
    thresholds = (
        Text(fi=f"vähintään {rules.min_committed_members} sitoutunutta jäsentä",
             en=f"at least {rules.min_committed_members} committed members"),
        Text(fi=f"vähintään {rules.min_member_types} jäsentyyppiä",
             en=f"at least {rules.min_member_types} member types"),
        Text(fi="yli puolet sitoutuneista jäsenistä yrityksiä",
             en="a majority of the committed members are companies"),
    )
    ids = ("eccp_members", "eccp_member_types", "eccp_company_majority")
    if ctx.agreements.unavailable:
        return tuple(_not_supplied(i, t, ctx.agreements, add)  # type: ignore[return-value]
                     for i, t in zip(ids, thresholds, strict=True))
    evidence = _member_evidence(prepared, ctx.cluster_id)
    # The types and the share rest on the same agreements: counted, not listed again.
    per_type = tuple(Evidence("agreements", f"{row['actor_type']}: {row['members']}")
                     for row in prepared.evidence_of(f"types:{ctx.cluster_id}"))
    members, types, companies = (int(numbers["members"]), int(numbers["member_types"]),
                                 int(numbers["companies"]))
    enough = members >= rules.min_committed_members
    count = Requirement(
        ids[0], Status.MET if enough else Status.NOT_MET, members, thresholds[0],
        Text(fi=f"Sitoutuneita jäseniä (allekirjoitettu sopimus voimassa, näyttö) on {members}.",
             en=f"{members} committed members (a signed agreement in force, with evidence)."),
        evidence, None if enough else add)
    varied = types >= rules.min_member_types
    kinds = Requirement(
        ids[1], Status.MET if varied else Status.NOT_MET, types, thresholds[1],
        Text(fi="Sitoutuneet jäsenet edustavat "
             + ("yhtä toimijatyyppiä." if types == 1 else f"{types} toimijatyyppiä."),
             en="The committed members are of "
             + ("one actor type." if types == 1 else f"{types} actor types.")),
        per_type, None if varied else Text(
            fi="Sitouta yritysten rinnalle tutkimus-, koulutus- tai julkisia toimijoita.",
            en="Commit research, education or public bodies beside the companies."))
    majority = companies * 2 > members if rules.company_majority else True
    share = Requirement(
        ids[2], Status.MET if majority else Status.NOT_MET, f"{companies}/{members}",
        thresholds[2],
        Text(fi=f"Sitoutuneista jäsenistä {companies}/{members} on yrityksiä.",
             en=f"{companies} of the {members} committed members are companies."),
        per_type, None if majority else Text(
            fi="Sitouta lisää yrityksiä jäseniksi sopimuksin.",
            en="Commit more companies as members, with agreements."))
    return count, kinds, share


def _english_site(ctx: ClusterContext, prepared: Prepared) -> Requirement:
    threshold = Text(fi="englanninkielinen verkkosivusto", en="an English version of the website")
    url = ctx.register_value("website_url")
    if url is None and "website_url" not in ctx.absent_register_columns:
        # No address: the answer is known, as C7 says on the same page.
        return Requirement(
            "eccp_english_site", Status.NOT_MET, None, threshold,
            Text(fi="Klusterirekisterissä ei ole verkkosivuston osoitetta, joten "
                    "englanninkielistä versiota ei ole.",
                 en="The register gives no website for the cluster, so there is no English "
                    "version."),
            (Evidence(ctx.register_source("website_url"), "website_url = (empty)"),),
            Text(fi="Avaa klusterille oma verkkosivusto, jossa on myös englanninkielinen "
                    "versio, ja kirjaa sen osoite rekisteriin.",
                 en="Open a website of the cluster's own, with an English version, and record "
                    "its address in the register."))
    recheck = recheck_step(ctx)
    if ctx.website_checks.unavailable:
        return _not_supplied("eccp_english_site", threshold, ctx.website_checks, recheck)
    checks = prepared.evidence_of(f"check:{ctx.cluster_id}")
    value = checks[-1].get("english_version") if checks else None
    if value is None:
        return Requirement(
            "eccp_english_site", Status.INSUFFICIENT_DATA, None, threshold,
            Text(fi="Englanninkielistä versiota ei ole tarkistettu.",
                 en="No website check recorded whether there is an English version."),
            next_step=recheck)
    check = checks[-1]
    evidence = (Evidence(row_source(check), facts(as_date(check["checked_at"]), check.get("url"),
                                                  f"english_version = {bool(value)}".lower())),)
    if bool(value):
        return Requirement("eccp_english_site", Status.MET, "yes", threshold,
                           Text(fi="Sivustolla on englanninkielinen versio.",
                                en="The website has an English version."), evidence)
    return Requirement(
        "eccp_english_site", Status.NOT_MET, "no", threshold,
        Text(fi="Sivustolta ei löytynyt englanninkielistä versiota.",
             en="No English version of the website was found."), evidence,
        Text(fi="Julkaise sivustosta englanninkielinen versio ja linkitä se etusivulta.",
             en="Publish an English version of the website and link it from the home page."))


def _activities(ctx: ClusterContext, rules: EccpRules, numbers: dict[str, Any],
                prepared: Prepared) -> Requirement:
    threshold = Text(fi=f"vähintään {rules.min_activities} aktiviteettia 12 kuukaudessa",
                     en=f"at least {rules.min_activities} activities in 12 months")
    log = Text(fi="Kirjaa klusterin aktiviteetit aktiviteettilokiin.",
               en="Record the cluster's activities (activities).")
    if ctx.activities.unavailable:
        return _not_supplied("eccp_activities", threshold, ctx.activities, log)
    count = int(numbers["activities"])
    evidence = tuple(Evidence(row_source(row), facts(as_date(row["date"]), row.get("title")))
                     for row in prepared.evidence_of(f"activities:{ctx.cluster_id}"))
    met = count >= rules.min_activities
    return Requirement(
        "eccp_activities", Status.MET if met else Status.NOT_MET, count, threshold,
        Text(fi=f"Aktiviteetteja {fi_date(ctx.period.window_start)}–{fi_date(ctx.as_of)}: "
             f"{count}.",
             en=f"{count} activities from {en_date(ctx.period.window_start)} to "
             f"{en_date(ctx.as_of)}."),
        evidence, None if met else Text(fi="Järjestä jäsenille toimintaa ja kirjaa se.",
                                        en="Hold activities for the members and record them."))


def label_validity(ctx: ClusterContext, rules: LabelRules) -> LabelValidity:
    """The label held on the as-of date: valid, expires_soon (within the warning months),
    expired (valid until before the as-of date), none; unknown when the register does not
    say which label or until when."""
    level = ctx.register_value("label")
    awarded = as_date(ctx.register_value("label_awarded_on"))
    until = as_date(ctx.register_value("label_valid_until"))
    if level is None:
        return LabelValidity(None, awarded, until, "unknown",
                             Text(fi="Rekisteri ei kerro klusterin laatumerkkiä (label).",
                                  en="The register does not say which label the cluster "
                                  "holds (label)."),
                             Text(fi="Kirjaa laatumerkki ja sen voimassaolo rekisteriin.",
                                  en="Record the label and its validity in the register."))
    level = str(level)
    if level == "none":
        return LabelValidity("none", None, None, "none",
                             Text(fi="Klusterilla ei ole laatumerkkiä.",
                                  en="The cluster holds no label."),
                             Text(fi="Aloita pronssitason benchmarking-arvioinnista, kun "
                                  "ECCP-vaatimukset täyttyvät.",
                                  en="Start with a Bronze benchmarking once the ECCP "
                                  "requirements are met."))
    name = Text(fi=LEVELS_FI.get(level, level), en=level.capitalize())
    if until is None:
        return LabelValidity(level, awarded, None, "unknown",
                             Text(fi=f"Laatumerkin ({name.fi}) voimassaoloa ei ole kirjattu.",
                                  en=f"The {name.en} label's validity is not recorded."),
                             Text(fi="Kirjaa laatumerkin voimassaolo (label_valid_until).",
                                  en="Record the label's validity (label_valid_until)."))
    as_of = ctx.as_of
    # One rule, said once: while the label is valid, renew it before it ends; once it has
    # ended, the renewal is due within renew_within_months of its end.
    if until < as_of:
        renew_by = months_before(until, -rules.renew_within_months)
        return LabelValidity(
            level, awarded, until, "expired",
            Text(fi=f"Laatumerkki ({name.fi}) päättyi {fi_date(until)}.",
                 en=f"The {name.en} label expired on {en_date(until)}."),
            Text(fi=f"Uusi laatumerkki {fi_date(renew_by)} mennessä: uusinnan määräaika on "
                    f"{rules.renew_within_months} kuukautta merkin päättymisestä.",
                 en=f"Renew the label by {en_date(renew_by)}: a renewal is due within "
                    f"{rules.renew_within_months} months of the label's end."))
    warning_from = months_before(until, rules.expiry_warning_months)
    soon = as_of >= warning_from
    step = _next_label_step(level, until, rules)
    return LabelValidity(
        level, awarded, until, "expires_soon" if soon else "valid",
        Text(fi=f"Laatumerkki ({name.fi}) on voimassa {fi_date(until)} asti"
             + (" ja päättyy pian." if soon else "."),
             en=f"The {name.en} label is valid until {en_date(until)}"
             + (" and expires soon." if soon else ".")),
        step)


def _next_label_step(level: str, until: date, rules: LabelRules) -> Text:
    if level == "bronze":
        return Text(fi=f"Hopeatasolle: toinen benchmarking 1,5–2 vuotta pronssin jälkeen ja "
                    f"kolme dokumentoitua kehityskohdetta; pronssi on voimassa "
                    f"{fi_date(until)} asti.",
                    en="For Silver: a second benchmarking 1.5 to 2 years after Bronze and "
                    f"three documented improvement areas; Bronze is valid until "
                    f"{en_date(until)}.")
    if level == "silver":
        gold = rules.gold
        share = round(gold.threshold_share * 100)
        return Text(fi=f"Kultatasolle: merkki arvioidaan {gold.label_indicator_count} "
                    f"indikaattorilla, ja pisteiden on oltava yhteensä vähintään {share} % "
                    f"enimmäispisteistä. Alla olevassa luettelossa on niistä "
                    f"{len(gold.indicators)}, jotka julkiset lähteet nimeävät. Hae uutta "
                    f"merkkiä ennen kuin hopea päättyy {fi_date(until)}.",
                    en=f"For Gold: the label is assessed on {gold.label_indicator_count} "
                    f"indicators, with at least {share} % of the maximum score in total. "
                    f"The catalogue below holds the {len(gold.indicators)} of them the "
                    f"public sources name. Apply for the new label before Silver ends on "
                    f"{en_date(until)}.")
    return Text(fi=f"Uusi kultatason arviointi ennen kuin merkki päättyy {fi_date(until)}.",
                en=f"Renew the Gold assessment before the label ends on {en_date(until)}.")


def _fi_number(value: float) -> str:
    return f"{value:g}".replace(".", ",")
