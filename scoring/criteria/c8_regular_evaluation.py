"""C8: the cluster's activities are evaluated regularly."""

from __future__ import annotations

from datetime import timedelta

from scoring.context import ClusterContext
from scoring.criteria.common import facts, insufficient, not_after, row_source
from scoring.model import CriterionResult, Evidence, Status
from scoring.period import months_before
from scoring.rules import C8Rules
from scoring.text import Text, en_date, fi_date

ID = "C8"
TITLE = Text(fi="Toimintaa arvioidaan säännöllisesti", en="Activities evaluated regularly")


def threshold(rules: C8Rules) -> Text:
    return Text(
        fi=f"viimeisin arviointi {rules.met_within_months} kuukauden sisällä "
        f"(osittain: {rules.partially_met_within_months})",
        en=f"latest evaluation within {rules.met_within_months} months "
        f"(partly: {rules.partially_met_within_months})",
    )


def regular_evaluation(ctx: ClusterContext, rules: C8Rules) -> CriterionResult:
    limit = threshold(rules)
    if ctx.evaluations.unavailable:
        return insufficient(ID, limit, ctx.evaluations)
    past = not_after(ctx.evaluations.valid(), "date", ctx.as_of).sort_values(["date", "_row"])
    next_step = Text(
        fi="Tee itsearviointi, jäsenkysely tai ulkoinen arviointi ja kirjaa se arviointeihin.",
        en="Carry out a self-assessment, member survey or external evaluation and record it.",
    )
    if past.empty:
        return CriterionResult(
            ID, Status.NOT_MET, None, limit,
            Text(fi="Klusterin toiminnasta ei ole kirjattu yhtään arviointia.",
                 en="No evaluation of the cluster's activities is recorded."),
            next_step=next_step,
        )
    latest = past.iloc[-1]
    day = latest["date"].date()
    evidence = (Evidence(row_source(latest), facts(day, latest["kind"], latest["evaluator"],
                                                   latest["result_ref"])),)
    met_from = months_before(ctx.as_of, rules.met_within_months) + timedelta(days=1)
    partly_from = months_before(ctx.as_of, rules.partially_met_within_months) + timedelta(days=1)
    reason = Text(fi=f"Viimeisin arviointi {fi_date(day)}.",
                  en=f"The latest evaluation was on {en_date(day)}.")
    if day >= met_from:
        return CriterionResult(ID, Status.MET, day.isoformat(), limit, reason, evidence)
    if day >= partly_from:
        return CriterionResult(
            ID, Status.PARTIALLY_MET, day.isoformat(), limit,
            Text(fi=f"{reason.fi} Se on yli {rules.met_within_months} kuukautta vanha.",
                 en=f"{reason.en} It is more than {rules.met_within_months} months old."),
            evidence, next_step,
        )
    return CriterionResult(
        ID, Status.NOT_MET, day.isoformat(), limit,
        Text(fi=f"{reason.fi} Se on yli {rules.partially_met_within_months} kuukautta vanha.",
             en=f"{reason.en} It is more than {rules.partially_met_within_months} months old."),
        evidence, next_step,
    )
