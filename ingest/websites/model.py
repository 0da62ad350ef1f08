"""What a website check records: findings per check and page, and one record per site."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

PASS, FAIL, COULD_NOT_CHECK = "pass", "fail", "could_not_check"

# Checks whose failures count as automatically detectable accessibility failures.
ACCESSIBILITY_CHECKS = {
    "html_lang", "title", "img_alt", "headings", "form_labels", "link_names", "button_names",
    "viewport_zoom",
}
# The static checks that axe-core's WCAG rules check too (image-alt, label, link-name,
# button-name, html-has-lang, document-title, meta-viewport): on a page axe audited, only
# axe's finding is counted. `headings` has no WCAG-tagged axe rule, so it always counts.
AXE_COVERS = {"html_lang", "title", "img_alt", "form_labels", "link_names", "button_names",
              "viewport_zoom"}
MAX_ELEMENTS = 5  # element snippets kept per finding; `count` has the full number


@dataclass
class Finding:
    check: str
    status: str  # pass, fail, could_not_check
    page: str
    detail: str
    count: int = 0
    elements: list[str] = field(default_factory=list)
    wcag: str = ""  # success criterion or rule tags, e.g. "1.1.1" or "wcag2aa wcag143"
    engine: str = "static"

    @property
    def is_accessibility_failure(self) -> bool:
        return self.status == FAIL and (self.engine == "axe" or self.check in ACCESSIBILITY_CHECKS)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def summary(self) -> str:
        """One line for website_checks.csv: check, page, count and the first element."""
        element = f": {self.elements[0]}" if self.elements else ""
        count = f" ({self.count})" if self.count > 1 else ""
        return f"{self.check}{count} @ {self.page}{element}"


def findings_cell(findings: list[Finding]) -> str:
    """The failed checks for website_checks.csv's `findings` cell, as JSON: any page
    address or element text round-trips, separators and quotes included."""
    if not findings:
        return ""
    return json.dumps([{"check": f.check, "page": f.page, "count": f.count,
                        "element": f.elements[0] if f.elements else ""} for f in findings],
                      ensure_ascii=False)


def failing(check: str, page: str, detail: str, elements: list[str] | None = None,
            wcag: str = "", count: int | None = None) -> Finding:
    elements = elements or []
    return Finding(check, FAIL, page, detail, count if count is not None else max(len(elements), 1),
                   elements[:MAX_ELEMENTS], wcag)


def passing(check: str, page: str, detail: str, wcag: str = "") -> Finding:
    return Finding(check, PASS, page, detail, 0, [], wcag)
