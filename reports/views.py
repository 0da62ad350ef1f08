"""View data for the HTML reports: everything computed here, templates only loop."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd
from babel.lists import format_list
from babel.numbers import format_percent

from reports.changes import ClusterChanges, row_sentence
from reports.formats import format_day, format_period, locale_of
from reports.history import History, Snapshot, label_trend
from reports.messages import MESSAGES, SYMBOLS, format_number, problem_text, say, translator, worded
from reports.wording import dataset_name, evidence, place
from schemas.validate import REJECTED_COLUMNS, is_duplicate
from scoring.criteria import TITLES
from scoring.deadlines import deadlines
from scoring.evidence import Evidence
from scoring.forecast import VERDICT_RANK
from scoring.model import ClusterResult, CriterionResult, Status, Verdict
from scoring.period import Period, next_evaluation
from scoring.text import ConfigName, Message

CHART = {"width": 480, "height": 220, "left": 36, "bottom": 28, "top": 12, "right": 8}


def cluster_page(cluster_id: str) -> str:
    """The cluster report's file name; the prefix keeps an id like 'index' harmless."""
    return f"cluster-{cluster_id}.html"


def deadlines_file(cluster_id: str) -> str:
    """The cluster's deadlines as iCalendar (reports/calendar.py), beside its page."""
    return f"deadlines-{cluster_id}.ics"


def _date(lang: str, day: date) -> str:
    return format_day(day, lang)


def _badge(lang: str, code: str, prefix: str) -> dict[str, str]:
    return {"code": code, "symbol": SYMBOLS[code], "label": MESSAGES[lang][f"{prefix}_{code}"]}


def _state(lang: str, code: str) -> dict[str, str]:
    """A status or a verdict, whichever the code is."""
    prefix = "verdict" if code in {v.value for v in Verdict} else "status"
    return _badge(lang, code, prefix)


def _value(lang: str, value: object) -> str:
    """Counts as numbers of the language, ISO dates as its dates, names as they are."""
    if value is None:
        return ""
    if isinstance(value, int):
        return format_number(value, lang)
    try:
        return _date(lang, date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


@dataclass(frozen=True)
class ReportContext:
    """What every page of one language shows and links to."""

    period: Period
    lang: str
    program_version: str
    history: History
    # The publication's other languages: (language, the prefix to its pages from these),
    # "en/" from the Finnish pages, "../" back, "../sv/" from English to Swedish.
    other_languages: tuple[tuple[str, str], ...] = ()
    pdf: bool = False
    revision: Revision | None = None

    def common(self, page: str) -> dict[str, Any]:
        t = MESSAGES[self.lang]
        return {
            "lang": self.lang,
            "_": translator(self.lang),
            "period_label": format_period(self.period.label, self.lang),
            "as_of": _date(self.lang, self.period.as_of),
            "window": f"{_date(self.lang, self.period.window_start)} – "
            f"{_date(self.lang, self.period.as_of)}",
            "program_version": self.program_version,
            # Each language's link in its own words and language ("In English").
            "other_languages": [
                {"href": f"{prefix}{page}", "label": MESSAGES[language]["language_self"],
                 "lang": language} for language, prefix in self.other_languages],
            "pdf_href": page.removesuffix(".html") + ".pdf" if self.pdf else None,
            "revision": t["revision"].format(number=self.revision.number)
            if self.revision else None,
            # How the verdict follows from the statuses (scoring/model.verdict_of), said on
            # every page that shows a verdict.
            "verdict_rule": t["verdict_rule"].format(count=len(TITLES)),
        }

    def revision_view(self, current: Snapshot, cluster_id: str | None = None
                      ) -> dict[str, Any] | None:
        """What changed since the previous revision of this period, and why: for the
        portfolio, the run's files and settings; for one cluster, its own rows, each
        status change with the datasets whose changed rows explain it."""
        revision = self.revision
        if revision is None or revision.previous is None:
            return None
        t = MESSAGES[self.lang]
        changes = History(revision.previous, ()).changes(current)
        known = revision.clusters is not None
        own = (revision.clusters or {}).get(cluster_id) if cluster_id else None
        # A cluster's page names the run's settings changes, not other clusters' files.
        why = [(kind, what) for kind, what in revision.input_changes
               if own is None or not kind.startswith(("input_", "clusters_"))]
        return {
            "heading": t["revision_heading"].format(previous=revision.previous_number),
            "why": t["revision_why"].format(changes="; ".join(
                t[kind].format(what=what) for kind, what in why))
            if why else t["revision_same_inputs"] if own is None else "",
            "clusters": [
                {"name": change.name, "page": cluster_page(change.cluster_id),
                 "new": change.new, "what_changed": _change_rows(self.lang, change.items,
                                                                 own)}
                for change in changes.values()
            ],
            "rows_known": known,
            "rows": None if own is None else [
                {"dataset": t[f"dataset_{dataset}"].capitalize(),
                 "rows": [row_sentence(self.lang, dataset, kind, row)
                          for kind, row in found.rows()]}
                for dataset, found in own.rows.items()],
        }


@dataclass(frozen=True)
class Revision:
    """This publication's revision of its period, and the one before it."""

    number: int
    previous_number: int | None = None
    previous: Snapshot | None = None
    input_changes: tuple[tuple[str, str], ...] = ()  # (kind, what), see store.history
    # Per cluster: its status changes tied to its rows that changed (reports/changes.py);
    # None when the previous revision's inputs could not be read again.
    clusters: Mapping[str, ClusterChanges] | None = None


def _change_rows(lang: str, items: tuple[tuple[str, str, str], ...],
                 explained: ClusterChanges | None = None) -> list[dict[str, Any]]:
    """`explained`: the cluster's changes, to say which changed rows explain each."""
    why = {s.what: s.explained_by for s in explained.statuses} if explained else {}
    return [
        {
            "what": MESSAGES[lang]["verdict"] if what == "verdict"
            else f"{what} {say(TITLES[what], lang)}",
            "before": _state(lang, before),
            "after": _state(lang, after),
            "explained": "" if explained is None
            else MESSAGES[lang]["explained_by"].format(datasets=format_list(
                [MESSAGES[lang][f"dataset_{d}"] for d in why[what]], locale=locale_of(lang)))
            if why.get(what) else MESSAGES[lang]["explained_by_none"],
        }
        for what, before, after in items
    ]


def short_name(criterion: str, title: Message | ConfigName, lang: str) -> str:
    """A criterion's name in a table's header ("C1 Yritykset"): its `<id>_short` message,
    or its title when it has none (a criterion added without one)."""
    key = f"{criterion.lower()}_short"
    return MESSAGES[lang][key] if key in MESSAGES[lang] else say(title, lang)


def portfolio_view(
    ctx: ReportContext, results: list[ClusterResult], row_counts: dict[str, dict[str, int]],
    rejected: pd.DataFrame,
) -> dict[str, Any]:
    lang = ctx.lang
    statuses = Counter(c.status.value for r in results for c in r.criteria)
    verdicts = Counter(r.verdict.value for r in results)
    changes = ctx.history.changes(Snapshot.from_results(ctx.period.label, results))
    # A duplicate is counted once, not set aside: the two are counted apart, as in the
    # per-dataset table.
    lines = rejected.drop_duplicates(["dataset", "file", "sheet", "row"])
    copies = lines["problem"].astype("str").map(is_duplicate).to_numpy(dtype=bool)
    rows_per_cluster = (
        lines.assign(rows=~copies, duplicates=copies)
        .groupby(["cluster_id", "dataset"])[["rows", "duplicates"]].sum().reset_index()
        .sort_values(["cluster_id", "dataset"])
    )
    decisions = [
        {"cluster": r.name, "page": cluster_page(r.cluster_id), "criterion": c.id,
         **decision_view(lang, item)}
        for r in results for c in r.criteria for item in _decisions_of(c)
    ]
    return {
        **ctx.common("index.html"),
        "title": MESSAGES[lang]["portfolio_title"],
        "criteria": [{"id": cid, "title": say(title, lang), "short": short_name(cid, title, lang)}
                     for cid, title in TITLES.items()],
        "clusters": [
            {
                "id": r.cluster_id,
                "name": r.name,
                "page": cluster_page(r.cluster_id),
                "verdict": _badge(lang, r.verdict.value, "verdict"),
                "cells": [{**_badge(lang, c.status.value, "status"),
                           "decided": c.decision is not None} for c in r.criteria],
                "road": road_view(lang, r),
            }
            for r in results
        ],
        "roads": any(r.labels is not None for r in results),
        "verdict_drops": verdict_drops_view(lang, results, ctx.period.as_of),
        "decided_any": any(c.decision is not None for r in results for c in r.criteria),
        "decisions": decisions,
        "decisions_caption": decisions_caption(lang, [item for r in results
                                                      for c in r.criteria
                                                      for item in _decisions_of(c)]),
        "status_counts": [
            {**_badge(lang, s.value, "status"), "count": format_number(statuses.get(s.value, 0),
                                                                        lang)}
            for s in Status
        ],
        "verdict_counts": [
            {**_badge(lang, v.value, "verdict"), "count": format_number(verdicts.get(v.value, 0),
                                                                         lang)}
            for v in Verdict
        ],
        "revision_changes": ctx.revision_view(Snapshot.from_results(ctx.period.label, results)),
        "previous": compared_with(lang, ctx.history.previous.label)
        if ctx.history.previous else None,
        "changes": [
            {
                "name": change.name,
                "page": cluster_page(change.cluster_id),
                "new": change.new,
                "what_changed": _change_rows(lang, change.items),
            }
            for change in changes.values()
        ],
        "data_quality": [
            {"dataset": dataset_name(dataset, lang),
             **{k: format_number(v, lang) for k, v in counts.items()}}
            for dataset, counts in row_counts.items()
        ],
        "data_quality_by_cluster": [
            {"cluster": cluster or "–", "dataset": dataset_name(dataset, lang),
             "rows": format_number(int(rows), lang),
             "duplicates": format_number(int(duplicates), lang)}
            for cluster, dataset, rows, duplicates in rows_per_cluster.itertuples(index=False)
        ],
    }


def trend_view(lang: str, rows: list[tuple[str, dict[str, int]]]) -> dict[str, Any]:
    """Bars of criteria met per quarter (0 to every criterion), and the same numbers as
    table rows."""
    top = len(TITLES)
    width, height = CHART["width"], CHART["height"]
    plot_w = width - CHART["left"] - CHART["right"]
    plot_h = height - CHART["top"] - CHART["bottom"]
    slot = plot_w / max(len(rows), 1)
    bars = []
    for n, (label, counts) in enumerate(rows):
        met = counts.get("met", 0)
        bar_h = plot_h * met / top
        bars.append({
            "x": round(CHART["left"] + n * slot + slot * 0.2, 1),
            "y": round(CHART["top"] + plot_h - bar_h, 1),
            "width": round(slot * 0.6, 1),
            "height": round(bar_h, 1),
            "label": label,
            "label_x": round(CHART["left"] + n * slot + slot / 2, 1),
            "value": met,
            "value_y": round(CHART["top"] + plot_h - bar_h - 4, 1),
        })
    grid = [{"y": round(CHART["top"] + plot_h - plot_h * level / top, 1), "level": level}
            for level in range(0, top + 1, 2)]
    return {
        "width": width, "height": height, "bars": bars, "grid": grid,
        "axis_x": CHART["left"], "axis_right": width - CHART["right"],
        "label_y": height - 8,
        "table": [
            {"label": label,
             **{key: format_number(counts.get(key, 0), lang) for key in
                ("met", "partially_met", "not_met", "insufficient_data")}}
            for label, counts in rows
        ],
    }


# A cluster's report lists its rows set aside by every column but the cluster's own id.
SHOWN_REJECTED_COLUMNS = [column for column in REJECTED_COLUMNS
                          if column not in ("cluster_id", "problem_code")]


# Eligibility and validity shown with the statuses' symbols (never colour alone).
ELIGIBILITY_AS_STATUS = {"eligible": "met", "not_eligible": "not_met",
                         "unknown": "insufficient_data"}
VALIDITY_AS_STATUS = {"valid": "met", "expires_soon": "partially_met", "expired": "not_met",
                      "none": "not_met", "unknown": "insufficient_data"}


def _eligibility(lang: str, code: str) -> dict[str, str]:
    shown = ELIGIBILITY_AS_STATUS[code]
    return {"code": shown, "symbol": SYMBOLS[shown], "label": MESSAGES[lang][f"eccp_{code}"]}


def _validity(lang: str, code: str) -> dict[str, str]:
    shown = VALIDITY_AS_STATUS[code]
    return {"code": shown, "symbol": SYMBOLS[shown], "label": MESSAGES[lang][f"validity_{code}"]}


# A requirement's yes or no (the English site) in the reader's words.
YES_NO = {"yes": "code_true", "no": "code_false"}


def road_view(lang: str, result: ClusterResult) -> dict[str, Any] | None:
    """The road to the label: ECCP requirements and the label's validity."""
    if result.labels is None:
        return None
    document = worded(result.labels.as_dict(), lang)
    eccp, label = document["eccp"], document["label"]
    return {
        "eccp": _eligibility(lang, eccp["status"]),
        "requirements": [
            {"title": MESSAGES[lang][f"req_{r['id']}"],
             "status": _badge(lang, r["status"], "status"),
             "value": MESSAGES[lang][YES_NO[r["value"]]] if r["value"] in YES_NO
             else _value(lang, r["value"]) if not isinstance(r["value"], float)
             else format_number(r["value"], lang),
             "threshold": r["threshold"], "reason": r["reason"],
             "next_step": r["next_step"] or "",
             "evidence": [evidence(Evidence.from_dict(e), lang) for e in r["evidence"]]}
            for r in eccp["requirements"]
        ],
        "label": {**_validity(lang, label["validity"]), "reason": label["reason"],
                  "next_step": label["next_step"] or ""},
        "gold": gold_view(lang, document["gold"]),
    }


GOLD_BAR = {"width": 480, "height": 56, "left": 8, "right": 8, "top": 18, "bar": 20}


def _points(lang: str, value: object) -> str:
    number = float(value)  # type: ignore[arg-type]
    return format_number(int(number) if number.is_integer() else number, lang)


def compared_with(lang: str, previous: str) -> str:
    """"verrattuna jaksoon huhti–kesäkuu 2026": what the changes are counted from."""
    return MESSAGES[lang]["compared_with"].format(previous=format_period(previous, lang))


def _share(lang: str, share: float) -> str:
    """A share as a percentage with the digits it needs, to a tenth (0 %, 59,3 %, 80 %),
    as the reason beside it writes it."""
    return format_percent(round(share, 3), locale=locale_of(lang), decimal_quantization=False)


def gold_view(lang: str, gold: dict[str, Any] | None) -> dict[str, Any] | None:
    """Gold readiness: the bar with the threshold line (inline SVG), the same numbers as a
    table, and every indicator with its score, assessment and evidence."""
    if gold is None:
        return None
    inner = GOLD_BAR["width"] - GOLD_BAR["left"] - GOLD_BAR["right"]
    share, threshold = gold["share"], gold["threshold"]
    bar = None
    if share is not None:
        bar = {**GOLD_BAR, "fill": round(inner * min(share, 1.0), 1),
               "line_x": round(GOLD_BAR["left"] + inner * threshold, 1),
               "inner": inner, "bottom": GOLD_BAR["top"] + GOLD_BAR["bar"],
               "line_label": _share(lang, threshold), "share_label": _share(lang, share)}
    states = MESSAGES[lang]
    return {
        "status": gold["status"], "reason": gold["reason"], "bar": bar,
        "score": _points(lang, gold["score"]) if gold["score"] is not None
        else states["not_applicable"],
        "max_score": _points(lang, gold["max_score"]),
        "share": _share(lang, share) if share is not None else states["not_applicable"],
        "threshold": _share(lang, threshold),
        "meets": (states["gold_meets"] if gold["meets_threshold"] else states["gold_below"])
        if gold["meets_threshold"] is not None else states["not_applicable"],
        "indicators": [
            {"area": states.get(f"gold_area_{i['area']}", i["area"]), "name": i["name"],
             "score": f"{_points(lang, i['score'])} / {_points(lang, i['max_score'])}"
             if i["score"] is not None else states["not_applicable"],
             "assessed": ", ".join(part for part in (
                 _value(lang, i["assessed_on"]), i["assessed_by"] or "") if part)
             or states["not_applicable"],
             "evidence_ref": i["evidence_ref"] or states["not_applicable"],
             "own_data": i["own_data"] or states["not_applicable"],
             "state": {**_badge(lang, {"scored": "met", "no_evidence": "partially_met",
                                       "not_scored": "insufficient_data"}[i["state"]],
                                "status"), "label": states[f"gold_state_{i['state']}"]}}
            for i in gold["indicators"]
        ],
        "unknown": ", ".join(gold["unknown_indicators"]),
    }


def holds_view(lang: str, criterion: CriterionResult, result: ClusterResult) -> str | None:
    """"16.12.2026, sitten täyttyy osittain" for a status that can fall, else None. Where
    the status dips before the next evaluation and recovers by it, or recovers and falls
    again, the line says so: the literal day-by-day answer and what the evaluation sees."""
    if criterion.status not in (Status.MET, Status.PARTIALLY_MET):
        return None
    until, drops_to = criterion.shown_hold
    words = MESSAGES[lang]
    if until is None or drops_to is None:
        return words["holds_beyond"]
    dip = until + timedelta(days=1)
    following = result.next_evaluation
    seen = next((d for d in result.deadlines if d.criterion == criterion.id), None)
    if following is not None and dip <= following and (seen is None or seen.drops_on > dip):
        status = words[f"status_{drops_to.value}"]
        if seen is None:
            return words["holds_dips_value"].format(
                dip=_date(lang, dip), status=status, next=_date(lang, following))
        return words["holds_dips_then_falls_value"].format(
            dip=_date(lang, dip), status=status, next=_date(lang, following),
            drops_on=_date(lang, seen.drops_on),
            drops_to=words[f"status_{seen.drops_to.value}"])
    return words["holds_until_value"].format(date=_date(lang, until),
                                             status=words[f"status_{drops_to.value}"])


def deadlines_view(lang: str, result: ClusterResult, as_of: date) -> dict[str, Any]:
    """The drops the next quarterly evaluation would see, soonest first, with their steps:
    each on the first day of the lower status that lasts until that evaluation."""
    words = MESSAGES[lang]
    by = result.next_evaluation or next_evaluation(as_of)
    return {
        "intro": words["deadlines_intro"].format(date=_date(lang, by)),
        "none": words["no_deadlines"].format(date=_date(lang, by)),
        "entries": [
            {"criterion": f"{d.criterion} {say(TITLES[d.criterion], lang)}",
             "text": words["deadline_item" if d.falls_to is d.drops_to
                           else "deadline_item_twice"].format(
                date=_date(lang, d.drops_on), status=words[f"status_{d.status.value}"],
                falls_to=words[f"status_{d.falls_to.value}"], next=_date(lang, d.seen_by),
                drops_to=words[f"status_{d.drops_to.value}"]),
             "step": say(d.next_step, lang), "anchor": d.criterion}
            for d in deadlines(result)
        ],
    }


def verdict_drops_view(lang: str, results: list[ClusterResult], as_of: date
                       ) -> dict[str, Any]:
    """The clusters whose verdict at the next quarterly evaluation is lower than now, from
    the first of the deadlines that lower it."""
    words = MESSAGES[lang]
    by = next_evaluation(as_of)
    falling = sorted(((r, r.verdict_falls_on) for r in results
                      if r.verdict_at_next_evaluation is not None
                      and r.verdict_falls_on is not None
                      and VERDICT_RANK[r.verdict_at_next_evaluation] < VERDICT_RANK[r.verdict]),
                     key=lambda pair: (pair[1], pair[0].name))
    return {
        "intro": words["verdict_drops_intro"].format(date=_date(lang, by)),
        "none": words["no_verdict_drops"].format(date=_date(lang, by)),
        "clusters": [
            {"name": r.name, "page": cluster_page(r.cluster_id),
             "verdict": _badge(lang, r.verdict.value, "verdict"),
             "drops_on": _date(lang, drops_on),
             "then": _badge(lang, r.verdict_at_next_evaluation.value,  # type: ignore[union-attr]
                            "verdict")}
            for r, drops_on in falling
        ],
    }


def _rejected_row(lang: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row set aside (or a copy counted once) as a cluster's page lists it: the file with
    its sheet when the workbook has more than one."""
    file = str(row["file"])
    if row.get("sheet"):
        file = f"{file}, {MESSAGES[lang]['sheet'].lower()} {row['sheet']}"
    return {**row, "file": file, "problem": problem_text(str(row["problem_code"]), lang),
            "dataset": dataset_name(str(row["dataset"]), lang),
            "row": format_number(int(row["row"]), lang)}


DECISION_STATES = ("in_force", "superseded", "expired", "rejected", "pending")


def _decisions_of(criterion: CriterionResult) -> list[dict[str, Any]]:
    return ([criterion.decision] if criterion.decision else []) + list(
        criterion.other_decisions)


def decisions_caption(lang: str, items: list[dict[str, Any]]) -> str:
    """The decisions table's caption names every state the table shows, and no other."""
    words = MESSAGES[lang]
    shown = [words[f"decision_state_{state}"] for state in DECISION_STATES
             if any(item.get("state") == state for item in items)]
    if len(shown) < 2:
        listed = "".join(shown)
    else:
        listed = f"{', '.join(shown[:-1])} {words['and_word']} {shown[-1]}"
    return words["decisions_caption"].format(states=listed)


def decision_view(lang: str, item: dict[str, Any]) -> dict[str, Any]:
    """One decision as the reports show it: its state, the status decided (until when),
    the reason, who decided and when, the cluster's reply."""
    words = MESSAGES[lang]
    status = words[f"status_{item['status']}"] if item.get("status") else ""
    until = _value(lang, item.get("valid_until")) if item.get("valid_until") else ""
    return {
        "state": words[f"decision_state_{item['state']}"],
        "status": words["decision_until"].format(status=status, date=until)
        if status and until else status or words["not_applicable"],
        "reason": item.get("reason") or "",
        "made": words["decision_made"].format(
            who=item.get("decided_by") or words["not_applicable"],
            date=_value(lang, item.get("decided_on")) if item.get("decided_on")
            else words["not_applicable"]),
        "reply_ref": item.get("reply_ref") or words["not_applicable"],
        "source": place(lang, item["file"], item["row"], item["sheet"]) if item.get("file")
        else item.get("source") or "",
    }


def cluster_view(
    ctx: ReportContext, result: ClusterResult, rejected: list[dict[str, Any]]
) -> dict[str, Any]:
    """`rejected`: this cluster's rows set aside, as records with SHOWN_REJECTED_COLUMNS."""
    lang = ctx.lang
    change = ctx.history.changes(Snapshot.from_results(ctx.period.label, [result])).get(
        result.cluster_id)
    trend = ctx.history.trend(result.cluster_id)
    labels = label_trend(ctx.history, result.cluster_id)
    met = sum(1 for c in result.criteria if c.status is Status.MET)
    return {
        **ctx.common(cluster_page(result.cluster_id)),
        "title": f"{MESSAGES[lang]['cluster_title']}: {result.name}",
        "cluster": {"id": result.cluster_id, "name": result.name},
        "verdict": _badge(lang, result.verdict.value, "verdict"),
        "criteria_met": MESSAGES[lang]["criteria_of"].format(met=met, total=len(TITLES)),
        "criteria": [
            {
                "id": c.id,
                "title": say(TITLES[c.id], lang),
                "status": _badge(lang, c.status.value, "status"),
                "value": _value(lang, c.value),
                "threshold": say(c.threshold, lang),
                "reason": say(c.reason, lang),
                "next_step": say(c.next_step, lang) if c.next_step else "",
                "evidence": [evidence(e, lang) for e in c.evidence],
                "planned": [evidence(e, lang) for e in c.planned],
                "measured": _badge(lang, c.measured_status.value, "status")
                if c.measured_status is not None and c.decision is not None else None,
                "decision": decision_view(lang, c.decision) if c.decision else None,
                "other_decisions": [decision_view(lang, d) for d in c.other_decisions],
                "holds": holds_view(lang, c, result),
            }
            for c in result.criteria
        ],
        "deadlines": deadlines_view(lang, result, ctx.period.as_of),
        "calendar": deadlines_file(result.cluster_id),
        "revision_changes": ctx.revision_view(Snapshot.from_results(ctx.period.label,
                                                                     [result]),
                                              result.cluster_id),
        "previous": compared_with(lang, ctx.history.previous.label)
        if ctx.history.previous else None,
        "new": bool(change and change.new),
        "changes": _change_rows(lang, change.items) if change else [],
        "trend": trend_view(lang, trend) if len(trend) > 1 else None,
        "road": road_view(lang, result),
        "label_trend": [
            {"period": period, "validity": _validity(lang, validity), "level": MESSAGES[lang].get(
                f"level_{level}", level or MESSAGES[lang]["not_applicable"]),
             "valid_until": _value(lang, until) or MESSAGES[lang]["not_applicable"]}
            for period, (validity, level, until) in labels
        ] if len(labels) > 1 else [],
        "rejected": [_rejected_row(lang, row) for row in rejected
                     if not is_duplicate(str(row["problem"]))],
        "duplicates": [_rejected_row(lang, row) for row in rejected
                       if is_duplicate(str(row["problem"]))],
    }
