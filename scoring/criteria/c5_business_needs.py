"""C5: business needs are taken into account in leading and planning the cluster."""

from __future__ import annotations

from scoring.context import ClusterContext
from scoring.criteria.common import (
    absent_column,
    count_fact,
    evidence_rows,
    facts,
    in_range,
    insufficient,
)
from scoring.model import CriterionResult, Evidence, Status
from scoring.rules import C5Rules
from scoring.text import Text

ID = "C5"
TITLE = Text(
    fi="Elinkeinoelämän tarpeet otetaan huomioon johtamisessa ja suunnittelussa",
    en="Business needs taken into account in leading and planning",
)
THRESHOLD = Text(
    fi="2/2: yritysten tarpeet kerätty 12 kuukaudessa ja yrityksiä ohjausryhmässä (osittain: 1)",
    en="2 of 2: companies' needs collected in 12 months and companies in the steering group "
    "(partly: 1)",
)


def business_needs(ctx: ClusterContext, rules: C5Rules) -> CriterionResult:
    if ctx.dialogue.unavailable:
        return insufficient(ID, THRESHOLD, ctx.dialogue)
    if "steering_group_companies" in ctx.absent_register_columns:
        return absent_column(ID, THRESHOLD, str(ctx.cluster["_file"]), "steering_group_companies")
    window = in_range(ctx.dialogue.valid(), "date", ctx.period.window_start, ctx.as_of)
    needs = window[
        window["kind"].isin(rules.needs_dialogue_kinds)
        & (window["companies_involved"].fillna(0) >= rules.min_companies_in_needs_dialogue)
    ].sort_values("date")
    steering = ctx.register_value("steering_group_companies")
    steering_count = None if steering is None else int(str(steering))
    has_needs = not needs.empty
    has_steering = (
        steering_count is not None and steering_count >= rules.min_steering_group_companies
    )
    evidence = (
        *evidence_rows(needs, lambda row: facts(
            row["date"], row["kind"], count_fact(row["companies_involved"], "companies"),
            row["summary"])),
        Evidence(ctx.register_source("steering_group_companies"),
                 f"steering_group_companies = {steering if steering is not None else '(empty)'}"),
    )
    reason = Text(
        fi=f"{_needs_text(len(needs)).fi}; {_steering_text(steering_count, has_steering).fi}.",
        en=f"{_needs_text(len(needs)).en}; {_steering_text(steering_count, has_steering).en}.",
    )
    signals = int(has_needs) + int(has_steering)
    if signals == 2:
        return CriterionResult(ID, Status.MET, signals, THRESHOLD, reason, evidence)
    steps_fi, steps_en = [], []
    if not has_needs:
        steps_fi.append("kerää jäsenyritysten tarpeet (tarvekysely, haastattelu tai työpaja) ja "
                        "kirjaa se vuoropuhelulokiin")
        steps_en.append("collect member companies' needs (survey, interview or workshop) and log "
                        "it in the dialogue log")
    if not has_steering:
        steps_fi.append("ota yritysten edustajia ohjausryhmään ja kirjaa heidän määränsä "
                        "rekisteriin")
        steps_en.append("bring company representatives into the steering group and record their "
                        "number in the register")
    return CriterionResult(
        ID,
        Status.PARTIALLY_MET if signals == 1 else Status.NOT_MET,
        signals,
        THRESHOLD,
        reason,
        evidence,
        next_step=Text(
            fi=f"{'; '.join(steps_fi).capitalize()}.",
            en=f"{'; '.join(steps_en).capitalize()}.",
        ),
    )


def _needs_text(times: int) -> Text:
    if not times:
        return Text(
            fi="Yritysten tarpeita ei ole kerätty jaksolla (kysely, haastattelu, työpaja tai "
            "palaute)",
            en="No companies' needs were collected in the window (survey, interview, workshop "
            "or feedback)",
        )
    fi_times, en_times = ("kerran", "once") if times == 1 else (f"{times} kertaa",
                                                                 f"{times} times")
    return Text(fi=f"Yritysten tarpeita on kerätty jaksolla {fi_times}",
                en=f"Companies' needs were collected {en_times} in the window")


def _steering_text(count: int | None, enough: bool) -> Text:
    if count is None:
        return Text(fi="ohjausryhmän kokoonpanoa ei ole kirjattu",
                    en="the steering group's composition is not recorded")
    if not enough:
        return Text(fi=f"ohjausryhmässä on {count} yritysten edustajaa, ei riittävästi"
                    if count else "ohjausryhmässä ei ole yritysten edustajia",
                    en=f"the steering group has only {count} company representatives"
                    if count else "the steering group has no company representatives")
    return Text(fi=f"ohjausryhmässä on {count} yritysten edustajaa",
                en=f"the steering group has {count} company representatives")
