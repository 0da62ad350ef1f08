"""C7's evidence of the failed website checks: the `findings` cell of a check, each
failure at its page with the WCAG success criteria it tests (the static checks of
ingest/websites/probes.py, and the axe-core rules; an axe rule that checks what a static
check does is worded as that check)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from scoring.criteria.common import text_or_none
from scoring.evidence import Evidence, Finding, facts

# The checks with a sentence of their own in the catalogue (finding_<check>), and the
# WCAG success criteria each tests (None: a check of the region's own, not of WCAG).
STATIC_CHECKS = {"html_lang": "3.1.1", "title": "2.4.2", "img_alt": "1.1.1",
                 "headings": "1.3.1", "form_labels": "1.3.1, 4.1.2",
                 "link_names": "2.4.4, 4.1.2", "button_names": "4.1.2",
                 "viewport_zoom": "1.4.4", "statement_link": None,
                 "statement_feedback": None, "offer_description": None, "https": None,
                 "http_redirects_to_https": None, "english_version": None}
AXE_SAME_AS = {"image-alt": "img_alt", "label": "form_labels", "link-name": "link_names",
               "button-name": "button_names", "html-has-lang": "html_lang",
               "html-lang-valid": "html_lang", "document-title": "title",
               "meta-viewport": "viewport_zoom"}
AXE_WCAG = {"color-contrast": "1.4.3", "frame-title": "4.1.2", "input-image-alt": "1.1.1",
            "list": "1.3.1", "listitem": "1.3.1", "duplicate-id-aria": "4.1.1",
            "aria-required-attr": "4.1.2", "select-name": "4.1.2", "video-caption": "1.2.2"}


def recorded_findings(text: str) -> list[dict[str, Any]]:
    """The `findings` cell: a JSON list (check, page, count, element); rows recorded before
    it was JSON hold 'check (n) @ page: element | ...', read as well as that format allows."""
    if text.startswith("["):
        try:
            items = json.loads(text)
        except ValueError:
            items = None
        if isinstance(items, list):
            return [item for item in items if isinstance(item, dict)]
    found = []
    for item in text.split(" | "):
        what, _, rest = item.partition(" @ ")
        page, _, element = rest.partition(": ")
        counted = re.fullmatch(r"(.+) \((\d+)\)", what)  # "img_alt (3)"
        found.append({"check": counted[1] if counted else what,
                      "count": int(counted[2]) if counted else None,
                      "page": page.rstrip(":"), "element": element})
    return found


def finding(check: str, count: object) -> Finding | str:
    """A failed check as a Finding; a name that is neither a static check nor an axe rule
    (an axe rule has a hyphen) stays the text it is."""
    same_as = AXE_SAME_AS.get(check, check if check in STATIC_CHECKS else None)
    if same_as is None and "-" not in check:
        return check
    wcag = STATIC_CHECKS.get(same_as) if same_as else AXE_WCAG.get(check)
    return Finding(check, count if isinstance(count, int) and count > 1 else None, wcag,
                   same_as)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def findings_evidence(check: Mapping[str, Any]) -> list[Evidence]:
    """The recorded failed checks of a website check row, each at its page (the row when
    the page is not recorded), with the element as the page has it."""
    text = text_or_none(check.get("findings"))
    if not text:
        return []
    evidence = []
    for item in recorded_findings(text):
        # A cell is anyone's to write: only text is a check, a page or an element.
        what = finding(_text(item.get("check")), item.get("count"))
        element = _text(item.get("element")) or None
        page = _text(item.get("page"))
        if not what and not element:
            continue  # nothing said of the site
        evidence.append(Evidence(str(page), facts=facts(what, element)) if page
                        else Evidence.of_row(check, what, element))
    return evidence
