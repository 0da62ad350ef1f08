"""Static checks of one parsed page: each answers one question and returns a finding with
its evidence (the page, the offending elements, how many). Plain functions over the tree."""

from __future__ import annotations

import re
from itertools import pairwise
from urllib.parse import urljoin, urlsplit

from ingest.websites.html import Element
from ingest.websites.model import Finding, failing, passing

_LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_NO_LABEL_INPUTS = {"hidden", "submit", "button", "reset", "image"}


def html_lang(page: str, root: Element) -> Finding:
    html = root.first("html")
    lang = (html.attrs.get("lang", "") if html else "").strip()
    if not lang:
        return failing("html_lang", page, "<html> has no lang attribute",
                       [html.snippet()] if html else [], "3.1.1")
    if not _LANGUAGE_TAG.match(lang):
        return failing("html_lang", page, f"lang=\"{lang}\" is not a valid language tag",
                       [html.snippet()] if html else [], "3.1.1")
    return passing("html_lang", page, f"lang=\"{lang}\"", "3.1.1")


def title(page: str, root: Element) -> Finding:
    element = root.first("title")
    if element is None or not element.text():
        return failing("title", page, "the page has no title or an empty one", [], "2.4.2")
    return passing("title", page, element.text()[:80], "2.4.2")


def img_alt(page: str, root: Element) -> Finding:
    missing = [img for img in root.iter("img") if "alt" not in img.attrs]
    if missing:
        return failing("img_alt", page, f"{len(missing)} images without an alt attribute",
                       [img.snippet() for img in missing], "1.1.1", len(missing))
    return passing("img_alt", page, "every image has an alt attribute", "1.1.1")


def headings(page: str, root: Element) -> Finding:
    levels = [(int(h.tag[1]), h) for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    if not any(level == 1 for level, _ in levels):
        return failing("headings", page, "the page has no h1 heading", [], "1.3.1")
    skipped = [
        heading for (previous, _), (level, heading) in pairwise(levels)
        if level > previous + 1
    ]
    if skipped:
        return failing("headings", page, "heading levels are skipped",
                       [h.snippet() + h.text()[:40] for h in skipped], "1.3.1", len(skipped))
    return passing("headings", page, "an h1 and no skipped levels", "1.3.1")


def _has_label(field: Element, root: Element, labelled_ids: set[str]) -> bool:
    if any(field.attrs.get(name, "").strip() for name in ("aria-label", "aria-labelledby",
                                                          "title")):
        return True
    if field.attrs.get("id") and field.attrs["id"] in labelled_ids:
        return True
    return any(ancestor.tag == "label" for ancestor in field.ancestors())


def form_labels(page: str, root: Element) -> Finding:
    labelled = {label.attrs["for"] for label in root.iter("label") if label.attrs.get("for")}
    fields = [
        field for field in root.iter("input", "select", "textarea")
        if not (field.tag == "input"
                and field.attrs.get("type", "text").lower() in _NO_LABEL_INPUTS)
    ]
    unlabelled = [field for field in fields if not _has_label(field, root, labelled)]
    if unlabelled:
        return failing("form_labels", page, f"{len(unlabelled)} form fields without a label",
                       [field.snippet() for field in unlabelled], "1.3.1 4.1.2", len(unlabelled))
    return passing("form_labels", page, f"{len(fields)} form fields, all labelled", "1.3.1 4.1.2")


def accessible_name(element: Element) -> str:
    """Text, aria-label, title, or the alt of an image inside: what a screen reader says."""
    for name in ("aria-label", "aria-labelledby", "title"):
        if element.attrs.get(name, "").strip():
            return element.attrs[name].strip()
    if element.tag == "input":
        return element.attrs.get("value", "").strip()
    alts = " ".join(img.attrs.get("alt", "") for img in element.iter("img"))
    return " ".join(f"{element.text()} {alts}".split())


def link_names(page: str, root: Element) -> Finding:
    nameless = [a for a in root.iter("a") if "href" in a.attrs and not accessible_name(a)]
    if nameless:
        return failing("link_names", page, f"{len(nameless)} links without a name",
                       [a.snippet() for a in nameless], "2.4.4 4.1.2", len(nameless))
    return passing("link_names", page, "every link has a name", "2.4.4 4.1.2")


def button_names(page: str, root: Element) -> Finding:
    buttons = [*root.iter("button"), *(
        i for i in root.iter("input") if i.attrs.get("type", "").lower() in ("submit", "button")
    )]
    nameless = [b for b in buttons if not accessible_name(b)]
    if nameless:
        return failing("button_names", page, f"{len(nameless)} buttons without a name",
                       [b.snippet() for b in nameless], "4.1.2", len(nameless))
    return passing("button_names", page, "every button has a name", "4.1.2")


def viewport_zoom(page: str, root: Element) -> Finding:
    for meta in root.iter("meta"):
        if meta.attrs.get("name", "").lower() != "viewport":
            continue
        content = meta.attrs.get("content", "").lower().replace(" ", "")
        settings = dict(part.partition("=")[::2] for part in content.split(",") if part)
        scale = settings.get("maximum-scale", "")
        blocked = settings.get("user-scalable") in ("no", "0") or (
            re.fullmatch(r"\d+(\.\d+)?", scale) is not None and float(scale) < 2
        )
        if blocked:
            return failing("viewport_zoom", page, "the viewport meta tag prevents zooming",
                           [meta.snippet()], "1.4.4")
    return passing("viewport_zoom", page, "zooming is not blocked", "1.4.4")


ACCESSIBILITY_PROBES = (html_lang, title, img_alt, headings, form_labels, link_names,
                        button_names, viewport_zoom)


def accessibility_findings(page: str, root: Element) -> list[Finding]:
    return [probe(page, root) for probe in ACCESSIBILITY_PROBES]


# Site-level questions, asked of the home page and the pages it links to.

def same_site(url: str, home: str) -> bool:
    def host(address: str) -> str:
        name = (urlsplit(address).hostname or "").lower()
        return name.removeprefix("www.")

    return host(url) == host(home)


def links(page: str, root: Element) -> list[tuple[str, str, Element]]:
    """(absolute URL, visible name, element) for every http(s) link of the page."""
    found = []
    for a in root.iter("a"):
        href = a.attrs.get("href", "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        url = urljoin(page, href)
        if urlsplit(url).scheme in ("http", "https", "mailto"):
            found.append((url, accessible_name(a), a))
    return found


def _matches(words: list[str], *texts: str) -> bool:
    haystack = " ".join(texts).casefold()
    return any(re.search(rf"(?<![\w]){re.escape(word.casefold())}(?![\w])", haystack)
               or (len(word) > 3 and word.casefold() in haystack) for word in words)


def find_link(page: str, root: Element, words: list[str]) -> tuple[str, Element] | None:
    """The first same-site link whose name or address holds one of the words."""
    for url, name, element in links(page, root):
        if url.startswith("mailto:") or not same_site(url, page):
            continue
        if _matches(words, name, urlsplit(url).path):
            return url, element
    return None


def english_link(page: str, root: Element, words: list[str]) -> tuple[str, Element] | None:
    """hreflang="en" (a link or an alternate), else a link named English / EN."""
    for element in [*root.iter("link"), *root.iter("a")]:
        if element.attrs.get("hreflang", "").lower().startswith("en") and element.attrs.get("href"):
            return urljoin(page, element.attrs["href"]), element
    for url, name, element in links(page, root):
        if name.strip().casefold() in {w.casefold() for w in words} or (
            element.attrs.get("lang", "").lower().startswith("en")
        ):
            return url, element
    return None


def meta_description(root: Element) -> str:
    for meta in root.iter("meta"):
        if meta.attrs.get("name", "").lower() == "description":
            return meta.attrs.get("content", "").strip()
    return ""


def main_text_words(root: Element) -> int:
    body = root.first("main") or root.first("body") or root
    return len(body.text().split())


def feedback_channel(page: str, root: Element) -> Finding:
    """An accessibility statement must offer a way to give feedback: e-mail or a form."""
    mail = [a for a in root.iter("a") if a.attrs.get("href", "").lower().startswith("mailto:")]
    if mail:
        return passing("statement_feedback", page, f"e-mail link {mail[0].attrs['href'][7:]}")
    if root.first("form") is not None:
        return passing("statement_feedback", page, "a feedback form")
    address = _EMAIL.search(root.text())
    if address:
        return passing("statement_feedback", page, f"e-mail address {address.group(0)}")
    return failing("statement_feedback", page,
                   "the accessibility statement offers no feedback channel (e-mail or form)")
