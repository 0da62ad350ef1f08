"""One cluster's website, checked: the home page, the pages it links to, the findings."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ingest.websites import probes
from ingest.websites.fetch import Fetcher, FetchResult
from ingest.websites.html import Element, decode_body, parse_html
from ingest.websites.model import (
    AXE_COVERS,
    COULD_NOT_CHECK,
    Finding,
    failing,
    findings_cell,
    passing,
)
from ingest.websites.settings import WebsiteSettings

SLOW_RESPONSE_MS = 3000


@dataclass
class SiteRecord:
    """One row of website_checks.csv, and the detail file behind it."""

    cluster_id: str
    url: str
    checked_at: date
    outcome: str
    detail: str = ""
    final_url: str = ""
    status_code: int | None = None
    response_ms: int | None = None
    reachable: bool = False
    https: bool | None = None
    http_redirects_to_https: bool | None = None
    offer_description: bool | None = None
    accessibility_statement: bool | None = None
    english_version: bool | None = None
    engine: str = "static"
    pages: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def accessibility_failures(self) -> int | None:
        if not self.pages:
            return None  # nothing was parsed: unknown, not zero
        # A page axe-core audited: its static findings that axe checks too stay in the
        # detail but are not counted again (one missing alt is one failure, not two).
        audited = {f.page for f in self.findings if f.engine == "axe"}
        return sum(f.count for f in self.findings if f.is_accessibility_failure
                   and not (f.engine == "static" and f.page in audited
                            and f.check in AXE_COVERS))

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "fail"]

    def csv_row(self, detail_file: str) -> dict[str, object]:
        return {
            "cluster_id": self.cluster_id,
            "checked_at": self.checked_at.isoformat(),
            "url": self.url,
            "reachable": self.reachable,
            "status_code": self.status_code,
            "https": self.https,
            "offer_description": self.offer_description,
            "accessibility_failures": self.accessibility_failures,
            "accessibility_statement": self.accessibility_statement,
            "outcome": self.outcome,
            "outcome_detail": self.detail,
            "final_url": self.final_url,
            "response_ms": self.response_ms,
            "http_redirects_to_https": self.http_redirects_to_https,
            "english_version": self.english_version,
            "engine": self.engine,
            "pages_checked": len(self.pages),
            "failed_checks": " ".join(sorted({f.check for f in self.failed})),
            "findings": findings_cell(self.failed),
            "detail_file": detail_file,
        }

    def detail_document(self) -> dict[str, Any]:
        document = {key: value for key, value in self.csv_row("").items() if key != "findings"}
        document.pop("detail_file")
        document["pages"] = self.pages
        document["findings"] = [f.as_dict() for f in self.findings]
        return json.loads(json.dumps(document, default=str))


async def check_site(
    fetcher: Fetcher, settings: WebsiteSettings, cluster_id: str, url: str, checked_at: date,
) -> SiteRecord:
    """The static checks of one site (the browser engine, if any, runs afterwards)."""
    home = await fetcher.get(url)
    # `reachable` is the check of that name: a usable home page (an answer that is too big
    # or not HTML is recorded by its outcome, and its page checks stay unmeasured).
    record = SiteRecord(
        cluster_id=cluster_id, url=url, checked_at=checked_at, outcome=home.outcome,
        detail=home.detail, final_url=home.final_url, status_code=home.status,
        response_ms=home.elapsed_ms if home.status is not None or home.outcome == "timeout"
        else None,
        reachable=home.ok,
    )
    if urlsplit(url).scheme == "http" or home.ok:
        record.https = urlsplit(home.final_url or url).scheme == "https" if home.ok else None
        record.http_redirects_to_https = await _redirects_to_https(fetcher, url, home)
    if not home.ok:
        record.findings.append(Finding("reachable", "fail" if home.outcome not in
                                       ("blocked", "robots_disallowed") else COULD_NOT_CHECK,
                                       url, home.detail))
        return record

    page = home.final_url
    root = parse_html(decode_body(home.body, home.content_type))
    record.pages.append(page)
    record.findings += [
        passing("reachable", url, home.detail),
        passing("https", page, "served over HTTPS") if record.https
        else failing("https", page, "not served over HTTPS"),
        (passing if home.elapsed_ms <= SLOW_RESPONSE_MS else failing)(
            "response_time", page, f"{home.elapsed_ms} ms"),
    ]
    if record.http_redirects_to_https is not None:
        record.findings.append(
            passing("http_redirects_to_https", page, "http:// redirects to https://")
            if record.http_redirects_to_https
            else failing("http_redirects_to_https", page, "http:// does not redirect to https://")
        )
    record.findings += probes.accessibility_findings(page, root)
    await _linked_pages(fetcher, settings, record, page, root)
    return record


async def _redirects_to_https(fetcher: Fetcher, url: str, home: FetchResult) -> bool | None:
    """http:// of the site ends on https://. Unknown when the site's port is not the default
    (the plain-HTTP port cannot be guessed) or when plain HTTP is not served at all."""
    parts = urlsplit(url)
    if parts.scheme == "http":
        return urlsplit(home.final_url).scheme == "https" if home.ok else None
    if parts.port not in (None, 443):
        return None
    plain = await fetcher.get(urlunsplit(("http", parts.hostname or "", "/", "", "")),
                              html_only=False)
    if plain.outcome in ("connection_error", "timeout"):
        return None
    return urlsplit(plain.final_url).scheme == "https"


async def _linked_pages(fetcher: Fetcher, settings: WebsiteSettings, record: SiteRecord,
                        home: str, root: Element) -> None:
    """The offer page, the accessibility statement and the English version, if linked."""
    offer = probes.find_link(home, root, settings.offer_words)
    statement = probes.find_link(home, root, settings.statement_words)
    english = probes.english_link(home, root, settings.english_words)
    wanted = list(dict.fromkeys(
        link[0] for link in (offer, statement, english) if link and link[0] != home
    ))[: settings.max_pages - 1]  # the rest are linked but not checked (max_pages)
    fetched = dict(zip(wanted, await asyncio.gather(*(fetcher.get(u) for u in wanted)),
                       strict=True))
    parsed: dict[str, Element] = {}
    for address, result in fetched.items():
        if result.ok:
            parsed[address] = parse_html(decode_body(result.body, result.content_type))
            record.pages.append(result.final_url)
            record.findings += probes.accessibility_findings(result.final_url, parsed[address])

    def not_checked(check: str, link: str) -> Finding:
        return Finding(check, COULD_NOT_CHECK, link, f"linked, not checked: max_pages is "
                       f"{settings.max_pages}")

    description = probes.meta_description(root)
    offer_words = probes.main_text_words(parsed[offer[0]]) if offer and offer[0] in parsed else 0
    if description:
        record.offer_description = True
        record.findings.append(passing("offer_description", home,
                                       f"meta description: {description[:120]}"))
    elif offer_words >= settings.min_offer_words:
        record.offer_description = True
        record.findings.append(passing("offer_description", offer[0] if offer else home,
                                       f"offer page with {offer_words} words"))
    elif offer and offer[0] != home and offer[0] not in fetched:
        record.offer_description = None  # unmeasured, not failed
        record.findings.append(not_checked("offer_description", offer[0]))
    else:
        record.offer_description = False
        where = f"the offer page has {offer_words} words (at least {settings.min_offer_words} " \
            "needed)" if offer else "no offer page linked (" + ", ".join(settings.offer_words[:3]) \
            + ", …)"
        record.findings.append(failing("offer_description", offer[0] if offer else home,
                                       f"no meta description, and {where}"))

    if statement is None:
        record.accessibility_statement = False
        record.findings.append(failing("statement_link", home,
                                       "no link to an accessibility statement on the home page"))
    elif statement[0] != home and statement[0] not in fetched:
        record.accessibility_statement = None
        record.findings.append(not_checked("statement_link", statement[0]))
    elif statement[0] == home:
        feedback = probes.feedback_channel(home, root)
        record.accessibility_statement = feedback.status == "pass"
        record.findings += [passing("statement_link", home, "the home page itself"), feedback]
    elif statement[0] not in parsed:
        record.accessibility_statement = False
        record.findings.append(failing("statement_link", statement[0],
                                       f"the accessibility statement does not load: "
                                       f"{fetched[statement[0]].detail}", [statement[1].snippet()]))
    else:
        feedback = probes.feedback_channel(statement[0], parsed[statement[0]])
        record.accessibility_statement = feedback.status == "pass"
        record.findings += [passing("statement_link", statement[0], "linked and loads"), feedback]

    if english is None:
        record.english_version = False
        record.findings.append(failing("english_version", home, "no English version linked"))
    else:
        loads = english[0] in parsed or english[0] not in fetched or english[0] == home
        record.english_version = loads
        record.findings.append(
            passing("english_version", english[0], "linked") if loads
            else failing("english_version", english[0], "the English version does not load",
                         [english[1].snippet()])
        )
