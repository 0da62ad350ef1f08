"""The HTML pages of a publication, cut into shares that render independently.

A share is the portfolio index or a slice of the clusters. Rendering a share returns
file contents (path inside the period folder -> bytes) instead of writing them, so a
share can render in another process or on another machine (a Dask worker) and come
back to be written into the staging folder by the one task that publishes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from reports.calendar import deadlines_calendar
from reports.history import History
from reports.messages import REPORT_LANGUAGES
from reports.render import render
from reports.views import (
    SHOWN_REJECTED_COLUMNS,
    ReportContext,
    Revision,
    cluster_page,
    cluster_view,
    deadlines_file,
    portfolio_view,
)
from scoring.model import ClusterResult
from scoring.period import Period

Files = dict[str, bytes]  # path inside the period folder ("en/index.html") -> content


def unknown_languages(lang: str) -> list[str]:
    """The languages asked for that have no catalogue (none: the choice is good)."""
    return [language for language in languages_of(lang) if language not in REPORT_LANGUAGES] \
        or ([] if languages_of(lang) else [lang])


def languages_of(lang: str) -> list[str]:
    """The reports' languages, the first at the top of the period folder and the others
    beside it: one language ("fi"), "both" (Finnish and English), "all" (every language
    with a catalogue, Finnish first) or a list ("fi,sv,en")."""
    if lang == "both":
        return ["fi", "en"]
    if lang == "all":
        return list(REPORT_LANGUAGES)
    return list(dict.fromkeys(part.strip() for part in lang.split(",") if part.strip()))


@dataclass(frozen=True)
class PageSettings:
    """What every page of a publication shares."""

    period: Period
    lang: str
    program_version: str
    history: History
    pdf: bool = False  # pages link to their PDF copies
    revision: Revision | None = None

    def contexts(self) -> list[tuple[str, ReportContext]]:
        """(folder prefix, context) per language; a second language goes in its folder."""
        languages = languages_of(self.lang)
        contexts = []
        folders = {language: "" if n == 0 else f"{language}/"
                   for n, language in enumerate(languages)}
        for language in languages:
            up = "" if folders[language] == "" else "../"
            others = tuple((other, up + folders[other]) for other in languages
                           if other != language)
            contexts.append((folders[language], ReportContext(
                self.period, language, self.program_version, self.history, others, self.pdf,
                self.revision)))
        return contexts


@dataclass(frozen=True)
class Share:
    """The portfolio index (all results, the row counts) or some clusters' own pages."""

    settings: PageSettings
    results: tuple[ClusterResult, ...]
    rejected: pd.DataFrame  # the rows set aside that these pages list
    row_counts: dict[str, dict[str, int]] | None = None  # given for the portfolio share

    @property
    def portfolio(self) -> bool:
        return self.row_counts is not None


def shares(settings: PageSettings, results: list[ClusterResult], rejected: pd.DataFrame,
           row_counts: dict[str, dict[str, int]], parts: int) -> list[Share]:
    """The portfolio share, then the clusters cut into at most `parts` contiguous slices,
    each with only its clusters' rejected rows (what travels to a worker stays small)."""
    portfolio = Share(settings, tuple(results), rejected, row_counts)
    size = max(1, -(-len(results) // max(1, parts)))
    by_cluster = rejected.groupby("cluster_id", sort=False).indices
    slices = []
    for start in range(0, len(results), size):
        chosen = results[start:start + size]
        rows = [i for r in chosen for i in by_cluster.get(r.cluster_id, ())]
        slices.append(Share(settings, tuple(chosen), rejected.iloc[sorted(rows)]))
    return [portfolio, *slices]


def render_share(share: Share) -> Files:
    """The share's pages in every language, as UTF-8 bytes."""
    files: Files = {}
    # Each cluster's own rows set aside, as records made once (not a small frame a page).
    own: dict[str, list[dict[str, Any]]] = {}
    if not share.portfolio:
        shown = ["cluster_id", *SHOWN_REJECTED_COLUMNS, "problem_code"]
        for row in share.rejected[shown].to_dict("records"):
            own.setdefault(str(row.pop("cluster_id")), []).append(
                {str(k): v for k, v in row.items()})
    for prefix, ctx in share.settings.contexts():
        if share.portfolio:
            assert share.row_counts is not None
            view = portfolio_view(ctx, list(share.results), share.row_counts, share.rejected)
            files[f"{prefix}index.html"] = render("index.html.j2", view).encode()
            continue
        for result in share.results:
            view = cluster_view(ctx, result, own.get(result.cluster_id, []))
            files[prefix + cluster_page(result.cluster_id)] = render(
                "cluster.html.j2", view).encode()
            files[prefix + deadlines_file(result.cluster_id)] = deadlines_calendar(
                result, ctx.period, ctx.lang)
    return files


def write_files(folder: Path, files: Files) -> list[Path]:
    """Write the files under `folder`; their paths, in the order given."""
    written = []
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written
