"""C6: regular dialogue and cooperation with companies, spread over the year."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.context import ClusterContext, DatasetRows
from scoring.criteria.common import (
    count_fact,
    evidence_rows,
    facts,
    in_range,
    insufficient,
)
from scoring.model import CriterionResult, Status
from scoring.rules import C6Rules
from scoring.text import Text, fi_date

ID = "C6"
TITLE = Text(
    fi="Säännöllinen vuoropuhelu ja yhteistyö erityisesti yritysten kanssa",
    en="Regular dialogue and cooperation, especially with companies",
)


def threshold(rules: C6Rules) -> Text:
    return Text(
        fi=f"yrityskontakteja vähintään {rules.met_at_quarters}/4 vuosineljänneksellä "
        f"(osittain: {rules.partially_met_at_quarters})",
        en=f"company contact in at least {rules.met_at_quarters} of 4 quarters "
        f"(partly: {rules.partially_met_at_quarters})",
    )


def _contacts(data: DatasetRows, column: str, ctx: ClusterContext, rules: C6Rules
              ) -> pd.DataFrame:
    """Rows in the window with at least one company: date, where, what (kind, title)."""
    if data.unavailable:
        return pd.DataFrame(columns=["date", "_file", "_row", "kind", "title", "companies"])
    rows = in_range(data.valid(), "date", ctx.period.window_start, ctx.as_of)
    rows = rows[rows[column].fillna(0) >= rules.min_companies_per_contact]
    title = "title" if "title" in rows else "summary"
    return rows[["date", "_file", "_row", "kind", title, column]].set_axis(
        ["date", "_file", "_row", "kind", "title", "companies"], axis=1)


def regular_dialogue(ctx: ClusterContext, rules: C6Rules) -> CriterionResult:
    limit = threshold(rules)
    sources = [(ctx.dialogue, "companies_involved"), (ctx.activities, "participant_companies")]
    if all(data.unavailable for data, _ in sources):
        return insufficient(ID, limit, ctx.dialogue)
    contacts = pd.concat(
        [_contacts(data, column, ctx, rules) for data, column in sources], ignore_index=True
    ).sort_values("date")
    days = contacts["date"].to_numpy(dtype="datetime64[us]")
    active = [
        (start, end)
        for start, end in ctx.period.window_quarters()
        if ((days >= np.datetime64(start)) & (days <= np.datetime64(end))).any()
    ]
    count = len(active)
    evidence = evidence_rows(contacts, lambda row: facts(
        row["date"], row["kind"], row["title"], count_fact(row["companies"], "companies")))
    shown = ", ".join(f"{fi_date(start)}–{fi_date(end)}" for start, end in active) or "–"
    reason = Text(
        fi=f"Yrityskontakteja {count}/4 vuosineljänneksellä ({shown}).",
        en=f"Contacts with companies in {count} of the window's 4 quarters ({shown}).",
    )
    if count >= rules.met_at_quarters:
        return CriterionResult(ID, Status.MET, count, limit, reason, evidence)
    # Fewer quarters than needed while a source is missing: the missing rows might
    # have shown the contact, so the verdict would be a guess.
    for data, _ in sources:
        if data.unavailable:
            return insufficient(ID, limit, data, extra=reason)
    return CriterionResult(
        ID,
        Status.PARTIALLY_MET if count >= rules.partially_met_at_quarters else Status.NOT_MET,
        count,
        limit,
        reason,
        evidence,
        next_step=Text(
            fi="Pidä yhteyttä yrityksiin joka vuosineljännes (tapaaminen, työpaja, tapahtuma) ja "
            "kirjaa mukana olleiden yritysten määrä.",
            en="Keep in contact with companies every quarter (meeting, workshop, event) and "
            "record how many companies took part.",
        ),
    )
